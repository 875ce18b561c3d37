/**
 * Monitor from tunechat's own load generator: while a stability or HTTP load run drives the service, its
 * per-second series point (tools/bench/types.ts `SeriesPoint`: requests, p50, p99, errors, timeouts of one second)
 * is pushed here and the next read reports it as standard signals. Percentiles of different seconds cannot be
 * merged, so a read reports the newest second, not an average; the analyzer's window does the smoothing.
 * A point older than `max_age_ms` (the load stopped) fails the read: the controller then holds.
 */
import type { Clock } from '../../common/clock.ts';
import type { SeriesPoint } from '../../bench/types.ts';
import type { MetricSource, Sample } from '../types.ts';
import { controlError } from './control-error.ts';

export const LOAD_SOURCE_SIGNALS = ['latency_p50_ms', 'latency_p99_ms', 'requests_per_s', 'error_rate'] as const;

export interface LoadSeriesSourceOptions {
  clock: Clock;
  /** Default 3000: three missed seconds mean the load is gone. */
  max_age_ms?: number;
  /** Subscribes `push` to a running load (bench-load-feed.ts) and returns the unsubscribe, called by `close()`. */
  follow?: (push: (point: SeriesPoint) => void) => () => void;
}

export class LoadSeriesSource implements MetricSource {
  readonly kind = 'load';
  readonly describe = "tunechat's load generator (per-second series)";
  private latest: { point: SeriesPoint; at: number } | null = null;

  private readonly unfollow: (() => void) | null;

  constructor(private readonly options: LoadSeriesSourceOptions) {
    this.unfollow = options.follow ? options.follow((point) => this.push(point)) : null;
  }

  close(): void {
    this.unfollow?.();
  }

  /** Called by the load run once per second. */
  push(point: SeriesPoint): void {
    this.latest = { point, at: this.options.clock.now() };
  }

  signals(): readonly string[] {
    return LOAD_SOURCE_SIGNALS;
  }

  async read(): Promise<Sample> {
    const now = this.options.clock.now();
    if (!this.latest) throw controlError('source_unavailable', 'no load is running: the load generator has sent no per-second point yet');
    const age = now - this.latest.at;
    const maxAge = this.options.max_age_ms ?? 3000;
    if (age > maxAge) {
      throw controlError('source_unavailable', `the load generator sent no point for ${(age / 1000).toFixed(1)} s (the load stopped?)`, { details: { age_ms: age, max_age_ms: maxAge } });
    }
    const p = this.latest.point;
    const failed = p.errors + p.timeouts;
    const attempts = p.requests + failed;
    const values: Record<string, number> = { requests_per_s: p.requests_per_s };
    if (attempts > 0) values.error_rate = failed / attempts;
    // An empty second reports 0 ms percentiles (aggregate.ts); no requests means no latency, not 0 ms.
    if (p.requests > 0) {
      values.latency_p50_ms = p.p50_ms;
      values.latency_p99_ms = p.p99_ms;
    }
    return { at: now, values, count: p.requests };
  }
}
