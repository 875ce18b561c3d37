import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { tool, type ToolSet, type UIMessage } from 'ai';
import { z } from 'zod';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { dryRunTools } from '../../server/agent/dry-run.ts';
import { createToolset } from '../../server/agent/toolset.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import type { Services } from '../../server/services.ts';
import { createTestServices } from '../support/test-services.ts';
import { checkCase, FIXTURE_DEV_SET, loadDevSet, SHARED_DEV_SET, type ToolCallRecord } from './support/dev-set.ts';

/** The contract's tool names (contracts.md §4). */
const CONTRACT_TOOLS = [
  'start_study', 'study_status', 'wait_for_study', 'stop_study', 'best_trials', 'param_importance',
  'bench_command', 'bench_http', 'bench_llm', 'add_rule', 'list_rules', 'remove_rule',
  'list_targets', 'register_target', 'list_sessions', 'replay_session',
];

/**
 * The real toolset in dry-run mode. A contract tool whose engine has not registered it yet gets a
 * permissive stand-in, so this test measures the model's understanding; `toolset.test.ts` checks
 * which real tools exist.
 */
function dryRunToolset(services: Services, sessionId: string, text: string): ToolSet {
  const tools = createToolset({ services, sessionId, dryRun: true, userMessage: text });
  const standIns: ToolSet = {};
  for (const name of CONTRACT_TOOLS) {
    if (!tools[name]) standIns[name] = tool({ description: `${name} (stand-in)`, inputSchema: z.object({}).passthrough(), execute: async () => ({}) });
  }
  return { ...tools, ...dryRunTools(standIns) };
}

function toolCalls(message: UIMessage): ToolCallRecord[] {
  return message.parts.flatMap((part) => {
    if (!part.type.startsWith('tool-')) return [];
    const p = part as { type: string; input?: unknown };
    return [{ tool: part.type.slice('tool-'.length), input: p.input }];
  });
}

describe('agent dev set (offline model, dry run, real turn loop)', () => {
  test('the repository copy of the dev set matches the shared one', { skip: !existsSync(SHARED_DEV_SET) && 'no ../shared' }, () => {
    assert.equal(readFileSync(FIXTURE_DEV_SET, 'utf8'), readFileSync(SHARED_DEV_SET, 'utf8'));
  });

  for (const devCase of loadDevSet()) {
    test(devCase.id, async () => {
      const services = createTestServices(createModel({ kind: 'local' }));
      const session = new ChatStore(services.db).createSession({ title: devCase.id, source: 'cli' });
      let last: UIMessage | null = null;
      for (const text of devCase.messages) {
        const result = await runChatTurn({ services, sessionId: session.id, text, dryRun: true, tools: dryRunToolset(services, session.id, text) });
        last = result.message;
      }
      const calls = toolCalls(last!);
      assert.equal(checkCase(devCase, calls), '', `${devCase.messages.join(' → ')}`);
      const text = last!.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
      assert.ok(text.length > 0, 'the turn ends with a text answer');
    });
  }
});
