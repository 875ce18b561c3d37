import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tool, type ToolSet, type UIMessage } from 'ai';
import { z } from 'zod';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { writeControllerStatus, writeControllerStopped, writeStarted } from '../../server/agent/offline-model/writers/control.ts';
import { writeControlFailure } from '../../server/agent/offline-model/writers/control-errors.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import type { ControllerStatus, DecisionRecord } from '../../tools/control/types.ts';
import { startControllerInput } from '../../tools/control/agent-tools.ts';
import { createTestServices } from '../support/test-services.ts';
import { dryRunToolset, messageText, toolCalls } from './support/turns.ts';

/**
 * The answers about a live controller (issue 15), written from the control tools' outputs
 * (`{ok, controller_id, controller, decisions, summary}`): what it keeps and how, the policy and why, bounds, dry run;
 * state, SLO value against the limit, the last changes in words, holds; what a stop left; errors explained with the fix,
 * and a start whose bounds are outside the parameter's range repaired once.
 */

const AT = Date.UTC(2026, 11, 3, 10, 2, 3);

function status(over: Partial<ControllerStatus> = {}): ControllerStatus {
  return {
    id: 'c-3', target: 'example-service', parameter: 'workers', policy: 'gradient2', policy_reason: 'workers bounds concurrency and the source has service_ms: Gradient2 tracks the RTT gradient',
    slo: { metric: 'latency_p99_ms', op: '<', value: 40 }, bounds: { min: 2, max: 32 }, dry_run: false, state: 'running', value: 12, initial_value: 8, slo_value: 37.5,
    slo_state: 'ok', decisions: 14, changes: 2, last_decision: null, started_at: AT - 60_000, stopped_at: null, note: null, session_id: null, ...over,
  };
}

function decision(over: Partial<DecisionRecord>): DecisionRecord {
  return { controller_id: 'c-3', seq: 1, at: AT, policy: 'gradient2', parameter: 'workers', from: 8, to: 12, outcome: 'applied', reason: 'p99 52 ms > 40 ms for 5 s', inputs: {}, slo_state: 'violated', slo_value: 52, ...over };
}

const answer = (s: ControllerStatus, decisions: DecisionRecord[] = []) => ({ ok: true, controller_id: s.id, controller: s, decisions, summary: `${s.id} keeps …` });

