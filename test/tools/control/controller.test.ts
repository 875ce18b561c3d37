import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../../tools/common/clock.ts';
import { createRng } from '../../../tools/common/rng.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { CONTROLLER_DEFAULTS } from '../../../tools/control/controller-defaults.ts';
import { Controller, type ControllerInit } from '../../../tools/control/controller.ts';
import type { Actuator, ControllerSettings, ControllerStatus, DecisionRecord, MetricSource, Policy, PolicyContext, PolicyProposal } from '../../../tools/control/types.ts';

/** A source whose next read returns `values` (or throws `error`) at the clock's time. */
class FakeSource implements MetricSource {
  readonly kind = 'prometheus';
  readonly describe = 'fake';
  values: Record<string, number> = { latency_p99_ms: 30 };
  error: Error | null = null;
  reads = 0;
  constructor(private readonly clock: ManualClock) {}
  signals() {
    return ['latency_p99_ms'];
  }
  async read() {
    this.reads++;
    if (this.error) throw this.error;
    return { at: this.clock.now(), values: { ...this.values }, count: 100 };
  }
}

class FakeActuator implements Actuator {
  readonly kind = 'http';
  readonly describe = 'fake';
  applied: number[] = [];
  failWith: Error | null = null;
  readError: Error | null = null;
  /** Runs while a value is applied (a slow actuator advances the clock). */
  onApply: (() => void) | null = null;
  constructor(public value: number | null) {}
  async read() {
    if (this.readError) throw this.readError;
    return this.value;
  }
  async apply(value: number) {
    this.onApply?.();
    if (this.failWith) throw this.failWith;
    this.applied.push(value);
    this.value = value;
  }
}

class FakePolicy implements Policy {
  readonly name = 'little';
  readonly requires = [];
  calls: PolicyContext[] = [];
  constructor(public propose: (context: PolicyContext) => PolicyProposal) {}
  decide(context: PolicyContext) {
    this.calls.push(context);
    return this.propose(context);
  }
}

