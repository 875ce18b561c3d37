/**
 * Tried as a new user would (issue 18): XGBoost tuned on two `tunechat worker` processes, one of them killed mid-trial.
 *
 *   nice -n 19 node --import tsx scripts/demo/web-distributed.ts [--trials 40] [--concurrency N] [--out docs/demo] [--keep]
 *
 * Starts a private redis-server (free 127.0.0.1 port, temp dir), the server as `npm start` with TUNECHAT_REDIS_URL
 * (offline model, the repository's tunechat.json, a fresh database), and two `npx tunechat worker --redis …` processes
 * (as two terminals; no --concurrency unless given, as the README's first example). Types "tune my XGBoost for
 * latency with 40 trials, 4 at a time" into the web UI in headless Chromium, and once a quarter of the trials are done
 * sends SIGKILL to the second worker while it runs a trial (its train.py is running). Follows the study as the chat
 * would show it (the server's own workers line, computed from the database and the workers' heartbeats), asks "how is
 * it going?" and "what's the best one?", and checks the end: every trial complete and told once (one job per trial),
 * the killed trial retried as attempt 2 on the other worker. Writes web-distributed.md and web-distributed-*.png.
 * `--trials 8` rehearses it in about two minutes. Exit 1 when a check fails (the record is written anyway).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Queue, RedisConnection, type RedisClient } from 'bullmq';
import type { Browser, Page } from 'playwright-core';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { launchChromium } from '../../test/support/chromium.ts';
import { chatTurn, openChatPage, studyIdIn } from './chat-page.ts';
import { startRedis, type TestRedis } from '../../test/support/redis-server.ts';
import { QUEUE_DEFAULTS } from '../../tools/distributed/queue-options.ts';
import { listWorkers } from '../../tools/distributed/worker-registry.ts';
import { summarizeWorkers } from '../../tools/distributed/workers-summary.ts';
import type { DemoTurn } from './distill-transcript.ts';
import { checkRun, distributedMarkdown, type JobRow, type Kill, type Sample, type WorkerRecord } from './distributed-transcript.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TARGET = 'xgboost';
const FINAL = ['complete', 'stopped', 'failed'];
const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '40' }, concurrency: { type: 'string' }, out: { type: 'string', default: join(ROOT, 'docs/demo') },
    'max-wait-min': { type: 'string', default: '30' }, keep: { type: 'boolean', default: false },
  },
});
const TRIALS = Number(args.trials);
const REQUEST = `tune my XGBoost for latency with ${TRIALS} trials, 4 at a time`;
const maxWaitMs = Number(args['max-wait-min']) * 60_000;
const t0 = Date.now();
const clock = (at = Date.now()) => `${((at - t0) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[${clock()}] ${line}`);

interface WorkerProc extends WorkerRecord { child: ChildProcess; pid: number; exit: Promise<string> }

const dir = mkdtempSync(join(tmpdir(), 'tunechat-distributed-demo-'));
const dbPath = join(dir, 'tunechat.db');
let redis: TestRedis | null = null;
let server: ServerProcess | null = null;
let browser: Browser | null = null;
const workers: WorkerProc[] = [];
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) killGroup(w.child, 'SIGTERM');
  await Promise.all(workers.map((w) => Promise.race([w.exit, new Promise((r) => setTimeout(r, 30_000))])));
  for (const w of workers) killGroup(w.child, 'SIGKILL');
  await redis?.stop();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

let failed = false;
try {
  redis = await startRedis();
  log(`redis-server ${redis.url} (dir ${redis.dir})`);
  server = await startServerProcess({ root: ROOT, env: { TUNECHAT_DB: dbPath, TUNECHAT_MODEL: 'local', TUNECHAT_REDIS_URL: redis.url } });
  log(`server ${server.url}`);
  const flags = args.concurrency ? ['--concurrency', args.concurrency] : [];
  workers.push(await startWorker('terminal 1', redis.url, flags), await startWorker('terminal 2', redis.url, flags));
  const [keeper, victim] = workers as [WorkerProc, WorkerProc];
  const serverLines = server.output.join('').split('\n').filter((l) => l.startsWith('tunechat'));
  log(serverLines.join('\n'));

  browser = await launchChromium();
  const { page, pageErrors, screenshots, shoot } = await openChatPage(browser, server.url, { out: args.out!, prefix: 'web-distributed', viewport: { width: 1100, height: 820 }, log });

  // The study as the chat shows it, every second, and the kill once a quarter of the trials is done.
  const cardLine = () => page.evaluate(() => [...document.querySelectorAll('.study-panel .sp-workers')].at(-1)?.textContent ?? '').catch(() => '');
  const watch = watchStudy(server.url, redis.url, victim, cardLine);
  const turns: DemoTurn[] = [];
  const notes: string[] = [];
  const first = turn(page, server.url, REQUEST);
  if (await Promise.race([watch.killed, first.then(() => null)])) {
    // What the user sees meanwhile: the study card's workers line once it names the stopped worker's trial.
    await page.waitForFunction(() => /worker that stopped/.test([...document.querySelectorAll('.study-panel .sp-workers')].at(-1)?.textContent ?? ''), null, { timeout: 60_000, polling: 500 }).catch(() => log('the study card never named the stopped worker'));
    await page.locator('.study-panel .sp-workers').last().evaluate((el) => el.scrollIntoView({ block: 'center' })).catch(() => {});
    await shoot('1-after-kill');
  }
  turns.push(await first);
  const studyId = studyIdIn(turns[0]!) ?? (await watch.studyId);
  if (!studyId) throw new Error(`the first turn started no study; it answered:\n${turns[0]!.assistant.join('\n')}`);
  turns.push(await turn(page, server.url, 'how is it going?'));
  if (!FINAL.includes(await studyStatus(server.url, studyId))) {
    const waitStart = Date.now();
    while (!FINAL.includes(await studyStatus(server.url, studyId))) {
      if (Date.now() - waitStart > maxWaitMs) throw new Error(`the study did not end within ${maxWaitMs / 60_000} min`);
      await sleep(2_000);
    }
    notes[1] = `the study card showed **${await studyStatus(server.url, studyId)}** ${Math.round((Date.now() - waitStart) / 1000)} s later; the user asked again.`;
  }
  turns.push(await turn(page, server.url, "what's the best one?"));
  // The last answer under its study card, whose workers line now says where the trials ran and which was retried.
  await page.locator('.study-panel .sp-workers').last().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(500);
  await shoot('2-answer');
  if (pageErrors.length) log(`page errors: ${pageErrors.join('; ')}`);
  watch.stop();
  const kill = await Promise.race([watch.killed, sleep(0).then(() => null)]);

  // The end: the database, the jobs left in Redis (one per trial: each result told once), the survivor's output.
  await browser.close();
  browser = null;
  const jobs = await readJobs(redis.url);
  await server.stop();
  server = null;
  const db = new Database(dbPath, { readonly: true });
  const storage = new SqliteStudyStorage(db);
  const study = storage.getStudy(studyId)!;
  const trials = storage.getTrials(studyId);
  db.close();
  killGroup(keeper.child, 'SIGTERM');
  await keeper.exit;
  const checks = checkRun(TRIALS, trials, jobs, kill, keeper, victim);
  failed = checks.some((c) => !c.ok);
  const md = distributedMarkdown({ budget: TRIALS, concurrency: args.concurrency, startedAt: t0, turns, notes, samples: watch.samples, kill, trials, jobs, checks, screenshots, keeper, victim, serverLines, studyLine: `${study.id}: ${study.spec.objectives.map((o) => `${o.direction} ${o.metric}`).join(', ')}, sampler ${study.spec.sampler ?? 'default'}, parallel ${study.spec.budget?.parallel ?? 1}, status ${study.status}` });
  writeFileSync(join(args.out!, 'web-distributed.md'), md);
  log(`wrote ${join(args.out!, 'web-distributed.md')}`);
  for (const c of checks) log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.actual}`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);

/** `npx tunechat worker --redis URL …flags` in the repository root, its own process group; resolves after its start-up line. */
async function startWorker(name: string, url: string, flags: string[]): Promise<WorkerProc> {
  const child = spawn('npx', ['tunechat', 'worker', '--redis', url, ...flags], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const exit = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no start-up line within 60 s:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = output.join('').split('\n').find((l) => / connected to /.test(l));
      if (found) (clearTimeout(timer), resolve(found));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then((how) => reject(new Error(`${name}: the worker ended (${how}) before connecting:\n${output.join('')}`)));
  });
  const id = /tunechat worker (\S+):/.exec(line)![1]!;
  const pid = Number(id.split('-').at(-2));
  log(`${name}: $ npx tunechat worker --redis ${url}${flags.length ? ` ${flags.join(' ')}` : ''}\n  ${line}`);
  return { name, child, id, pid, output, exit };
}

