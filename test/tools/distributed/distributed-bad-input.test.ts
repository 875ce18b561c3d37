/**
 * Bad input around distributed trials gives a clear error and leaves nothing half-done: an unreachable Redis (for the
 * worker command and for a study), bad flags, job payloads that do not parse or break the protocol, and workers of
 * another protocol version (their jobs' results are refused; their heartbeats are shown apart).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { AppMetrics } from '../../../server/metrics.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { DistributedTrials } from '../../../tools/distributed/distributed-trials.ts';
import { PROTOCOL_VERSION, trialQueueName } from '../../../tools/distributed/protocol.ts';
import { resolveQueueOptions } from '../../../tools/distributed/queue-options.ts';
import { writeHeartbeat } from '../../../tools/distributed/worker-registry.ts';
import { InMemoryStorage } from '../../../tools/optimizer/in-memory-storage.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';
import type { StudySpec } from '../../../tools/optimizer/types.ts';
import { distributedManager, FAST_QUEUE, httpStudy, spawnWorker, until, type WorkerProcess } from '../../support/distributed-fixture.ts';
import { closedPort, skipWithoutRedis, startRedis, type TestRedis } from '../../support/redis-server.ts';

const branin = (extra: Record<string, unknown> = {}) => ({ v: PROTOCOL_VERSION, study: 'st_bad', trial: 0, attempt: 1, target: 'branin', params: { x0: 1, x1: 2 }, ...extra });

describe('distributed trials: bad input', { skip: skipWithoutRedis, timeout: 58_000 }, () => {
  let redis: TestRedis;
  let worker: WorkerProcess;
  let queue: Queue;

  before(async () => {
    redis = await startRedis();
    worker = spawnWorker(redis.url, ['--targets', 'branin']);
    await worker.waitFor(/connected to/);
    queue = new Queue(trialQueueName('branin'), { connection: { url: redis.url }, prefix: 'tunechat' });
  });

  after(async () => {
    await queue?.close();
    await worker?.stop();
    await redis?.stop();
  });

  /** Adds a job and waits for its end; returns its state and failure reason. */
  const run = async (id: string, data: unknown, tamper?: () => Promise<unknown>) => {
    await queue.add('trial', data, { jobId: id, attempts: 1, ...(tamper ? { delay: 400 } : {}) });
    await tamper?.();
    await until(`job ${id} ended`, 10_000, async () => ['completed', 'failed'].includes(await queue.getJobState(id)));
    // Read from the job's hash: Queue.getJob would parse the (possibly tampered) data.
    const [reason, value] = await (await queue.client).hmget(queue.toKey(id), 'failedReason', 'returnvalue');
    return { state: await queue.getJobState(id), reason: reason ?? '', value: JSON.parse(value ?? 'null') as unknown };
  };

  test('tunechat worker with an unreachable Redis exits 1 at once with the reason, its password redacted', async () => {
    const port = await closedPort();
    const started = Date.now();
    const dead = spawnWorker(`redis://someone:s3cret@127.0.0.1:${port}`, ['--targets', 'branin']);
    const { code } = await dead.exited;
    assert.equal(code, 1);
    assert.ok(Date.now() - started < 20_000, 'bounded, not a hang');
    assert.match(dead.output(), new RegExp(`tunechat worker: cannot reach Redis at redis://someone:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    assert.ok(!dead.output().includes('s3cret'));
  });

  test('tunechat worker: bad flags exit 2 naming the flag', async () => {
    const zero = spawnWorker(redis.url, ['--concurrency', '0']);
    assert.equal((await zero.exited).code, 2);
    assert.match(zero.output(), /--concurrency must be an integer from 1 to 256, got "0"/);
    const missing = spawnWorker(redis.url, ['--targets', 'no-such-target']);
    assert.equal((await missing.exited).code, 2);
    assert.match(missing.output(), /--targets names "no-such-target", which this worker does not have/);
    const notRedis = spawnWorker('http://127.0.0.1:1', []);
    assert.equal((await notRedis.exited).code, 2);
    assert.match(notRedis.output(), /a Redis URL looks like redis:\/\/host:6379/);
  });

  test('a distributed study with Redis unreachable is refused before anything is stored', async () => {
    const port = await closedPort();
    const remote = new DistributedTrials({ queue: resolveQueueOptions(`redis://127.0.0.1:${port}`, FAST_QUEUE), byDefault: true });
    const manager = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock, remote });
    try {
      await assert.rejects(manager.start(httpStudy('slow', { trials: 2, parallel: 1 }) as StudySpec), (error: unknown) => {
        assert.ok(ToolError.isInstance(error));
        assert.equal(error.code, 'unavailable');
        assert.match(error.message, new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
        return true;
      });
      assert.deepEqual(manager.list(), [], 'no study row');
    } finally {
      await remote.close();
    }
  });

  test('distributed: true needs a queue and a named target (invalid_argument saying which)', async () => {
    const local = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock });
    await assert.rejects(local.start(httpStudy('slow', { trials: 1, parallel: 1 }, { distributed: true }) as StudySpec), /distributed: true needs a Redis queue: start the server with TUNECHAT_REDIS_URL/);
    const { manager, remote } = distributedManager(redis.url);
    try {
      const unnamed = { ...httpStudy('x', { trials: 1, parallel: 1 }, { distributed: true }), targetName: undefined };
      await assert.rejects(manager.start(unnamed as StudySpec), /distributed: true needs a named target/);
      await assert.rejects(manager.start(httpStudy('slow', { trials: 1, parallel: 1 }, { distributed: 'yes' }) as unknown as StudySpec), /distributed must be true or false, got "yes"/);
      assert.deepEqual(manager.list(), []);
    } finally {
      await remote.close();
    }
  });

  test('a job payload that does not parse fails at once with the reason, and the worker goes on', async () => {
    const client = await queue.client;
    const bad = await run('bad-json', branin(), () => client.hset('tunechat:trials.branin:bad-json', { data: '{not json' }));
    assert.equal(bad.state, 'failed');
    assert.match(bad.reason, /^the job payload does not parse as JSON \(.*\); it was not written by tunechat$/);
    const shape = await run('bad-shape', branin({ params: 'x0=1' }));
    assert.equal(shape.state, 'failed');
    assert.match(shape.reason, /refused job bad-shape: job\.params must be an object, got "x0=1"/);
    const wrongQueue = await run('bad-target', branin({ target: 'rosenbrock' }));
    assert.match(wrongQueue.reason, /is for target "rosenbrock" but sits on the queue of "branin"/);
    const huge = await run('bad-size', branin({ params: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, i])) }));
    assert.match(huge.reason, /job\.params has 100 parameters, the limit is 64/);
    const good = await run('good', branin());
    assert.equal(good.state, 'completed');
    assert.equal((good.value as { outcome: string }).outcome, 'complete');
  });

  test('a job of another protocol version fails naming both versions', async () => {
    const { state, reason } = await run('old-version', branin({ v: 999 }));
    assert.equal(state, 'failed');
    assert.match(reason, /this job speaks tunechat protocol v999, this process speaks v1: run the same tunechat version on the server and its workers/);
  });

  test('a worker of an incompatible version: its results fail the trial clearly; its heartbeat is counted apart', async () => {
    // A worker of a future tunechat, on its own target's queue: it completes jobs with a v2 result.
    const connection = { url: redis.url, maxRetriesPerRequest: null };
    const future = new Worker(trialQueueName('future'), async (job) => {
      await job.updateProgress({ v: 2, kind: 'start', worker: 'future-1' });
      return { v: 2, outcome: 'complete', worker: 'future-1', metrics: { value: 1 } };
    }, { connection, prefix: 'tunechat' });
    const { manager, remote } = distributedManager(redis.url);
    try {
      const client = await queue.client;
      await writeHeartbeat(client, 'tunechat', { v: 2, id: 'future-1', host: 'elsewhere', pid: 1, concurrency: 4, targets: ['future'], running: 0, done: 0, failed: 0, startedAt: Date.now(), at: Date.now() }, 60_000);
      const record = await manager.start(httpStudy('future', { trials: 1, parallel: 1 }) as StudySpec);
      const status = await manager.wait(record.id);
      assert.equal(status.trials.failed, 1);
      assert.match(manager.trials(record.id)[0]!.error ?? '', /the worker's result speaks tunechat protocol v2, this process speaks v1/);
      await remote.refresh();
      assert.match(manager.status(record.id).workers!.line, /^0 workers \(0 slots\).*; 1 worker of another tunechat version cannot take them$/);
      const metrics = new AppMetrics();
      metrics.watch({ queue: remote });
      const { body } = await metrics.render();
      assert.match(body, /^tunechat_workers\{protocol="incompatible"\} 1$/m);
      assert.match(body, /^tunechat_workers\{protocol="compatible"\} 1$/m, 'the branin worker');
    } finally {
      await manager.close();
      await remote.close();
      await future.close();
    }
  });
});
