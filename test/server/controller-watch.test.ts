import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import type { TurnHub } from '../../server/chat/turn-hub.ts';
import { AppMetrics } from '../../server/metrics.ts';
import type { ControllerFrame, ServerFrame } from '../../server/protocol.ts';
import type { ChatConnection } from '../../server/ws/chat-connection.ts';
import { ControllerWatch, MAX_WATCHED_CONTROLLERS, type ControllerFeedSource } from '../../server/ws/controller-watch.ts';
import type { Schedule } from '../../server/ws/study-watch.ts';
import { websocketRoute } from '../../server/ws/websocket-route.ts';
import { ToolError } from '../../tools/common/errors.ts';
import type { ControlObserver, ControllerStatus, DecisionOutcome, DecisionRecord } from '../../tools/control/types.ts';
import { WsTestClient } from '../support/ws-client.ts';

/** The ControllerManager's read side, in memory: the test adds decisions and reports them to observers. */
class FakeControllers implements ControllerFeedSource {
  readonly stored = new Map<string, DecisionRecord[]>();
  readonly statuses = new Map<string, ControllerStatus>();
  readonly observers = new Set<ControlObserver>();

  add(id: string, overrides: Partial<ControllerStatus> = {}): ControllerStatus {
    const status: ControllerStatus = {
      id, target: 'example-service', parameter: 'workers', policy: 'little', policy_reason: 'asked for', slo: { metric: 'latency_p99_ms', op: '<', value: 40 },
      bounds: { min: 1, max: 32 }, dry_run: false, state: 'running', value: 8, initial_value: 8, slo_value: null, slo_state: 'unknown',
      decisions: 0, changes: 0, last_decision: null, started_at: 1_000, stopped_at: null, note: null, session_id: null, ...overrides,
    };
    this.statuses.set(id, status);
    this.stored.set(id, []);
    return status;
  }

  /** A decision: stored (unless `store: false`, a coalesced tick) and, when `notify`, sent to observers (this process runs it). */
  decide(id: string, outcome: DecisionOutcome, from: number, to: number, sloValue: number, options: { store?: boolean; notify?: boolean } = {}): DecisionRecord {
    const status = this.statuses.get(id)!;
    const record: DecisionRecord = {
      controller_id: id, seq: status.decisions + 1, at: 1_000 + 1_000 * (status.decisions + 1), policy: 'little', parameter: 'workers', from, to, outcome,
      reason: `p99 ${sloValue} ms`, inputs: { slo_value: sloValue }, slo_state: sloValue > 40 ? 'violated' : 'ok', slo_value: sloValue,
    };
    const next = { ...status, decisions: record.seq, value: outcome === 'applied' ? to : from, slo_value: sloValue, last_decision: record };
    this.statuses.set(id, next);
    if (options.store !== false) this.stored.get(id)!.push(record);
    if (options.notify !== false) {
      for (const o of this.observers) o.decision(record);
      for (const o of this.observers) o.status(next);
    }
    return record;
  }

  status(id: string): ControllerStatus {
    const status = this.statuses.get(id);
    if (!status) throw new ToolError('not_found', `no controller with id ${id}`);
    return status;
  }

  decisions(id: string, options: { after_seq?: number; limit?: number } = {}): DecisionRecord[] {
    const all = this.stored.get(id) ?? [];
    const limit = options.limit ?? 100;
    return options.after_seq !== undefined ? all.filter((d) => d.seq > options.after_seq!).slice(0, limit) : all.slice(-limit);
  }

  addObserver(observer: ControlObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }
}

/** Timers the test fires by hand: coalescing and polling are deterministic. */
function manualTimers() {
  const pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const timer = { fn, ms, cancelled: false };
    pending.push(timer);
    return () => (timer.cancelled = true);
  };
  return {
    schedule,
    waiting: (ms?: number) => pending.filter((t) => !t.cancelled && (ms === undefined || t.ms === ms)),
    /** Fires the live timers of one delay (the coalescing 250 ms or the 1000 ms poll). */
    fire: (ms: number) => {
      const due = pending.filter((t) => !t.cancelled && t.ms === ms);
      for (const t of due) pending.splice(pending.indexOf(t), 1);
      for (const t of due) t.fn();
    },
  };
}

