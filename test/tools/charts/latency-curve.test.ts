import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from 'hdr-histogram-js';
import { histogramBuckets } from '../../../tools/bench/http/aggregate.ts';
import { httpLatencyCurve, resolvablePercentiles, summaryLatencyCurve } from '../../../tools/bench/latency-curve.ts';
import { compactResult } from '../../../tools/bench/present.ts';
import type { HttpBenchResult, LlmBenchResult } from '../../../tools/bench/types.ts';
import { latencyCurveSvg, percentileLabel, tailRatio } from '../../../tools/charts/latency-curve-chart.ts';
import { lcg } from './chart-fixtures.ts';

/** An HTTP result from 20,000 latencies (µs in the histogram, ms in the result), log-normal-ish with a slow tail. */
function httpResult(): HttpBenchResult {
  const h = build();
  const rand = lcg(7);
  for (let i = 0; i < 20_000; i++) h.recordValue(Math.round(1000 * (2 + 3 * -Math.log(1 - rand()) + (i % 500 === 0 ? 80 : 0))));
  const ms = (p: number) => h.getValueAtPercentile(p) / 1000;
  return {
    kind: 'http', url: 'http://127.0.0.1/x', method: 'GET', mode: 'closed', connections: 10, pipelining: 1, threads: 1, rate: null, duration_s: 10,
    requests: 20_000, requests_per_s: 2000, bytes_read: 0, bytes_per_s: 0,
    latency_ms: { mean: h.mean / 1000, p50: ms(50), p90: ms(90), p99: ms(99), max: h.maxValue / 1000, min: h.minNonZeroValue / 1000, stddev: 1, p75: ms(75), p95: ms(95), p99_9: ms(99.9) },
    status_counts: { '200': 20_000 }, non_2xx: 0, errors: 0, timeouts: 0, backlog: 0, generator_cpu_ms: 1, generator_cpu_us_per_request: 1,
    corrected_for_coordinated_omission: false, histogram: histogramBuckets(h), series: [], warnings: [], started_at: 0,
  };
}

describe('latency percentile curve (HDR style)', () => {
  test('HTTP: 30-40 points, exact at the reported percentiles, never decreasing, tail limited by the sample size', () => {
    const result = httpResult();
    const curve = httpLatencyCurve(result);
    assert.ok(curve.length >= 30 && curve.length <= 40, `got ${curve.length} points`);
    const at = new Map(curve);
    assert.equal(at.get(0), result.latency_ms.min);
    assert.equal(at.get(50), result.latency_ms.p50);
    assert.equal(at.get(99), result.latency_ms.p99);
    assert.equal(at.get(99.9), result.latency_ms.p99_9);
    assert.equal(at.get(100), result.latency_ms.max);
    assert.ok(at.has(99.99) && !at.has(99.999), '20,000 requests resolve p99.99 but not p99.999');
    for (let i = 1; i < curve.length; i++) {
      assert.ok(curve[i]![0] > curve[i - 1]![0]);
      assert.ok(curve[i]![1] >= curve[i - 1]![1], `non-decreasing at p${curve[i]![0]}`);
    }
    assert.deepEqual(resolvablePercentiles(10), [0, 10, 20, 30, 40, 50, 55, 60, 65, 70, 75, 77.5, 80, 82.5, 85, 87.5, 88.75, 90, 100]);
  });

  test('compactResult keeps its fields and adds latency_curve for HTTP, stability and LLM (TTFT)', () => {
    const result = httpResult();
    const compact = compactResult(result);
    assert.deepEqual(compact.latency_curve, httpLatencyCurve(result));
    assert.equal(compact.histogram, undefined, 'the histogram itself stays out of the chat');
    assert.equal(compact.requests, 20_000);
    const ttft = { mean: 50, p50: 40, p90: 80, p99: 150, stddev: 10, min: 20, max: 300 };
    const llm = compactResult({ kind: 'llm', completed: 200, ttft_ms: ttft } as unknown as LlmBenchResult);
    assert.deepEqual(llm.latency_curve, [[0, 20], [50, 40], [90, 80], [99, 150], [100, 300]]);
    assert.equal(llm.latency_curve_metric, 'ttft_ms');
    assert.equal(compact.latency_curve_metric, 'latency_ms');
    assert.deepEqual(summaryLatencyCurve(ttft, 50), [[0, 20], [50, 40], [90, 80], [100, 300]], 'p99 needs 100 requests');
  });

  test('the chart spaces 90%, 99%, 99.9% evenly and labels the max', () => {
    assert.equal(tailRatio(90), 10);
    assert.equal(Math.round(tailRatio(99.9)), 1000);
    assert.equal(percentileLabel(100), '99%');
    assert.equal(percentileLabel(1000), '99.9%');
    const svg = latencyCurveSvg('GET <x>', [{ label: 'run 1', points: httpLatencyCurve(httpResult()) }]);
    for (const label of ['>90%<', '>99%<', '>99.9%<', '>99.99%<', '>max<']) assert.ok(svg.includes(label), label);
    assert.match(svg, /GET &lt;x&gt;/);
  });
});
