import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Analyzer, formatSignal, formatValue } from '../../../tools/control/analyzer.ts';
import { CONTROLLER_DEFAULTS } from '../../../tools/control/controller-defaults.ts';
import type { ControllerSettings, Sample, Slo } from '../../../tools/control/types.ts';

const settings: ControllerSettings = { ...CONTROLLER_DEFAULTS, window_s: 10, min_samples: 3, stale_after_s: 5 };
const slo: Slo = { metric: 'latency_p99_ms', op: '<', value: 40 };
const sample = (at: number, values: Record<string, number>, count = 100): Sample => ({ at, values, count });

describe('Analyzer', () => {
  test('statistics over the time window: latest, mean, min, max, percentiles, EWMA, slope', () => {
    const analyzer = new Analyzer(slo, settings, { ewma_alpha: 0.5 });
    let analysis;
    for (const [i, v] of [10, 12, 14, 16, 18].entries()) analysis = analyzer.add(sample(i * 1000, { latency_p99_ms: v, busy: 4 }));
    const stats = analysis!.signals.latency_p99_ms!;
    assert.equal(stats.value, 18);
    assert.equal(stats.mean, 14);
    assert.equal(stats.min, 10);
    assert.equal(stats.max, 18);
    assert.equal(stats.p50, 14);
    assert.ok(Math.abs(stats.p95 - 17.6) < 1e-9);
    assert.ok(Math.abs(stats.slope_per_s - 2) < 1e-9);
    assert.equal(stats.samples, 5);
    // EWMA with alpha 0.5: 10 → 11 → 12.5 → 14.25 → 16.125
    assert.ok(Math.abs(stats.ewma - 16.125) < 1e-9);
    assert.equal(analysis!.signals.busy!.slope_per_s, 0);
    // Samples older than window_s leave the window.
    const later = analyzer.add(sample(12_500, { latency_p99_ms: 20 }));
    assert.equal(later.samples, 3, 'samples at 3, 4 and 12.5 s remain');
    assert.equal(later.signals.latency_p99_ms!.min, 16);
  });

  test('unknown until min_samples samples carry the SLO signal; the reason has the counts', () => {
    const analyzer = new Analyzer(slo, settings);
    let a = analyzer.add(sample(0, { busy: 3 }));
    assert.equal(a.slo.state, 'unknown');
    assert.equal(a.slo.reason, '0 samples < 3 needed');
    assert.equal(a.slo.value, null);
    analyzer.add(sample(1000, { latency_p99_ms: 50 }));
    a = analyzer.add(sample(2000, { latency_p99_ms: 50 }));
    assert.equal(a.slo.reason, '2 samples < 3 needed');
    assert.equal(a.slo.value, 50);
    a = analyzer.add(sample(3000, { latency_p99_ms: 52 }));
    assert.equal(a.slo.state, 'violated');
    assert.equal(a.slo.reason, 'p99 52 ms > 40 ms');
    assert.equal(a.slo.for_s, 0);
    a = analyzer.add(sample(5000, { latency_p99_ms: 55 }));
    assert.equal(a.slo.for_s, 2, 'violated since 3 s');
  });

  test('at risk within 10% of the limit or when the slope crosses within 5 s; ok otherwise', () => {
    const near = new Analyzer(slo, settings);
    for (const t of [0, 1, 2]) near.add(sample(t * 1000, { latency_p99_ms: 37 }));
    const a = near.add(sample(3000, { latency_p99_ms: 37 }));
    assert.equal(a.slo.state, 'at_risk');
    assert.equal(a.slo.reason, 'p99 37 ms within 10% of 40 ms');
    const rising = new Analyzer(slo, settings);
    let r;
    for (const [i, v] of [20, 24, 28].entries()) r = rising.add(sample(i * 1000, { latency_p99_ms: v }));
    assert.equal(r!.slo.state, 'at_risk', 'slope 4 ms/s from 28 ms crosses 40 ms in 3 s');
    assert.match(r!.slo.reason, /p99 28 ms rising 4 ms\/s: crosses 40 ms in ~3 s/);
    const calm = new Analyzer(slo, settings);
    let c;
    for (const [i, v] of [20, 21, 22].entries()) c = calm.add(sample(i * 1000, { latency_p99_ms: v }));
    assert.equal(c!.slo.state, 'ok');
    assert.equal(c!.slo.reason, 'p99 22 ms < 40 ms');
    // A floor SLO (throughput ≥ 100/s) mirrors it.
    const floor = new Analyzer({ metric: 'requests_per_s', op: '>=', value: 100 }, settings);
    let f;
    for (const [i, v] of [150, 140, 105].entries()) f = floor.add(sample(i * 1000, { requests_per_s: v }));
    assert.equal(f!.slo.state, 'at_risk');
    f = floor.add(sample(3000, { requests_per_s: 90 }));
    assert.equal(f.slo.state, 'violated');
    assert.equal(f.slo.reason, 'throughput 90/s < 100/s');
  });

  test('stale when the latest read failed or the last good one is older than stale_after_s', () => {
    const analyzer = new Analyzer(slo, settings);
    let a = analyzer.add(null, 'connect ECONNREFUSED 127.0.0.1:8090', 0);
    assert.equal(a.stale, true);
    assert.equal(a.stale_reason, 'no successful read yet: connect ECONNREFUSED 127.0.0.1:8090');
    a = analyzer.add(sample(1000, { latency_p99_ms: 10 }));
    assert.equal(a.stale, false);
    assert.equal(a.stale_reason, undefined);
    a = analyzer.add(null, 'connect ECONNREFUSED 127.0.0.1:8090', 8000);
    assert.equal(a.stale_reason, 'no successful read for 7 s: connect ECONNREFUSED 127.0.0.1:8090');
    // A source that answers with old data through a sample timestamp still counts by when it was read.
    a = analyzer.add(null, undefined, 9000);
    assert.equal(a.stale, true);
    assert.match(a.stale_reason!, /no successful read for 8 s: no sample/);
  });

  test('formatting of values in reasons', () => {
    assert.equal(formatSignal('latency_p99_ms', 52.345), 'p99 52.3 ms');
    assert.equal(formatSignal('queue_wait_ms', 12.4), 'queue wait 12.4 ms');
    assert.equal(formatValue('error_rate', 0.0123), '1.23%');
    assert.equal(formatValue('work_per_s', 1400.4), '1400/s');
    assert.equal(formatSignal('custom', 3), 'custom 3');
  });
});