function setup() {
  const controllers = new FakeControllers();
  const timers = manualTimers();
  const frames: ControllerFrame[] = [];
  const watch = new ControllerWatch(controllers, (f) => frames.push(f), { coalesceMs: 250, pollMs: 1000, schedule: timers.schedule });
  return { controllers, timers, frames, watch };
}

describe('ControllerWatch', () => {
  test('watch sends the status, the latest notable decisions and the stored history as series; then coalesced frames of every decision', () => {
    const { controllers, timers, frames, watch } = setup();
    controllers.add('c-1');
    controllers.decide('c-1', 'no_change', 8, 8, 30);
    controllers.decide('c-1', 'applied', 8, 12, 52);
    controllers.decide('c-1', 'refused', 12, 16, 45);
    controllers.decide('c-1', 'no_change', 12, 12, 41, { store: false });
    watch.watch('c-1');
    assert.equal(frames.length, 1);
    const first = frames[0]!;
    assert.equal(first.status.value, 12);
    assert.deepEqual(first.decisions.map((d) => d.outcome), ['applied', 'refused'], 'the log gets the notable stored decisions');
    assert.deepEqual(first.series, [
      { at: 2_000, slo_value: 30, value: 8 },
      { at: 3_000, slo_value: 52, value: 12 },
      { at: 4_000, slo_value: 45, value: 12 },
    ], 'the chart starts from every stored decision, the parameter as each left it');
    assert.equal(controllers.observers.size, 1);

    // Three ticks inside one coalescing window: one frame with all three, no series.
    controllers.decide('c-1', 'no_change', 12, 12, 39, { store: false });
    controllers.decide('c-1', 'applied', 12, 16, 47);
    controllers.decide('c-1', 'no_change', 16, 16, 38, { store: false });
    assert.equal(frames.length, 1, 'nothing before the window ends');
    assert.equal(timers.waiting(250).length, 1, 'one pending flush for the burst');
    timers.fire(250);
    assert.equal(frames.length, 2);
    assert.deepEqual(frames[1]!.decisions.map((d) => [d.seq, d.outcome]), [[5, 'no_change'], [6, 'applied'], [7, 'no_change']]);
    assert.equal(frames[1]!.series, undefined);
    assert.equal(frames[1]!.status.decisions, 7, 'the newest status');

    // A live controller is not polled: the poll only re-arms.
    timers.fire(1000);
    timers.fire(1000);
    assert.equal(frames.length, 2);
  });

  test('a controller run by another process (no events) is followed through the store; a final state is sent once', () => {
    const { controllers, timers, frames, watch } = setup();
    controllers.add('c-2');
    watch.watch('c-2');
    assert.deepEqual(frames[0]!.series, []);
    controllers.decide('c-2', 'applied', 8, 10, 50, { notify: false });
    controllers.decide('c-2', 'held', 10, 10, 50, { notify: false });
    timers.fire(1000);
    assert.equal(frames.length, 2);
    assert.deepEqual(frames[1]!.decisions.map((d) => d.seq), [1, 2]);
    timers.fire(1000);
    assert.equal(frames.length, 2, 'nothing new: no frame');
    controllers.statuses.set('c-2', { ...controllers.status('c-2'), state: 'stopped', stopped_at: 9_000 });
    timers.fire(1000);
    timers.fire(1000);
    assert.equal(frames.length, 3);
    assert.equal(frames[2]!.status.state, 'stopped');
  });

  test('unknown controllers are refused as not_found, the 65th watch as busy; unwatch and close release the observer and timers', () => {
    const { controllers, timers, watch } = setup();
    assert.throws(() => watch.watch('c-404'), (e: unknown) => ToolError.isInstance(e) && e.code === 'not_found');
    assert.equal(watch.subscribed, false);
    for (let i = 1; i <= MAX_WATCHED_CONTROLLERS; i++) {
      controllers.add(`c-${i}`);
      watch.watch(`c-${i}`);
    }
    controllers.add('c-65');
    assert.throws(() => watch.watch('c-65'), (e: unknown) => ToolError.isInstance(e) && e.code === 'busy' && /64/.test(e.message));
    watch.watch('c-1'); // re-watching one already watched is allowed at the limit
    assert.equal(watch.size, MAX_WATCHED_CONTROLLERS);
    watch.unwatch('c-1');
    assert.equal(watch.size, MAX_WATCHED_CONTROLLERS - 1);
    controllers.decide('c-2', 'applied', 8, 9, 50);
    watch.close();
    assert.equal(watch.size, 0);
    assert.equal(watch.subscribed, false);
    assert.equal(controllers.observers.size, 0);
    assert.equal(timers.waiting().length, 0, 'no flush or poll left armed');
  });

  test('receive takes controller frames only; a bad watch answers an error frame with its requestId', () => {
    const { controllers, frames, watch } = setup();
    controllers.add('c-1');
    const errors: ServerFrame[] = [];
    assert.equal(watch.receive(JSON.stringify({ type: 'send', requestId: 'r', id: null, text: 'watch-controller"' }), (f) => errors.push(f)), false);
    assert.equal(watch.receive('{"type":"watch-controller"', (f) => errors.push(f)), false, 'not JSON: the chat connection reports it');
    assert.equal(watch.receive(JSON.stringify({ type: 'watch-controller', requestId: 'w1', controllerId: 'c-1' }), (f) => errors.push(f)), true);
    assert.equal(frames.length, 1);
    assert.equal(watch.receive(JSON.stringify({ type: 'watch-controller', requestId: 'w2', controllerId: 'c-9' }), (f) => errors.push(f)), true);
    assert.deepEqual(errors, [{ type: 'error', requestId: 'w2', errorText: 'no controller with id c-9', code: 'not_found' }]);
    assert.equal(watch.receive(JSON.stringify({ type: 'unwatch-controller', controllerId: 'c-1' }), (f) => errors.push(f)), true);
    assert.equal(watch.size, 0);
  });
});

