import { Counter, Gauge, type Registry } from 'prom-client';
import type { BenchKind, BenchListener, BenchResult } from '../../tools/bench/types.ts';

/** What the bench metrics read from the BenchService (tools/bench/bench-service.ts). */
export interface BenchSource {
  on(listener: BenchListener): () => void;
}

const KINDS: readonly BenchKind[] = ['command', 'http', 'llm', 'stability'];

/** The numbers a dashboard shows of one finished run, in base units. */
export interface BenchHeadline {
  /** ok: every request answered 2xx / every command exited 0 / the stability verdict passed; errors otherwise. */
  outcome: 'ok' | 'errors';
  p99_seconds: number | null;
  requests_per_second: number | null;
}

/** Reads a run's p99 latency, throughput and outcome, whatever its kind (commands have no request rate). */
export function benchHeadline(result: BenchResult): BenchHeadline {
  const finite = (ms: number | undefined) => (ms !== undefined && Number.isFinite(ms) ? ms : null);
  switch (result.kind) {
    case 'command': {
      const p99 = result.results.length > 0 ? Math.max(...result.results.map((r) => r.p99_ms)) : Number.NaN;
      const ok = result.results.every((r) => r.exit_codes.every((code) => code === 0));
      return { outcome: ok ? 'ok' : 'errors', p99_seconds: seconds(finite(p99)), requests_per_second: null };
    }
    case 'http': {
      const ok = result.errors + result.timeouts + result.non_2xx === 0;
      return { outcome: ok ? 'ok' : 'errors', p99_seconds: seconds(finite(result.latency_ms.p99)), requests_per_second: finite(result.requests_per_s) };
    }
    case 'llm':
      return { outcome: result.failed === 0 ? 'ok' : 'errors', p99_seconds: seconds(finite(result.e2el_ms.p99)), requests_per_second: finite(result.request_throughput_rps) };
    case 'stability':
      return { outcome: result.verdict.pass ? 'ok' : 'errors', p99_seconds: seconds(finite(result.http.latency_ms.p99)), requests_per_second: finite(result.http.requests_per_s) };
  }
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}

/**
 * Benchmarks, from the BenchService's `bench-end` events: runs by kind and outcome, and the last run's p99 and
 * requests/s per kind. A run that throws publishes no event (BenchService emits none on failure), so it is not counted.
 */
export class BenchMetrics {
  readonly runs: Counter<'kind' | 'outcome'>;
  readonly lastP99: Gauge<'kind'>;
  readonly lastRate: Gauge<'kind'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.runs = new Counter({ name: 'tunechat_bench_runs_total', help: 'Benchmark runs finished, by kind (command, http, llm, stability) and outcome (ok, errors).', labelNames: ['kind', 'outcome'], registers });
    for (const kind of KINDS) for (const outcome of ['ok', 'errors']) this.runs.inc({ kind, outcome }, 0);
    this.lastP99 = new Gauge({ name: 'tunechat_bench_last_latency_p99_seconds', help: 'p99 latency of the last benchmark run of each kind, in seconds (llm: end-to-end request latency).', labelNames: ['kind'], registers });
    this.lastRate = new Gauge({ name: 'tunechat_bench_last_requests_per_second', help: 'Throughput of the last load run of each kind, in completed requests per second.', labelNames: ['kind'], registers });
  }

  watch(source: BenchSource): () => void {
    return source.on((event) => {
      if (event.type !== 'bench-end') return;
      const headline = benchHeadline(event.result);
      this.runs.inc({ kind: event.kind, outcome: headline.outcome });
      if (headline.p99_seconds !== null) this.lastP99.set({ kind: event.kind }, headline.p99_seconds);
      if (headline.requests_per_second !== null) this.lastRate.set({ kind: event.kind }, headline.requests_per_second);
    });
  }
}
