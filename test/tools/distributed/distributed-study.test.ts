/**
 * Distributed trials end to end: a StudyManager enqueues trials on a real Redis and three `tunechat worker`
 * processes evaluate them. Every trial is told exactly once; a target no worker has waits in its queue (no attempt
 * used) until a worker with it starts; pruning decided on the server stops the trial on the worker; /metrics shows
 * the queue and the workers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { AppMetrics } from '../../../server/metrics.ts';
import { trialJobId, trialQueueName } from '../../../tools/distributed/protocol.ts';
import { PLACEMENT_ATTRS } from '../../../tools/optimizer/remote-trials.ts';
import { builtinTarget } from '../../../tools/optimizer/target-resolver.ts';
import type { StudySpec } from '../../../tools/optimizer/types.ts';
import { studyView } from '../../../tools/optimizer/study-view.ts';
import { distributedManager, httpStudy, removeDir, spawnWorker, startTrialServer, until, writeTargetsFile, type TrialServer, type WorkerProcess } from '../../support/distributed-fixture.ts';
import { skipWithoutRedis, startRedis, type TestRedis } from '../../support/redis-server.ts';

const STEPS_SCRIPT = fileURLToPath(new URL('../../fixtures/distributed/steps.mjs', import.meta.url));

describe('distributed trials over 3 worker processes', { skip: skipWithoutRedis, timeout: 58_000 }, () => {
  let redis: TestRedis;
  let server: TrialServer;
  let dir: string;
  let workers: WorkerProcess[] = [];
  let setup: ReturnType<typeof distributedManager>;

  before(async () => {
    redis = await startRedis();
    server = await startTrialServer(40);
    dir = writeTargetsFile({ slow: server.url, lonely: server.url });
    // A command target with intermediate reports (for pruning): 20 steps of 100 ms, value = x at every step.
    const files = JSON.parse(readFileSync(join(dir, 'tunechat.json'), 'utf8')) as { targets: unknown[] };
    files.targets.push({ name: 'steps', kind: 'command', command: [process.execPath, STEPS_SCRIPT], metrics: [{ name: 'value', direction: 'minimize' }] });
    writeFileSync(join(dir, 'tunechat.json'), JSON.stringify(files));
    workers = [0, 1, 2].map((i) => spawnWorker(redis.url, ['--config', dir, '--targets', i === 0 ? 'slow,steps,branin,ackley' : 'slow,branin', '--concurrency', '2']));
    await Promise.all(workers.map((w) => w.waitFor(/^tunechat worker .*: connected to/)));
    setup = distributedManager(redis.url);
  });

  after(async () => {
    await setup?.manager.close();
    await setup?.remote.close();
    await Promise.all(workers.map((w) => w.stop()));
    await server?.close();
    await redis?.stop();
    if (dir) removeDir(dir);
  });

  test('the start-up line names the targets a worker runs', () => {
    assert.match(workers[0]!.output(), /connected to redis:\/\/127\.0\.0\.1:\d+, 2 trials at once per target; targets: slow, steps, branin, ackley/);
  });

  test('a study over 3 workers finishes with every trial told exactly once, spread over the workers', async () => {
    const { manager, events } = setup;
    const record = await manager.start(httpStudy('slow', { trials: 30, parallel: 6 }) as StudySpec);
    assert.equal(record.spec.distributed, true, 'a named target runs on workers by default when the server has Redis');
    const status = await manager.wait(record.id);
    assert.equal(status.status, 'complete');
    assert.deepEqual({ complete: status.trials.complete, failed: status.trials.failed, total: status.trials.total }, { complete: 30, failed: 0, total: 30 });
    const ends = events.filter((e) => e.studyId === record.id && e.type === 'trial-end').map((e) => (e as { trial: { number: number } }).trial.number);
    assert.deepEqual([...ends].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i), 'one trial-end per trial');
    assert.deepEqual([...server.calls.values()].filter((n) => n !== 1), [], 'each trial evaluated once');
    const trials = manager.trials(record.id);
    for (const t of trials) assert.equal(t.metrics.value, ((t.params.x as number) - 3) ** 2, `trial ${t.number} carries its worker's metrics`);
    const used = new Set(trials.map((t) => t.systemAttrs[PLACEMENT_ATTRS.worker]));
    assert.ok(used.size >= 2, `trials ran on ${used.size} worker(s): ${[...used].join(', ')}`);
    await until('heartbeats of all 3 workers', 5_000, async () => (await setup.remote.refresh()).length === 3);
    const { workers: summary } = manager.status(record.id);
    assert.ok(summary, 'a distributed study reports its workers');
    assert.equal(summary.workers, 3);
    assert.equal(summary.slots, 6);
    assert.equal(summary.retried, 0);
    assert.match(summary.line, /^30 trials ran on [23] workers \(\S+: \d+(, \S+: \d+)+\), 0 retried; now 3 workers \(6 slots\)$/);
    assert.equal(summary.per_worker.reduce((sum, w) => sum + w.study_trials, 0), 30);
    assert.equal(studyView(manager, record.id).workers, summary.line, 'the live study card shows the same line');
  });

  test('/metrics: queue jobs by state, queue depth and workers', async () => {
    const metrics = new AppMetrics();
    const off = metrics.watch({ queue: setup.remote });
    try {
      const { body } = await metrics.render();
      assert.match(body, /^tunechat_queue_up 1$/m);
      assert.match(body, /^tunechat_queue_jobs\{target="slow",state="completed"\} 30$/m);
      assert.match(body, /^tunechat_queue_depth\{target="slow"\} 0$/m);
      assert.match(body, /^tunechat_workers\{protocol="compatible"\} 3$/m);
      assert.match(body, /^tunechat_worker_slots \d+$/m);
      const promtool = '/usr/bin/promtool';
      if (existsSync(promtool)) {
        const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
          const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
          let output = '';
          child.stdout.on('data', (c: Buffer) => (output += c));
          child.stderr.on('data', (c: Buffer) => (output += c));
          child.on('close', (code) => resolve({ code, output }));
          child.stdin.end(body);
        });
        assert.equal(result.output.trim(), '', `promtool findings:\n${result.output}`);
      }
    } finally {
      off();
    }
  });

  test('trials/s over 1 and 3 workers (measured, not asserted)', async () => {
    const { manager } = setup;
    const run = async (target: string, parallel: number) => {
      const started = performance.now();
      const record = await manager.start({ space: builtinTarget(target)!.space!, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: target }, targetName: target, sampler: 'random', budget: { trials: 150, parallel }, seed: 1 });
      const status = await manager.wait(record.id);
      assert.equal(status.trials.complete, 150);
      return 150 / ((performance.now() - started) / 1000);
    };
    const one = await run('ackley', 2); // ackley: only worker 0 has it
    const three = await run('branin', 6);
    console.log(`distributed builtin trials: 1 worker (2 slots) ${one.toFixed(0)} trials/s, 3 workers (6 slots) ${three.toFixed(0)} trials/s (loaded CI machine; not asserted)`);
  });

  test('a target no worker has waits in its queue, untouched, until a worker with it starts', async () => {
    const { manager, remote } = setup;
    const record = await manager.start(httpStudy('lonely', { trials: 2, parallel: 2 }) as StudySpec);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    let status = manager.status(record.id);
    assert.equal(status.trials.running, 2);
    assert.match(status.workers!.line, /^0 workers \(0 slots\), 0 trials running, 2 waiting in the queue, 0 retried: trials wait in the queue until a worker with target "lonely" starts/);
    const counts = (await remote.queueCounts(2_000))!.get('lonely')!;
    assert.deepEqual({ waiting: counts.waiting, active: counts.active, failed: counts.failed }, { waiting: 2, active: 0, failed: 0 }, 'the other workers did not take or fail them');
    const queue = new Queue(trialQueueName('lonely'), { connection: { url: redis.url }, prefix: 'tunechat' });
    const job = await queue.getJob(trialJobId(record.id, 0, 1));
    await queue.close();
    assert.equal(job?.attemptsStarted ?? 0, 0, 'no attempt used');
    const late = spawnWorker(redis.url, ['--config', dir, '--targets', 'lonely']);
    workers.push(late);
    status = await manager.wait(record.id);
    assert.equal(status.trials.complete, 2);
  });

  test('stopping a distributed study stops its running trial on the worker', async () => {
    const { manager } = setup;
    const spec = { space: { x: { type: 'float', low: 0, high: 1 } }, objectives: [{ metric: 'value', direction: 'minimize' as const }], target: { kind: 'command', command: ['unused'] }, targetName: 'steps', budget: { trials: 1, parallel: 1 } };
    const record = await manager.start(spec as StudySpec);
    await until('a report from the worker', 10_000, () => Object.keys(manager.trials(record.id)[0]?.intermediate ?? {}).length > 0);
    const status = await manager.stop(record.id);
    assert.equal(status.status, 'stopped');
    assert.match(manager.trials(record.id)[0]!.error ?? '', /^stopped: the study was stopped before this trial finished/);
    const queue = new Queue(trialQueueName('steps'), { connection: { url: redis.url }, prefix: 'tunechat' });
    try {
      const id = trialJobId(record.id, 0, 1);
      await until('the worker ended the stopped job', 5_000, async () => (await queue.getJobState(id)) === 'completed');
      const result = (await queue.getJob(id))!.returnvalue as { outcome: string; step: number | null };
      assert.equal(result.outcome, 'stopped');
      assert.ok(result.step !== null && result.step < 20, `stopped at step ${result.step} of 20`);
    } finally {
      await queue.close();
    }
  });

  test('pruning across processes: the server\'s pruner decides, the worker stops the trial', async () => {
    const { manager } = setup;
    const spec = {
      space: { x: { type: 'float', low: 0, high: 100 } },
      objectives: [{ metric: 'value', direction: 'minimize' as const }],
      target: { kind: 'command', command: ['unused'] },
      targetName: 'steps',
      sampler: 'random',
      pruner: { kind: 'median', n_startup_trials: 2 },
      enqueue: [{ x: 1 }, { x: 2 }, { x: 90 }],
      budget: { trials: 3, parallel: 1 },
    };
    const record = await manager.start(spec as StudySpec);
    const status = await manager.wait(record.id);
    const trials = manager.trials(record.id);
    assert.deepEqual(trials.map((t) => t.state), ['complete', 'complete', 'pruned'], JSON.stringify(status.trials));
    const queue = new Queue(trialQueueName('steps'), { connection: { url: redis.url }, prefix: 'tunechat' });
    try {
      await until('the worker ended the pruned job', 5_000, async () => (await queue.getJobState(trialJobId(record.id, 2, 1))) === 'completed');
      const job = await queue.getJob(trialJobId(record.id, 2, 1));
      const result = job!.returnvalue as { outcome: string; step: number | null };
      assert.equal(result.outcome, 'pruned');
      assert.ok(result.step !== null && result.step < 20, `stopped at step ${result.step} of 20`);
      const reported = Object.keys(trials[2]!.intermediate).length;
      assert.ok(reported >= 1 && reported < 20, `the server saw ${reported} reports`);
    } finally {
      await queue.close();
    }
  });
});
