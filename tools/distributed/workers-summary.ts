/**
 * The workers behind a distributed study, for its status and the chat: "3 workers (12 slots), 9 trials running,
 * 2 retried", with each worker's throughput. Pure: heartbeats and trials in, plain JSON out.
 */
import { PLACEMENT_ATTRS, type WorkersSummary } from '../optimizer/remote-trials.ts';
import type { Trial } from '../optimizer/types.ts';
import { isCompatible, type WorkerInfo } from './worker-registry.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summarizeWorkers(target: string, workers: readonly WorkerInfo[], trials: readonly Trial[]): WorkersSummary {
  const serving = workers.filter((w) => w.targets.includes(target));
  const live = serving.filter(isCompatible);
  const running = trials.filter((t) => t.state === 'running').length;
  const retried = trials.filter((t) => Number(t.systemAttrs[PLACEMENT_ATTRS.attempt] ?? 1) > 1).length;
  const byWorker = new Map<string, number>();
  for (const t of trials) {
    const worker = t.systemAttrs[PLACEMENT_ATTRS.worker];
    if (typeof worker === 'string' && t.state !== 'running' && t.state !== 'waiting') byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
  }
  const slots = live.reduce((sum, w) => sum + w.concurrency, 0);
  const incompatible = serving.length - live.length;
  let line = `${plural(live.length, 'worker')} (${plural(slots, 'slot')}), ${plural(running, 'trial')} running, ${retried} retried`;
  if (live.length === 0) line += `: trials wait in the queue until a worker with target "${target}" starts (tunechat worker --redis …)`;
  if (incompatible > 0) line += `; ${plural(incompatible, 'worker')} of another tunechat version cannot take them`;
  return {
    workers: live.length,
    slots,
    running,
    retried,
    incompatible,
    line,
    per_worker: live.map((w) => {
      const minutes = Math.max(w.at - w.startedAt, 1000) / 60_000;
      return { id: w.id, host: w.host, slots: w.concurrency, running: w.running, done: w.done, trials_per_min: Math.round((10 * w.done) / minutes) / 10, study_trials: byWorker.get(w.id) ?? 0 };
    }),
  };
}
