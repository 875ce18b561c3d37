/**
 * Worker heartbeats in Redis: each worker rewrites its `WorkerInfo` every `heartbeatMs` into a hash, and its expiry
 * time into a sorted set; readers list the live ones (expiry in the future) and drop the dead. A worker that exits
 * cleanly removes itself; one that is killed disappears after 3 missed heartbeats.
 */
import type { RedisClient } from 'bullmq';
import { PROTOCOL_VERSION } from './protocol.ts';

export interface WorkerInfo {
  /** Protocol version the worker speaks (a mismatch is shown, its jobs would fail). */
  v: number;
  id: string;
  host: string;
  pid: number;
  /** Trials it runs at once, per target. */
  concurrency: number;
  /** Targets it evaluates (it takes jobs of these queues only). */
  targets: string[];
  running: number;
  /** Trials it finished (complete or pruned), and failed, since it started. */
  done: number;
  failed: number;
  startedAt: number;
  /** When this heartbeat was written. */
  at: number;
}

const MAX_TARGETS = 1000;

export function workerKeys(prefix: string) {
  return { info: `${prefix}:workers:info`, seen: `${prefix}:workers:seen` };
}

export async function writeHeartbeat(client: RedisClient, prefix: string, info: WorkerInfo, ttlMs: number): Promise<void> {
  const keys = workerKeys(prefix);
  await client.hset(keys.info, { [info.id]: JSON.stringify(info) });
  await client.runCommand('zadd', [keys.seen, info.at + ttlMs, info.id]);
}

export async function removeWorker(client: RedisClient, prefix: string, id: string): Promise<void> {
  const keys = workerKeys(prefix);
  await client.hdel(keys.info, id);
  await client.runCommand('zrem', [keys.seen, id]);
}

/** Live workers (heartbeat not expired at `now`), sorted by id; expired entries are removed. */
export async function listWorkers(client: RedisClient, prefix: string, now: number): Promise<WorkerInfo[]> {
  const keys = workerKeys(prefix);
  const dead = (await client.runCommand('zrangebyscore', [keys.seen, '-inf', now])) as string[];
  if (dead.length > 0) {
    await client.hdel(keys.info, ...dead);
    await client.runCommand('zremrangebyscore', [keys.seen, '-inf', now]);
  }
  const live = (await client.runCommand('zrangebyscore', [keys.seen, now, '+inf'])) as string[];
  if (live.length === 0) return [];
  const raw = await client.hmget(keys.info, ...live);
  return raw.map(parseWorkerInfo).filter((w): w is WorkerInfo => w !== null).sort((a, b) => a.id.localeCompare(b.id));
}

/** A heartbeat as read from Redis, or null when it does not parse (another program's key, a corrupt write). */
export function parseWorkerInfo(raw: string | null): WorkerInfo | null {
  if (raw === null) return null;
  try {
    const w = JSON.parse(raw) as Partial<WorkerInfo>;
    const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0);
    if (typeof w.id !== 'string' || !Array.isArray(w.targets)) return null;
    return {
      v: typeof w.v === 'number' ? w.v : 0,
      id: w.id.slice(0, 200),
      host: typeof w.host === 'string' ? w.host.slice(0, 200) : '',
      pid: count(w.pid),
      concurrency: count(w.concurrency),
      targets: w.targets.filter((t): t is string => typeof t === 'string').slice(0, MAX_TARGETS),
      running: count(w.running),
      done: count(w.done),
      failed: count(w.failed),
      startedAt: count(w.startedAt),
      at: count(w.at),
    };
  } catch {
    return null;
  }
}

/** Whether a worker can take jobs of this server (same protocol). */
export const isCompatible = (worker: WorkerInfo): boolean => worker.v === PROTOCOL_VERSION;
