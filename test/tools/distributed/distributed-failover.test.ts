/**
 * Failures of a distributed study: a worker SIGKILLed mid-trial (its job is retried on another worker once its lock
 * expires, counted as an attempt, told once), Redis restarting mid-study (everyone reconnects; nothing is lost), and
 * the server restarting (it re-attaches to the jobs in flight; only a trial whose job is gone fails).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { trialJobId, trialQueueName } from '../../../tools/distributed/protocol.ts';
import { PLACEMENT_ATTRS } from '../../../tools/optimizer/remote-trials.ts';
import type { StudySpec } from '../../../tools/optimizer/types.ts';
import { distributedManager, httpStudy, removeDir, spawnWorker, startTrialServer, until, writeTargetsFile, type TrialServer, type WorkerProcess } from '../../support/distributed-fixture.ts';
import { skipWithoutRedis, startRedis, type TestRedis } from '../../support/redis-server.ts';

describe('distributed trials survive failures', { skip: skipWithoutRedis, timeout: 58_000 }, () => {
  let redis: TestRedis;
  let server: TrialServer;
  let dir: string;
  const workers: WorkerProcess[] = [];
  const setups: ReturnType<typeof distributedManager>[] = [];

  before(async () => {
    redis = await startRedis({ appendonly: true });
    server = await startTrialServer(60);
    dir = writeTargetsFile({ slow: server.url });
    workers.push(...[0, 1].map(() => spawnWorker(redis.url, ['--config', dir, '--targets', 'slow', '--concurrency', '2'])));
    await Promise.all(workers.map((w) => w.waitFor(/^tunechat worker .*: connected to/)));
  });

  after(async () => {
    for (const { manager, remote } of setups) {
      await manager.close();
      await remote.close();
    }
    await Promise.all(workers.map((w) => w.stop()));
    await server?.close();
    await redis?.stop();
    if (dir) removeDir(dir);
  });

  test('a worker SIGKILLed mid-trial loses nothing: the trial runs again elsewhere, counted as an attempt, told once', async () => {
    const setup = distributedManager(redis.url);
    setups.push(setup);
    const { manager, events } = setup;
    server.hold(3);
    const record = await manager.start(httpStudy('slow', { trials: 12, parallel: 3 }) as StudySpec);
    await server.arrived(3);
    let victim: WorkerProcess | undefined;
    await until('trial 3 placed on a worker', 10_000, () => {
      const placed = manager.trials(record.id)[3]?.systemAttrs[PLACEMENT_ATTRS.worker];
      victim = workers.find((w) => typeof placed === 'string' && placed.includes(`-${w.pid}-`));
      return victim !== undefined;
    });
    victim!.child.kill('SIGKILL');
    await victim!.exited;
    // Until its job's lock expires the trial is said to wait for a worker that stopped, then it runs again (held here).
    const lines: string[] = [];
    await until('trial 3 restarted on another worker', 20_000, () => {
      lines.push(manager.status(record.id).workers!.line);
      return manager.trials(record.id)[3]?.systemAttrs[PLACEMENT_ATTRS.attempt] === 2;
    });
    // The victim (2 slots) may have run another trial besides #3.
    assert.ok(lines.some((l) => /[12] on a worker that stopped \((#\d+, )?#3(, #\d+)?: back in the queue within 3 s, once the job's lock expires\)/.test(l)), `lines: ${[...new Set(lines)].join(' | ')}`);
    assert.match(manager.status(record.id).workers!.line, /, [12] retried \((#\d+, )?#3(, #\d+)?\)/);
    server.release(3);
    const status = await manager.wait(record.id);
    assert.deepEqual({ complete: status.trials.complete, failed: status.trials.failed }, { complete: 12, failed: 0 });
    const trial = manager.trials(record.id)[3]!;
    assert.equal(trial.systemAttrs[PLACEMENT_ATTRS.attempt], 2, 'the second start of the job is attempt 2');
    assert.ok(!String(trial.systemAttrs[PLACEMENT_ATTRS.worker]).includes(`-${victim!.pid}-`), 'finished by another worker');
    assert.ok((server.calls.get(3) ?? 0) >= 2, 'evaluated again after the kill');
    const ends = events.filter((e) => e.studyId === record.id && e.type === 'trial-end');
    assert.equal(ends.length, 12, 'each trial told once');
    assert.ok(status.workers!.retried >= 1);
    assert.match(status.workers!.line, /[1-9]\d* retried/);
    // The killed worker's slot is taken by a fresh one for the next tests.
    const fresh = spawnWorker(redis.url, ['--config', dir, '--targets', 'slow', '--concurrency', '2']);
    workers.push(fresh);
    await fresh.waitFor(/connected to/);
  });

  test('SIGTERM: a worker takes no more trials, lets running ones finish for --grace-s, then hands them back', async () => {
    const setup = distributedManager(redis.url);
    setups.push(setup);
    const { manager } = setup;
    const leaving = spawnWorker(redis.url, ['--config', dir, '--targets', 'slow', '--grace-s', '1']);
    await leaving.waitFor(/connected to/);
    for (const w of workers) w.child.kill('SIGSTOP'); // only the leaving worker takes the first trial
    try {
      server.hold(0);
      const record = await manager.start(httpStudy('slow', { trials: 3, parallel: 1 }) as StudySpec);
      await until('trial 0 on the leaving worker', 10_000, () => String(manager.trials(record.id)[0]?.systemAttrs[PLACEMENT_ATTRS.worker] ?? '').includes(`-${leaving.pid}-`));
      leaving.child.kill('SIGTERM');
      await leaving.waitFor(/SIGTERM: taking no more trials; 1 running, finishing within 1 s, then handed back/);
      const { code } = await leaving.exited;
      assert.equal(code, 0);
      assert.match(leaving.output(), /stopped \(0 trials done, 0 failed\)/);
      for (const w of workers) w.child.kill('SIGCONT');
      server.release(0);
      const status = await manager.wait(record.id);
      assert.equal(status.trials.complete, 3);
      const trial = manager.trials(record.id)[0]!;
      assert.equal(trial.systemAttrs[PLACEMENT_ATTRS.attempt], 2, 'handed back: the next start is attempt 2');
      assert.ok(!String(trial.systemAttrs[PLACEMENT_ATTRS.worker]).includes(`-${leaving.pid}-`));
    } finally {
      for (const w of workers) w.child.kill('SIGCONT');
      await leaving.stop();
    }
  });

  test('Redis restarting mid-study loses nothing: the server and the workers reconnect and the study finishes', async () => {
    const setup = distributedManager(redis.url);
    setups.push(setup);
    const { manager } = setup;
    const record = await manager.start(httpStudy('slow', { trials: 16, parallel: 4 }) as StudySpec);
    await until('4 trials done', 20_000, () => manager.status(record.id).trials.complete >= 4);
    await redis.restart({ downMs: 300 });
    const status = await manager.wait(record.id);
    assert.equal(status.status, 'complete');
    assert.deepEqual({ complete: status.trials.complete, failed: status.trials.failed, total: status.trials.total }, { complete: 16, failed: 0, total: 16 }, JSON.stringify(manager.trials(record.id).filter((t) => t.error).map((t) => t.error)));
  });

  test('the server restarting re-attaches to the jobs in flight; a trial whose job is gone fails (and is retried)', async () => {
    const first = distributedManager(redis.url);
    const record = await first.manager.start(httpStudy('slow', { trials: 6, parallel: 3 }, { retries: { max: 1, backoff_ms: 0 } }) as StudySpec);
    for (const n of [0, 1, 2]) server.hold(n);
    await until('trials 0-2 running on workers', 10_000, () => [0, 1, 2].every((n) => typeof first.manager.trials(record.id)[n]?.systemAttrs[PLACEMENT_ATTRS.worker] === 'string'));
    await first.manager.close(); // shutdown: trials in flight stay running on the workers
    await first.remote.close();
    assert.equal(first.storage.getStudy(record.id)!.status, 'running');
    assert.deepEqual(first.storage.getTrials(record.id, ['running']).map((t) => t.number).sort(), [0, 1, 2]);
    const queue = new Queue(trialQueueName('slow'), { connection: { url: redis.url }, prefix: 'tunechat' });
    const lostId = trialJobId(record.id, 2, 1);
    server.release(2); // finishes while no server listens; then its job is dropped, as if Redis had lost it
    await until('trial 2 finished on its worker while the server was down', 10_000, async () => (await queue.getJobState(lostId)) === 'completed');
    await queue.remove(lostId);
    await queue.close();
    server.release(0); // finishes while no server listens: the next server picks its result up
    const callsOf0 = server.calls.get(0);
    const second = distributedManager(redis.url, { storage: first.storage });
    setups.push(second);
    const resumed = await second.manager.resumeInterrupted();
    assert.deepEqual(resumed, [record.id]);
    assert.match(second.manager.statusNote(record.id).reason ?? '', /re-attached to 3 trials on workers/);
    server.release(1);
    const status = await second.manager.wait(record.id);
    const trials = second.manager.trials(record.id);
    assert.deepEqual(trials.slice(0, 3).map((t) => t.state), ['complete', 'complete', 'failed']);
    assert.match(trials[2]!.error ?? '', /^lost: the job of trial 2 .* is gone from Redis/);
    assert.equal(server.calls.get(0), callsOf0, 'trial 0 was not run again: its result was picked up');
    assert.equal(status.trials.complete, 6, 'the lost trial was retried as a new trial (retries: 1)');
    assert.equal(trials.filter((t) => t.state === 'failed').length, 1);
  });
});
