import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeBenchResult } from '../../server/agent/offline-model/writers/bench.ts';

describe('benchmark answers are written from the bench result', () => {
  test('command: mean ± σ, range, and the relative speed of several commands', () => {
    const result = (command: string, mean: number) => ({ command, mean_ms: mean, stddev_ms: mean / 10, median_ms: mean, min_ms: mean * 0.9, max_ms: mean * 1.2, p99_ms: mean * 1.19, runs: 10, failed_runs: 0, warnings: [] });
    const output = { ok: true, status: 'done', result: { kind: 'command', results: [result('python3 a.py', 120), result('python3 b.py', 300)], relative: [{ command: 'python3 a.py', ratio: 1, ratio_stddev: 0, fastest: true }, { command: 'python3 b.py', ratio: 2.5, ratio_stddev: 0.2, fastest: false }], warnings: [] } };
    const text = writeBenchResult('bench_command', { command: ['python3', 'a.py'] }, output);
    assert.match(text, /`python3 a\.py` took \*\*120 ms ± 12 ms\*\* \(mean ± σ over 10 runs; median 120 ms, range 108–144 ms\)/);
    assert.match(text, /`python3 b\.py` is 2\.5 ± 0\.2 × slower/);
  });

  test('http: throughput, latency percentiles and problems', () => {
    const output = { ok: true, result: { kind: 'http', url: 'http://127.0.0.1:8080/', method: 'GET', mode: 'closed', connections: 64, duration_s: 20, requests: 200000, requests_per_s: 10000, latency_ms: { mean: 6, stddev: 2, p50: 5.5, p90: 8, p99: 14.2, p99_9: 30, max: 41 }, errors: 0, timeouts: 3, non_2xx: 12, warnings: [] } };
    const text = writeBenchResult('bench_http', { url: 'http://127.0.0.1:8080/' }, output);
    assert.match(text, /with 64 connections: \*\*10000 requests\/s\*\*, latency p50 5\.5 ms, p99 14\.2 ms/);
    assert.match(text, /Problems: 3 timeouts, 12 non-2xx/);
  });

  test('an unknown result shape still reports its numbers', () => {
    const text = writeBenchResult('bench_http', { url: 'http://x/' }, { ok: true, result: { p99_ms: 12, requests_per_s: 50 } });
    assert.match(text, /50 requests\/s/);
    assert.match(text, /p99 12 ms/);
  });
});
