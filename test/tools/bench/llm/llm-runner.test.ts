import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { arrivalOffsetsMs } from '../../../../tools/bench/llm/arrivals.ts';
import { runLlmBench, type LlmBenchOptions } from '../../../../tools/bench/llm/llm-runner.ts';
import { systemClock } from '../../../../tools/common/clock.ts';
import { createRng, type Rng } from '../../../../tools/common/rng.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../../../support/fake-llm-server.ts';

const TTFT = 60;
const ITL = 15;
const TOKENS = 10;

const options = (baseUrl: string, extra: Partial<LlmBenchOptions> = {}): LlmBenchOptions => ({
  baseUrl,
  endpoint: 'chat',
  model: 'fake',
  concurrency: 4,
  rate: null,
  burstiness: 1,
  maxConcurrency: null,
  requests: 12,
  maxTokens: TOKENS,
  promptTokens: { mean: 40, stddev: 5 },
  slos: null,
  timeoutSeconds: 10,
  rng: createRng(7),
  clock: systemClock,
  ...extra,
});

const within = (value: number, low: number, high: number, name: string) => assert.ok(value >= low && value <= high, `${name} = ${value}, expected in [${low}, ${high}]`);

describe('LLM benchmark against a fake server with known timings', () => {
  let server: FakeLlmServer;
  before(async () => {
    server = await startFakeLlmServer({ ttftMs: TTFT, itlMs: ITL });
  });
  after(() => server.close());

  for (const endpoint of ['chat', 'completions'] as const) {
    test(`${endpoint}: TTFT, TPOT, ITL and E2EL match the server's timings (vLLM definitions)`, async () => {
      const r = await runLlmBench(options(server.baseUrl, { endpoint }));
      assert.equal(r.completed, 12);
      assert.equal(r.failed, 0);
      assert.equal(r.tokens_estimated, false);
      assert.equal(r.total_output_tokens, 12 * TOKENS);
      // Lower bounds are physical (the server's timers cannot fire early). No upper bounds: a busy machine is slower.
      assert.ok(r.ttft_ms.p50 >= TTFT - 2, `ttft p50 ${r.ttft_ms.p50}`);
      assert.ok(r.tpot_ms.mean >= ITL - 1, `tpot mean ${r.tpot_ms.mean}`);
      assert.ok(r.itl_ms.p50 >= ITL - 3, `itl p50 ${r.itl_ms.p50}`);
      assert.ok(r.e2el_ms.p50 >= TTFT + (TOKENS - 1) * ITL - 2, `e2el p50 ${r.e2el_ms.p50}`);
      for (const m of [r.ttft_ms, r.tpot_ms, r.itl_ms, r.e2el_ms]) assert.ok(m.min <= m.p50 && m.p50 <= m.p99 && m.p99 <= m.max && m.min <= m.mean && m.mean <= m.max, JSON.stringify(m));
      // A request's first token comes before its end, and every request is sent and ends within the run; with at
      // most 4 in flight, the request times add up to at most 4 × the run's duration (times measured from the
      // wrong origin, e.g. the run's start, would break this).
      assert.ok(r.ttft_ms.max <= r.e2el_ms.max && r.ttft_ms.mean <= r.e2el_ms.mean, `ttft ${JSON.stringify(r.ttft_ms)} e2el ${JSON.stringify(r.e2el_ms)}`);
      assert.ok(r.e2el_ms.max <= r.duration_s * 1000 + 1, `e2el max ${r.e2el_ms.max} in ${r.duration_s} s`);
      assert.ok(r.e2el_ms.mean * r.completed <= 4 * r.duration_s * 1000 + 5, `${r.completed} × e2el mean ${r.e2el_ms.mean} with 4 in flight in ${r.duration_s} s`);
      // vLLM's TPOT definition, exactly: every request has N_out = TOKENS, so mean TPOT = (mean E2EL − mean TTFT)/(N − 1).
      assert.ok(Math.abs(r.tpot_ms.mean - (r.e2el_ms.mean - r.ttft_ms.mean) / (TOKENS - 1)) < 0.01, `tpot ${r.tpot_ms.mean} vs e2el/ttft`);
      // ITL pools every gap between the N text chunks of each request: N − 1 gaps summing to E2EL − TTFT minus the tail after the last chunk.
      assert.ok(r.itl_ms.mean <= r.tpot_ms.mean + 0.01, `itl mean ${r.itl_ms.mean} ≤ tpot mean ${r.tpot_ms.mean}`);
      // Throughputs are totals over the wall time.
      within(r.output_throughput_tok_s, (r.total_output_tokens / r.duration_s) * 0.99, (r.total_output_tokens / r.duration_s) * 1.01, 'output throughput');
      assert.ok(r.total_token_throughput_tok_s > r.output_throughput_tok_s);
      assert.equal(r.goodput_rps, null);
      const prompts = server.requests.slice(-12) as { stream: boolean; max_tokens: number }[];
      assert.ok(prompts.every((p) => p.stream === true && p.max_tokens === TOKENS));
    });
  }

  test('goodput counts only requests meeting every SLO', async () => {
    // Loose SLOs are over 10× the request timeout's worth of room: every request meets them on any machine.
    const loose = await runLlmBench(options(server.baseUrl, { slos: { ttft_ms: 600_000, e2el_ms: 600_000 } }));
    assert.equal(loose.goodput_rps, loose.request_throughput_rps);
    const strict = await runLlmBench(options(server.baseUrl, { slos: { ttft_ms: TTFT / 2 } }));
    assert.equal(strict.goodput_rps, 0);
  });

  test('open loop at a rate spreads the sends over time', async () => {
    // A constant "random" source: the send offsets are then known whatever else draws from it (prompts).
    const constant: Rng = { next: () => 0.5, int: (low) => low, normal: () => 0, fork: () => constant, state: () => [] };
    const offsets = arrivalOffsetsMs({ rng: constant, rate: 20, burstiness: 1, count: 10 });
    assert.ok(offsets[9]! > 200, `the 10th send is due at ${offsets[9]} ms`);
    const r = await runLlmBench(options(server.baseUrl, { concurrency: null, rate: 20, requests: 10, burstiness: 1, rng: constant }));
    assert.equal(r.mode, 'rate');
    assert.equal(r.completed, 10);
    assert.equal(r.failed, 0);
    // The 10th request is sent no earlier than its offset and then takes at least TTFT + 9 × ITL (timers never fire
    // early; 2 ms of slack); sent all at once the 10 would take about 0.2 s. No upper bound: a busy machine is slower.
    const atLeast = (offsets[9]! + TTFT + (TOKENS - 1) * ITL - 2) / 1000;
    assert.ok(r.duration_s >= atLeast, `duration ${r.duration_s} s, at least ${atLeast} s`);
  });

  test('without a model, the first one the server lists is used', async () => {
    const r = await runLlmBench(options(server.baseUrl, { model: null, requests: 2 }));
    assert.equal(r.model, 'fake-model');
    assert.equal((server.requests.at(-1) as { model: string }).model, 'fake-model');
  });

  test('several tokens per chunk: ITL is per chunk gap, TPOT per token (vLLM)', async () => {
    const chunky = await startFakeLlmServer({ ttftMs: 20, itlMs: 20, tokensPerChunk: 4 });
    try {
      // 12 tokens in 3 chunks: 2 gaps of ~20 ms per request, spread over 11 tokens for TPOT.
      const r = await runLlmBench(options(chunky.baseUrl, { requests: 4, maxTokens: 12 }));
      assert.equal(r.total_output_tokens, 48);
      // Physical lower bounds: a chunk gap is at least the server's 20 ms, a token's share of it 2 × 20 / 11 ms.
      assert.ok(r.itl_ms.p50 >= 18, `itl p50 (per chunk) ${r.itl_ms.p50}`);
      assert.ok(r.tpot_ms.mean >= (2 * 18) / 11, `tpot mean (per token) ${r.tpot_ms.mean}`);
      assert.ok(Math.abs(r.tpot_ms.mean - (r.e2el_ms.mean - r.ttft_ms.mean) / 11) < 0.01);
      // Per chunk versus per token, by construction: each request's 2 chunk gaps span at most its E2EL − TTFT,
      // which TPOT spreads over 11 tokens, so the 8 pooled gaps sum to at most 4 × 11 × TPOT.
      assert.ok(r.itl_ms.mean * 8 <= r.tpot_ms.mean * 11 * 4 + 0.1, `itl mean ${r.itl_ms.mean}, tpot mean ${r.tpot_ms.mean}`);
    } finally {
      await chunky.close();
    }
  });

  test('without usage, token counts are estimated and flagged; failures are counted', async () => {
    const noUsage = await startFakeLlmServer({ ttftMs: 5, itlMs: 2, sendUsage: false, failEvery: 4 });
    try {
      const r = await runLlmBench(options(noUsage.baseUrl, { requests: 8 }));
      assert.equal(r.tokens_estimated, true);
      assert.equal(r.failed, 2);
      assert.equal(r.completed, 6);
      assert.ok(Object.keys(r.errors).some((e) => e.startsWith('HTTP 500')));
      assert.ok(r.warnings.some((w) => w.includes('estimated')));
    } finally {
      await noUsage.close();
    }
  });
});

describe('gamma arrivals', () => {
  test('mean gap is 1/rate for any burstiness; burstiness < 1 spreads gaps more', () => {
    const cv = (burstiness: number) => {
      const offsets = arrivalOffsetsMs({ rng: createRng(3), rate: 100, burstiness, count: 4001 });
      const gaps = offsets.slice(1).map((t, i) => t - offsets[i]!);
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
      within(mean, 9.3, 10.7, `mean gap (burstiness ${burstiness})`);
      return sd / mean;
    };
    // Gamma(k) gaps have coefficient of variation 1/√k.
    within(cv(1), 0.9, 1.1, 'cv poisson');
    within(cv(0.25), 1.8, 2.2, 'cv bursty');
    within(cv(4), 0.45, 0.55, 'cv regular');
  });
});
