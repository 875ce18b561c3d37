/**
 * `createSource(metrics, deps)`: the MetricSource a control section's `metrics` asks for.
 * `prometheus` scrapes a /metrics URL (prometheus-source.ts); `load` follows tunechat's load generator
 * (load-series-source.ts), fed by whoever runs the load through `LoadSeriesSource.push`.
 */
import type { Clock } from '../../common/clock.ts';
import type { HostResolver } from '../../common/host-policy.ts';
import type { ControlSection, MetricSource } from '../types.ts';
import type { HttpRequester } from './limited-request.ts';
import type { SeriesPoint } from '../../bench/types.ts';
import { followBenchLoad, type BenchEvents } from './bench-load-feed.ts';
import { LoadSeriesSource } from './load-series-source.ts';
import { PrometheusSource } from './prometheus-source.ts';

export interface SourceDeps {
  clock: Clock;
  /** `Config.allowedHosts` (TUNECHAT_ALLOWED_HOSTS); default: loopback only. */
  allowedHosts?: readonly string[];
  resolveHost?: HostResolver;
  /** HTTP requests (tests inject a fake); default: a pinned request with a body cap. */
  request?: HttpRequester;
  /** Scrape timeout, ms (default 2000); the controller also aborts a read after its period. */
  timeout_ms?: number;
  /** tunechat's load runs (BenchService), which a `load` source follows. */
  bench?: BenchEvents;
}

export function createSource(metrics: ControlSection['metrics'], deps: SourceDeps): MetricSource {
  if (metrics.type === 'load') {
    const bench = deps.bench;
    return new LoadSeriesSource({ clock: deps.clock, ...(bench ? { follow: (push: (point: SeriesPoint) => void) => followBenchLoad(bench, metrics.url, push) } : {}) });
  }
  return new PrometheusSource({
    url: metrics.url,
    signals: metrics.signals,
    clock: deps.clock,
    allowedHosts: deps.allowedHosts ?? [],
    ...(metrics.window_s !== undefined ? { window_s: metrics.window_s } : {}),
    ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}),
    ...(deps.request ? { request: deps.request } : {}),
    ...(deps.timeout_ms !== undefined ? { timeout_ms: deps.timeout_ms } : {}),
  });
}

export { LoadSeriesSource } from './load-series-source.ts';
export { PrometheusSource } from './prometheus-source.ts';
export { histogramQuantile } from './histogram-quantile.ts';
export { parsePrometheusText } from './prometheus-text.ts';
export type { HttpRequester } from './limited-request.ts';
