import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createModel } from '../../../server/agent/model.ts';
import { tool } from 'ai';
import { z } from 'zod';
import { callTool } from '../../../server/mcp/call-tool.ts';
import { mcpHandlers } from '../../../server/mcp/create-mcp-server.ts';
import { newMcpServer, serveHandlers, type McpHandlers } from '../../../server/mcp/mcp-server-shell.ts';
import { stdioRequester } from '../../../server/mcp/mcp-requester.ts';
import { resultSummary } from '../../../server/mcp/result-summary.ts';
import { markStudyElsewhere } from '../../../server/mcp/study-elsewhere.ts';
import { MAX_TOOL_DESCRIPTION_CHARS, mcpToolDescription } from '../../../server/mcp/tool-description.ts';
import { TARGETS_MARKER } from '../../../tools/targets/agent-tools.ts';
import { closeServices } from '../../../server/services.ts';
import { createTestServices } from '../../support/test-services.ts';

const BIN = fileURLToPath(new URL('../../../bin/tunechat.js', import.meta.url));

/** Lets pending promise callbacks and I/O run (no clock involved). */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * What real MCP clients tripped on (docs/mcp.md, "Tried in real clients"): gemini-cli's `mcp list` gives a server 5 s
 * to answer `initialize`, and `tunechat mcp` took 3-10 s to load before it answered anything; a study started by one
 * `tunechat mcp` (one `claude -p`, one inspector call) and waited on from the next was reported "still running" for
 * ever, although nothing ran it; Claude Code keeps 2048 characters of a tool description, and list_targets' was 7069;
 * a fast study's result right behind its last progress notifications made the SDK client drop them (unknown token).
 */
describe('MCP with real clients: answering initialize before the services load, studies run by another process', () => {
  test('initialize and ping are answered while the services still load; tools/list waits for them', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    try {
      const server = newMcpServer();
      let release: (handlers: McpHandlers) => void = () => {};
      const loading = new Promise<McpHandlers>((resolve) => (release = resolve));
      serveHandlers(server, () => loading);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: 'gemini-cli-like', version: '1.0.0' });
      await client.connect(clientSide); // initialize answered: nothing has loaded
      assert.equal(client.getServerVersion()?.name, 'tunechat');
      assert.deepEqual(await client.ping(), {});
      let listed: string[] | null = null;
      const listing = client.listTools().then((r) => (listed = r.tools.map((t) => t.name)));
      await turns();
      assert.equal(listed, null, 'tools/list waits for the services');
      release(mcpHandlers(server, { services, requester: stdioRequester(), transport: 'stdio' }));
      await listing;
      assert.ok(listed!.includes('start_study') && listed!.includes('wait_for_study'), String(listed));
      await client.close();
    } finally {
      await closeServices(services);
      services.db.close();
    }
  });

  test('a load that failed fails the tools requests with its error', async () => {
    const server = newMcpServer();
    serveHandlers(server, () => Promise.reject(new Error('database is locked')));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
    await assert.rejects(client.listTools(), /database is locked/);
    await client.close();
  });

  test('a result waits until progressGapMs after the last progress notification; none when the last one is older', async () => {
    const snapshot = (done: number) => ({ preliminary: true, done, total: 3, running: 0, objectives: [], best: null });
    const streaming = tool({
      inputSchema: z.object({ steps: z.number() }),
      execute: async function* ({ steps }: { steps: number }) {
        for (let i = 1; i <= steps; i++) yield snapshot(i);
        yield { study_id: 'st_1', status: 'complete', trials: { complete: steps } };
      },
    });
    const run = async (tick: number) => {
      let now = 0;
      const sent: number[] = [];
      const sleeps: number[] = [];
      const result = await callTool({
        tools: { wait: streaming }, name: 'wait', args: { steps: 3 }, signal: new AbortController().signal, callId: '1', progressGapMs: 100,
        onProgress: async (update) => void sent.push(update.progress),
        clock: { now: () => (now += tick), sleep: async (ms) => void sleeps.push(ms) },
      });
      return { sent, sleeps, status: (result.structuredContent as { status: string }).status };
    };
    assert.deepEqual(await run(0), { sent: [1, 2, 3], sleeps: [100], status: 'complete' }, 'the result right behind the last notification');
    // Each now() reads 15 ms later: the result is 15 ms after the last send, so 85 ms are left to wait; 150 ms: none.
    assert.deepEqual((await run(15)).sleeps, [85]);
    assert.deepEqual((await run(150)).sleeps, []);
    const noProgress: number[] = [];
    await callTool({ tools: { wait: streaming }, name: 'wait', args: { steps: 2 }, signal: new AbortController().signal, callId: '3', clock: { now: () => 0, sleep: async (ms) => void noProgress.push(ms) } });
    assert.deepEqual(noProgress, [], 'no notification was sent (no progress token): no wait');
  });

  test('descriptions longer than Claude Code keeps: list_targets keeps every target name and metric; others are cut at a word', () => {
    assert.equal(mcpToolDescription('short'), 'short');
    const space = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }]));
    const catalog = Array.from({ length: 20 }, (_, i) => ({ name: `target-${i}`, kind: 'command', aliases: ['a model', 'the service'], metrics: [{ name: 'accuracy', direction: 'maximize' }, { name: 'latency_ms', direction: 'minimize', unit: 'ms' }], space }));
    const long = `List every target.\n${TARGETS_MARKER}${JSON.stringify(catalog)}`;
    assert.ok(long.length > 10_000);
    const short = mcpToolDescription(long);
    assert.ok(short.length <= MAX_TOOL_DESCRIPTION_CHARS, `${short.length}`);
    assert.ok(short.startsWith(`List every target.\n${TARGETS_MARKER}`));
    for (let i = 0; i < 20; i++) assert.ok(short.includes(`"target-${i}"`), `target-${i}`);
    assert.match(short, /"accuracy \(max\)"|accuracy \(max\)/);
    assert.match(short, /\(20 targets, each with its .*list_targets returns everything\.\)$/);
    const prose = mcpToolDescription('word '.repeat(1000));
    assert.ok(prose.length <= MAX_TOOL_DESCRIPTION_CHARS);
    assert.match(prose, /word … \(cut from 5000 to 2048 characters for MCP clients\)$/);
  });

  test('a live study that this process does not run is marked, with what to do; one it runs or that ended is not', () => {
    const status = { study_id: 'st_1', status: 'running', trials: { budget: 20, complete: 5, pruned: 1, failed: 0, running: 0 }, best: null, timed_out: true };
    const marked = markStudyElsewhere(status, () => false, 4242) as Record<string, unknown>;
    assert.equal(marked.runs_here, false);
    assert.match(String(marked.note), /does not run in this tunechat process \(pid 4242\)/);
    assert.match(String(marked.note), /continue_study runs the rest here \(trials: 14\)/);
    assert.match(resultSummary('wait_for_study', marked), /^study st_1 running: 6\/20 trials; not running in this tunechat process/);
    assert.doesNotMatch(resultSummary('wait_for_study', marked), /call wait_for_study again/);
    assert.equal(markStudyElsewhere(status, () => true), status, 'running here');
    const ended = { ...status, status: 'complete' };
    assert.equal(markStudyElsewhere(ended, () => false), ended, 'ended');
    const started = { ok: true, study_id: 'st_1', plan: {} };
    assert.equal(markStudyElsewhere(started, () => false), started, 'not a status');
  });
});

