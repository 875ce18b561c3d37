/**
 * Analyze: the controller's view of its source over a sliding window of time (`window_s`): per signal the latest
 * value, an EWMA, mean/min/max, p50/p95 and the least-squares slope per second, and the SLO's state with the sample
 * counts behind it, so a decision on too little data can be refused and a failing source makes the loop hold.
 *
 * SLO state, in order: `unknown` while fewer than `min_samples` samples in the window carry the SLO's signal;
 * `violated` when the latest value breaks the SLO; `at_risk` when it is within 10% of the limit or the slope
 * projects a crossing within 5 s; `ok` otherwise. `for_s` is how long the state has held.
 */
import type { Analysis, ControllerSettings, Sample, SignalStats, Slo, SloOp, SloState } from './types.ts';

export const ANALYZER_DEFAULTS = Object.freeze({
  /** Weight of the newest sample in the EWMA. */
  ewma_alpha: 0.3,
  /** "Within 10% of the limit" is at risk. */
  risk_margin: 0.1,
  /** A slope that crosses the limit within this many seconds is at risk. */
  risk_horizon_s: 5,
});

export interface AnalyzerOptions {
  ewma_alpha?: number;
}

const LABELS: Record<string, string> = {
  latency_p50_ms: 'p50',
  latency_p90_ms: 'p90',
  latency_p99_ms: 'p99',
  latency_mean_ms: 'mean latency',
  requests_per_s: 'throughput',
  error_rate: 'error rate',
  queue_wait_ms: 'queue wait',
  inflight: 'in flight',
  busy: 'busy',
  service_ms: 'service time',
  work_per_s: 'work',
};

/** 3 significant digits, no exponent for ordinary magnitudes: 52.3, 6.1, 1400, 0.0523. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

/** A signal's value with its unit: "52 ms", "1400/s", "4.2%". */
export function formatValue(metric: string, value: number): string {
  if (metric === 'error_rate' || metric.endsWith('_ratio')) return `${formatNumber(value * 100)}%`;
  if (metric.endsWith('_ms')) return `${formatNumber(value)} ms`;
  if (metric.endsWith('_per_s')) return `${formatNumber(value)}/s`;
  return formatNumber(value);
}

/** "p99 52 ms", "queue wait 12.4 ms", "my_signal 3". */
export function formatSignal(metric: string, value: number): string {
  return `${LABELS[metric] ?? metric} ${formatValue(metric, value)}`;
}

export function meetsSlo(value: number, op: SloOp, limit: number): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    default:
      return value >= limit;
  }
}

/** Linear-interpolated percentile of sorted values (numpy's default). */
function percentile(sorted: readonly number[], p: number): number {
  const index = (sorted.length - 1) * p;
  const low = Math.floor(index);
  const high = Math.ceil(index);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (index - low);
}

