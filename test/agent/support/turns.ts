import { tool, type ToolSet, type UIMessage } from 'ai';
import { gateFor } from '../../support/command-gate.ts';
import { OPERATOR } from '../../../tools/common/requester.ts';
import { z } from 'zod';
import { ChatStore } from '../../../db/chat-store.ts';
import { createModel } from '../../../server/agent/model.ts';
import { dryRunTools } from '../../../server/agent/dry-run.ts';
import { createToolset } from '../../../server/agent/toolset.ts';
import { runChatTurn } from '../../../server/chat/run-turn.ts';
import type { Services } from '../../../server/services.ts';
import { createTestServices } from '../../support/test-services.ts';
import type { ToolCallRecord } from './dev-set.ts';

/** The contract's tool names (contracts.md §4). */
export const CONTRACT_TOOLS = [
  'start_study', 'study_status', 'wait_for_study', 'stop_study', 'best_trials', 'param_importance',
  'bench_command', 'bench_http', 'bench_llm', 'add_rule', 'list_rules', 'remove_rule',
  'list_targets', 'register_target', 'list_sessions', 'replay_session',
];

/** Every tool the offline model may call: the contract's, continue_study, chart_study (issue 14), the control tools (issue 15) and the access tools (issue 16). */
export const AGENT_TOOLS = [...CONTRACT_TOOLS, 'continue_study', 'chart_study', 'start_controller', 'controller_status', 'stop_controller', 'simulate_policy', 'audit_query'];

/**
 * The real toolset in dry-run mode. A contract tool whose engine has not registered it gets a permissive
 * stand-in, so these tests measure the model's understanding; toolset.test.ts checks the real tools.
 */
export function dryRunToolset(services: Services, sessionId: string, text: string): ToolSet {
  const tools = createToolset({ services, sessionId, dryRun: true, requester: OPERATOR, commands: gateFor(text) });
  const standIns: ToolSet = {};
  for (const name of AGENT_TOOLS) {
    if (!tools[name]) standIns[name] = tool({ description: `${name} (stand-in)`, inputSchema: z.object({}).passthrough(), execute: async () => ({}) });
  }
  return { ...tools, ...dryRunTools(standIns) };
}

export function toolCalls(message: UIMessage): ToolCallRecord[] {
  return message.parts.flatMap((part) => {
    if (!part.type.startsWith('tool-')) return [];
    return [{ tool: part.type.slice('tool-'.length), input: (part as { input?: unknown }).input }];
  });
}

export function messageText(message: UIMessage): string {
  return message.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
}

/** Runs the messages as successive dry-run turns of one session with the offline model; returns the last turn's message. */
export async function runDryTurns(messages: string[], services: Services = createTestServices(createModel({ kind: 'local' }))): Promise<UIMessage> {
  const session = new ChatStore(services.db).createSession({ title: messages[0] ?? 'test', source: 'cli' });
  let last: UIMessage | null = null;
  for (const text of messages) {
    last = (await runChatTurn({ services, sessionId: session.id, text, dryRun: true, tools: dryRunToolset(services, session.id, text) })).message;
  }
  return last!;
}