describe('tunechat mcp (stdio) across processes', () => {
  let dir: string;
  const env = () => ({ PATH: process.env.PATH ?? '', HOME: dir });
  const connect = async (name: string) => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--dir', dir], cwd: tmpdir(), env: env(), stderr: 'ignore' });
    const client = new Client({ name, version: '1.0.0' });
    await client.connect(transport);
    return client;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tunechat-mcp-clients-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a study started by an exited process is marked when waited on from the next one, and stop_study ends it there', async () => {
    const first = await connect('one-shot call 1');
    const started = (await first.callTool({ name: 'start_study', arguments: { target: 'branin', trials: 5000, sampler: 'random', seed: 3 } })) as CallToolResult;
    const studyId = (started.structuredContent as { study_id: string }).study_id;
    await first.close(); // stdin closed: the process suspends the study and exits

    const second = await connect('one-shot call 2');
    try {
      const waited = (await second.callTool({ name: 'wait_for_study', arguments: { study_id: studyId, timeout_s: 600 } })) as CallToolResult;
      const value = waited.structuredContent as { status: string; runs_here?: boolean; note?: string };
      assert.equal(value.status, 'running');
      assert.equal(value.runs_here, false);
      assert.match(value.note ?? '', /does not run in this tunechat process/);
      assert.match((waited.content[0] as { text: string }).text, /not running in this tunechat process/);
      const stopped = (await second.callTool({ name: 'stop_study', arguments: { study_id: studyId } })) as CallToolResult;
      assert.equal((stopped.structuredContent as { status: string }).status, 'stopped');
      const after = (await second.callTool({ name: 'study_status', arguments: { study_id: studyId } })) as CallToolResult;
      assert.equal((after.structuredContent as { runs_here?: boolean }).runs_here, undefined, 'an ended study is not marked');
    } finally {
      await second.close();
    }
  });

  test('a start that fails (no database) exits 1 naming the cause; stdout carries only the protocol', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'tunechat-mcp-broken-'));
    try {
      writeFileSync(join(broken, 'data'), 'a file where the data directory should be');
      const child = spawn(process.execPath, [BIN, 'mcp', '--dir', broken], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: broken }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } } })}\n`);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      child.stdin.destroy();
      assert.equal(code, 1, stderr);
      assert.match(stderr, /tunechat mcp: could not start: .*data/);
      for (const line of stdout.split('\n').filter(Boolean)) assert.equal((JSON.parse(line) as { jsonrpc: string }).jsonrpc, '2.0', line);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