describe('watch-controller over /ws', () => {
  test('frames arrive on a real socket, errors are error frames, closing the socket releases the observer', async () => {
    const controllers = new FakeControllers();
    controllers.add('c-1');
    const app = new Hono();
    const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app });
    const connections = new Set<ChatConnection>();
    app.get('/ws', websocketRoute({ upgradeWebSocket, hub: {} as TurnHub, connections, metrics: new AppMetrics(), controllers, controllerWatch: { coalesceMs: 20 } }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    injectWebSocket(server);
    const client = await WsTestClient.connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`);
    try {
      client.send({ type: 'watch-controller', requestId: 'w1', controllerId: 'c-1' });
      const first = (await client.waitFor((f) => f.type === 'controller', 5_000)) as ControllerFrame;
      assert.deepEqual(first.series, []);
      controllers.decide('c-1', 'applied', 8, 12, 52);
      const next = (await client.waitFor((f) => f.type === 'controller' && f.decisions.length > 0, 5_000)) as ControllerFrame;
      assert.deepEqual(next.decisions.map((d) => [d.from, d.to]), [[8, 12]]);
      client.send({ type: 'watch-controller', requestId: 'w2', controllerId: 'nope' });
      const error = await client.waitFor((f) => f.type === 'error', 5_000);
      assert.deepEqual(error, { type: 'error', requestId: 'w2', errorText: 'no controller with id nope', code: 'not_found' });
      // A chat frame still reaches the chat connection (here: a malformed one, answered by it).
      client.send({ type: 'unwatch-study' });
      const malformed = await client.waitFor((f) => f.type === 'error' && f.requestId === null, 5_000);
      assert.equal((malformed as { code: string }).code, 'invalid_argument');
      assert.equal(controllers.observers.size, 1);
      client.socket.close();
      for (let i = 0; i < 100 && controllers.observers.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(controllers.observers.size, 0, 'the socket closed: the observer is released');
    } finally {
      client.socket.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