function setup(options: { settings?: Partial<ControllerSettings>; value?: number | null; propose?: (c: PolicyContext) => PolicyProposal; init?: Partial<ControllerInit> } = {}) {
  const clock = new ManualClock(1_000_000);
  const source = new FakeSource(clock);
  const actuator = new FakeActuator(options.value === undefined ? 8 : options.value);
  const policy = new FakePolicy(options.propose ?? (() => ({ value: null, reason: 'fine', inputs: {} })));
  const decisions: DecisionRecord[] = [];
  const statuses: ControllerStatus[] = [];
  const settings: ControllerSettings = { ...CONTROLLER_DEFAULTS, min_samples: 1, cooldown_s: 0, max_step_ratio: 1, ...options.settings };
  const controller = new Controller({
    id: 'c-1', target: 'svc', parameter: 'workers', slo: { metric: 'latency_p99_ms', op: '<', value: 40 }, bounds: { min: 1, max: 64 }, integer: true,
    policy, policy_reason: 'asked for', settings, source, actuator, clock, observer: { decision: (r) => decisions.push(r), status: (s) => statuses.push(s) },
    ...options.init,
  });
  /** One period later, then a tick. */
  const tick = async () => {
    clock.advance(1000);
    return controller.tick();
  };
  return { clock, source, actuator, policy, controller, decisions, statuses, tick };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Controller', () => {
  test('a decision reads like the chat shows it and carries its inputs', async () => {
    let ready = false;
    const manual = setup({ propose: (): PolicyProposal => (ready ? { value: 12.2, reason: '1400 lookups/s × 6.1 ms / 0.7 = 12.2', inputs: { work_per_s: 1400, service_ms: 6.1 } } : { value: null, reason: 'waiting', inputs: {} }), settings: { min_samples: 3 } });
    manual.source.values = { latency_p99_ms: 52 };
    const first = await manual.tick();
    assert.equal(first.outcome, 'refused');
    assert.equal(first.reason, 'too little data for latency_p99_ms: 1 sample < 3 needed');
    assert.equal((await manual.tick()).reason, 'too little data for latency_p99_ms: 2 samples < 3 needed');
    const third = await manual.tick();
    assert.equal(third.outcome, 'no_change');
    assert.equal(third.reason, 'p99 52 ms > 40 ms → workers stays 8 (little: waiting)');
    await manual.tick();
    await manual.tick();
    ready = true;
    const record = await manual.tick();
    assert.equal(record.outcome, 'applied');
    assert.equal(record.reason, 'p99 52 ms > 40 ms for 3 s → workers 8 → 12 (little: 1400 lookups/s × 6.1 ms / 0.7 = 12.2)');
    assert.deepEqual(manual.actuator.applied, [12]);
    assert.equal(record.from, 8);
    assert.equal(record.to, 12);
    assert.equal(record.seq, 6);
    assert.equal(record.slo_state, 'violated');
    assert.equal(record.slo_value, 52);
    assert.equal(record.inputs.work_per_s, 1400);
    assert.equal(record.inputs.proposed, 12.2);
    assert.equal(record.inputs.slo_value, 52);
    assert.equal(manual.controller.status().value, 12);
    assert.equal(manual.controller.status().initial_value, 8);
    assert.equal(manual.controller.status().changes, 1);
    assert.equal(manual.controller.status().decisions, 6);
    assert.deepEqual(manual.decisions.map((d) => d.outcome), ['refused', 'refused', 'no_change', 'no_change', 'no_change', 'applied']);
  });

  test('bounds are never left, whatever the policy proposes (seeded random proposals)', async () => {
    const rng = createRng(15);
    const wild = () => {
      const r = rng.next();
      if (r < 0.05) return Number.NaN;
      if (r < 0.1) return null;
      if (r < 0.2) return -1000 * rng.next();
      if (r < 0.3) return 1e6 * rng.next();
      return rng.next() * 80 - 8;
    };
    for (const ratio of [0.25, 1, 5]) {
      const { tick, actuator, decisions } = setup({ value: 200, propose: () => ({ value: wild(), reason: 'random', inputs: {} }), settings: { max_step_ratio: ratio } });
      for (let i = 0; i < 400; i++) {
        const record = await tick();
        assert.ok(record.to >= 1 && record.to <= 64 && Number.isInteger(record.to), `tick ${i}: ${record.to} (${record.reason})`);
      }
      assert.equal(decisions[0]!.reason, 'workers 200 is outside the bounds 1..64 → 64', 'a value read outside the bounds is brought inside first');
      assert.ok(actuator.applied.length > 50);
      assert.ok(actuator.applied.every((v) => v >= 1 && v <= 64 && Number.isInteger(v)), JSON.stringify(actuator.applied.filter((v) => v < 1 || v > 64)));
      assert.ok(decisions.some((d) => d.outcome === 'failed' && /proposed NaN, not a number/.test(d.reason)));
    }
  });

  test('step limit: ×(1+r) up, ÷(1+r) down, at least one unit', async () => {
    let want = 40;
    const { tick, actuator } = setup({ propose: () => ({ value: want, reason: 'r', inputs: {} }) });
    assert.match((await tick()).reason, /workers 8 → 16 \(little: r; step limited to ×2: 16 instead of 40\)/);
    want = 1;
    assert.match((await tick()).reason, /workers 16 → 8 .*step limited to ÷2: 8 instead of 1/);
    want = 1000;
    const small = setup({ value: 1, propose: () => ({ value: 1000, reason: 'r', inputs: {} }), settings: { max_step_ratio: 0.1 } });
    const record = await small.tick();
    assert.equal(record.to, 2, 'one unit even when 10% of 1 rounds to nothing');
    assert.match(record.reason, /clamped to the upper bound 64; step limited to ×1\.1: 2 instead of 64/);
    assert.deepEqual(actuator.applied, [16, 8]);
  });

  test('stale or failing metrics hold the last value and never apply; fresh metrics resume', async () => {
    const fresh = setup({ propose: () => ({ value: 30, reason: 'grow', inputs: {} }) });
    fresh.source.values = { latency_p99_ms: 52 };
    await fresh.tick();
    const applied = fresh.actuator.applied.length;
    fresh.source.error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8090'), { code: 'ECONNREFUSED' });
    let record: DecisionRecord | undefined;
    for (let i = 0; i < 6; i++) record = await fresh.tick();
    assert.equal(record!.outcome, 'held');
    assert.equal(record!.reason, 'holding workers=16: metrics unreadable for 6 s (connect ECONNREFUSED 127.0.0.1:8090)');
    assert.equal(record!.from, 16);
    assert.equal(record!.to, 16);
    assert.equal(fresh.actuator.applied.length, applied, 'nothing applied while stale');
    assert.equal(fresh.controller.status().state, 'holding');
    assert.match(fresh.controller.status().note!, /^holding workers=16/);
    assert.ok(fresh.statuses.some((s) => s.state === 'holding'));
    fresh.source.error = null;
    const back = await fresh.tick();
    assert.notEqual(back.outcome, 'held');
    assert.equal(fresh.controller.status().state, 'running');
    assert.equal(fresh.controller.status().note, null);
  });

  test('cooldown after a change refuses the next changes until it ends', async () => {
    let want = 12;
    const { tick, actuator } = setup({ propose: () => ({ value: want, reason: 'r', inputs: {} }), settings: { cooldown_s: 3 } });
    assert.equal((await tick()).outcome, 'applied');
    want = 16;
    const refused = await tick();
    assert.equal(refused.outcome, 'refused');
    assert.match(refused.reason, /^cooling down after workers 8 → 12: 2 s left/);
    assert.equal((await tick()).outcome, 'refused');
    assert.equal((await tick()).outcome, 'applied', 'cooldown of 3 s is over at the third period');
    assert.deepEqual(actuator.applied, [12, 16]);
  });

  test('the cooldown counts from the tick that decided, not from the actuator answer', async () => {
    let want = 12;
    const { tick, actuator, clock } = setup({ propose: () => ({ value: want, reason: 'r', inputs: {} }), settings: { cooldown_s: 2 } });
    actuator.onApply = () => clock.advance(40); // the PUT takes 40 ms
    assert.equal((await tick()).outcome, 'applied');
    want = 16;
    // The loop starts ticks a period apart from their starts: the next one 960 ms after the answer, and by the wall
    // clock a tick may come a millisecond or two early (the cooldown allows 50 ms of jitter).
    clock.advance(-42);
    assert.equal((await tick()).outcome, 'refused');
    const second = await tick();
    assert.equal(second.outcome, 'applied', `2 periods after the deciding tick: ${second.reason}`);
    assert.deepEqual(actuator.applied, [12, 16]);
  });

  test('rollback: a change that made a violated SLO worse is undone and its direction blocked', async () => {
    let want: number | null = 12;
    const { tick, source, actuator, controller } = setup({ propose: () => ({ value: want, reason: 'r', inputs: {} }), settings: { cooldown_s: 2, rollback_after_s: 10, rollback_worse_ratio: 0.25 } });
    source.values = { latency_p99_ms: 50 };
    assert.equal((await tick()).outcome, 'applied');
    source.values = { latency_p99_ms: 70 }; // 40% worse than 50, violated
    assert.equal((await tick()).outcome, 'refused', 'not judged before the change had time to show (cooldown, 2 periods)');
    const rolled = await tick();
    assert.equal(rolled.outcome, 'rolled_back');
    assert.equal(rolled.from, 12);
    assert.equal(rolled.to, 8);
    assert.match(rolled.reason, /workers 8 → 12 made p99 70 ms > 40 ms worse than 50 before it \(by more than 25%\) → back to workers 8; raising it is blocked for 10 s/);
    assert.deepEqual(actuator.applied, [12, 8]);
    want = 20;
    await tick(); // cooldown
    const blocked = await tick();
    assert.equal(blocked.outcome, 'refused');
    assert.match(blocked.reason, /refused for 8 s more: workers 8 → 12 made/);
    want = 4;
    assert.equal((await tick()).outcome, 'applied', 'the other direction is open');
    assert.equal(controller.status().value, 4);
    // Worse by less than the ratio, or an SLO that is met, keeps the change.
    const calm = setup({ propose: () => ({ value: 12, reason: 'r', inputs: {} }) });
    calm.source.values = { latency_p99_ms: 50 };
    await calm.tick();
    calm.source.values = { latency_p99_ms: 60 };
    assert.notEqual((await calm.tick()).outcome, 'rolled_back');
    assert.notEqual((await calm.tick()).outcome, 'rolled_back');
  });

  test('rollback: a worse SLO under a load that grew since the change is the load, not the change', async () => {
    const { tick, source, actuator } = setup({ propose: () => ({ value: 12, reason: 'r', inputs: {} }), settings: { cooldown_s: 2, rollback_after_s: 10, rollback_worse_ratio: 0.25 } });
    source.values = { latency_p99_ms: 50, requests_per_s: 200 };
    assert.equal((await tick()).outcome, 'applied');
    source.values = { latency_p99_ms: 90, requests_per_s: 900 }; // the load step came with the change
    for (let i = 0; i < 4; i++) assert.notEqual((await tick()).outcome, 'rolled_back');
    assert.deepEqual(actuator.applied, [12]);
  });

  test('dry run decides and records but never applies', async () => {
    const { tick, actuator, controller, decisions } = setup({ value: 100, propose: () => ({ value: 30, reason: 'grow', inputs: {} }), settings: { dry_run: true } });
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(actuator.applied, []);
    assert.ok(decisions.every((d) => d.outcome === 'dry_run'));
    assert.match(decisions[0]!.reason, /^dry run: workers 100 is outside the bounds/);
    assert.equal(controller.status().value, 100);
    assert.equal(controller.status().dry_run, true);
  });

  test('a throwing policy and a failing actuator are failed decisions; the loop goes on', async () => {
    let mode: 'throw' | 'grow' = 'throw';
    const { tick, actuator, controller } = setup({
      propose: () => {
        if (mode === 'throw') throw new Error('division by zero');
        return { value: 12, reason: 'grow', inputs: {} };
      },
    });
    const thrown = await tick();
    assert.equal(thrown.outcome, 'failed');
    assert.equal(thrown.reason, 'policy little failed: division by zero; workers stays 8');
    mode = 'grow';
    actuator.failWith = new ToolError('unavailable', 'PUT http://127.0.0.1:8090/control answered 503: "busy"');
    const failed = await tick();
    assert.equal(failed.outcome, 'failed');
    assert.match(failed.reason, /workers 8 → 12 .* failed: PUT .* answered 503: "busy"; workers stays 8$/);
    assert.equal(failed.to, 8);
    assert.equal(controller.status().value, 8);
    assert.match(controller.status().note!, /^actuator failed: PUT/);
    actuator.failWith = null;
    assert.equal((await tick()).outcome, 'applied');
    assert.equal(controller.status().value, 12);
  });

  test('start reads the current value, or falls back with a note; the loop runs every period until stop', async () => {
    const unreadable = setup({ value: null, init: { initial_value: 6 } });
    await unreadable.controller.start();
    assert.equal(unreadable.controller.status().value, 6);
    assert.match(unreadable.controller.status().note!, /the http actuator cannot read workers; assuming workers=6/);
    await unreadable.controller.stop('done');
    const failing = setup();
    failing.actuator.readError = new Error('connect ECONNREFUSED');
    await failing.controller.start();
    assert.equal(failing.controller.status().value, 1);
    assert.match(failing.controller.status().note!, /could not read workers: connect ECONNREFUSED; assuming workers=1, the lower bound/);
    await failing.controller.stop('done');

    const restart = setup({ value: null, init: { initial_value: 100 } });
    Object.defineProperty(restart.actuator, 'kind', { value: 'restart' });
    await restart.controller.start();
    assert.deepEqual(restart.actuator.applied, [64], 'a restart actuator runs nothing until told: the service starts inside the bounds');
    assert.equal(restart.controller.status().note, 'started the service with workers=64');
    await restart.controller.stop('done');

    const { controller, clock, decisions, actuator, statuses, policy } = setup({ propose: (c) => ({ value: c.current + 1, reason: 'one more', inputs: {} }) });
    await controller.start();
    assert.equal(controller.status().state, 'running');
    await flush();
    assert.equal(decisions.length, 1, 'the first tick runs at once');
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      await flush();
    }
    assert.equal(decisions.length, 5);
    assert.deepEqual(actuator.applied, [9, 10, 11, 12, 13]);
    assert.equal(policy.calls.at(-1)!.period_s, 1);
    await controller.stop('the user asked');
    const status = controller.status();
    assert.equal(status.state, 'stopped');
    assert.equal(status.note, 'the user asked');
    assert.equal(status.stopped_at, clock.now());
    assert.equal(statuses.at(-1)!.state, 'stopped');
    await controller.done();
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await flush();
    }
    assert.equal(decisions.length, 5, 'no tick after stop');
    assert.deepEqual(actuator.applied, [9, 10, 11, 12, 13], 'stop leaves the actuator untouched');
    await assert.rejects(controller.tick(), /controller c-1 is stopped/);
    const interrupted = setup();
    await interrupted.controller.start();
    await interrupted.controller.stop('tunechat shut down', { state: 'interrupted' });
    assert.equal(interrupted.controller.status().state, 'interrupted');
  });
});

