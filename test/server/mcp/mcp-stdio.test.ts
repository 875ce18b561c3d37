import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { createModel } from '../../../server/agent/model.ts';
import { closeServices } from '../../../server/services.ts';
import { createTestServices } from '../../support/test-services.ts';
import { agentToolDefinitions, readJson, studyWithProgress } from './support/mcp-test.ts';

const BIN = fileURLToPath(new URL('../../../bin/tunechat.js', import.meta.url));
/** A target the operator registered (tunechat.json in the working directory): its command may run from MCP. */
const REGISTERED = ['node', '-e', 'process.exit(0)'];

/**
 * `tunechat mcp` as an MCP client runs it: the official SDK client spawns `node bin/tunechat.js mcp --dir <temp>`
 * (stdio; the database and tunechat.json of that directory), lists the tools, runs a branin study with progress, reads resources, and
 * is refused a command nobody registered. stdout carries only the protocol (the client would fail otherwise).
 */
describe('tunechat mcp (stdio), driven by the MCP SDK client', () => {
  let dir: string;
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tunechat-mcp-'));
    writeFileSync(join(dir, 'tunechat.json'), JSON.stringify({ targets: [{ name: 'noop', kind: 'command', command: REGISTERED, metrics: [{ name: 'value', direction: 'minimize' }] }] }));
    // As a desktop client starts it: from elsewhere, with --dir naming the project (its ./data/tunechat.db and tunechat.json).
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir };
    transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--dir', dir], cwd: tmpdir(), env, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'mcp-stdio-test', version: '1.0.0' });
    await client.connect(transport);
  });
  after(async () => {
    await client?.close(); // ends stdin; the SDK waits for the exit, then SIGTERM / SIGKILL
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("lists the agent toolset's tools with the same names and input schemas", async () => {
    const { tools } = await client.listTools();
    const services = createTestServices(createModel({ kind: 'local' }));
    try {
      const expected = await agentToolDefinitions(services);
      assert.deepEqual(tools.map((t) => t.name), [...expected.keys()]);
      for (const t of tools) assert.deepEqual(t.inputSchema, expected.get(t.name)!.inputSchema, t.name);
      assert.match(tools.find((t) => t.name === 'list_targets')!.description!, /"name":"noop"/, "the description lists this directory's targets");
    } finally {
      await closeServices(services);
      services.db.close();
    }
    assert.match(stderr, /tunechat mcp: serving on stdio as the operator/);
  });

  test('start_study + wait_for_study on branin with progress notifications; the study and its trials are resources', async () => {
    const { studyId, waited, progress } = await studyWithProgress(client);
    assert.ok(progress.length >= 3, `${progress.length} progress notifications`);
    assert.ok(progress.every((p: Progress) => p.total === 5000 && /trials/.test(p.message ?? '')));
    const summary = waited.structuredContent as { status: string; best: { values: number[] } | null };
    assert.equal(summary.status, 'stopped');
    assert.ok(summary.best && summary.best.values[0]! > 0.39, 'a branin value (its minimum is 0.397887)');
    const view = await readJson<{ id: string; status: string; trials: { done: number } }>(client, `tunechat://study/${studyId}`);
    assert.deepEqual([view.id, view.status], [studyId, 'stopped']);
    const index = await readJson<{ studies: { id: string; uri: string }[] }>(client, 'tunechat://studies');
    assert.equal(index.studies[0]!.uri, `tunechat://study/${studyId}`);
  });

  test("a registered target's command runs (with progress); a command the client's model made up does not", async () => {
    const progress: Progress[] = [];
    const ran = (await client.callTool({ name: 'bench_command', arguments: { command: REGISTERED, runs: 3, warmup: 0 } }, undefined, { onprogress: (p) => progress.push(p) })) as CallToolResult;
    assert.equal(ran.isError, undefined, JSON.stringify(ran.structuredContent));
    const runId = (ran.structuredContent as { run_id: string }).run_id;
    assert.match((ran.content[0] as { text: string }).text, new RegExp(`benchmark run ${runId} finished`));
    assert.match(progress[0]!.message ?? '', /^starting node -e process\.exit\(0\)/);
    assert.ok(progress.length >= 2, `${progress.length} progress notifications`);
    const run = await readJson<{ id: string; kind: string }>(client, `tunechat://bench/${runId}`);
    assert.deepEqual([run.id, run.kind], [runId, 'command']);

    const made = (await client.callTool({ name: 'bench_command', arguments: { command: ['node', '-e', 'process.exit(3)'], runs: 1 } })) as CallToolResult;
    assert.equal(made.isError, true);
    const error = (made.structuredContent as { error: { code: string; details: { rule: string } } }).error;
    assert.deepEqual([error.code, error.details.rule], ['forbidden', 'operator-only']);
  });

  test('closing stdin ends the server: it shuts down by itself (studies suspended, database closed)', async () => {
    const pid = transport.pid!;
    await client.close();
    assert.ok(existsSync(join(dir, 'data', 'tunechat.db')), 'the database is ./data/tunechat.db of --dir');
    assert.match(stderr, /tunechat mcp: the client closed stdin, shutting down/);
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the process is gone');
    assert.match(stderr, /tunechat mcp: stopped/, 'the shutdown ran to its end');
  });
});
