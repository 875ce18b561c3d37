/** The distributed-trials pieces that need no Redis: the wire format, options, config, the workers line, the tool card. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../../server/config.ts';
import { parseTrialControl, parseTrialJob, parseTrialProgress, parseTrialResult, PROTOCOL_VERSION, ProtocolError, trialJobId } from '../../../tools/distributed/protocol.ts';
import { queueOverridesFromEnv, QUEUE_DEFAULTS, redactRedisUrl, resolveQueueOptions } from '../../../tools/distributed/queue-options.ts';
import { parseWorkerInfo, type WorkerInfo } from '../../../tools/distributed/worker-registry.ts';
import { loadWorkerTargets } from '../../../tools/distributed/worker-targets.ts';
import { summarizeWorkers } from '../../../tools/distributed/workers-summary.ts';
import { PLACEMENT_ATTRS, runsRemotely, type RemoteTrials } from '../../../tools/optimizer/remote-trials.ts';
import type { StudySpec, Trial } from '../../../tools/optimizer/types.ts';
import { readStudyProgress, toolCardHtml } from '../../../web/tool-card.ts';
import { writeStatus } from '../../../server/agent/offline-model/writers/study-follow-up.ts';

const job = { v: PROTOCOL_VERSION, study: 'st_1', trial: 3, attempt: 1, target: 'xgboost', params: { lr: 0.1, booster: 'gbtree', deep: true, none: null } };

describe('protocol', () => {
  test('a valid job parses; ids are deterministic per study, trial and attempt (no ":" for BullMQ)', () => {
    assert.deepEqual(parseTrialJob(job), job);
    assert.equal(trialJobId('st_1', 3, 2), 'st_1.t3.a2');
    assert.ok(!trialJobId('st_1', 3, 2).includes(':'));
  });

  test('bad jobs are refused naming the rule and the value', () => {
    const refuse = (data: unknown, pattern: RegExp, code = 'invalid_payload') =>
      assert.throws(() => parseTrialJob(data), (error: unknown) => error instanceof ProtocolError && error.code === code && pattern.test(error.message));
    refuse('text', /a trial job must be a JSON object, got "text"/);
    refuse({ ...job, v: 7 }, /this job speaks tunechat protocol v7, this process speaks v1/, 'version_mismatch');
    refuse({ ...job, v: undefined }, /protocol vnull/, 'version_mismatch');
    refuse({ ...job, trial: -1 }, /job\.trial must be a trial number/);
    refuse({ ...job, attempt: 0 }, /job\.attempt must be an integer >= 1/);
    refuse({ ...job, target: '../etc' }, /job\.target must be a target name/);
    refuse({ ...job, params: { x: { nested: 1 } } }, /job\.params\.x must be a finite number, a string/);
    refuse({ ...job, params: { x: 'a'.repeat(10_001) } }, /job\.params\.x must be/);
    refuse({ ...job, params: { x: Number.NaN } }, /job\.params\.x must be a finite number/);
  });

  test('results: metrics must be finite numbers; outcomes are closed; the version is checked', () => {
    assert.deepEqual(parseTrialResult({ v: 1, outcome: 'complete', worker: 'w', metrics: { value: 2 } }), { v: 1, outcome: 'complete', worker: 'w', metrics: { value: 2 } });
    assert.deepEqual(parseTrialResult({ v: 1, outcome: 'pruned', worker: 'w', reason: 'pruned at step 3', step: 3 }), { v: 1, outcome: 'pruned', worker: 'w', reason: 'pruned at step 3', step: 3 });
    assert.throws(() => parseTrialResult({ v: 1, outcome: 'complete', worker: 'w', metrics: { value: 'NaN' } }), /metric "value" must be a finite number/);
    assert.throws(() => parseTrialResult({ v: 1, outcome: 'won', worker: 'w' }), /result\.outcome must be complete, pruned or stopped/);
    assert.throws(() => parseTrialResult({ v: 3, outcome: 'complete', worker: 'w', metrics: {} }), /the worker's result speaks tunechat protocol v3/);
    assert.throws(() => parseTrialResult(null), /a trial result must be a JSON object, got null/);
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`m${i}`, i]));
    assert.throws(() => parseTrialResult({ v: 1, outcome: 'complete', worker: 'w', metrics: many }), /has 300 metrics, the limit is 256/);
  });

  test('progress and control that do not parse are ignored, not fatal', () => {
    assert.deepEqual(parseTrialProgress({ v: 1, kind: 'report', step: 2, metrics: { loss: 0.5 } }), { v: 1, kind: 'report', step: 2, metrics: { loss: 0.5 } });
    assert.equal(parseTrialProgress({ v: 1, kind: 'start', worker: 'w', host: 'h', started: 1, attempt: 2 })!.kind, 'start');
    assert.equal(parseTrialProgress({ v: 2, kind: 'report', step: 2, metrics: {} }), null);
    assert.equal(parseTrialProgress({ v: 1, kind: 'report', step: 2, metrics: { loss: Infinity } }), null);
    assert.equal(parseTrialProgress(42), null);
    assert.deepEqual(parseTrialControl('{"action":"prune","reason":"worse than the median"}'), { action: 'prune', reason: 'worse than the median' });
    assert.equal(parseTrialControl('{"action":"explode"}'), null);
    assert.equal(parseTrialControl('{'), null);
    assert.equal(parseTrialControl(null), null);
  });

  test('heartbeats from Redis are parsed defensively', () => {
    assert.equal(parseWorkerInfo('not json'), null);
    assert.equal(parseWorkerInfo('{"id":1}'), null);
    const info = parseWorkerInfo(JSON.stringify({ v: 1, id: 'w', targets: ['a', 3], concurrency: -2, done: 'x' }))!;
    assert.deepEqual([info.targets, info.concurrency, info.done], [['a'], 0, 0]);
  });
});

describe('options and config', () => {
  test('Redis URLs are checked and their passwords redacted', () => {
    assert.equal(resolveQueueOptions('redis://127.0.0.1:6379').lockMs, QUEUE_DEFAULTS.lockMs);
    assert.throws(() => resolveQueueOptions('http://127.0.0.1:6379'), /a Redis URL looks like redis:\/\/host:6379/);
    assert.equal(redactRedisUrl('redis://user:s3cret@host:6379/0'), 'redis://user:***@host:6379/0');
    assert.equal(redactRedisUrl('rediss://:s3cret@host:6380'), 'rediss://:***@host:6380');
    assert.equal(redactRedisUrl('redis://host:6379'), 'redis://host:6379');
  });

  test('TUNECHAT_QUEUE_* overrides are positive integers, named when wrong', () => {
    assert.deepEqual(queueOverridesFromEnv({ TUNECHAT_QUEUE_LOCK_MS: '1000', TUNECHAT_QUEUE_PREFIX: 'tc-test' }), { lockMs: 1000, prefix: 'tc-test' });
    assert.throws(() => queueOverridesFromEnv({ TUNECHAT_QUEUE_LOCK_MS: '1.5' }), /TUNECHAT_QUEUE_LOCK_MS must be a positive integer, got "1.5"/);
    assert.throws(() => queueOverridesFromEnv({ TUNECHAT_QUEUE_PREFIX: 'a:b' }), /TUNECHAT_QUEUE_PREFIX must be 1-64 letters/);
  });

  test('server config: no Redis URL, no queue; with one, distributed by default unless TUNECHAT_DISTRIBUTED=0', () => {
    assert.equal(loadConfig({}).queue, null);
    const on = loadConfig({ TUNECHAT_REDIS_URL: 'redis://127.0.0.1:6379', TUNECHAT_QUEUE_HEARTBEAT_MS: '250' }).queue!;
    assert.deepEqual([on.byDefault, on.options.heartbeatMs, on.options.url], [true, 250, 'redis://127.0.0.1:6379']);
    assert.equal(loadConfig({ TUNECHAT_REDIS_URL: 'redis://h:1', TUNECHAT_DISTRIBUTED: '0' }).queue!.byDefault, false);
    assert.throws(() => loadConfig({ TUNECHAT_REDIS_URL: 'localhost:6379' }), (e: unknown) => e instanceof ConfigError && /a Redis URL looks like/.test(e.message));
    assert.throws(() => loadConfig({ TUNECHAT_REDIS_URL: 'redis://h:1', TUNECHAT_DISTRIBUTED: 'yes' }), /TUNECHAT_DISTRIBUTED must be 1 \(on\) or 0 \(off\), got "yes"/);
  });

  test('which studies run remotely', () => {
    const spec = { targetName: 'xgboost' } as StudySpec;
    const remote = (byDefault: boolean) => ({ byDefault }) as RemoteTrials;
    assert.equal(runsRemotely(spec, undefined), false);
    assert.equal(runsRemotely(spec, remote(true)), true);
    assert.equal(runsRemotely(spec, remote(false)), false);
    assert.equal(runsRemotely({ ...spec, distributed: false }, remote(true)), false);
    assert.equal(runsRemotely({ ...spec, distributed: true }, remote(false)), true);
    assert.equal(runsRemotely({} as StudySpec, remote(true)), false, 'an unnamed target stays local by default');
    assert.throws(() => runsRemotely({ distributed: true } as StudySpec, remote(true)), /needs a named target/);
  });

  test('a worker has its tunechat.json targets and the builtins; --targets names only ones it has', () => {
    const all = loadWorkerTargets({ files: [] });
    assert.ok(all.targets.some((t) => t.name === 'branin' && t.origin === 'builtin'));
    assert.deepEqual(loadWorkerTargets({ files: [], only: ['branin'] }).targets.map((t) => t.name), ['branin']);
    assert.throws(() => loadWorkerTargets({ files: [], only: ['branin', 'xgb'] }), /--targets names "xgb", which this worker does not have/);
  });
});

describe('the workers of a study', () => {
  const worker = (id: string, extra: Partial<WorkerInfo> = {}): WorkerInfo => ({ v: PROTOCOL_VERSION, id, host: 'h', pid: 1, concurrency: 4, targets: ['xgb'], running: 2, done: 30, failed: 0, startedAt: 0, at: 600_000, ...extra });
  const trial = (number: number, state: Trial['state'], attrs: Record<string, unknown>) => ({ number, state, systemAttrs: attrs }) as unknown as Trial;

  test('"3 workers (12 slots), 9 trials running, 2 retried", with per-worker throughput', () => {
    const trials = [
      ...Array.from({ length: 9 }, (_, i) => trial(i, 'running', { [PLACEMENT_ATTRS.worker]: 'a' })),
      trial(9, 'complete', { [PLACEMENT_ATTRS.worker]: 'a', [PLACEMENT_ATTRS.attempt]: 2 }),
      trial(10, 'failed', { [PLACEMENT_ATTRS.worker]: 'b', [PLACEMENT_ATTRS.attempt]: 3 }),
    ];
    const summary = summarizeWorkers('xgb', [worker('a'), worker('b'), worker('c'), worker('other', { targets: ['bert'] })], trials);
    assert.equal(summary.line, '3 workers (12 slots), 9 trials running, 2 retried (#9, #10)');
    assert.deepEqual(summary.per_worker[0], { id: 'a', host: 'h', slots: 4, running: 2, done: 30, trials_per_min: 3, study_trials: 1 });
  });

  test('"4 at a time" on 2 slots: the trials no worker started yet are waiting for a free slot, not running', () => {
    const one = (id: string) => worker(id, { concurrency: 1 });
    const trials = [trial(0, 'running', { [PLACEMENT_ATTRS.worker]: 'a' }), trial(1, 'running', { [PLACEMENT_ATTRS.worker]: 'b' }), trial(2, 'running', {}), trial(3, 'running', {})];
    const summary = summarizeWorkers('xgb', [one('a'), one('b')], trials);
    assert.equal(summary.line, '2 workers (2 slots), 2 trials running, 2 waiting for a free slot, 0 retried');
    assert.deepEqual([summary.running, summary.queued, summary.stopped], [2, 2, 0]);
  });

  test('a trial on a worker that stopped is said to wait for its retry, with the bound; a worker not yet seen is trusted', () => {
    const trials = [trial(0, 'complete', { [PLACEMENT_ATTRS.worker]: 'b' }), trial(1, 'running', { [PLACEMENT_ATTRS.worker]: 'a' }), trial(2, 'running', { [PLACEMENT_ATTRS.worker]: 'b' }), trial(3, 'running', { [PLACEMENT_ATTRS.worker]: 'new' })];
    const summary = summarizeWorkers('xgb', [worker('a', { concurrency: 1 })], trials, { gone: new Set(['b']), retryWithinMs: 45_000 });
    assert.equal(summary.line, "1 worker (1 slot), 2 trials running, 1 on a worker that stopped (#2: back in the queue within 45 s, once the job's lock expires), 0 retried");
    assert.deepEqual([summary.running, summary.queued, summary.stopped], [2, 0, 1]);
  });

  test('once nothing is pending, the line says where the trials ran and which were retried', () => {
    const trials = [
      ...Array.from({ length: 3 }, (_, i) => trial(i, 'complete', { [PLACEMENT_ATTRS.worker]: 'a' })),
      trial(3, 'complete', { [PLACEMENT_ATTRS.worker]: 'a', [PLACEMENT_ATTRS.attempt]: 2 }),
      trial(4, 'complete', { [PLACEMENT_ATTRS.worker]: 'b' }),
    ];
    assert.equal(summarizeWorkers('xgb', [worker('a', { concurrency: 1 })], trials).line, '5 trials ran on 2 workers (a: 4, b: 1), 1 retried (#3); now 1 worker (1 slot)');
    assert.equal(summarizeWorkers('xgb', [], trials).line, '5 trials ran on 2 workers (a: 4, b: 1), 1 retried (#3); now 0 workers (0 slots)', 'no "trials wait in the queue" once none waits');
    const many = Array.from({ length: 7 }, (_, i) => trial(i, 'running', { [PLACEMENT_ATTRS.worker]: 'a', [PLACEMENT_ATTRS.attempt]: 2 }));
    assert.match(summarizeWorkers('xgb', [worker('a')], many).line, /, 7 retried \(#0, #1, #2, #3, #4, … 2 more\)$/);
  });

  test('no worker for the target, or only incompatible ones, is said plainly', () => {
    assert.match(summarizeWorkers('xgb', [], []).line, /^0 workers \(0 slots\), 0 trials running, 0 retried: trials wait in the queue until a worker with target "xgb" starts/);
    assert.match(summarizeWorkers('xgb', [worker('old', { v: 0 })], []).line, /; 1 worker of another tunechat version cannot take them$/);
  });

  test('the tool card shows the workers line of study_status and of start_study\'s plan', () => {
    assert.equal(readStudyProgress({ status: 'running', trials: { total: 3, budget: 10, running: 3, complete: 0, pruned: 0, failed: 0 }, best: null, workers: { line: '2 workers (4 slots), 3 trials running, 0 retried' } })!.workers, '2 workers (4 slots), 3 trials running, 0 retried');
    const html = toolCardHtml({ type: 'tool-study_status', toolCallId: 't', state: 'output-available', output: { status: 'running', done: 1, total: 10, workers: '1 worker (<b>2</b> slots), 1 trial running, 0 retried' } });
    assert.match(html, /<div class="study-workers">1 worker \(&lt;b&gt;2&lt;\/b&gt; slots\), 1 trial running, 0 retried<\/div>/);
  });

  test('the offline model\'s status answer says it too', () => {
    const text = writeStatus({ study_id: 'st_1', status: 'running', trials: { total: 12, budget: 40, running: 9, complete: 3 }, workers: { line: '3 workers (12 slots), 9 trials running, 2 retried' } }, {});
    assert.match(text, /Workers: 3 workers \(12 slots\), 9 trials running, 2 retried\./);
  });
});
