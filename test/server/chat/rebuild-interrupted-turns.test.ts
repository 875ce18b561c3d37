import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { convertToModelMessages, tool, type UIMessage, type UIMessageChunk } from 'ai';
import { z } from 'zod';
import { ChatStore, type SessionSource } from '../../../db/chat-store.ts';
import { INTERRUPTED_TOOL_ERROR, rebuildInterruptedTurns } from '../../../server/chat/rebuild-interrupted-turns.ts';
import { runChatTurn } from '../../../server/chat/run-turn.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { createTestServices } from '../../support/test-services.ts';

const add = tool({
  description: 'adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => ({ sum: a + b }),
});

/** Stores a turn the way run-turn does (user message id = turn id), with hand-written chunks and no answer. */
function storeCutTurn(store: ChatStore, input: { sessionId: string; turnId: string; text: string; chunks: UIMessageChunk[] }): void {
  store.appendMessage(input.sessionId, { id: input.turnId, role: 'user', parts: [{ type: 'text', text: input.text }] });
  let sequence = store.lastSequence(input.sessionId);
  for (const chunk of input.chunks) store.appendChunk({ sessionId: input.sessionId, sequence: ++sequence, turnId: input.turnId, tMs: sequence, chunk });
}

describe('rebuildInterruptedTurns', () => {
  test('restores the answer from its chunks right after its user message, even with later turns; a second run adds nothing', async () => {
    const services = createTestServices(scriptedModel([{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 } }] }, { text: 'The sum is 5.' }]));
    const store = new ChatStore(services.db);
    const first = await runChatTurn({ services, text: 'add 2 and 3', source: 'slack', tools: { add } });
    const original = store.listMessages<UIMessage>(first.sessionId)[1]!.message;
    // What a crash between the last stored chunk and the final message leaves: the chunks, no assistant message.
    services.db.prepare('DELETE FROM messages WHERE id = ?').run(original.id);
    // The user went on in the session before the server restarted (e.g. from the CLI).
    const second = await runChatTurn({ services, sessionId: first.sessionId, text: 'thanks', tools: { add } });
    assert.deepEqual(store.listMessages(first.sessionId).map((m) => m.role), ['user', 'user', 'assistant']);

    const rebuilt = await rebuildInterruptedTurns({ db: services.db });
    assert.deepEqual(rebuilt.map((r) => [r.sessionId, r.turnId, r.messageId, r.position]), [[first.sessionId, first.turnId, original.id, 1]]);
    const messages = store.listMessages<UIMessage>(first.sessionId);
    assert.deepEqual(messages.map((m) => [m.role, m.position]), [['user', 0], ['assistant', 1], ['user', 2], ['assistant', 3]]);
    assert.equal(messages[0]!.id, first.turnId, 'the user message carries the turn id');
    assert.equal(messages[3]!.id, second.message.id);
    // Same message the finished turn had stored, marked as interrupted.
    assert.deepEqual(messages[1]!.message, { ...original, metadata: { interrupted: true } });

    assert.deepEqual(await rebuildInterruptedTurns({ db: services.db }), []);
    assert.equal(store.listMessages(first.sessionId).length, 4);
    await services.studies.close();
  });

  test('covers every session source and leaves finished turns and chunk-less turns alone', async () => {
    const services = createTestServices(scriptedModel([{ text: 'ok' }]));
    const store = new ChatStore(services.db);
    const done = await runChatTurn({ services, text: 'finished turn', source: 'web' });
    const cut: string[] = [];
    for (const source of ['web', 'cli', 'slack', 'import'] as SessionSource[]) {
      const session = store.createSession({ title: source, source });
      storeCutTurn(store, {
        sessionId: session.id,
        turnId: `turn-${source}`,
        text: 'hello',
        chunks: [{ type: 'start', messageId: `answer-${source}` }, { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: `from ${source}` }],
      });
      cut.push(session.id);
    }
    // Died before the model's first chunk: nothing to restore.
    const early = store.createSession({ title: 'early' });
    store.appendMessage(early.id, { id: 'turn-early', role: 'user', parts: [{ type: 'text', text: 'hi' }] });

    const rebuilt = await rebuildInterruptedTurns({ db: services.db });
    assert.deepEqual(rebuilt.map((r) => r.sessionId).sort(), [...cut].sort());
    for (const sessionId of cut) {
      const [user, answer] = store.listMessages<UIMessage>(sessionId).map((m) => m.message);
      assert.equal(user?.role, 'user');
      assert.equal(answer?.role, 'assistant');
      assert.match(answer!.id, /^answer-/);
      assert.deepEqual(answer!.parts, [{ type: 'text', text: `from ${answer!.id.slice('answer-'.length)}`, state: 'done' }]);
    }
    assert.deepEqual(store.listMessages(done.sessionId).map((m) => m.role), ['user', 'assistant']);
    assert.equal(store.listMessages(early.id).length, 1);
    await services.studies.close();
  });

  test('a tool call cut before its output becomes an interrupted error and the next turn in the session runs', async () => {
    const model = scriptedModel([{ text: 'Here is where we are.' }]);
    const services = createTestServices(model);
    const store = new ChatStore(services.db);
    const session = store.createSession({ title: 'cut tool call' });
    storeCutTurn(store, {
      sessionId: session.id,
      turnId: 'turn-1',
      text: 'add 2 and 3',
      chunks: [
        { type: 'start', messageId: 'answer-1' },
        { type: 'start-step' },
        { type: 'tool-input-start', toolCallId: 'c1', toolName: 'add' },
        { type: 'tool-input-available', toolCallId: 'c1', toolName: 'add', input: { a: 2, b: 3 } },
        { type: 'tool-output-available', toolCallId: 'c1', output: { progress: 0.5 }, preliminary: true },
        { type: 'tool-input-start', toolCallId: 'c2', toolName: 'add' },
        { type: 'tool-input-available', toolCallId: 'c2', toolName: 'add', input: { a: 1, b: 1 } },
        { type: 'tool-input-start', toolCallId: 'c3', toolName: 'add' },
        { type: 'tool-input-delta', toolCallId: 'c3', inputTextDelta: '{"a": 4' },
        { type: 'error', errorText: 'rate limited' },
      ],
    });
    await rebuildInterruptedTurns({ db: services.db });
    const answer = store.listMessages<UIMessage>(session.id)[1]!.message;
    assert.deepEqual(answer.metadata, { errors: ['rate limited'], interrupted: true });
    const parts = answer.parts.filter((p) => p.type === 'tool-add') as { toolCallId: string; state: string; errorText?: string; output?: unknown }[];
    assert.deepEqual(parts.map((p) => [p.toolCallId, p.state, p.errorText ?? null]), [
      ['c1', 'output-error', INTERRUPTED_TOOL_ERROR],
      ['c2', 'output-error', INTERRUPTED_TOOL_ERROR],
      ['c3', 'input-streaming', null],
    ]);
    assert.equal(parts[0]!.output, undefined, 'a progress snapshot is not kept as the tool output');

    const history = await convertToModelMessages(store.listMessages<UIMessage>(session.id).map((m) => m.message), { tools: { add }, ignoreIncompleteToolCalls: true });
    assert.deepEqual(history.map((m) => m.role), ['user', 'assistant', 'tool']);
    const next = await runChatTurn({ services, sessionId: session.id, text: 'where are we?', tools: { add } });
    assert.equal(next.message.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join(''), 'Here is where we are.');
    // The model was told both calls were interrupted; the one whose input never completed is left out.
    const prompt = JSON.stringify(model.doStreamCalls[0]!.prompt);
    assert.ok(prompt.includes('c1') && prompt.includes('c2') && !prompt.includes('c3'), prompt);
    assert.ok(prompt.includes('interrupted'), prompt);
    await services.studies.close();
  });

  test('a turn stored before user messages carried the turn id goes after the same-numbered user message', async () => {
    const services = createTestServices(scriptedModel([{ text: 'ok' }]));
    const store = new ChatStore(services.db);
    const session = store.createSession({ title: 'legacy' });
    const turn = (n: number, answered: boolean) => {
      store.appendMessage(session.id, { id: `user-${n}`, role: 'user', parts: [{ type: 'text', text: `question ${n}` }] });
      let sequence = store.lastSequence(session.id);
      store.appendChunk({ sessionId: session.id, sequence: ++sequence, turnId: `legacy-turn-${n}`, tMs: 0, chunk: { type: 'start', messageId: `answer-${n}` } });
      if (answered) store.appendMessage(session.id, { id: `answer-${n}`, role: 'assistant', parts: [] });
    };
    turn(1, true);
    turn(2, false);
    turn(3, true);
    await rebuildInterruptedTurns({ db: services.db });
    assert.deepEqual(store.listMessages(session.id).map((m) => m.id), ['user-1', 'answer-1', 'user-2', 'answer-2', 'user-3', 'answer-3']);
    await services.studies.close();
  });
});
