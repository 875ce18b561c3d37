import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tool, type ToolSet, type UIMessage } from 'ai';
import { z } from 'zod';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { dryRunTools } from '../../server/agent/dry-run.ts';
import { OfflineModel } from '../../server/agent/offline-model/offline-model.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import type { Services } from '../../server/services.ts';
import { startControllerInput } from '../../tools/control/agent-tools.ts';
import { createTestServices } from '../support/test-services.ts';
import { checkCase, type DevCase } from './support/dev-set.ts';
import { dryRunToolset, messageText, toolCalls } from './support/turns.ts';

/**
 * Issue 15 through the real turn loop (dry run, graph understanding): live-control requests in the words people use
 * (typos, synonyms, units, word order, no "minimize") become start_controller / controller_status / stop_controller
 * with valid inputs (checked by the tool's own zod schema); look-alikes stay studies, rules or honest refusals; a
 * missing parameter is asked for. The phrasings are not the corpus templates' sentences.
 */

const controlIds = z.object({ controller_id: z.string().optional() });

/** The dry-run toolset plus the control tools (with their real input schema) when the toolset does not offer them yet. */
function toolsFor(services: Services, sessionId: string, text: string): ToolSet {
  const tools = dryRunToolset(services, sessionId, text);
  const control: ToolSet = {};
  if (!tools.start_controller) control.start_controller = tool({ description: 'start_controller (stand-in)', inputSchema: startControllerInput, execute: async () => ({}) });
  if (!tools.controller_status) control.controller_status = tool({ description: 'controller_status (stand-in)', inputSchema: controlIds, execute: async () => ({}) });
  if (!tools.stop_controller) control.stop_controller = tool({ description: 'stop_controller (stand-in)', inputSchema: controlIds, execute: async () => ({}) });
  return { ...tools, ...dryRunTools(control) };
}

async function run(messages: string[], makeTools: (services: Services, sessionId: string, text: string) => ToolSet = toolsFor, dryRun = true): Promise<UIMessage> {
  const services = createTestServices(createModel({ kind: 'local' }));
  const session = new ChatStore(services.db).createSession({ title: messages[0] ?? 'test', source: 'cli' });
  let last: UIMessage | null = null;
  for (const text of messages) last = (await runChatTurn({ services, sessionId: session.id, text, dryRun, tools: makeTools(services, session.id, text) })).message;
  return last!;
}

const start = (args: Record<string, unknown>): DevCase['expect'] => ({ calls: [{ tool: 'start_controller', args: { target: 'example-service', ...args } }] });
const P99_40 = { metric: 'latency_p99_ms', slo: { op: 're:^<=?$', value: 40 } };
const KEEP = 'keep the p99 of my service under 40 ms by scaling its workers';

