import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { createSessionTools } from '../../server/agent/session-tools.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { createTestServices } from '../support/test-services.ts';
import { messageText, toolCalls } from './support/turns.ts';

const DAY = 86_400_000;

describe('sessions from chat (offline model, real tools)', () => {
  test('"replay yesterday\'s session" lists sessions and replays the one from the day before (the tool resolves it)', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const now = Date.now();
    const old = new ChatStore(services.db, () => now - 3 * DAY).createSession({ title: 'three days ago', source: 'cli' });
    const yesterday = new ChatStore(services.db, () => now - DAY).createSession({ title: 'minimize branin', source: 'web' });
    new ChatStore(services.db, () => now - DAY).appendMessage(yesterday.id, { id: 'm1', role: 'user', parts: [{ type: 'text', text: 'minimize branin with 40 trials' }] });
    const result = await runChatTurn({ services, text: "replay yesterday's session" });
    const calls = toolCalls(result.message);
    assert.deepEqual(calls.map((c) => c.tool), ['list_sessions', 'replay_session']);
    assert.deepEqual(calls[1]!.input, { which: 'yesterday' });
    const text = messageText(result.message);
    assert.match(text, new RegExp(`Replay of session \`${yesterday.id}\` "minimize branin"`));
    assert.match(text, /\*\*user:\*\* minimize branin with 40 trials/);
    assert.ok(!text.includes(old.id));
  });

  test('replay_session takes a session id or a position, exactly one, and says when a position has no session', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const now = Date.now();
    const first = new ChatStore(services.db, () => now - 5 * DAY).createSession({ title: 'the first', source: 'cli' });
    const previous = new ChatStore(services.db, () => now - 3 * DAY).createSession({ title: 'the previous', source: 'cli' });
    const current = new ChatStore(services.db, () => now).createSession({ title: 'now', source: 'cli' });
    const tools = createSessionTools({ services, sessionId: current.id });
    const run = (input: unknown) => (tools.replay_session!.execute as (i: unknown, o: unknown) => Promise<Record<string, unknown>>)(input, { toolCallId: 't', messages: [] });
    assert.equal((await run({ which: 'oldest' })).session_id, first.id);
    assert.equal((await run({ which: 'previous' })).session_id, previous.id);
    const none = await run({ which: 'yesterday' });
    assert.equal(none.ok, false);
    assert.match(JSON.stringify(none.error), /there is no yesterday session/);
    const schema = tools.replay_session!.inputSchema as { safeParse: (v: unknown) => { success: boolean } };
    assert.equal(schema.safeParse({}).success, false);
    assert.equal(schema.safeParse({ session_id: first.id, which: 'oldest' }).success, false);
    assert.equal(schema.safeParse({ which: 'tomorrow' }).success, false);
  });

  test('"open my very first chat again" with no such day or session says so and shows the list', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const result = await runChatTurn({ services, text: 'replay the conversation I had with you yesterday' });
    assert.deepEqual(toolCalls(result.message).map((c) => c.tool), ['list_sessions', 'replay_session']);
    assert.match(messageText(result.message), /I could not find the yesterday session\. You have 1 session/);
  });

  test('"show my previous conversations" lists them newest first', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    new ChatStore(services.db, () => Date.now() - DAY).createSession({ title: 'tune xgboost', source: 'web' });
    const result = await runChatTurn({ services, text: 'show my previous conversations' });
    const text = messageText(result.message);
    assert.match(text, /You have 2 sessions \(newest first\)/);
    assert.ok(text.indexOf('show my previous conversations') < text.indexOf('tune xgboost'));
  });
});
