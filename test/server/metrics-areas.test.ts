import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { AppMetrics } from '../../server/metrics.ts';
import { benchHeadline } from '../../server/metrics/bench-metrics.ts';
import type { HttpBenchResult } from '../../tools/bench/types.ts';
import type { ControlObserver, ControllerStatus } from '../../tools/control/types.ts';
import type { StudyListener, StudyRecord, Trial } from '../../tools/optimizer/types.ts';
import { generateMetricsActivity } from '../support/metrics-activity.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';

/** The value of one series in Prometheus text format (labels in any order), or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.keys(found).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

const trial = (overrides: Partial<Trial>): Trial => ({
  id: 't', studyId: 's1', number: 0, state: 'complete', params: {}, distributions: {}, values: null, metrics: {}, intermediate: {},
  constraintViolations: null, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 1000, completedAt: 3500, ...overrides,
});

/** A StudySource whose events the test sends by hand. */
function fakeStudies(records: StudyRecord[], stored: Trial[] = []) {
  const listeners = new Set<StudyListener>();
  return {
    on: (listener: StudyListener) => (listeners.add(listener), () => void listeners.delete(listener)),
    get: (id: string) => records.find((r) => r.id === id) ?? null,
    list: () => records,
    trials: (id: string) => stored.filter((t) => t.studyId === id),
    emit: (event: Parameters<StudyListener>[0]) => listeners.forEach((l) => l(event)),
  };
}

const record = (id: string, direction: 'minimize' | 'maximize', status: StudyRecord['status'] = 'running'): StudyRecord => ({
  id, name: id, sessionId: null, status, createdAt: 0, updatedAt: 0,
  spec: { space: {}, objectives: [{ metric: 'accuracy', direction }, { metric: 'latency_p99_ms', direction: 'minimize' }], target: { kind: 'builtin', problem: 'x' } },
});