/**
 * Every second: the workers line the server computes for study_status (the same function, on the same database rows
 * and heartbeats), logged when it changes. Once a quarter of the trials is done, SIGKILLs `victim` the moment it runs
 * a trial (a train.py child of its process), like `kill -9 <pid>` from another terminal.
 */
function watchStudy(url: string, redisUrl: string, victim: WorkerProc, cardLine: () => Promise<string>) {
  const samples: Sample[] = [];
  let stopped = false;
  let resolveId!: (id: string | null) => void;
  let resolveKill!: (kill: Kill) => void;
  const studyId = new Promise<string | null>((r) => (resolveId = r));
  const killed = new Promise<Kill>((r) => (resolveKill = r));
  const connection = new RedisConnection({ url: redisUrl, maxRetriesPerRequest: null } as never, { shared: false, blocking: false });
  connection.on('error', () => {});
  void (async () => {
    const client: RedisClient = await connection.client;
    let id: string | null = null;
    let db: Database.Database | null = null;
    let kill: Kill | null = null;
    const seen = new Set<string>();
    const gone = new Set<string>();
    while (!stopped) {
      if (!id) {
        const { studies } = (await (await fetch(`${url}/api/studies`)).json()) as { studies: { id: string }[] };
        id = studies[0]?.id ?? null;
        if (id) resolveId(id);
      }
      if (id) {
        db ??= new Database(dbPath, { readonly: true });
        const trials = new SqliteStudyStorage(db).getTrials(id);
        const done = trials.filter((t) => FINAL.includes(t.state) || t.state === 'pruned').length;
        const live = await listWorkers(client, 'tunechat', Date.now());
        for (const w of seen) if (!live.some((l) => l.id === w)) gone.add(w);
        for (const w of live) seen.add(w.id);
        const line = summarizeWorkers(TARGET, live, trials, { gone, retryWithinMs: QUEUE_DEFAULTS.lockMs + QUEUE_DEFAULTS.stalledIntervalMs }).line;
        const card = await cardLine();
        if (samples.at(-1)?.line !== line || samples.at(-1)?.card !== card) {
          samples.push({ at: Date.now(), line, card, done });
          log(`status: ${done}/${TRIALS} done; now: ${line}; card: ${card}`);
        }
        if (!kill && done >= Math.max(1, Math.floor(TRIALS / 4))) {
          const train = trainChild(victim.pid);
          if (train) {
            process.kill(victim.pid, 'SIGKILL');
            kill = { at: Date.now(), trial: train.trial, worker: victim.id, trainPid: train.pid, trainExited: null };
            log(`SIGKILL ${victim.name} (pid ${victim.pid}) while it ran trial #${train.trial} (train.py pid ${train.pid})`);
            const k = kill;
            void (async () => {
              while (alive(k.trainPid)) await sleep(200);
              k.trainExited = Date.now();
            })();
            resolveKill(kill);
          }
          await sleep(50);
          continue;
        }
      }
      await sleep(1_000);
    }
    db?.close();
    await connection.close();
  })().catch((error: unknown) => log(`watcher: ${(error as Error).message}`));
  return { samples, studyId, killed, stop: () => void (stopped = true, resolveId(null)) };
}

