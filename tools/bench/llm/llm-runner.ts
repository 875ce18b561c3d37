import type { LookupFunction } from 'node:net';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { pinnedLookup } from '../../common/pinned-lookup.ts';
import type { Clock } from '../../common/clock.ts';
import type { Rng } from '../../common/rng.ts';
import type { BenchProgress, LlmBenchResult, LlmRequestRecord } from '../types.ts';
import { aggregateLlm, type LlmSlos } from './aggregate.ts';
import { arrivalOffsetsMs } from './arrivals.ts';
import { discoverModel } from './discover-model.ts';
import { estimateTokens, promptLengths, syntheticPrompt } from './prompts.ts';
import { outputTokens, streamRequest, type StreamOutcome } from './stream-request.ts';

/**
 * Fully resolved options. Load is either closed loop at a fixed `concurrency` (LLMPerf, GenAI-Perf
 * `--concurrency`) or open loop at `rate` requests/s with gamma gaps (vLLM `--request-rate --burstiness`),
 * optionally capped by `maxConcurrency` (vLLM `--max-concurrency`).
 */
export interface LlmBenchOptions {
  baseUrl: string;
  /**
   * The addresses the host policy checked for the base URL's host (`resolveLlmOptions` sets them): requests
   * connect only to these, the name staying in Host and SNI. Omitted: the system resolves the host.
   */
  connectTo?: readonly string[];
  endpoint: 'chat' | 'completions';
  /** null: the first model the server lists at GET /models, else "default". */
  model: string | null;
  apiKey?: string;
  concurrency: number | null;
  rate: number | null;
  burstiness: number;
  maxConcurrency: number | null;
  requests: number;
  maxTokens: number;
  /** Prompt lengths in tokens ~ normal(mean, stddev); or explicit prompts used round-robin. */
  promptTokens: { mean: number; stddev: number };
  prompts?: string[];
  slos: LlmSlos | null;
  timeoutSeconds: number;
  rng: Rng;
  clock: Clock;
  signal?: AbortSignal;
  onProgress?: (progress: BenchProgress) => void;
}

function toRecord(outcome: StreamOutcome, promptEstimate: number, t0: number): { record: LlmRequestRecord; gaps: number[] } {
  const gaps: number[] = [];
  for (let i = 1; i < outcome.chunkTimes.length; i++) gaps.push(outcome.chunkTimes[i]! - outcome.chunkTimes[i - 1]!);
  const out = outputTokens(outcome);
  const ok = outcome.ok && outcome.chunkTimes.length > 0;
  const ttft = ok ? outcome.chunkTimes[0]! - outcome.sentAt : null;
  const e2el = ok ? outcome.endAt - outcome.sentAt : null;
  const tpot = ok && out.tokens > 1 ? (e2el! - ttft!) / (out.tokens - 1) : null;
  return {
    record: {
      ok,
      error: ok ? null : (outcome.error ?? 'no output'),
      prompt_tokens: outcome.promptTokens ?? promptEstimate,
      output_tokens: out.tokens,
      tokens_estimated: out.estimated || outcome.promptTokens === null,
      ttft_ms: ttft,
      e2el_ms: e2el,
      tpot_ms: tpot,
      start_ms: outcome.sentAt - t0,
    },
    gaps: ok ? gaps : [],
  };
}

/** Runs an LLM serving benchmark against an OpenAI-compatible endpoint. */
export async function runLlmBench(options: LlmBenchOptions): Promise<LlmBenchResult> {
  const lookup: { lookup?: LookupFunction } = options.connectTo ? { lookup: pinnedLookup(new URL(options.baseUrl).hostname, options.connectTo) } : {};
  const model =
    options.model ??
    (await discoverModel({ baseUrl: options.baseUrl, ...lookup, ...(options.apiKey ? { apiKey: options.apiKey } : {}), ...(options.signal ? { signal: options.signal } : {}) })) ??
    'default';
  const lengths = promptLengths({ rng: options.rng, mean: options.promptTokens.mean, stddev: options.promptTokens.stddev, count: options.requests });
  const prompts = options.prompts?.length
    ? Array.from({ length: options.requests }, (_, i) => options.prompts![i % options.prompts!.length]!)
    : lengths.map((n) => syntheticPrompt(options.rng, n));
  const offsets = options.rate !== null ? arrivalOffsetsMs({ rng: options.rng, rate: options.rate, burstiness: options.burstiness, count: options.requests }) : null;
  const limit = options.rate !== null ? (options.maxConcurrency ?? Number.POSITIVE_INFINITY) : options.concurrency!;
  // An https base URL needs an https agent (node:https refuses an http one).
  const agentOptions = { keepAlive: true, maxSockets: Number.isFinite(limit) ? limit : Infinity };
  const agent = options.baseUrl.startsWith('https:') ? new HttpsAgent(agentOptions) : new Agent(agentOptions);
  const records: LlmRequestRecord[] = [];
  const gaps: number[] = [];
  const startedAt = options.clock.now();
  const t0 = performance.now();
  let outputSoFar = 0;
  const progress = setInterval(() => {
    options.onProgress?.({
      kind: 'llm',
      elapsed_s: Math.round(performance.now() - t0) / 1000,
      completed: records.filter((r) => r.ok).length,
      failed: records.filter((r) => !r.ok).length,
      total: options.requests,
      output_tokens: outputSoFar,
    });
  }, 1000);

  let inFlight = 0;
  const slotWaiters: (() => void)[] = [];
  const acquire = async () => {
    while (inFlight >= limit) await new Promise<void>((r) => slotWaiters.push(r));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    slotWaiters.shift()?.();
  };
  const one = async (i: number) => {
    const prompt = prompts[i]!;
    const outcome = await streamRequest({
      baseUrl: options.baseUrl,
      endpoint: options.endpoint,
      model,
      prompt,
      maxTokens: options.maxTokens,
      agent,
      ...lookup,
      timeoutMs: options.timeoutSeconds * 1000,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const { record, gaps: g } = toRecord(outcome, options.prompts?.length ? estimateTokens(prompt) : lengths[i]!, t0);
    records.push(record);
    for (const x of g) gaps.push(x);
    if (record.ok) outputSoFar += record.output_tokens;
  };

  try {
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < options.requests; i++) {
      if (options.signal?.aborted) break;
      if (offsets) {
        const wait = t0 + offsets[i]! - performance.now();
        if (wait > 0) await options.clock.sleep(wait);
      }
      await acquire();
      tasks.push(one(i).finally(release));
    }
    await Promise.all(tasks);
  } finally {
    clearInterval(progress);
    agent.destroy();
  }
  return aggregateLlm(records, gaps, {
    baseUrl: options.baseUrl,
    endpoint: options.endpoint,
    model,
    concurrency: options.rate === null ? options.concurrency : options.maxConcurrency,
    rate: options.rate,
    burstiness: options.burstiness,
    durationMs: performance.now() - t0,
    slos: options.slos,
    startedAt,
  });
}
