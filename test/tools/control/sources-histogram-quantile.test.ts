import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { histogramQuantile } from '../../../tools/control/sources/histogram-quantile.ts';

const INF = Number.POSITIVE_INFINITY;
const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('histogram_quantile as PromQL computes it', () => {
  // 110 observations: 50 ≤ 0.1, 20 in (0.1, 0.2], 40 above; answers computed by hand from PromQL's rule.
  const buckets = [
    { le: 0.1, count: 50 },
    { le: 0.2, count: 70 },
    { le: INF, count: 110 },
  ];

  test('linear interpolation inside the bucket, the lowest from 0', () => {
    close(histogramQuantile(0.5, buckets), 0.125); // rank 55: 0.1 + 0.1·(5/20)
    close(histogramQuantile(0.2, buckets), 0.044); // rank 22 in the first bucket: 0.1·22/50
    close(histogramQuantile(0, buckets), 0);
    close(histogramQuantile(0.6363636363636364, buckets), 0.2); // rank exactly 70
  });

  test('a rank in the +Inf bucket returns the highest finite bound', () => {
    assert.equal(histogramQuantile(0.99, buckets), 0.2);
    assert.equal(histogramQuantile(1, buckets), 0.2);
  });

  test('out-of-range q gives ±Inf, NaN q and no data give null', () => {
    assert.equal(histogramQuantile(-0.1, buckets), -INF);
    assert.equal(histogramQuantile(1.1, buckets), INF);
    assert.equal(histogramQuantile(Number.NaN, buckets), null);
    assert.equal(histogramQuantile(0.5, []), null);
    assert.equal(histogramQuantile(0.5, [{ le: 1, count: 3 }]), null, 'no +Inf bucket');
    assert.equal(histogramQuantile(0.5, [{ le: INF, count: 3 }]), null, 'fewer than two buckets');
    assert.equal(histogramQuantile(0.5, [{ le: 1, count: 0 }, { le: INF, count: 0 }]), null, 'no observations');
  });

  test('a lowest bucket with a bound ≤ 0 returns its bound', () => {
    assert.equal(histogramQuantile(0.1, [{ le: -1, count: 10 }, { le: 1, count: 20 }, { le: INF, count: 20 }]), -1);
    assert.equal(histogramQuantile(0.1, [{ le: 0, count: 10 }, { le: 1, count: 20 }, { le: INF, count: 20 }]), 0);
    close(histogramQuantile(0.75, [{ le: -1, count: 10 }, { le: 1, count: 20 }, { le: INF, count: 20 }]), 0); // -1 + 2·(5/10)
  });

  test('unsorted input, duplicate bounds merged, non-monotonic counts raised', () => {
    const shuffled = [buckets[2]!, buckets[0]!, buckets[1]!];
    close(histogramQuantile(0.5, shuffled), 0.125);
    // A dip (0.2 bucket below the 0.1 bucket) is raised to 50: the rank 55 then lies in +Inf → 0.2.
    assert.equal(histogramQuantile(0.5, [{ le: 0.1, count: 50 }, { le: 0.2, count: 40 }, { le: INF, count: 110 }]), 0.2);
    // A rank below the dip stays in the first bucket.
    close(histogramQuantile(0.4, [{ le: 0.1, count: 50 }, { le: 0.2, count: 40 }, { le: INF, count: 110 }]), 0.088);
    // Two series' buckets with the same bound are summed (what sum by (le) does first).
    close(histogramQuantile(0.5, [{ le: 0.1, count: 25 }, { le: 0.1, count: 25 }, { le: 0.2, count: 70 }, { le: INF, count: 110 }]), 0.125);
  });

  test('does not modify its input', () => {
    const input = [{ le: 0.2, count: 40 }, { le: 0.1, count: 50 }, { le: INF, count: 110 }];
    const copy = structuredClone(input);
    histogramQuantile(0.5, input);
    assert.deepEqual(input, copy);
  });
});

describe('histogram_quantile agrees with Prometheus itself (promtool)', () => {
  const promtool = '/usr/bin/promtool';
  test('same values as PromQL on the same buckets', async (t) => {
    const { existsSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { spawnSync } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    if (!existsSync(promtool)) return t.skip('promtool is not installed (Debian package prometheus)');
    const cases: { name: string; buckets: { le: number; count: number }[]; qs: number[] }[] = [
      { name: 'plain', buckets: [{ le: 0.1, count: 50 }, { le: 0.2, count: 70 }, { le: INF, count: 110 }], qs: [0.01, 0.2, 0.5, 0.63, 0.9, 0.99] },
      { name: 'dip', buckets: [{ le: 0.1, count: 50 }, { le: 0.2, count: 40 }, { le: INF, count: 110 }], qs: [0.4, 0.5, 0.95] },
      { name: 'negative', buckets: [{ le: -1, count: 10 }, { le: 1, count: 20 }, { le: 2.5, count: 27 }, { le: INF, count: 30 }], qs: [0.1, 0.5, 0.75, 0.8, 0.9] },
      { name: 'latency', buckets: [0.005, 0.01, 0.025, 0.04, 0.05, 0.1, 0.25].map((le, i) => ({ le, count: [3, 40, 180, 260, 280, 297, 300][i]! })).concat([{ le: INF, count: 301 }]), qs: [0.5, 0.9, 0.99, 0.999] },
    ];
    const le = (v: number) => (v === INF ? '+Inf' : String(v));
    const lines = ['rule_files: []', 'evaluation_interval: 1m', 'tests:', '  - interval: 1m', '    input_series:'];
    for (const c of cases) for (const b of c.buckets) lines.push(`      - series: '${c.name}_bucket{le="${le(b.le)}"}'`, `        values: '${b.count}'`);
    lines.push('    promql_expr_test:');
    for (const c of cases) {
      for (const q of c.qs) {
        const ours = histogramQuantile(q, c.buckets);
        assert.ok(ours !== null);
        lines.push(`      - expr: histogram_quantile(${q}, ${c.name}_bucket)`, '        eval_time: 0m', '        exp_samples:', "          - labels: '{}'", `            value: ${ours}`);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'tunechat-promtool-'));
    writeFileSync(join(dir, 'quantiles.yml'), `${lines.join('\n')}\n`);
    const run = spawnSync(promtool, ['test', 'rules', join(dir, 'quantiles.yml')], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  });
});
