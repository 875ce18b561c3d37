/**
 * From a control section's Prometheus mapping to the standard signals (tools/control/types.ts):
 * - `latency` histogram → latency_p50_ms, latency_p90_ms, latency_p99_ms (histogram_quantile over the window's
 *   bucket increases), latency_mean_ms (Δsum / Δcount) and requests_per_s (Δcount / window);
 * - `queue_wait` histogram → queue_wait_ms (mean); `service` histogram → service_ms (mean) and work_per_s;
 * - `inflight`, `busy` gauges → their current value (matching series summed);
 * - `errors` counter → error_rate = Δerrors / Δrequests (0..1, needs `latency`) and errors_per_s.
 * Histogram units come from the name, as Prometheus names them: `_seconds` (the base unit, also assumed when the
 * name says nothing) ×1000, `_milliseconds`/`_ms` as is, `_microseconds`/`_us` ÷1000.
 */
import { histogramQuantile, type CumulativeBucket } from './histogram-quantile.ts';
import { parsePromValue } from './prometheus-text.ts';
import { matchesLabels, parseSelector, type MetricSelector } from './prometheus-selector.ts';
import type { ScrapeWindow } from './scrape-window.ts';

export type MappingRole = 'latency' | 'queue_wait' | 'service' | 'inflight' | 'busy' | 'errors';
export type PrometheusMapping = Partial<Record<MappingRole, string>>;

export const ROLE_SIGNALS: Record<MappingRole, readonly string[]> = {
  latency: ['latency_p50_ms', 'latency_p90_ms', 'latency_p99_ms', 'latency_mean_ms', 'requests_per_s'],
  queue_wait: ['queue_wait_ms'],
  service: ['service_ms', 'work_per_s'],
  inflight: ['inflight'],
  busy: ['busy'],
  errors: ['error_rate', 'errors_per_s'],
};
const HISTOGRAM_ROLES: ReadonlySet<MappingRole> = new Set(['latency', 'queue_wait', 'service']);
const ROLES = Object.keys(ROLE_SIGNALS) as MappingRole[];

export interface MappedSelector {
  role: MappingRole;
  selector: MetricSelector;
  /** Sample names kept from a scrape for this role. */
  sampleNames: readonly string[];
}

export function mapSelectors(mapping: PrometheusMapping): MappedSelector[] {
  const out: MappedSelector[] = [];
  for (const role of ROLES) {
    const text = mapping[role];
    if (text === undefined) continue;
    const selector = parseSelector(text, `metrics.signals.${role}`);
    const base = HISTOGRAM_ROLES.has(role) ? selector.name.replace(/_(bucket|sum|count)$/, '') : selector.name;
    selector.name = base;
    const sampleNames = HISTOGRAM_ROLES.has(role)
      ? [`${base}_bucket`, `${base}_sum`, `${base}_count`]
      : role === 'errors'
        ? [base, base.endsWith('_total') ? base.slice(0, -'_total'.length) : `${base}_total`]
        : [base];
    out.push({ role, selector, sampleNames });
  }
  return out;
}

/** True when a scraped sample belongs to this role's selector. */
export function selects(mapped: MappedSelector, name: string, labels: Readonly<Record<string, string>>): boolean {
  return mapped.sampleNames.includes(name) && matchesLabels(mapped.selector, labels);
}

/** Milliseconds per unit of a histogram named like Prometheus names them. */
export function unitToMs(name: string): number {
  if (/_(milliseconds|ms)$/.test(name)) return 1;
  if (/_(microseconds|us)$/.test(name)) return 0.001;
  return 1000;
}

interface HistogramIncrease {
  buckets: CumulativeBucket[];
  sum: number;
  count: number;
}

/** Sums the increases of every matching series of a histogram, per `le`. Null before two scrapes. */
function histogramIncrease(window: ScrapeWindow, keys: Iterable<string>, base: string): HistogramIncrease | null {
  const byLe = new Map<number, number>();
  let sum = 0;
  let count = 0;
  let seen = false;
  for (const key of keys) {
    const series = window.describe(key)!;
    const increase = window.increase(key);
    if (increase === null) continue;
    seen = true;
    if (series.name === `${base}_bucket`) {
      const le = parsePromValue(series.labels.le ?? '');
      if (le !== null) byLe.set(le, (byLe.get(le) ?? 0) + increase);
    } else if (series.name === `${base}_sum`) sum += increase;
    else if (series.name === `${base}_count`) count += increase;
  }
  if (!seen) return null;
  return { buckets: [...byLe].map(([le, c]) => ({ le, count: c })), sum, count };
}

/** Standard signal values over the window, and the request count they rest on. */
export function computeSignals(window: ScrapeWindow, mapped: readonly MappedSelector[]): { values: Record<string, number>; count: number } {
  const keysByRole = new Map<MappingRole, string[]>();
  for (const key of window.keys()) {
    const series = window.describe(key)!;
    for (const m of mapped) if (selects(m, series.name, series.labels)) keysByRole.set(m.role, [...(keysByRole.get(m.role) ?? []), key]);
  }
  const values: Record<string, number> = {};
  const span = window.span_s();
  let requests: number | null = null;
  let work: number | null = null;
  const set = (name: string, value: number | null) => {
    if (value !== null && Number.isFinite(value)) values[name] = value;
  };
  for (const { role, selector } of mapped) {
    const keys = keysByRole.get(role) ?? [];
    if (role === 'inflight' || role === 'busy') {
      const latest = window.latest();
      const present = keys.map((k) => latest?.series.get(k)?.value).filter((v): v is number => v !== undefined);
      if (present.length > 0) set(role, present.reduce((a, b) => a + b, 0));
      continue;
    }
    if (span <= 0 || role === 'errors') continue;
    const increase = histogramIncrease(window, keys, selector.name);
    if (!increase) continue;
    const scale = unitToMs(selector.name);
    const mean = increase.count > 0 ? (increase.sum / increase.count) * scale : null;
    if (role === 'latency') {
      requests = increase.count;
      set('requests_per_s', increase.count / span);
      if (increase.count > 0) {
        for (const [q, name] of [[0.5, 'latency_p50_ms'], [0.9, 'latency_p90_ms'], [0.99, 'latency_p99_ms']] as const) {
          const quantile = histogramQuantile(q, increase.buckets);
          set(name, quantile === null ? null : quantile * scale);
        }
        set('latency_mean_ms', mean);
      }
    } else if (role === 'queue_wait') set('queue_wait_ms', mean);
    else {
      work = increase.count;
      set('service_ms', mean);
      set('work_per_s', increase.count / span);
    }
  }
  const errors = mapped.find((m) => m.role === 'errors');
  if (errors && span > 0) {
    // A labelled error counter has no series before the first error: no series then means no errors.
    const increases = (keysByRole.get('errors') ?? []).map((k) => window.increase(k)).filter((v): v is number => v !== null);
    const failed = increases.reduce((a, b) => a + b, 0);
    set('errors_per_s', failed / span);
    if (requests !== null && (requests > 0 || failed > 0)) set('error_rate', requests > 0 ? Math.min(1, failed / requests) : 1);
  }
  return { values, count: requests ?? work ?? 0 };
}
