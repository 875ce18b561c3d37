/**
 * What the distributed-trials tests share: `tunechat worker` processes (the real CLI) with short queue timings, an
 * HTTP objective that workers call (it counts evaluations per trial and can hold a trial until released, which makes
 * "kill the worker mid-trial" deterministic, and a killed worker leaves no child process behind), a tunechat.json
 * naming it, and a StudyManager with DistributedTrials on the test's Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../tools/common/clock.ts';
import { DistributedTrials } from '../../tools/distributed/distributed-trials.ts';
import { resolveQueueOptions, type QueueOptions } from '../../tools/distributed/queue-options.ts';
import { InMemoryStorage } from '../../tools/optimizer/in-memory-storage.ts';
import type { StudyStorage } from '../../tools/optimizer/storage.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import type { StudyEvent } from '../../tools/optimizer/types.ts';
import { startHttpServer } from './http-test-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Short timings: a dead worker's trial is retried within ~3 s, heartbeats every 300 ms. */
export const FAST_QUEUE: Partial<Omit<QueueOptions, 'url'>> = Object.freeze({
  lockMs: 2_000, stalledIntervalMs: 500, heartbeatMs: 300, controlPollMs: 150, jobCheckMs: 500, connectTimeoutMs: 2_000,
});
export const FAST_QUEUE_ENV: Record<string, string> = {
  TUNECHAT_QUEUE_LOCK_MS: '2000', TUNECHAT_QUEUE_STALLED_INTERVAL_MS: '500', TUNECHAT_QUEUE_HEARTBEAT_MS: '300',
  TUNECHAT_QUEUE_CONTROL_POLL_MS: '150', TUNECHAT_QUEUE_JOB_CHECK_MS: '500', TUNECHAT_QUEUE_CONNECT_TIMEOUT_MS: '2000',
};

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves with the first output line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/** `tunechat worker --redis URL …args` from the repository root, with the fast timings. */
export function spawnWorker(url: string, args: string[], env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'worker', '--redis', url, ...args], {
    cwd: ROOT, env: { ...process.env, ...FAST_QUEUE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-50_000);
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const line = output.split('\n').find((l) => pattern.test(l));
          if (line === undefined) return;
          cleanup();
          resolve(line);
        };
        const timer = setTimeout(() => (cleanup(), reject(new Error(`worker output has no ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
        const cleanup = () => (clearTimeout(timer), waiters.delete(check));
        waiters.add(check);
        check();
      }),
    async stop(graceMs = 5_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface TrialServer {
  url: string;
  /** Evaluations received per trial number (a retried trial counts twice). */
  calls: Map<number, number>;
  /** Holds every request of `trial` until `release(trial)`. */
  hold(trial: number): void;
  release(trial: number): void;
  /** Resolves once a request of `trial` arrived (and is held, if held). */
  arrived(trial: number): Promise<void>;
  close(): Promise<void>;
}

/** An HTTP objective: `value = (x - 3)²` after `delayMs`. */
export async function startTrialServer(delayMs: number): Promise<TrialServer> {
  const calls = new Map<number, number>();
  const held = new Map<number, (() => void)[]>();
  const holding = new Set<number>();
  const arrivals = new Map<number, () => void>();
  const arrivedPromises = new Map<number, Promise<void>>();
  const arrivedOf = (trial: number) => {
    let promise = arrivedPromises.get(trial);
    if (!promise) {
      promise = new Promise<void>((resolve) => arrivals.set(trial, resolve));
      arrivedPromises.set(trial, promise);
    }
    return promise;
  };
  const server = await startHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { params, trial } = JSON.parse(body) as { params: { x: number }; trial: number };
      calls.set(trial, (calls.get(trial) ?? 0) + 1);
      const answer = () => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: (params.x - 3) ** 2 })), delayMs);
      void arrivedOf(trial);
      arrivals.get(trial)!();
      if (holding.has(trial)) held.set(trial, [...(held.get(trial) ?? []), answer]);
      else answer();
    });
  });
  return {
    url: `${server.url}/evaluate`,
    calls,
    hold: (trial) => void holding.add(trial),
    release: (trial) => {
      holding.delete(trial);
      for (const answer of held.get(trial) ?? []) answer();
      held.delete(trial);
    },
    arrived: arrivedOf,
    close: server.close,
  };
}

/** A temporary directory with a tunechat.json of HTTP targets (all pointing at `url`). Returns its path. */
export function writeTargetsFile(targets: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-worker-'));
  const entries = Object.entries(targets).map(([name, url]) => ({ name, kind: 'http', url, metrics: [{ name: 'value', direction: 'minimize' }] }));
  writeFileSync(join(dir, 'tunechat.json'), JSON.stringify({ targets: entries }));
  return dir;
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A StudyManager whose studies run on the test Redis (in-memory storage unless given). */
export function distributedManager(url: string, options: { storage?: StudyStorage } = {}) {
  const remote = new DistributedTrials({ queue: resolveQueueOptions(url, FAST_QUEUE), byDefault: true });
  const storage = options.storage ?? new InMemoryStorage();
  const manager = new StudyManager({ storage, clock: systemClock, remote });
  const events: StudyEvent[] = [];
  manager.on((event) => events.push(event));
  return { manager, remote, storage, events };
}

/** Polls `check` every 50 ms until it is true; throws naming `what` after `timeoutMs`. */
export async function until(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** The study spec of an HTTP target `name` over x ∈ [0, 10]. */
export function httpStudy(name: string, budget: { trials: number; parallel: number }, extra: Record<string, unknown> = {}) {
  return {
    space: { x: { type: 'float', low: 0, high: 10 } },
    objectives: [{ metric: 'value', direction: 'minimize' as const }],
    target: { kind: 'http', url: 'http://unused.invalid/' },
    targetName: name,
    sampler: 'random',
    budget,
    seed: 7,
    ...extra,
  };
}
