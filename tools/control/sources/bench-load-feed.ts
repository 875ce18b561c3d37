/**
 * Feeds a `load` source from tunechat's own load runs: BenchService publishes `bench-start` (with the run's label
 * `METHOD URL rate=…`), a `bench-progress` point every second for http and stability runs, and `bench-end`.
 * Only runs whose URL starts with `url` count (every http/stability run when no URL is given), so a controller on
 * one service never follows load sent to another.
 */
import type { BenchListener, SeriesPoint } from '../../bench/types.ts';

export interface BenchEvents {
  on(listener: BenchListener): () => void;
}

/** Subscribes; returns the unsubscribe. */
export function followBenchLoad(bench: BenchEvents, url: string | undefined, push: (point: SeriesPoint) => void): () => void {
  const followed = new Set<string>();
  return bench.on((event) => {
    if (event.type === 'bench-start') {
      if (event.kind !== 'http' && event.kind !== 'stability') return;
      const target = event.label.split(' ')[1] ?? '';
      if (url === undefined || target.startsWith(url)) followed.add(event.runId);
    } else if (event.type === 'bench-progress') {
      if (followed.has(event.runId) && event.progress.kind === 'http') push(event.progress.point);
    } else {
      followed.delete(event.runId);
    }
  });
}