describe('AppMetrics areas', () => {
  test('studies: trials by final state, durations, best value per objective while active (feasible trials only, seeded from stored trials), removed at the end', async () => {
    const metrics = new AppMetrics();
    const source = fakeStudies([record('s1', 'maximize'), record('s2', 'minimize', 'complete')], [trial({ id: 'old', values: [0.8, 30] })]);
    const off = metrics.watch({ studies: source });
    source.emit({ type: 'study-start', studyId: 's1', at: 0 });
    source.emit({ type: 'trial-start', studyId: 's1', trial: trial({ id: 'a', state: 'running' }), at: 0 });
    let text = (await metrics.render()).body;
    assert.equal(sample(text, 'tunechat_trials_running'), 1);
    assert.equal(sample(text, 'tunechat_study_best_value', { study: 's1', objective: 'accuracy' }), 0.8, 'seeded from the stored trial');
    source.emit({ type: 'trial-end', studyId: 's1', trial: trial({ id: 'a', values: [0.9, 45] }), at: 0 });
    source.emit({ type: 'trial-end', studyId: 's1', trial: trial({ id: 'b', values: [0.99, 10], constraintViolations: [2] }), at: 0 });
    source.emit({ type: 'trial-end', studyId: 's1', trial: trial({ id: 'c', state: 'pruned', values: null, completedAt: 1600 }), at: 0 });
    text = (await metrics.render()).body;
    assert.equal(sample(text, 'tunechat_trials_running'), 0);
    assert.equal(sample(text, 'tunechat_trials_total', { state: 'complete' }), 2);
    assert.equal(sample(text, 'tunechat_trials_total', { state: 'pruned' }), 1);
    assert.equal(sample(text, 'tunechat_trials_total', { state: 'failed' }), 0, 'every final state is exported from the start');
    assert.equal(sample(text, 'tunechat_trial_duration_seconds_sum', { state: 'complete' }), 5);
    assert.equal(sample(text, 'tunechat_trial_duration_seconds_bucket', { state: 'pruned', le: '0.5' }), 0);
    assert.equal(sample(text, 'tunechat_trial_duration_seconds_bucket', { state: 'pruned', le: '1' }), 1);
    assert.equal(sample(text, 'tunechat_study_best_value', { study: 's1', objective: 'accuracy' }), 0.9, 'maximized; the infeasible 0.99 does not count');
    assert.equal(sample(text, 'tunechat_study_best_value', { study: 's1', objective: 'latency_p99_ms' }), 30, 'each objective on its own');
    assert.equal(sample(text, 'tunechat_studies', { status: 'running' }), 1);
    assert.equal(sample(text, 'tunechat_studies', { status: 'complete' }), 1);
    assert.equal(sample(text, 'tunechat_studies', { status: 'failed' }), 0);
    source.emit({ type: 'study-end', studyId: 's1', status: 'complete', at: 0 });
    text = (await metrics.render()).body;
    assert.doesNotMatch(text, /tunechat_study_best_value\{/, 'an ended study leaves no series');
    source.emit({ type: 'trial-end', studyId: 's2', trial: trial({ id: 'late', studyId: 's2', values: [0.5, 5] }), at: 0 });
    assert.doesNotMatch((await metrics.render()).body, /tunechat_study_best_value\{/, 'a late event of a finished study adds no series');
    off();
    source.emit({ type: 'trial-end', studyId: 's1', trial: trial({ id: 'd', values: [0.1, 1] }), at: 0 });
    assert.equal(sample((await metrics.render()).body, 'tunechat_trials_total', { state: 'complete' }), 3, 'unsubscribed (the late trial above counted, this one not)');
  });

  test('bench headline: p99 in seconds, requests/s and outcome per kind', () => {
    const http = { kind: 'http', latency_ms: { p99: 12.5 }, requests_per_s: 840, errors: 0, timeouts: 0, non_2xx: 0 } as unknown as HttpBenchResult;
    assert.deepEqual(benchHeadline(http), { outcome: 'ok', p99_seconds: 0.0125, requests_per_second: 840 });
    assert.equal(benchHeadline({ ...http, non_2xx: 3 }).outcome, 'errors');
    assert.deepEqual(benchHeadline({ ...http, latency_ms: { ...http.latency_ms, p99: Number.NaN } }).p99_seconds, null);
    const command = { kind: 'command', results: [{ p99_ms: 20, exit_codes: [0, 0] }, { p99_ms: 90, exit_codes: [0, 1] }] } as never;
    assert.deepEqual(benchHeadline(command), { outcome: 'errors', p99_seconds: 0.09, requests_per_second: null });
  });

  test('controllers: per-controller series while running, one-hot SLO state, decisions by policy and outcome; removed when it stops', async () => {
    const metrics = new AppMetrics();
    const observer = metrics.controlObserver();
    const status = (state: ControllerStatus['state'], value: number, slo_state: ControllerStatus['slo_state']) =>
      ({ id: 'c1', target: 't', parameter: 'workers', policy: 'aimd', policy_reason: '', slo: { metric: 'latency_p99_ms', op: '<', value: 40 }, bounds: { min: 1, max: 9 }, dry_run: false, state, value, initial_value: 2, slo_value: 50, slo_state, decisions: 0, changes: 0, last_decision: null, started_at: 0, stopped_at: null, note: null, session_id: null }) as ControllerStatus;
    observer.status(status('running', 2, 'violated'));
    observer.decision({ controller_id: 'c1', seq: 1, at: 0, policy: 'aimd', parameter: 'workers', from: 2, to: 3, outcome: 'applied', reason: '', inputs: {}, slo_state: 'at_risk', slo_value: 38 });
    observer.decision({ controller_id: 'c1', seq: 2, at: 0, policy: 'aimd', parameter: 'workers', from: 3, to: 5, outcome: 'dry_run', reason: '', inputs: {}, slo_state: 'at_risk', slo_value: 38 });
    let text = (await metrics.render()).body;
    assert.equal(sample(text, 'tunechat_controller_parameter_value', { controller: 'c1', parameter: 'workers' }), 3, 'a dry run does not move the value');
    assert.equal(sample(text, 'tunechat_controller_slo_value', { controller: 'c1', metric: 'latency_p99_seconds' }), 0.038, 'base units');
    assert.equal(sample(text, 'tunechat_controller_slo_limit', { controller: 'c1', metric: 'latency_p99_seconds' }), 0.04);
    assert.equal(sample(text, 'tunechat_controller_slo_state', { controller: 'c1', state: 'at_risk' }), 1);
    assert.equal(sample(text, 'tunechat_controller_slo_state', { controller: 'c1', state: 'violated' }), 0);
    assert.equal(sample(text, 'tunechat_controller_decisions_total', { policy: 'aimd', outcome: 'applied' }), 1);
    assert.equal(sample(text, 'tunechat_controller_decisions_total', { policy: 'aimd', outcome: 'dry_run' }), 1);
    assert.equal(sample(text, 'tunechat_controllers', { state: 'running' }), 1);
    observer.status(status('interrupted', 3, 'unknown'));
    text = (await metrics.render()).body;
    assert.doesNotMatch(text, /\{controller="c1"/, 'an interrupted controller leaves no stale values');
    assert.equal(sample(text, 'tunechat_controllers', { state: 'interrupted' }), 1);
    observer.status(status('running', 3, 'ok'));
    text = (await metrics.render()).body;
    assert.equal(sample(text, 'tunechat_controller_parameter_value', { controller: 'c1', parameter: 'workers' }), 3, 'resumed after a restart: its series are back');
    assert.equal(sample(text, 'tunechat_controllers', { state: 'interrupted' }), 0);
    observer.status(status('stopped', 3, 'ok'));
    observer.status(status('stopped', 3, 'ok'));
    observer.decision({ controller_id: 'c1', seq: 3, at: 0, policy: 'aimd', parameter: 'workers', from: 3, to: 3, outcome: 'no_change', reason: '', inputs: {}, slo_state: 'ok', slo_value: 20 });
    text = (await metrics.render()).body;
    assert.doesNotMatch(text, /\{controller="c1"/, 'no per-controller series once stopped, even after a late decision');
    assert.equal(sample(text, 'tunechat_controllers', { state: 'running' }), 0);
    assert.equal(sample(text, 'tunechat_controllers', { state: 'stopped' }), 1, 'a repeated final status counts once');
  });

  test('build info always; process metrics only when asked, and two such apps in one process do not collide', async () => {
    const plain = (await new AppMetrics({ version: '9.9.9' }).render()).body;
    assert.equal(sample(plain, 'tunechat_build_info', { version: '9.9.9', node_version: process.version }), 1);
    assert.doesNotMatch(plain, /^process_cpu_seconds_total/m);
    const first = new AppMetrics({ processMetrics: true });
    const second = new AppMetrics({ processMetrics: true });
    for (const metrics of [first, second]) {
      const text = (await metrics.render()).body;
      assert.ok((sample(text, 'process_cpu_seconds_total') ?? -1) >= 0);
      assert.ok((sample(text, 'process_resident_memory_bytes') ?? 0) > 0);
      assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    }
  });

  test('the app subscribes to services.controllers (the ControllerManager) when there is one, and unsubscribes at shutdown', async () => {
    const services = createTestServices(scriptedModel([{ text: 'ok' }]));
    const observers = new Set<ControlObserver>();
    (services as unknown as { controllers: unknown }).controllers = { addObserver: (o: ControlObserver) => (observers.add(o), () => void observers.delete(o)) };
    const { app, shutdown } = createApp({ services, tools: {} });
    try {
      assert.equal(observers.size, 1);
      for (const o of observers) o.decision({ controller_id: 'c-1', seq: 1, at: 0, policy: 'threshold', parameter: 'workers', from: 8, to: 12, outcome: 'applied', reason: '', inputs: {}, slo_state: 'violated', slo_value: 52 });
      const text = await (await app.request('/metrics')).text();
      assert.equal(sample(text, 'tunechat_controller_decisions_total', { policy: 'threshold', outcome: 'applied' }), 1);
      assert.equal(sample(text, 'tunechat_controller_parameter_value', { controller: 'c-1', parameter: 'workers' }), 12);
    } finally {
      await shutdown();
      services.db.close();
    }
    assert.equal(observers.size, 0);
  });

  test('the app wires studies, benchmarks and rules to /metrics (a real study, bench and rule firing)', async () => {
    const services = createTestServices(scriptedModel([{ text: 'ok' }]));
    const { app, metrics, shutdown } = createApp({ services, tools: {} });
    const activity = await generateMetricsActivity(services, metrics);
    try {
      const text = await (await app.request('/metrics')).text();
      assert.equal(sample(text, 'tunechat_trials_total', { state: 'complete' }), 6);
      assert.equal(sample(text, 'tunechat_trial_duration_seconds_count', { state: 'complete' }), 6);
      assert.equal(sample(text, 'tunechat_studies', { status: 'complete' }), 1);
      assert.equal(sample(text, 'tunechat_bench_runs_total', { kind: 'http', outcome: 'ok' }), 1);
      assert.ok((sample(text, 'tunechat_bench_last_latency_p99_seconds', { kind: 'http' }) ?? 0) > 0);
      assert.ok((sample(text, 'tunechat_bench_last_requests_per_second', { kind: 'http' }) ?? 0) > 0);
      const alerts = services.rules.alerts().length;
      assert.ok(alerts >= 1, 'the enqueued optimum fires the rule');
      assert.equal(sample(text, 'tunechat_alerts_total'), alerts);
      assert.ok((sample(text, 'tunechat_rule_activations_total') ?? 0) >= alerts);
      assert.equal(sample(text, 'tunechat_rules_loaded'), 1);
      assert.equal(sample(text, 'tunechat_controller_parameter_value', { controller: activity.controllerId, parameter: 'workers' }), 6);
    } finally {
      await activity.stop();
      await shutdown();
      services.db.close();
    }
  });
});