/** Least-squares slope of value over time, per second; 0 with fewer than two distinct times. */
function slopePerSecond(points: readonly { at: number; value: number }[]): number {
  if (points.length < 2) return 0;
  const t0 = points[0]!.at;
  const xs = points.map((p) => (p.at - t0) / 1000);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = points.reduce((a, p) => a + p.value, 0) / points.length;
  let num = 0;
  let den = 0;
  points.forEach((p, i) => {
    num += (xs[i]! - meanX) * (p.value - meanY);
    den += (xs[i]! - meanX) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

export class Analyzer {
  private window: Sample[] = [];
  private readonly ewma = new Map<string, number>();
  private readonly alpha: number;
  private lastSuccessAt: number | null = null;
  private lastNow = 0;
  private state: SloState = 'unknown';
  private stateSince: number | null = null;

  constructor(
    private readonly slo: Slo,
    private readonly settings: ControllerSettings,
    options: AnalyzerOptions = {},
  ) {
    this.alpha = options.ewma_alpha ?? ANALYZER_DEFAULTS.ewma_alpha;
  }

  /**
   * Adds one read: a sample, or null with the read's error. `now` (ms since the epoch) defaults to the sample's
   * time, or the last time seen; the controller passes its clock's.
   */
  add(sample: Sample | null, error?: string, now?: number): Analysis {
    const at = now ?? sample?.at ?? this.lastNow;
    this.lastNow = at;
    if (sample) {
      this.window.push(sample);
      this.lastSuccessAt = at;
      for (const [name, value] of Object.entries(sample.values)) {
        if (!Number.isFinite(value)) continue;
        const previous = this.ewma.get(name);
        this.ewma.set(name, previous === undefined ? value : this.alpha * value + (1 - this.alpha) * previous);
      }
    }
    const from = at - this.settings.window_s * 1000;
    this.window = this.window.filter((s) => s.at > from);
    const signals = this.stats();
    const staleReason = this.staleReason(at, sample === null ? (error ?? 'no sample') : error);
    const slo = this.evaluate(signals[this.slo.metric], at);
    return { at, samples: this.window.length, stale: staleReason !== null, ...(staleReason !== null ? { stale_reason: staleReason } : {}), signals, slo };
  }

  private stats(): Record<string, SignalStats> {
    const series = new Map<string, { at: number; value: number }[]>();
    for (const sample of this.window) {
      for (const [name, value] of Object.entries(sample.values)) {
        if (Number.isFinite(value)) series.set(name, [...(series.get(name) ?? []), { at: sample.at, value }]);
      }
    }
    const out: Record<string, SignalStats> = {};
    for (const [name, points] of series) {
      const values = points.map((p) => p.value);
      const sorted = [...values].sort((a, b) => a - b);
      out[name] = {
        value: values[values.length - 1]!,
        ewma: this.ewma.get(name) ?? values[values.length - 1]!,
        mean: values.reduce((a, b) => a + b, 0) / values.length,
        min: sorted[0]!,
        max: sorted[sorted.length - 1]!,
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        slope_per_s: slopePerSecond(points),
        samples: values.length,
      };
    }
    return out;
  }

  private staleReason(now: number, error: string | undefined): string | null {
    const limitMs = this.settings.stale_after_s * 1000;
    const age = this.lastSuccessAt === null ? null : now - this.lastSuccessAt;
    const since = age === null ? 'no successful read yet' : `no successful read for ${formatNumber(age / 1000)} s`;
    if (error !== undefined) return `${since}: ${error}`;
    if (age !== null && age > limitMs) return `${since} (stale after ${formatNumber(this.settings.stale_after_s)} s)`;
    return null;
  }

  private evaluate(stats: SignalStats | undefined, now: number): Analysis['slo'] {
    const { metric, op, value: limit } = this.slo;
    const n = stats?.samples ?? 0;
    let state: SloState;
    let reason: string;
    if (!stats || n < this.settings.min_samples) {
      state = 'unknown';
      reason = `${n} sample${n === 1 ? '' : 's'} < ${this.settings.min_samples} needed`;
    } else {
      ({ state, reason } = this.judge(stats));
    }
    if (state !== this.state || this.stateSince === null) {
      this.state = state;
      this.stateSince = now;
    }
    return { metric, op, limit, value: stats?.value ?? null, state, for_s: (now - this.stateSince) / 1000, reason };
  }

  private judge(stats: SignalStats): { state: SloState; reason: string } {
    const { metric, op, value: limit } = this.slo;
    const value = stats.value;
    const shown = formatSignal(metric, value);
    const limitText = formatValue(metric, limit);
    if (!meetsSlo(value, op, limit)) {
      const relation = value > limit ? '>' : value < limit ? '<' : '=';
      return { state: 'violated', reason: `${shown} ${relation} ${limitText}${relation === '=' ? ` (must be ${op} ${limitText})` : ''}` };
    }
    const upper = op === '<' || op === '<=';
    const margin = ANALYZER_DEFAULTS.risk_margin * Math.abs(limit);
    if (upper ? value >= limit - margin : value <= limit + margin) {
      return { state: 'at_risk', reason: `${shown} within ${ANALYZER_DEFAULTS.risk_margin * 100}% of ${limitText}` };
    }
    const slope = stats.slope_per_s;
    const towards = upper ? slope > 0 : slope < 0;
    if (towards) {
      const seconds = (limit - value) / slope;
      if (seconds <= ANALYZER_DEFAULTS.risk_horizon_s) {
        return { state: 'at_risk', reason: `${shown} ${upper ? 'rising' : 'falling'} ${formatValue(metric, Math.abs(slope))}/s: crosses ${limitText} in ~${formatNumber(seconds)} s` };
      }
    }
    return { state: 'ok', reason: `${shown} ${op} ${limitText}` };
  }
}
