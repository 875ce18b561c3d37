import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchEvent, BenchListener, SeriesPoint } from '../../../tools/bench/types.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import { createSource } from '../../../tools/control/sources/index.ts';

class FakeBench {
  listeners = new Set<BenchListener>();
  on(listener: BenchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: BenchEvent): void {
    for (const l of this.listeners) l(event);
  }
}

const point = (p99: number): SeriesPoint => ({ t_s: 1, requests: 500, requests_per_s: 500, p50_ms: 4, p99_ms: p99, errors: 0, timeouts: 0 });
const start = (runId: string, label: string): BenchEvent => ({ type: 'bench-start', runId, kind: 'http', label, sessionId: null, at: 0 });
const progress = (runId: string, p99: number): BenchEvent => ({ type: 'bench-progress', runId, kind: 'http', progress: { kind: 'http', elapsed_s: 1, point: point(p99), total_requests: 500 }, at: 0 });

test('a load source follows only the load runs sent to its URL, and stops following when closed', async () => {
  const clock = new ManualClock(1_000);
  const bench = new FakeBench();
  const source = createSource({ type: 'load', url: 'http://127.0.0.1:8090/' }, { clock, bench });
  await assert.rejects(source.read(), /no load is running/);

  bench.emit(start('other', 'GET http://127.0.0.1:9999/item rate=900'));
  bench.emit(progress('other', 80));
  await assert.rejects(source.read(), /no load is running/, 'load to another service is not followed');

  bench.emit(start('mine', 'GET http://127.0.0.1:8090/item rate=900'));
  bench.emit(progress('mine', 52));
  const sample = await source.read();
  assert.equal(sample.values.latency_p99_ms, 52);
  assert.equal(sample.values.requests_per_s, 500);

  bench.emit({ type: 'bench-end', runId: 'mine', kind: 'http', label: 'GET http://127.0.0.1:8090/item rate=900', sessionId: null, result: {} as never, at: 0 });
  bench.emit(progress('mine', 99));
  assert.equal((await source.read()).values.latency_p99_ms, 52, 'points after the run ended are ignored');

  source.close?.();
  assert.equal(bench.listeners.size, 0, 'close() unsubscribes');
  clock.advance(4_000);
  await assert.rejects(source.read(), /no point for 4\.0 s/);
});
