import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ControllerStore } from '../../../db/controller-store.ts';
import { createModel } from '../../../server/agent/model.ts';
import { createToolset } from '../../../server/agent/toolset.ts';
import { closeServices } from '../../../server/services.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import { OPERATOR } from '../../../tools/common/requester.ts';
import { ControllerManager } from '../../../tools/control/controller-manager.ts';
import { gateFor } from '../../support/command-gate.ts';
import { createTestServices } from '../../support/test-services.ts';
import { FakeService, FAST, flush, stepPolicy, tick } from './manager-fakes.ts';

type Exec = (input: unknown, options: { toolCallId: string; messages: [] }) => Promise<unknown>;
const exec = (t: unknown, input: unknown) => (t as { execute: Exec }).execute(input, { toolCallId: 't', messages: [] });

interface Answer {
  ok: boolean;
  controller_id: string;
  controller: { id: string; state: string; value: number | null; policy: string; policy_reason: string };
  decisions: Array<{ seq: number; outcome: string; from: number; to: number; reason: string }>;
  summary: string;
  error?: { code: string; message: string; details: Record<string, unknown> };
}

/**
 * The real services and toolset (in-memory database, the repository's tunechat.json with example-service's control
 * section), with the controller manager's source and actuator replaced by an in-memory service.
 */
function setup() {
  const services = createTestServices(createModel({ kind: 'local' }));
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 10, 2, 0));
  const service = new FakeService();
  services.controllers = new ControllerManager({
    store: new ControllerStore(services.db), clock, targets: services.targets, settings: FAST,
    sources: () => service.source(clock), actuators: () => service.actuator(), policies: () => stepPolicy(),
  });
  const tools = createToolset({ services, sessionId: 'chat-1', dryRun: false, requester: OPERATOR, commands: gateFor('') });
  return { services, clock, service, tools };
}

describe('control agent tools', () => {
  test('start_controller, controller_status and stop_controller answer the status, the decisions and a summary', async () => {
    const { services, clock, service, tools } = setup();
    service.values.latency_p99_ms = 52;
    const started = (await exec(tools.start_controller, { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', bounds: { min: 2, max: 32 } })) as Answer;
    assert.equal(started.ok, true, JSON.stringify(started.error));
    assert.equal(started.controller_id, 'c-1');
    assert.equal(started.controller.policy, 'threshold', 'auto: a worker pool with queue wait and busy signals');
    assert.match(started.controller.policy_reason, /queue wait/);
    await flush();
    service.values.latency_p99_ms = 30;
    await tick(clock, 1);

    const status = (await exec(tools.controller_status, {})) as Answer;
    assert.equal(status.controller.id, 'c-1', "default: the session's latest");
    assert.deepEqual([status.controller.state, status.controller.value], ['running', 12]);
    assert.deepEqual(status.decisions.map((d) => [d.seq, d.outcome]), [[1, 'applied'], [2, 'no_change']]);
    console.log(`summary: ${status.summary}`);
    assert.match(status.summary, /^c-1 keeps latency_p99_ms < 40 on example-service by changing workers \(policy threshold\); workers 8 → 12 at 10:02:00 because p99 52 ms > 40 ms \(/);

    const stopped = (await exec(tools.stop_controller, {})) as Answer;
    assert.deepEqual([stopped.controller.state, stopped.controller.value], ['stopped', 12]);
    assert.match(stopped.summary, /^c-1 stopped .*workers left at 12/);
    assert.equal(service.workers, 12);
    await closeServices(services);
  });

  test('fixable mistakes come back as { ok: false, error } naming the field', async () => {
    const { services, tools } = setup();
    const unknown = (await exec(tools.start_controller, { target: 'nope', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers' })) as Answer;
    assert.equal(unknown.ok, false);
    assert.equal(unknown.error!.code, 'not_found');
    assert.match(unknown.error!.message, /targets with a control section: example-service/);
    const noActuator = (await exec(tools.start_controller, { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'threads' })) as Answer;
    assert.equal(noActuator.error!.details.parameter, 'parameter');
    assert.match(noActuator.error!.message, /controllable parameters: workers, cache_size/);
    const none = (await exec(tools.controller_status, {})) as Answer;
    assert.deepEqual([none.ok, none.error!.code], [false, 'not_found']);
    const missing = (await exec(tools.stop_controller, { controller_id: 'c-7' })) as Answer;
    assert.match(missing.error!.message, /no controller with id c-7/);
    await closeServices(services);
  });
});