describe('control writers', () => {
  test('started: what it keeps, how, the policy and why, bounds, the value now', () => {
    const text = writeStarted(answer(status(), [decision({})]), { target: 'example-service', policy: 'auto' });
    assert.match(text, /Controller \*\*c-3\*\* started: it will keep latency_p99_ms < 40 ms on \*\*example-service\*\* by adjusting workers between 2 and 32/);
    assert.match(text, /Policy: \*\*gradient2\*\* \(picked automatically: workers bounds concurrency/);
    assert.match(text, /workers is 12 now; latency_p99_ms reads 37\.5 ms \(met\)/);
    assert.match(text, /workers 8 → 12 because p99 52 ms > 40 ms for 5 s/);
    assert.doesNotMatch(text, /Dry run/);
  });

  test('started as a dry run says nothing will be touched; a policy asked for is not "picked"', () => {
    const text = writeStarted(answer(status({ dry_run: true, policy: 'aimd', policy_reason: 'asked for' })), { policy: 'aimd' });
    assert.match(text, /\*\*Dry run\*\*: it decides and records every change it would make, but does not touch the service/);
    assert.match(text, /Policy: \*\*aimd\*\* \(asked for\)/);
  });

  test('status: state, SLO value against the limit, counts, the last changes in words, a hold explained', () => {
    const held = decision({ seq: 9, outcome: 'held', from: 12, to: 12, reason: 'no successful read for 7 s: connect ECONNREFUSED 127.0.0.1:8090' });
    const text = writeControllerStatus(answer(status({ state: 'holding', slo_value: 52, slo_state: 'violated', note: 'metrics stale for 7 s' }), [decision({}), decision({ seq: 4, from: 12, to: 16, reason: 'p99 47 ms > 40 ms' }), held]));
    assert.match(text, /Controller \*\*c-3\*\* on \*\*example-service\*\* is \*\*holding\*\*/);
    assert.match(text, /workers is 12 \(it was 8 before the controller\), bounds 2–32/);
    assert.match(text, /latency_p99_ms is 52 ms against the limit < 40 ms: the SLO is violated/);
    assert.match(text, /14 decisions so far, 2 changes/);
    assert.match(text, /- workers 12 → 16 because p99 47 ms > 40 ms/);
    assert.match(text, /holding workers where it is: metrics stale for 7 s \(no blind changes/);
  });

  test('status of an error-rate SLO shows percentages', () => {
    const text = writeControllerStatus(answer(status({ slo: { metric: 'error_rate', op: '<', value: 0.01 }, slo_value: 0.004 })));
    assert.match(text, /error_rate is 0\.4% against the limit < 1%: the SLO is met/);
  });

  test('stopped: what it left the parameter at, and where it started', () => {
    const text = writeControllerStopped(answer(status({ state: 'stopped', value: 16 }), [decision({ from: 12, to: 16 })]));
    assert.match(text, /Stopped controller \*\*c-3\*\* on \*\*example-service\*\*: workers stays at 16 \(it was 8 when the controller started\); nothing is reset/);
    assert.match(text, /It made 14 decisions and 2 changes/);
  });

  test('a service whose control endpoint is down: the command that starts it', () => {
    const output = { ok: false, error: { code: 'source_unavailable', message: 'cannot read http://127.0.0.1:8090/metrics: connect ECONNREFUSED 127.0.0.1:8090', details: { url: 'http://127.0.0.1:8090/metrics' } } };
    const text = writeControlFailure('start_controller', output, { target: 'example-service' });
    assert.match(text, /^example-service has no metrics endpoint running at http:\/\/127\.0\.0\.1:8090: start it with `node examples\/service\/server\.mjs --port 8090`, then ask me again/);
  });

  test('conflict names the controller to stop; an unknown parameter lists the ones there are', () => {
    const conflict = writeControlFailure('start_controller', { ok: false, error: { code: 'conflict', message: 'controller c-1 already controls workers on "example-service" (running, policy aimd); stop it first', details: { controller_id: 'c-1' } } }, {});
    assert.match(conflict, /say "stop controller c-1" first/);
    const parameter = writeControlFailure('start_controller', { ok: false, error: { code: 'invalid_argument', message: 'target "example-service" has no actuator for parameter "threads"', details: { parameter: 'parameter', controllable: ['workers', 'cache_size'] } } }, {});
    assert.match(parameter, /Say which one to adjust: workers, cache_size\./);
  });
});

/** Control tools that answer like the real ones, over a dry-run toolset for the rest. */
function cannedTools(calls: Array<{ tool: string; input: unknown }>) {
  return (services: Parameters<typeof dryRunToolset>[0], sessionId: string, text: string): ToolSet => ({
    ...dryRunToolset(services, sessionId, text),
    start_controller: tool({
      description: 'start_controller (canned)',
      inputSchema: startControllerInput,
      execute: async (input) => {
        calls.push({ tool: 'start_controller', input });
        if (input.bounds && input.bounds.max > 64) return { ok: false, error: { code: 'invalid_argument', message: `bounds ${input.bounds.min}..${input.bounds.max} are outside workers's declared range 1..64 on target "example-service"`, details: { parameter: 'bounds', bounds: input.bounds, declared: { min: 1, max: 64 } } } };
        return answer(status({ bounds: input.bounds ?? { min: 1, max: 64 }, policy: input.policy && input.policy !== 'auto' ? input.policy : 'gradient2' }));
      },
    }),
    controller_status: tool({ description: 'controller_status (canned)', inputSchema: z.object({ controller_id: z.string().optional() }), execute: async (input) => (calls.push({ tool: 'controller_status', input }), answer(status(), [decision({})])) }),
    stop_controller: tool({ description: 'stop_controller (canned)', inputSchema: z.object({ controller_id: z.string().optional() }), execute: async (input) => (calls.push({ tool: 'stop_controller', input }), answer(status({ state: 'stopped' }))) }),
  });
}

async function run(messages: string[], tools: ReturnType<typeof cannedTools>): Promise<UIMessage> {
  const services = createTestServices(createModel({ kind: 'local' }));
  const session = new ChatStore(services.db).createSession({ title: 'control', source: 'cli' });
  let last: UIMessage | null = null;
  for (const text of messages) last = (await runChatTurn({ services, sessionId: session.id, text, dryRun: false, tools: tools(services, session.id, text) })).message;
  return last!;
}

describe('control answers through the turn loop', () => {
  test('start, then status and stop use the id the start returned', async () => {
    const calls: Array<{ tool: string; input: unknown }> = [];
    const tools = cannedTools(calls);
    const started = await run(['keep the p99 of my service under 40 ms by scaling its workers'], tools);
    assert.match(messageText(started), /Controller \*\*c-3\*\* started/);
    const stopped = await run(['keep the p99 of my service under 40 ms by scaling its workers', 'how is the controller doing?', 'stop the autoscaler'], tools);
    assert.deepEqual(calls.slice(1).map((c) => [c.tool, c.input]), [
      ['start_controller', { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers' }],
      ['controller_status', { controller_id: 'c-3' }],
      ['stop_controller', { controller_id: 'c-3' }],
    ]);
    assert.match(messageText(stopped), /Stopped controller \*\*c-3\*\*/);
  });

  test('bounds outside the parameter\'s range are clamped once and the answer says so', async () => {
    const calls: Array<{ tool: string; input: unknown }> = [];
    const last = await run(['keep p99 under 40 ms by scaling the workers between 2 and 100'], cannedTools(calls));
    assert.deepEqual(toolCalls(last).map((c) => c.tool), ['start_controller', 'start_controller']);
    assert.deepEqual((calls[1]!.input as { bounds: unknown }).bounds, { min: 2, max: 64 });
    assert.match(messageText(last), /The bounds 2–100 were outside what workers allows, so I used 2–64/);
  });
});
