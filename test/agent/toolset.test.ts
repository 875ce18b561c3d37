import assert from 'node:assert/strict';
import { gateFor } from '../support/command-gate.ts';
import { OPERATOR } from '../../tools/common/requester.ts';
import { describe, test } from 'node:test';
import { MockLanguageModelV3 } from 'ai/test';
import { stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { dryRunTools } from '../../server/agent/dry-run.ts';
import { createToolset } from '../../server/agent/toolset.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { TARGETS_MARKER } from '../../tools/targets/agent-tools.ts';
import { createTestServices } from '../support/test-services.ts';

type Exec = (input: unknown, options: { toolCallId: string; messages: [] }) => Promise<unknown>;
const exec = (t: unknown, input: unknown) => ((t as { execute: Exec }).execute)(input, { toolCallId: 't', messages: [] });

describe('toolset', () => {
  test('offers the agent-owned tools, and list_targets describes the targets for the model', () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const tools = createToolset({ services, sessionId: 's', dryRun: false, requester: OPERATOR, commands: gateFor('') });
    for (const name of ['list_targets', 'register_target', 'list_sessions', 'replay_session']) assert.ok(tools[name], name);
    const description = tools.list_targets!.description ?? '';
    const catalog = JSON.parse(description.slice(description.indexOf(TARGETS_MARKER) + TARGETS_MARKER.length)) as Array<{ name: string; metrics: unknown[] }>;
    const xgboost = catalog.find((t) => t.name === 'xgboost');
    assert.deepEqual(xgboost?.metrics, [
      { name: 'accuracy', direction: 'maximize' },
      { name: 'latency_p50_ms', direction: 'minimize', unit: 'ms' },
      { name: 'latency_p99_ms', direction: 'minimize', unit: 'ms' },
      { name: 'batch_ms', direction: 'minimize', unit: 'ms' },
    ]);
  });

  test('register_target returns a fixable error as data, and registers a valid target', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const tools = createToolset({ services, sessionId: 's', dryRun: false, requester: OPERATOR, commands: gateFor('register a target called scorer that runs `python3 score.py`') });
    const bad = (await exec(tools.register_target, { name: 'scorer', kind: 'command', metrics: [{ name: 'accuracy' }] })) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(bad.ok, false);
    assert.equal(bad.error.code, 'invalid_argument');
    assert.match(bad.error.message, /needs "command"/);
    const good = (await exec(tools.register_target, { name: 'scorer', kind: 'command', command: ['python3', 'score.py'], metrics: [{ name: 'accuracy', direction: 'maximize' }], family: 'lightgbm' })) as { ok: boolean; target: { space: Record<string, unknown> } };
    assert.equal(good.ok, true);
    assert.ok('num_leaves' in good.target.space);
    assert.equal((await services.targets.resolve('scorer'))?.source, 'database');
  });

  test('dry run: execute never runs, valid input is echoed, invalid input is rejected by the schema', async () => {
    let executed = 0;
    const tools = dryRunTools({ add: tool({ description: 'add', inputSchema: z.object({ a: z.number(), steps: z.number().int().default(10) }), execute: async () => ++executed }) });
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: new ReadableStream({
          start(c) {
            c.enqueue({ type: 'tool-call', toolCallId: '1', toolName: 'add', input: '{"a":3}' });
            c.enqueue({ type: 'tool-call', toolCallId: '2', toolName: 'add', input: '{"a":"x"}' });
            c.enqueue({ type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } } });
            c.close();
          },
        }),
      }),
    });
    const result = streamText({ model, tools, stopWhen: stepCountIs(1), prompt: 'x' });
    const parts: Array<{ type: string; output?: unknown }> = [];
    for await (const part of result.fullStream) parts.push(part as { type: string; output?: unknown });
    assert.equal(executed, 0);
    assert.deepEqual(parts.find((p) => p.type === 'tool-result')?.output, { dry_run: true, tool: 'add', input: { a: 3, steps: 10 } });
    assert.ok(parts.some((p) => p.type === 'tool-error'), 'the invalid input is a tool error');
  });

  test('list_sessions and replay_session read the chat store; an unknown id is a fixable error', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const first = await runChatTurn({ services, text: 'hello, what do you do?' });
    const tools = createToolset({ services, sessionId: first.sessionId, dryRun: false, requester: OPERATOR, commands: gateFor('') });
    const listed = (await exec(tools.list_sessions, {})) as { sessions: Array<{ id: string; current: boolean; title: string }> };
    assert.equal(listed.sessions.length, 1);
    assert.equal(listed.sessions[0]!.current, true);
    const replay = (await exec(tools.replay_session, { session_id: first.sessionId })) as { messages: Array<{ role: string; text: string }>; command: string };
    assert.deepEqual(replay.messages.map((m) => m.role), ['user', 'assistant']);
    assert.equal(replay.messages[0]!.text, 'hello, what do you do?');
    assert.match(replay.messages[1]!.text, /tune/);
    assert.equal(replay.command, `tunechat replay ${first.sessionId}`);
    const missing = (await exec(tools.replay_session, { session_id: 'nope' })) as { ok: boolean; error: { code: string } };
    assert.deepEqual([missing.ok, missing.error.code], [false, 'not_found']);
    assert.ok(new ChatStore(services.db).getSession(first.sessionId));
  });
});