const STARTS: Array<[string, string[], DevCase['expect']]> = [
  ['the issue\'s request', [KEEP], start({ ...P99_40, parameter: 'workers' })],
  ['p99 below 40ms, workers between 2 and 32', ['keep p99 latency below 40ms, adjust workers between 2 and 32'], start({ ...P99_40, parameter: 'workers', bounds: { min: 2, max: 32 } })],
  ['median under 10 ms by resizing the pool', ['hold the median latency under 10 ms by resizing the pool'], start({ metric: 'latency_p50_ms', slo: { op: 're:^<=?$', value: 10 }, parameter: 'workers' })],
  ['autoscale to keep errors under 1%', ["autoscale the example service's workers to keep errors under 1%"], start({ metric: 'error_rate', slo: { op: 're:^<=?$', value: 0.01 }, parameter: 'workers' })],
  ['typos everywhere', ['kep the p99 of my servce undr 40 ms by scalling its wokers'], start({ ...P99_40, parameter: 'workers' })],
  ['seconds become milliseconds', ['keep tail latency under 0.05 s by adjusting the worker pool'], start({ metric: 'latency_p99_ms', slo: { op: 're:^<=?$', value: 50 }, parameter: 'workers' })],
  ['word order: the parameter first', ['scale the workers of the example service so p99 stays below 40 milliseconds'], start({ ...P99_40, parameter: 'workers' })],
  ['with AIMD', [`${KEEP}, use AIMD`], start({ ...P99_40, parameter: 'workers', policy: 'aimd' })],
  ['the Netflix gradient limiter', [`${KEEP} with the Netflix gradient limiter`], start({ ...P99_40, policy: 'gradient2' })],
  ['gradient2 by name', ['keep p99 under 40ms by scaling workers using gradient2'], start({ ...P99_40, policy: 'gradient2' })],
  ['HPA-style', ['autoscale my service HPA-style to hold p99 under 40 ms, workers 2 to 16'], start({ ...P99_40, parameter: 'workers', policy: 'hpa', bounds: { min: 2, max: 16 } })],
  ["Little's law", [`${KEEP}, size it with Little's law`], start({ ...P99_40, policy: 'little' })],
  ['my rules', [`${KEEP} and let my rules decide`], start({ ...P99_40, policy: 'rules' })],
  ['check every 2 seconds', [`${KEEP}, check every 2 seconds`], start({ ...P99_40, period_s: 2 })],
  ['a dry run', [`${KEEP} - just show what it would do without changing anything`], start({ ...P99_40, dry_run: true })],
  ['the cache instead of the workers', ['keep the median latency below 15ms by resizing the cache'], start({ metric: 'latency_p50_ms', slo: { op: 're:^<=?$', value: 15 }, parameter: 'cache_size' })],
  ['a feedback loop on queue wait', ['set up a feedback loop that keeps queue wait under 5 ms by changing the number of workers'], start({ metric: 'queue_wait_ms', slo: { op: 're:^<=?$', value: 5 }, parameter: 'workers' })],
  ['"at most" keeps its comparator', ['adjust workers live so the p90 stays at most 25 ms'], start({ metric: 'latency_p90_ms', slo: { op: '<=', value: 25 }, parameter: 'workers' })],
  ['upper bound only takes the lower one from the catalog', ['keep p99 under 40 ms by scaling workers, no more than 12 workers'], start({ ...P99_40, bounds: { min: 1, max: 12 } })],
  ['a follow-up changes the policy of the running controller', [KEEP, 'use AIMD instead'], start({ ...P99_40, parameter: 'workers', policy: 'aimd' })],
  ['a follow-up changes the period', [KEEP, 'check every 2 seconds'], start({ ...P99_40, parameter: 'workers', period_s: 2 })],
  ['a follow-up makes it a dry run', [KEEP, 'just show what it would do without changing anything'], start({ ...P99_40, parameter: 'workers', dry_run: true })],
  ['a follow-up changes the limit without naming the signal', [KEEP, 'now keep it under 30 ms instead'], start({ metric: 'latency_p99_ms', slo: { op: 're:^<=?$', value: 30 }, parameter: 'workers' })],
  ['"via the pool" steers the workers', ['hold p50 < 10ms via the pool'], start({ metric: 'latency_p50_ms', slo: { op: '<', value: 10 }, parameter: 'workers' })],
];

const FOLLOW_UPS: Array<[string, string[], DevCase['expect']]> = [
  ['how is the controller doing?', [KEEP, 'how is the controller doing?'], { calls: [{ tool: 'controller_status' }] }],
  ['what has the controller done so far?', [KEEP, 'what has the controller done so far?'], { calls: [{ tool: 'controller_status' }] }],
  ['is my SLO being met?', [KEEP, 'is my SLO being met?'], { calls: [{ tool: 'controller_status' }] }],
  ['how is it doing, after a controller', [KEEP, "how's it doing?"], { calls: [{ tool: 'controller_status' }] }],
  ['stop controlling it', [KEEP, 'stop controlling it'], { calls: [{ tool: 'stop_controller' }] }],
  ['stop the autoscaler', [KEEP, 'stop the autoscaler'], { calls: [{ tool: 'stop_controller' }] }],
  ['stop controller c-2', ['stop controller c-2'], { calls: [{ tool: 'stop_controller', args: { controller_id: 'c-2' } }] }],
  ['turn off the feedback loop', [KEEP, 'turn off the feedback loop'], { calls: [{ tool: 'stop_controller' }] }],
  ['stop it, after a controller', [KEEP, 'stop it'], { calls: [{ tool: 'stop_controller' }] }],
  ['status of a controller by id', ['how is c-12 doing?'], { calls: [{ tool: 'controller_status', args: { controller_id: 'c-12' } }] }],
];

