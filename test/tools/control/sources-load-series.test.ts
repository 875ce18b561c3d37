import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { createSource, LoadSeriesSource } from '../../../tools/control/sources/index.ts';

const point = (over: Partial<{ t_s: number; requests: number; requests_per_s: number; p50_ms: number; p99_ms: number; errors: number; timeouts: number }> = {}) => ({
  t_s: 1,
  requests: 480,
  requests_per_s: 480,
  p50_ms: 4.2,
  p99_ms: 31.5,
  errors: 12,
  timeouts: 8,
  ...over,
});

describe('load series source', () => {
  test('reports the newest per-second point as standard signals', async () => {
    const clock = new ManualClock(5000);
    const source = createSource({ type: 'load' }, { clock }) as LoadSeriesSource;
    assert.ok(source instanceof LoadSeriesSource);
    assert.deepEqual(source.signals(), ['latency_p50_ms', 'latency_p99_ms', 'requests_per_s', 'error_rate']);
    await assert.rejects(source.read(), (e: unknown) => ToolError.isInstance(e) && (e.code as string) === 'source_unavailable' && /no load is running/.test(e.message));
    source.push(point({ t_s: 1, p99_ms: 20 }));
    clock.advance(1000);
    source.push(point({ t_s: 2 }));
    const sample = await source.read();
    assert.deepEqual(sample, { at: 6000, count: 480, values: { requests_per_s: 480, error_rate: 20 / 500, latency_p50_ms: 4.2, latency_p99_ms: 31.5 } });
  });

  test('an empty second has no latency (not 0 ms); an old point means the load stopped', async () => {
    const clock = new ManualClock(0);
    const source = new LoadSeriesSource({ clock });
    source.push(point({ requests: 0, requests_per_s: 0, p50_ms: 0, p99_ms: 0, errors: 0, timeouts: 0 }));
    assert.deepEqual((await source.read()).values, { requests_per_s: 0 });
    clock.advance(3001);
    await assert.rejects(source.read(), /no point for 3\.0 s \(the load stopped\?\)/);
  });
});