describe('Controller against the example service (real process, real HTTP)', () => {
  test('scrapes its /metrics, scales its workers through PUT /control, stays in bounds, stops cleanly', async () => {
    const { spawn } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const { freePort } = await import('../../../tools/bench/service-target.ts');
    const { systemClock } = await import('../../../tools/common/clock.ts');
    const { parseControlSection } = await import('../../../tools/control/control-section.ts');
    const { createSource } = await import('../../../tools/control/sources/index.ts');
    const { createActuator } = await import('../../../tools/control/actuators/index.ts');
    const { resolveSettings } = await import('../../../tools/control/controller-defaults.ts');
    const port = await freePort();
    const service = spawn(process.execPath, ['examples/service/server.mjs', '--port', String(port), '--workers', '2'], { stdio: 'ignore' });
    const base = `http://127.0.0.1:${port}`;
    try {
      for (let i = 0; i < 100; i++) {
        const up = await fetch(`${base}/health`).then((r) => r.ok, () => false);
        if (up) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const config = JSON.parse(readFileSync('tunechat.json', 'utf8')) as { targets: { name: string; control?: unknown }[] };
      const raw = JSON.stringify(config.targets.find((t) => t.control)!.control).replaceAll('127.0.0.1:8090', `127.0.0.1:${port}`);
      const section = parseControlSection(JSON.parse(raw));
      assert.equal(section.metrics.type, 'prometheus');
      const source = createSource({ ...section.metrics, window_s: 1 } as typeof section.metrics, { clock: systemClock });
      const actuator = createActuator('workers', section.parameters.workers!.actuator, { clock: systemClock });
      const decisions: DecisionRecord[] = [];
      // A simple rule for the test: double the pool while the p99 breaks the SLO.
      const policy: Policy = { name: 'threshold', requires: ['latency_p99_ms'], decide: (c) => (c.analysis.slo.state === 'violated' ? { value: c.current * 2, reason: 'p99 over the SLO → ×2', inputs: {} } : { value: null, reason: 'within the SLO', inputs: {} }) };
      const controller = new Controller({
        id: 'c-e2e', target: 'example-service', parameter: 'workers', slo: { metric: 'latency_p99_ms', op: '<', value: 40 }, bounds: { min: 1, max: 16 }, integer: true,
        policy, policy_reason: 'test', settings: resolveSettings({ target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', period_s: 0.25 }, { min_samples: 2, cooldown_s: 0.5, window_s: 2 }),
        source, actuator, clock: systemClock, observer: { decision: (r) => decisions.push(r), status: () => {} },
      });
      await controller.start();
      assert.equal(controller.status().initial_value, 2, 'read through GET /control');
      // Closed-loop load: 40 clients, each key distinct (no cache hits), until the pool was scaled (at most 20 s:
      // a busy machine runs fewer ticks per second, so the stop condition is behaviour, not time).
      const deadline = Date.now() + 20_000;
      const scaled = () => decisions.some((d) => d.outcome === 'applied');
      let requests = 0;
      await Promise.all(
        Array.from({ length: 40 }, async (_, client) => {
          for (let i = 0; Date.now() < deadline && !scaled(); i++) {
            await fetch(`${base}/item?key=${client}-${i}`).then((r) => r.arrayBuffer());
            requests++;
          }
        }),
      );
      await controller.stop('test over');
      const value = controller.status().value;
      console.log(`${requests} requests; ${decisions.length} decisions; workers 2 → ${value}; ${decisions.map((d) => `${d.outcome}: ${d.reason}`).join(' | ')}`);
      assert.ok(decisions.some((d) => d.slo_value !== null), 'the p99 came through the Prometheus source');
      assert.ok(decisions.some((d) => d.outcome === 'applied'), 'the pool was scaled');
      assert.ok(decisions.every((d) => d.to >= 1 && d.to <= 16));
      assert.equal(await actuator.read(), value, 'the service runs what the controller says');
      assert.ok(value! > 2);
    } finally {
      service.kill('SIGTERM');
    }
  });
});
