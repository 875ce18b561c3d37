import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { createTestServices } from '../support/test-services.ts';
import { messageText, toolCalls } from './support/turns.ts';

const DAY = 86_400_000;

describe('sessions from chat (offline model, real tools)', () => {
  test('"replay yesterday\'s session" lists sessions, picks the one from the day before, and replays it', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const now = Date.now();
    const old = new ChatStore(services.db, () => now - 3 * DAY).createSession({ title: 'three days ago', source: 'cli' });
    const yesterday = new ChatStore(services.db, () => now - DAY).createSession({ title: 'minimize branin', source: 'web' });
    new ChatStore(services.db, () => now - DAY).appendMessage(yesterday.id, { id: 'm1', role: 'user', parts: [{ type: 'text', text: 'minimize branin with 40 trials' }] });
    const result = await runChatTurn({ services, text: "replay yesterday's session" });
    const calls = toolCalls(result.message);
    assert.deepEqual(calls.map((c) => c.tool), ['list_sessions', 'replay_session']);
    assert.deepEqual(calls[1]!.input, { session_id: yesterday.id });
    const text = messageText(result.message);
    assert.match(text, new RegExp(`Replay of session \`${yesterday.id}\` "minimize branin"`));
    assert.match(text, /\*\*user:\*\* minimize branin with 40 trials/);
    assert.ok(!text.includes(old.id));
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
