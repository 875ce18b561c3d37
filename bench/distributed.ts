/**
 * `npm run bench:distributed`: trials over 1, 2 and 4 local `tunechat worker` processes through BullMQ on a private
 * redis-server (its own free port and temporary directory), against the in-process path, with SQLite storage as the
 * server uses:
 *  1. `--trials` (2,000) trials of the builtin branin (random sampler, so the sampler does not hide the queue) per
 *     configuration: trials/s, ask→tell time per trial, the overhead the queue adds over the in-process path (goal: at
 *     most 2 ms median), CPU per trial on the server, the workers and Redis, Redis commands per trial;
 *  2. `--sleep-trials` (120) trials of an HTTP target that answers after 200 ms: the speed-up over 1 worker (goal:
 *     at least 3.6× with 4 workers).
 * Raw results go to bench/results/distributed-<time>.json.
 *   node --import tsx bench/distributed.ts [--trials 2000] [--sleep-trials 120] [--sleep-ms 200] [--workers 1,2,4] [--out FILE]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open.ts';
import { SqliteStudyStorage } from '../db/study-storage.ts';
import { systemClock } from '../tools/common/clock.ts';
import { DistributedTrials } from '../tools/distributed/distributed-trials.ts';
import { resolveQueueOptions } from '../tools/distributed/queue-options.ts';
import { StudyManager } from '../tools/optimizer/study-manager.ts';
import { builtinTarget } from '../tools/optimizer/target-resolver.ts';
import type { StudySpec } from '../tools/optimizer/types.ts';
import { overheadLine, redisCallsTable, speedupTable, throughputTable } from './distributed/print.ts';
import { startBenchRedis } from './distributed/redis.ts';
import { runStudy, type StudyRun } from './distributed/run-study.ts';
import { spawnBenchWorker, startSleepTarget, type BenchWorker } from './distributed/workers.ts';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '2000' },
    'sleep-trials': { type: 'string', default: '120' },
    'sleep-ms': { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2,4' },
    out: { type: 'string' },
  },
});

/** The goals: queue overhead per trial (median) and the speed-up of 4 workers on 200 ms trials. */
const OVERHEAD_GOAL_MS = 2;
const SPEEDUP_GOAL = 3.6;
const TRIALS = Number(args.trials);
const SLEEP_TRIALS = Number(args['sleep-trials']);
const counts = args.workers!.split(',').map(Number).sort((a, b) => a - b);
const started = performance.now();
const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)}] ${message}\n`);

const branin = builtinTarget('branin')!;
let seed = 0;
const braninSpec = (trials: number, parallel: number, distributed: boolean): StudySpec => ({
  space: branin.space!, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: 'branin' }, targetName: 'branin',
  sampler: 'random', budget: { trials, parallel }, seed: ++seed, distributed,
});
const sleepSpec = (name: string, trials: number, parallel: number): StudySpec => ({
  space: { x: { type: 'float', low: 0, high: 10 } }, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'http', url: 'http://unused.invalid/' }, targetName: name,
  sampler: 'random', budget: { trials, parallel }, seed: ++seed, distributed: true,
});

const redis = await startBenchRedis();
const sleepy = await startSleepTarget('sleepy', Number(args['sleep-ms']));
const dir = mkdtempSync(join(tmpdir(), 'tunechat-bench-distributed-'));
const db = openDatabase(join(dir, 'server.db'));
const remote = new DistributedTrials({ queue: resolveQueueOptions(redis.url), byDefault: false });
const manager = new StudyManager({ storage: new SqliteStudyStorage(db), clock: systemClock, remote });
const workers: BenchWorker[] = [];
const output: { machine: Record<string, unknown>; inProcess: StudyRun[]; queue: StudyRun[]; sleep: StudyRun[] } = {
  machine: { cpus: cpus().length, loadStart: loadavg(), node: process.version }, inProcess: [], queue: [], sleep: [],
};
try {
  await remote.ready();
  log(`in-process: ${TRIALS} trials…`);
  await runStudy({ label: 'warm-up', manager, spec: braninSpec(100, 1, false) });
  output.inProcess.push(await runStudy({ label: 'in-process', manager, spec: braninSpec(TRIALS, 1, false) }));
  for (const count of counts) {
    while (workers.length < count) workers.push(await spawnBenchWorker({ redisUrl: redis.url, configDir: sleepy.configDir, targets: ['branin', sleepy.name], concurrency: 1 }));
    await runStudy({ label: 'warm-up', manager, spec: braninSpec(40, count, true), redis, workers });
    for (const parallel of [count, 2 * count]) {
      log(`${count} worker(s), ${parallel} in flight: ${TRIALS} trials…`);
      output.queue.push(await runStudy({ label: `${count} worker${count > 1 ? 's' : ''}, ${parallel} in flight`, manager, spec: braninSpec(TRIALS, parallel, true), redis, workers }));
    }
    log(`${count} worker(s): ${SLEEP_TRIALS} trials of ${args['sleep-ms']} ms…`);
    output.sleep.push(await runStudy({ label: `sleep, ${count} worker${count > 1 ? 's' : ''}`, manager, spec: sleepSpec(sleepy.name, SLEEP_TRIALS, count), redis, workers }));
  }
} finally {
  await manager.close();
  await remote.close();
  await Promise.all(workers.map((w) => w.stop()));
  await sleepy.close();
  await redis.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

output.machine.loadEnd = loadavg();
const serial = output.queue.find((r) => r.workers === 1 && r.parallel === 1);
const four = output.sleep.find((r) => r.workers === 4);
const one = output.sleep.find((r) => r.workers === 1);
console.log([
  `## ${TRIALS} trials of branin (random sampler, SQLite), in-process vs ${counts.join('/')} worker processes (concurrency 1 each)`, '',
  throughputTable(output.queue, output.inProcess[0]!), '',
  ...(serial ? [overheadLine(serial, output.inProcess[0]!, OVERHEAD_GOAL_MS), ''] : []),
  `## ${SLEEP_TRIALS} trials of a target that answers after ${args['sleep-ms']} ms, one in flight per worker`, '',
  speedupTable(output.sleep), '',
  ...(four && one ? [`Speed-up with 4 workers: **${(one.seconds / four.seconds).toFixed(2)}×** (goal ≥ ${SPEEDUP_GOAL}×: ${one.seconds / four.seconds >= SPEEDUP_GOAL ? 'met' : 'not met'}).`, ''] : []),
  ...(serial ? ['## Redis commands per trial, serial (1 worker, 1 in flight)', '', redisCallsTable(serial), ''] : []),
  `load average ${(output.machine.loadStart as number[])[0]!.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs, ${process.version}`,
].join('\n'));
const out = args.out ?? join('bench', 'results', `distributed-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, JSON.stringify(output, null, 2));
log(`raw results: ${out}`);
