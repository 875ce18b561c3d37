import { ToolError } from '../common/errors.ts';
import { round } from './stats.ts';
import type { BenchResult, BenchRun } from './types.ts';

/** One metric of a comparison. `better` says which direction is an improvement. */
export interface MetricChange {
  name: string;
  baseline: number;
  current: number;
  change_percent: number;
  better: 'lower' | 'higher';
  verdict: 'improved' | 'regressed' | 'unchanged';
}

export interface BenchComparison {
  kind: BenchResult['kind'];
  label: string;
  baseline_id: string;
  current_id: string;
  baseline_at: number;
  current_at: number;
  metrics: MetricChange[];
}

/** Load-test and LLM metrics move a few percent between identical runs; smaller changes are "unchanged". */
export const NOISE_PERCENT = 5;

function change(name: string, baseline: number, current: number, better: 'lower' | 'higher', significant?: boolean): MetricChange {
  const pct = baseline === 0 ? (current === 0 ? 0 : 100) : ((current - baseline) / Math.abs(baseline)) * 100;
  const moved = significant ?? Math.abs(pct) > NOISE_PERCENT;
  const improved = better === 'lower' ? current < baseline : current > baseline;
  return { name, baseline, current, change_percent: round(pct, 2), better, verdict: !moved || pct === 0 ? 'unchanged' : improved ? 'improved' : 'regressed' };
}

function metricsOf(baseline: BenchResult, current: BenchResult): MetricChange[] {
  if (baseline.kind === 'command' && current.kind === 'command') {
    const out: MetricChange[] = [];
    for (const c of current.results) {
      const b = baseline.results.find((r) => r.command === c.command);
      if (!b) continue;
      // Welch's t statistic on the means: |t| > 2 is treated as a real change (≈95% for moderate n).
      const se = Math.sqrt(b.stddev_ms ** 2 / b.times_ms.length + c.stddev_ms ** 2 / c.times_ms.length);
      const t = se === 0 ? (b.mean_ms === c.mean_ms ? 0 : Infinity) : Math.abs(c.mean_ms - b.mean_ms) / se;
      out.push(change(`${c.command}: mean_ms`, b.mean_ms, c.mean_ms, 'lower', t > 2));
      if (b.peak_rss_kb !== null && c.peak_rss_kb !== null) out.push(change(`${c.command}: peak_rss_kb`, b.peak_rss_kb, c.peak_rss_kb, 'lower'));
    }
    return out;
  }
  const http = (r: BenchResult) => (r.kind === 'http' ? r : r.kind === 'stability' ? r.http : null);
  const hb = http(baseline);
  const hc = http(current);
  if (hb && hc) {
    return [
      change('requests_per_s', hb.requests_per_s, hc.requests_per_s, 'higher'),
      change('latency_ms.p50', hb.latency_ms.p50, hc.latency_ms.p50, 'lower'),
      change('latency_ms.p99', hb.latency_ms.p99, hc.latency_ms.p99, 'lower'),
      change('errors', hb.errors + hb.timeouts, hc.errors + hc.timeouts, 'lower', hb.errors + hb.timeouts !== hc.errors + hc.timeouts),
    ];
  }
  if (baseline.kind === 'llm' && current.kind === 'llm') {
    const out = [
      change('ttft_ms.p50', baseline.ttft_ms.p50, current.ttft_ms.p50, 'lower'),
      change('ttft_ms.p99', baseline.ttft_ms.p99, current.ttft_ms.p99, 'lower'),
      change('tpot_ms.mean', baseline.tpot_ms.mean, current.tpot_ms.mean, 'lower'),
      change('itl_ms.p99', baseline.itl_ms.p99, current.itl_ms.p99, 'lower'),
      change('e2el_ms.p99', baseline.e2el_ms.p99, current.e2el_ms.p99, 'lower'),
      change('output_throughput_tok_s', baseline.output_throughput_tok_s, current.output_throughput_tok_s, 'higher'),
      change('request_throughput_rps', baseline.request_throughput_rps, current.request_throughput_rps, 'higher'),
    ];
    if (baseline.goodput_rps !== null && current.goodput_rps !== null) out.push(change('goodput_rps', baseline.goodput_rps, current.goodput_rps, 'higher'));
    return out;
  }
  throw new ToolError('invalid_argument', `cannot compare a ${baseline.kind} run with a ${current.kind} run`, { details: { parameter: 'compare_to', baseline_kind: baseline.kind, current_kind: current.kind } });
}

/** Compares `current` against `baseline` metric by metric. */
export function compareRuns(baseline: BenchRun, current: BenchRun): BenchComparison {
  return {
    kind: current.kind,
    label: current.label,
    baseline_id: baseline.id,
    current_id: current.id,
    baseline_at: baseline.createdAt,
    current_at: current.createdAt,
    metrics: metricsOf(baseline.result, current.result),
  };
}
