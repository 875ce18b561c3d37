import { round, summarize } from '../stats.ts';
import type { LlmBenchResult, LlmMetricSummary, LlmRequestRecord } from '../types.ts';

/** SLOs for goodput (ms); a request is good when every given one holds (DistServe / vLLM `--goodput`). */
export interface LlmSlos {
  ttft_ms?: number;
  tpot_ms?: number;
  e2el_ms?: number;
}

function metric(values: number[]): LlmMetricSummary {
  // vLLM: np.mean / np.percentile (linear) / np.std (population).
  const s = summarize(values, { sampleStddev: false });
  const r = (v: number) => (s.count === 0 ? 0 : round(v, 3));
  return { mean: r(s.mean), p50: r(s.p50), p90: r(s.p90), p99: r(s.p99), stddev: r(s.stddev), min: r(s.min), max: r(s.max) };
}

export function isGood(record: LlmRequestRecord, slos: LlmSlos): boolean {
  if (!record.ok) return false;
  if (slos.ttft_ms !== undefined && (record.ttft_ms ?? Infinity) > slos.ttft_ms) return false;
  // vLLM counts TPOT as 0 for requests with at most one output token.
  if (slos.tpot_ms !== undefined && (record.tpot_ms ?? 0) > slos.tpot_ms) return false;
  if (slos.e2el_ms !== undefined && (record.e2el_ms ?? Infinity) > slos.e2el_ms) return false;
  return true;
}

export interface LlmRunMeta {
  baseUrl: string;
  endpoint: 'chat' | 'completions';
  model: string;
  concurrency: number | null;
  rate: number | null;
  burstiness: number;
  durationMs: number;
  slos: LlmSlos | null;
  startedAt: number;
}

/**
 * vLLM benchmark_serving definitions: TTFT = first non-empty chunk − send; E2EL = end of stream − send;
 * TPOT = (E2EL − TTFT)/(N_out − 1) per request with N_out > 1; ITL = every gap between consecutive text
 * chunks, pooled over requests; throughputs over the wall time from the first send to the last completion.
 */
export function aggregateLlm(records: LlmRequestRecord[], itlGaps: number[], meta: LlmRunMeta): LlmBenchResult {
  const ok = records.filter((r) => r.ok);
  const seconds = meta.durationMs / 1000;
  const inputTokens = ok.reduce((a, r) => a + r.prompt_tokens, 0);
  const outputTokensTotal = ok.reduce((a, r) => a + r.output_tokens, 0);
  const estimated = ok.some((r) => r.tokens_estimated);
  const errors: Record<string, number> = {};
  for (const r of records) if (!r.ok) errors[r.error ?? 'error'] = (errors[r.error ?? 'error'] ?? 0) + 1;
  const warnings: string[] = [];
  if (estimated) warnings.push('The server sent no usage for some requests: their token counts are estimated (≈4 characters per token), so TPOT and token throughputs are approximate.');
  if (records.length && ok.length < records.length) warnings.push(`${records.length - ok.length} of ${records.length} requests failed.`);
  const good = meta.slos ? ok.filter((r) => isGood(r, meta.slos!)).length : null;
  return {
    kind: 'llm',
    base_url: meta.baseUrl,
    endpoint: meta.endpoint,
    model: meta.model,
    mode: meta.rate === null ? 'concurrency' : 'rate',
    concurrency: meta.concurrency,
    rate: meta.rate,
    burstiness: meta.burstiness,
    duration_s: round(seconds, 3),
    completed: ok.length,
    failed: records.length - ok.length,
    total_input_tokens: inputTokens,
    total_output_tokens: outputTokensTotal,
    ttft_ms: metric(ok.map((r) => r.ttft_ms).filter((v): v is number => v !== null)),
    tpot_ms: metric(ok.map((r) => r.tpot_ms).filter((v): v is number => v !== null)),
    itl_ms: metric(itlGaps),
    e2el_ms: metric(ok.map((r) => r.e2el_ms).filter((v): v is number => v !== null)),
    output_throughput_tok_s: round(outputTokensTotal / seconds, 2),
    total_token_throughput_tok_s: round((inputTokens + outputTokensTotal) / seconds, 2),
    request_throughput_rps: round(ok.length / seconds, 3),
    goodput_rps: good === null ? null : round(good / seconds, 3),
    slos: meta.slos,
    tokens_estimated: estimated,
    definitions: 'vllm',
    errors,
    warnings,
    started_at: meta.startedAt,
  };
}