/** A train.py the worker runs now (a child process with TUNECHAT_TRIAL in its environment), or null. */
function trainChild(workerPid: number): { pid: number; trial: number } | null {
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(workerPid)], { encoding: 'utf8' });
  for (const pid of ps.stdout.split('\n').map(Number).filter((n) => n > 0)) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const trial = env.find((e) => e.startsWith('TUNECHAT_TRIAL='));
      if (trial) return { pid, trial: Number(trial.slice('TUNECHAT_TRIAL='.length)) };
    } catch {
      // it ended meanwhile
    }
  }
  return null;
}


/** The study's jobs in Redis (kept 7 days after they finish): one per trial when every trial was told once. */
async function readJobs(redisUrl: string): Promise<JobRow[]> {
  const queue = new Queue(`trials.${TARGET}`, { connection: { url: redisUrl } as never, prefix: 'tunechat' });
  try {
    const jobs = await queue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
    const rows = await Promise.all(jobs.map(async (job) => ({
      id: job.id!, trial: (job.data as { trial: number }).trial, state: await job.getState(),
      worker: (job.returnvalue as { worker?: string } | null)?.worker ?? '', attemptsStarted: job.attemptsStarted, stalled: job.stalledCounter,
    })));
    return rows.sort((a, b) => a.trial - b.trial);
  } finally {
    await queue.close();
  }
}

/** Types `text` into the composer, presses Enter, waits until the answer ended, and reads the stored turn back. */
function turn(page: Page, url: string, text: string): Promise<DemoTurn> {
  return chatTurn(page, url, text, { maxWaitMs, pollMs: 500, log });
}

async function studyStatus(url: string, id: string): Promise<string> {
  return ((await (await fetch(`${url}/api/studies/${id}`)).json()) as { status: string }).status;
}

/** Whether the process exists (signal 0); `killGroup` signals a child's whole process group. */
function alive(pid: number): boolean {
  return attempt(() => process.kill(pid, 0));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  attempt(() => child.pid !== undefined && process.kill(-child.pid, signal));
}

function attempt(action: () => unknown): boolean {
  try {
    action();
    return true;
  } catch {
    return false;
  }
}