/** Look-alikes: the same words in a study, an alert, or outside what tunechat does. */
const CONTRASTS: Array<[string, string[], DevCase['expect']]> = [
  ['a study that keeps a constraint', ['tune xgboost and keep accuracy above 93%'], { calls: [{ tool: 'start_study', args: { target: 'xgboost' } }] }],
  ['an alert on p99', ['alert me if p99 goes over 200 ms'], { calls: [{ tool: 'add_rule' }] }],
  ['a study of the example service with an error bound', ['tune the example service for throughput, keep errors below 1%'], { calls: [{ tool: 'start_study', args: { target: 'example-service' } }] }],
  ['a thermostat is not a service', ['keep the room under 22 degrees by adjusting the heating'], { no_calls: true }],
  ['a study is stopped when the words name it, even with a controller', [KEEP, 'minimize branin with 30 trials', 'stop the study'], { calls: [{ tool: 'stop_study' }] }],
  ['"how is it going?" after a study started later is the study\'s', [KEEP, 'minimize branin with 30 trials', 'how is it going?'], { calls: [{ tool: 'study_status' }] }],
  // Other requests while a controller runs keep their meaning.
  ['thanks after a controller started', [KEEP, 'thanks!'], { no_calls: true }],
  ['sessions after a controller started', [KEEP, 'show my previous conversations'], { calls: [{ tool: 'list_sessions' }] }],
  ['a study after a controller started', [KEEP, 'tune xgboost for accuracy with 20 trials'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', trials: 20 } }] }],
  ['a poem about the controller removes nothing', [KEEP, 'write a poem about it'], { no_calls: true }],
];

function assertCalls(name: string, messages: string[], expect: DevCase['expect'], last: UIMessage): void {
  assert.equal(checkCase({ id: name, messages, expect }, toolCalls(last)), '', `${messages.join(' → ')}: ${JSON.stringify(toolCalls(last))}\n${messageText(last)}`);
  assert.ok(messageText(last).length > 0);
}

describe('offline model: live control requests (issue 15)', () => {
  for (const [name, messages, expect] of [...STARTS, ...FOLLOW_UPS, ...CONTRASTS]) {
    test(name, async () => assertCalls(name, messages, expect, await run(messages)));
  }

  test('a start has exactly the slots the words give (no invented bounds, policy, period or dry run)', async () => {
    const calls = toolCalls(await run([KEEP]));
    assert.deepEqual(calls, [{ tool: 'start_controller', input: { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers' } }]);
  });

  test('a follow-up change stops the running controller first, then starts it with the previous request and the change', async () => {
    const calls = toolCalls(await run([KEEP, 'use AIMD instead']));
    assert.deepEqual(calls.map((c) => c.tool), ['stop_controller', 'start_controller']);
    assert.deepEqual(calls[1]!.input, { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', policy: 'aimd' });
  });

  test('no parameter named and several to choose from: a short question, then the answer completes the request', async () => {
    const asked = await run(['keep the p99 of the example service under 40 ms with a controller']);
    assert.deepEqual(toolCalls(asked), []);
    assert.match(messageText(asked), /Which parameter should I adjust: workers or cache_size\?/);
    const answered = await run(['keep the p99 of the example service under 40 ms with a controller', 'the workers']);
    assert.deepEqual(toolCalls(answered), [{ tool: 'start_controller', input: { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers' } }]);
  });

  test('no SLO: asks what to keep, calls nothing', async () => {
    const last = await run(['autoscale the example service workers']);
    assert.deepEqual(toolCalls(last), []);
    assert.match(messageText(last), /What should the controller keep on example-service/);
  });

  test('the dry-run answer states the plan in words', async () => {
    const text = messageText(await run([`${KEEP}, between 2 and 32, use aimd`]));
    assert.match(text, /Dry run: nothing was executed\. I would start a controller on \*\*example-service\*\* to keep latency_p99_ms < 40 ms by adjusting workers between 2 and 32, policy aimd/);
  });

  test('the keyword fallback (weights that do not load) still understands the plain requests', async () => {
    const services = createTestServices(new OfflineModel({ understanding: 'keyword' }));
    const session = new ChatStore(services.db).createSession({ title: 'k', source: 'cli' });
    const turn = async (text: string) => toolCalls((await runChatTurn({ services, sessionId: session.id, text, dryRun: true, tools: toolsFor(services, session.id, text) })).message);
    assert.deepEqual(await turn(KEEP), [{ tool: 'start_controller', input: { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers' } }]);
    assert.deepEqual((await turn('how is the controller doing?')).map((c) => c.tool), ['controller_status']);
    assert.deepEqual((await turn('turn off the feedback loop')).map((c) => c.tool), ['stop_controller']);
  });
});
