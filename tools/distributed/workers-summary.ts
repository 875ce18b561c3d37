/**
 * The workers behind a distributed study, for its status and the chat: "3 workers (12 slots), 9 trials running,
 * 2 retried (#4, #17)", with each worker's throughput. A running trial is one of three things, said apart: running on
 * a worker (its start was reported by a live worker), waiting in the queue for a free slot (no worker started it yet:
 * the study's `parallel` is above the workers' slots), or held by a worker that stopped (its heartbeat expired; the
 * job runs again once its lock expires). Once nothing is pending, the line says where the trials ran:
 * "40 trials ran on 2 workers (a: 27, b: 13), 1 retried (#9); now 1 worker (1 slot)". Pure: heartbeats and trials in.
 */
import { PLACEMENT_ATTRS, type WorkersSummary } from '../optimizer/remote-trials.ts';
import type { Trial } from '../optimizer/types.ts';
import { isCompatible, type WorkerInfo } from './worker-registry.ts';

export interface SummaryContext {
  /** Workers seen alive earlier whose heartbeat has expired since (killed, or their machine is gone). */
  gone?: ReadonlySet<string>;
  /** Lock plus stalled check: how long a stopped worker's trial may wait before it runs again. */
  retryWithinMs?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const LISTED = 5;

export function summarizeWorkers(target: string, workers: readonly WorkerInfo[], trials: readonly Trial[], context: SummaryContext = {}): WorkersSummary {
  const serving = workers.filter((w) => w.targets.includes(target));
  const live = serving.filter(isCompatible);
  const liveIds = new Set(serving.map((w) => w.id));
  const placedOn = (t: Trial) => t.systemAttrs[PLACEMENT_ATTRS.worker];
  const pending = trials.filter((t) => t.state === 'running' || t.state === 'waiting');
  const running = trials.filter((t) => t.state === 'running');
  // A start reported by a worker that no longer answers (and was seen before: a new worker's first heartbeat may not
  // have been read yet) leaves the trial waiting for its lock to expire; one nobody started waits for a slot.
  const stopped = running.filter((t) => typeof placedOn(t) === 'string' && !liveIds.has(placedOn(t) as string) && context.gone?.has(placedOn(t) as string) === true);
  const queued = running.filter((t) => typeof placedOn(t) !== 'string');
  const onWorkers = running.length - stopped.length - queued.length;
  const retried = trials.filter((t) => Number(t.systemAttrs[PLACEMENT_ATTRS.attempt] ?? 1) > 1);
  const byWorker = new Map<string, number>();
  for (const t of trials) {
    const worker = placedOn(t);
    if (typeof worker === 'string' && t.state !== 'running' && t.state !== 'waiting') byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
  }
  const slots = live.reduce((sum, w) => sum + w.concurrency, 0);
  const incompatible = serving.length - live.length;
  const retriedText = `${retried.length} retried${retried.length > 0 ? ` (${numbers(retried)})` : ''}`;
  const now = `${plural(live.length, 'worker')} (${plural(slots, 'slot')})`;
  let line: string;
  if (pending.length === 0 && byWorker.size > 0) {
    const ran = [...byWorker].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, n]) => `${id}: ${n}`);
    line = `${plural([...byWorker.values()].reduce((a, b) => a + b, 0), 'trial')} ran on ${plural(byWorker.size, 'worker')} (${ran.join(', ')}), ${retriedText}; now ${now}`;
  } else {
    const parts = [`${now}, ${plural(onWorkers, 'trial')} running`];
    if (queued.length > 0) parts.push(`${queued.length} waiting ${live.length > 0 ? 'for a free slot' : 'in the queue'}`);
    if (stopped.length > 0) {
      const within = context.retryWithinMs ? ` within ${Math.ceil(context.retryWithinMs / 1000)} s` : '';
      parts.push(`${stopped.length} on a worker that stopped (${numbers(stopped)}: back in the queue${within}, once the job's lock expires)`);
    }
    parts.push(retriedText);
    line = parts.join(', ');
    if (live.length === 0) line += `: trials wait in the queue until a worker with target "${target}" starts (tunechat worker --redis …)`;
  }
  if (incompatible > 0) line += `; ${plural(incompatible, 'worker')} of another tunechat version cannot take them`;
  return {
    workers: live.length,
    slots,
    running: onWorkers,
    queued: queued.length,
    stopped: stopped.length,
    retried: retried.length,
    incompatible,
    line,
    per_worker: live.map((w) => {
      const minutes = Math.max(w.at - w.startedAt, 1000) / 60_000;
      return { id: w.id, host: w.host, slots: w.concurrency, running: w.running, done: w.done, trials_per_min: Math.round((10 * w.done) / minutes) / 10, study_trials: byWorker.get(w.id) ?? 0 };
    }),
  };
}

/** "#4, #17" (the first five, then "… 3 more"). */
function numbers(trials: readonly Trial[]): string {
  const listed = trials.slice(0, LISTED).map((t) => `#${t.number}`).join(', ');
  return trials.length > LISTED ? `${listed}, … ${trials.length - LISTED} more` : listed;
}
