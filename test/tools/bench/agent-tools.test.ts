import assert from 'node:assert/strict';
import { gateFor } from '../../support/command-gate.ts';
import { describe, test } from 'node:test';
import type { ToolExecutionOptions } from 'ai';
import { BenchStore } from '../../../db/bench-store.ts';
import { openDatabase } from '../../../db/open.ts';
import { createBenchTools } from '../../../tools/bench/agent-tools.ts';
import { BenchService } from '../../../tools/bench/bench-service.ts';
import { systemClock } from '../../../tools/common/clock.ts';

async function collect(tools: ReturnType<typeof createBenchTools>, name: string, input: unknown): Promise<Record<string, unknown>[]> {
  const execute = tools[name]!.execute!;
  const out = execute(input as never, { toolCallId: 't1', messages: [] } as ToolExecutionOptions) as AsyncIterable<Record<string, unknown>>;
  const items: Record<string, unknown>[] = [];
  for await (const item of out) items.push(item);
  return items;
}

describe('bench agent tools', () => {
  const setup = (userMessage: string, targets?: { list(): Promise<{ spec: unknown }[]> }) => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO sessions (id, title, source, created_at, updated_at) VALUES ('s1', 'bench test', 'cli', 0, 0)").run();
    const bench = new BenchService({ store: new BenchStore(db), clock: systemClock, allowedHosts: [] });
    return { db, bench, tools: createBenchTools({ services: { bench, ...(targets ? { targets } : {}) }, sessionId: 's1', commands: gateFor(userMessage) }) };
  };

  test('bench_command runs a command the user typed, streams, saves and compares', async () => {
    const { db, bench, tools } = setup('how fast is `sleep 0.01`?');
    const first = await collect(tools, 'bench_command', { command: ['sleep', '0.01'], runs: 2, warmup: 0 });
    const done = first.at(-1)!;
    assert.equal(done.ok, true);
    assert.equal(done.status, 'done');
    assert.equal(bench.get(done.run_id as string)!.kind, 'command');
    assert.equal(bench.list({ sessionId: 's1' }).length, 1, 'the run belongs to the chat session');
    const second = await collect(tools, 'bench_command', { command: ['sleep', '0.01'], runs: 2, warmup: 0, compare_to: 'previous' });
    const comparison = second.at(-1)!.comparison as { baseline_id: string };
    assert.equal(comparison.baseline_id, done.run_id);
    db.close();
  });

  test('bench_command refuses a command the user never typed, as data the model can read', async () => {
    const { db, tools } = setup('make my build faster');
    const items = await collect(tools, 'bench_command', { command: ['rm', '-rf', '/'] });
    assert.equal(items.length, 1);
    const error = (items[0] as { ok: boolean; error: { code: string; message: string } }).error;
    assert.equal(items[0]!.ok, false);
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /backticks|register/);
    const shell = await collect(tools, 'bench_command', { command: ['make'], shell: true });
    assert.equal((shell[0] as { error: { code: string } }).error.code, 'forbidden');
    db.close();
  });

  test("bench_command may run a registered command target's argv", async () => {
    const targets = { list: async () => [{ spec: { kind: 'command', command: ['sleep', '0.01'] } }, { spec: { kind: 'http', url: 'http://127.0.0.1/' } }] };
    const { db, tools } = setup('benchmark my registered job', targets);
    const items = await collect(tools, 'bench_command', { command: ['sleep', '0.01'], runs: 2, warmup: 0 });
    assert.equal(items.at(-1)!.status, 'done');
    const other = await collect(tools, 'bench_command', { command: ['sleep', '0.02'], runs: 2, warmup: 0 });
    assert.equal((other[0] as { error: { code: string } }).error.code, 'forbidden');
    db.close();
  });

  test('bench_http yields progress snapshots while it runs and a bad host as an error result', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { db, tools } = setup('load test it');
    try {
      const port = (server.address() as { port: number }).port;
      const items = await collect(tools, 'bench_http', { url: `http://127.0.0.1:${port}/`, connections: 2, duration_s: 2.2 });
      assert.ok(items.filter((i) => i.status === 'running').length >= 1, 'at least one progress snapshot');
      const done = items.at(-1)!;
      assert.equal(done.status, 'done');
      const result = done.result as { requests_per_s: number; histogram?: unknown; latency_ms: { p99: number } };
      assert.ok(result.requests_per_s > 0);
      assert.equal(result.histogram, undefined, 'the compact result leaves out the histogram');
      const refused = await collect(tools, 'bench_http', { url: 'http://198.51.100.7/' });
      assert.equal((refused[0] as { error: { code: string } }).error.code, 'forbidden');
    } finally {
      server.closeAllConnections();
      server.close();
      db.close();
    }
  });
});
