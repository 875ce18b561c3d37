import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BenchStore } from '../../../db/bench-store.ts';
import { openDatabase } from '../../../db/open.ts';
import { BenchService } from '../../../tools/bench/bench-service.ts';
import { exportCsv } from '../../../tools/bench/exporters/csv.ts';
import { exportJson } from '../../../tools/bench/exporters/json.ts';
import { exportMarkdown } from '../../../tools/bench/exporters/markdown.ts';
import { renderTerminal } from '../../../tools/bench/exporters/terminal.ts';
import type { BenchEvent } from '../../../tools/bench/types.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../../support/fake-llm-server.ts';
import { startHttpServer } from '../../support/http-test-server.ts';

describe('BenchService', () => {
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  let llm: FakeLlmServer;
  before(async () => {
    http = await startHttpServer((_req, res) => res.end('ok'));
    llm = await startFakeLlmServer({ ttftMs: 5, itlMs: 2 });
  });
  after(async () => {
    await http.close();
    await llm.close();
  });

  const service = () => {
    const db = openDatabase(':memory:');
    return { db, bench: new BenchService({ store: new BenchStore(db), clock: systemClock, allowedHosts: [] }) };
  };

  test('stores runs, publishes bench-end and compares with the previous run of the same benchmark', async () => {
    const { db, bench } = service();
    const events: BenchEvent[] = [];
    bench.on((e) => events.push(e));
    const first = await bench.runHttp({ url: `${http.url}/`, connections: 2, duration_s: 0.4 });
    const second = await bench.runHttp({ url: `${http.url}/`, connections: 2, duration_s: 0.4 });
    assert.deepEqual(events.filter((e) => e.type !== 'bench-progress').map((e) => e.type), ['bench-start', 'bench-end', 'bench-start', 'bench-end']);
    const end = events.find((e) => e.type === 'bench-end')!;
    assert.equal(end.type === 'bench-end' && end.result.kind, 'http');
    assert.equal(bench.get(first.id)!.result.kind, 'http');
    assert.deepEqual(bench.list({ kind: 'http' }).map((r) => r.id), [second.id, first.id]);
    const comparison = bench.compare(second.id, 'previous');
    assert.equal(comparison.baseline_id, first.id);
    assert.deepEqual(comparison.metrics.map((m) => m.name), ['requests_per_s', 'latency_ms.p50', 'latency_ms.p99', 'errors']);
    assert.throws(() => bench.compare(first.id, 'previous'), (e: unknown) => ToolError.isInstance(e) && e.code === 'not_found');
    db.close();
  });

  test('validates inputs at the edge and refuses hosts that are not allowed', async () => {
    const { db, bench } = service();
    await assert.rejects(bench.runHttp({ url: 'http://192.0.2.1/' }), (e: unknown) => ToolError.isInstance(e) && e.code === 'forbidden');
    await assert.rejects(bench.runHttp({ url: `${http.url}/`, connections: 0 }), (e: unknown) => ToolError.isInstance(e) && /connections must be an integer from 1/.test(e.message));
    await assert.rejects(bench.runHttp({ url: `${http.url}/`, duration_s: 301 }, { agent: true }), (e: unknown) => ToolError.isInstance(e) && /duration_s .* 300/.test(e.message));
    await assert.rejects(bench.runLlm({ base_url: llm.baseUrl, rate: 1, concurrency: 2 }), (e: unknown) => ToolError.isInstance(e) && /either concurrency/.test(e.message));
    assert.equal(bench.list().length, 0, 'a refused run is not started or stored');
    db.close();
  });

  test('LLM and command runs are stored and every exporter renders them', async () => {
    const { db, bench } = service();
    const run = await bench.runLlm({ base_url: llm.baseUrl, model: 'fake', concurrency: 2, requests: 4, max_tokens: 5, api_key: 'sk-secret' });
    assert.equal(run.result.kind === 'llm' && run.result.completed, 4);
    assert.equal('api_key' in run.config, false, 'secrets are not stored');
    const cmd = await bench.runCommand({ command: ['sleep', '0.01'], runs: 2, warmup: 0 });
    for (const r of [run.result, cmd.result]) {
      assert.equal(JSON.parse(exportJson(r)).kind, r.kind);
      assert.ok(exportCsv(r).split('\n').length >= 2);
      assert.match(exportMarkdown(r), /^\| .* \|\n\|:---\|/);
      assert.ok(renderTerminal(r).length > 50);
    }
    assert.match(exportCsv(cmd.result), /^command,mean_ms,stddev_ms,median_ms,user_ms,system_ms,min_ms,max_ms,peak_rss_kb\nsleep 0\.01,/);
    assert.match(exportMarkdown(run.result), /\| ttft_ms \|/);
    db.close();
  });

  test('a stability run gives a time series and a verdict', async () => {
    const { db, bench } = service();
    const run = await bench.runStability({ url: `${http.url}/`, connections: 2, duration_s: 2.2, pid: 'self', slo_p99_ms: 1000 });
    assert.equal(run.result.kind, 'stability');
    if (run.result.kind !== 'stability') return;
    assert.ok(run.result.http.series.length >= 2);
    assert.equal(run.result.verdict.pass, true, JSON.stringify(run.result.verdict));
    assert.ok(run.result.process!.samples.length >= 1);
    assert.ok(run.result.process!.peak_rss_kb > 10_000);
    const strict = await bench.runStability({ url: `${http.url}/`, connections: 2, duration_s: 1, slo_p99_ms: 0 });
    assert.equal(strict.result.kind === 'stability' && strict.result.verdict.pass, false);
    db.close();
  });
});
