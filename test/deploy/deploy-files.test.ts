import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DASHBOARD_PATH, concreteQuery, dashboardQueries } from './dashboard-queries.ts';

const PROMTOOL = '/usr/bin/promtool';
const noPromtool = existsSync(PROMTOOL) ? false : `${PROMTOOL} is missing (Debian package prometheus)`;
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('deploy/: Prometheus config and Grafana provisioning', () => {
  test('the dashboard JSON has the provisioning shape: schemaVersion 39, unique ids, datasource by uid, a unit and queries on every panel', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as { uid: string; schemaVersion: number; panels: Record<string, any>[]; templating: { list: unknown[] } };
    assert.equal(dashboard.uid, 'tunechat');
    assert.equal(dashboard.schemaVersion, 39);
    const datasourceUid = /uid: (\S+)/.exec(read('deploy/grafana/provisioning/datasources/prometheus.yaml'))?.[1];
    assert.equal(datasourceUid, 'tunechat-prometheus');
    const ids = dashboard.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    for (const panel of panels) {
      assert.ok(['timeseries', 'stat'].includes(panel.type), `${panel.title}: type ${panel.type}`);
      assert.equal(panel.datasource?.uid, datasourceUid, `${panel.title}: datasource`);
      assert.equal(typeof panel.fieldConfig?.defaults?.unit, 'string', `${panel.title}: fieldConfig.defaults.unit`);
      assert.ok(panel.targets?.length > 0, `${panel.title}: queries`);
      const { x, y, w, h } = panel.gridPos;
      assert.ok(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0, `${panel.title}: gridPos`);
    }
    const titles = panels.map((p) => p.title).join(' | ');
    for (const area of [/Trials finished/, /Best value/, /Trial duration/, /benchmark p99/i, /benchmark throughput/i, /Benchmark runs/, /SLO signal vs limit/, /parameter value/i, /decisions per minute/, /SLO state/, /Example service request latency/, /in-flight/, /workers/, /CPU/, /Resident memory/, /Event loop/]) {
      assert.match(titles, area);
    }
  });

  test('the example-service panels use metric names examples/service/server.mjs exports', () => {
    const source = read('examples/service/server.mjs');
    const names = new Set(dashboardQueries().flatMap((q) => q.expr.match(/\bexample_[a-z_]+/g) ?? []).map((n) => n.replace(/_(bucket|count|sum)$/, '')));
    assert.ok(names.size >= 4, [...names].join(', '));
    for (const name of names) assert.match(source, new RegExp(`name: '${name}'`), `${name} in examples/service/server.mjs`);
  });

  test('promtool check config accepts deploy/prometheus/prometheus.yml; it scrapes tunechat (8787, the default PORT) and the example service (8090) every 5 s', { skip: noPromtool }, () => {
    const yml = read('deploy/prometheus/prometheus.yml');
    assert.match(yml, /scrape_interval: 5s/);
    assert.match(yml, /job_name: tunechat[\s\S]*'127\.0\.0\.1:8787'/);
    assert.match(yml, /job_name: example-service[\s\S]*'127\.0\.0\.1:8090'/);
    const result = spawnSync(PROMTOOL, ['check', 'config', new URL('deploy/prometheus/prometheus.yml', root).pathname], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  test('every dashboard query parses as PromQL (promtool check rules over them as recording rules)', { skip: noPromtool }, () => {
    const queries = dashboardQueries();
    assert.ok(queries.length >= 20, `${queries.length} queries`);
    const dir = mkdtempSync(join(tmpdir(), 'tunechat-promql-'));
    try {
      const rules = queries.map((q, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(concreteQuery(q.expr, { rateInterval: '1m', interval: '15s', range: '1h' }))}`).join('\n');
      const file = join(dir, 'rules.yml');
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      const result = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
      assert.match(result.stdout, new RegExp(`SUCCESS: ${queries.length} rules found`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
