import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startHttpServer } from '../../support/http-test-server.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
const env = { ...process.env, TUNECHAT_DB: join(dir, 'cli.db') };
const cli = (args: string[]) => run(process.execPath, ['bin/tunechat.js', 'bench', ...args], { env, timeout: 60_000 }).then(
  (r) => ({ code: 0, ...r }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);

describe('tunechat bench CLI', () => {
  test('cmd --json prints the stable field names; exports write files', async () => {
    const csv = join(dir, 'cmd.csv');
    const r = await cli(['cmd', '--runs', '2', '--warmup', '0', '--json', '--export-csv', csv, '--', 'sleep', '0.01']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { run_id: string; results: Record<string, unknown>[] };
    for (const key of ['mean_ms', 'stddev_ms', 'median_ms', 'min_ms', 'max_ms', 'times_ms', 'exit_codes']) assert.ok(key in json.results[0]!, key);
    assert.match(readFileSync(csv, 'utf8'), /^command,mean_ms/);
    const list = await cli(['list', '--json']);
    assert.ok((JSON.parse(list.stdout) as { id: string }[]).some((x) => x.id === json.run_id));
  });

  test('http prints a table with a histogram, and compare finds the previous run', async () => {
    const server = await startHttpServer((_req, res) => res.end('ok'));
    try {
      const md = join(dir, 'http.md');
      const first = await cli(['http', `${server.url}/`, '--connections', '2', '--duration', '0.5', '--quiet', '--export-markdown', md]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Latency histogram/);
      assert.match(first.stdout, /Requests\/s: \d+/);
      assert.match(readFileSync(md, 'utf8'), /\| URL \| Mode \|/);
      const second = await cli(['http', `${server.url}/`, '--connections', '2', '--duration', '0.5', '--json', '--compare-to', 'previous']);
      const json = JSON.parse(second.stdout) as { requests_per_s: number; latency_ms: Record<string, number>; status_counts: Record<string, number>; errors: number; timeouts: number; comparison: { metrics: unknown[] } };
      for (const key of ['mean', 'p50', 'p90', 'p99', 'max']) assert.ok(key in json.latency_ms, key);
      assert.ok(json.requests_per_s > 0 && json.status_counts['200']! > 0 && json.errors === 0 && json.timeouts === 0);
      assert.equal(json.comparison.metrics.length, 4);
    } finally {
      await server.close();
    }
  });

  test('refusals and bad flags give clear messages and exit codes', async () => {
    const forbidden = await cli(['http', 'http://203.0.113.9/', '--duration', '1']);
    assert.equal(forbidden.code, 1);
    assert.match(forbidden.stderr, /loopback or to hosts the user allowed.*TUNECHAT_ALLOWED_HOSTS/);
    const bad = await cli(['http', 'http://127.0.0.1:1/', '--connections', 'many']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--connections must be a number/);
    const unknown = await cli(['http', '--frobnicate']);
    assert.equal(unknown.code, 2);
  });
});
