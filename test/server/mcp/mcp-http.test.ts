import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MAX_TOOL_DESCRIPTION_CHARS, mcpToolDescription } from '../../../server/mcp/tool-description.ts';
import { agentToolDefinitions, eventually, readJson, startMcpServer, studyWithProgress, type McpTestServer } from './support/mcp-test.ts';

/**
 * The official MCP SDK client over Streamable HTTP against the running app's `/mcp` (loopback, no users: every
 * request acts as the operator): the toolset's tools, a branin study with progress notifications, resources,
 * cancellation and the session lifecycle.
 */
describe('MCP over Streamable HTTP (/mcp): tools, progress, resources', () => {
  let server: McpTestServer;
  let client: Client;
  let transport: StreamableHTTPClientTransport;

  before(async () => {
    server = await startMcpServer();
    client = new Client({ name: 'mcp-http-test', version: '1.0.0' });
    transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl));
    await client.connect(transport);
  });
  after(async () => {
    await client?.close();
    await server?.close();
  });

  test("tools/list is the agent's toolset: same names, descriptions and input schemas", async () => {
    const { tools } = await client.listTools();
    const expected = await agentToolDefinitions(server.services);
    assert.deepEqual(tools.map((t) => t.name), [...expected.keys()]);
    for (const t of tools) {
      // The toolset's own, unless longer than MCP clients keep (list_targets with every target: server/mcp/tool-description.ts).
      assert.equal(t.description, mcpToolDescription(expected.get(t.name)!.description!), t.name);
      assert.ok(t.description!.length <= MAX_TOOL_DESCRIPTION_CHARS, `${t.name}: ${t.description!.length} characters`);
      assert.deepEqual(t.inputSchema, expected.get(t.name)!.inputSchema, t.name);
    }
    const readOnly = Object.fromEntries(tools.map((t) => [t.name, t.annotations?.readOnlyHint]));
    assert.equal(readOnly.study_status, true);
    assert.equal(readOnly.start_study, false);
    assert.equal(client.getServerVersion()?.name, 'tunechat');
    assert.match(client.getInstructions() ?? '', /start_study/);
  });

  test('start_study + wait_for_study on branin: progress notifications, then the summary; the study is a resource', async () => {
    const { studyId, started, waited, progress } = await studyWithProgress(client);
    assert.equal(started.isError, undefined);
    assert.match(String((started.content[0] as { text: string }).text), new RegExp(`study ${studyId} on branin started \\(5000 trials, sampler random\\)`));
    assert.ok(progress.length >= 3, `${progress.length} progress notifications`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.progress > progress[i - 1]!.progress, 'progress increases');
    assert.equal(progress[0]!.total, 5000);
    assert.match(progress.at(-1)!.message ?? '', /^\d+\/5000 trials.*best value -?[\d.e+-]+ \(trial #\d+\)/);
    const summary = waited.structuredContent as { study_id: string; status: string; timed_out: boolean; trials: { complete: number } };
    assert.equal(waited.isError, undefined);
    assert.equal(summary.study_id, studyId);
    assert.equal(summary.status, 'stopped');
    assert.equal(summary.timed_out, false);
    assert.match((waited.content[0] as { text: string }).text, new RegExp(`^study ${studyId} stopped: \\d+/5000 trials, best value`));
    assert.deepEqual(JSON.parse((waited.content[1] as { text: string }).text), waited.structuredContent, 'the JSON text block is the structured value');

    const read = await client.readResource({ uri: `tunechat://study/${studyId}` });
    assert.equal(read.contents[0]!.mimeType, 'application/json');
    const view = await readJson<{ id: string; status: string; target: string; trials: { done: number } }>(client, `tunechat://study/${studyId}`);
    assert.deepEqual([view.id, view.status, view.target], [studyId, 'stopped', 'branin']);
    const trials = await readJson<{ trials: unknown[] }>(client, `tunechat://study/${studyId}/trials`);
    assert.equal(trials.trials.length, view.trials.done);
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === `tunechat://study/${studyId}`));
    assert.ok(['tunechat://studies', 'tunechat://bench-runs', 'tunechat://rules'].every((uri) => resources.some((r) => r.uri === uri)));
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), ['tunechat://study/{study_id}', 'tunechat://study/{study_id}/trials', 'tunechat://bench/{run_id}', 'tunechat://rule/{rule_id}']);
    await assert.rejects(client.readResource({ uri: 'tunechat://study/st_nope' }), (e: Error & { code?: number }) => e.code === -32002 && /st_nope/.test(e.message));

    // The study is recorded under this MCP connection's chat session: wait_for_study without study_id finds it.
    const more = (await client.callTool({ name: 'continue_study', arguments: { trials: 5 } })) as CallToolResult;
    assert.equal((more.structuredContent as { study_id: string }).study_id, studyId);
    const done = (await client.callTool({ name: 'wait_for_study', arguments: {} })) as CallToolResult;
    assert.equal((done.structuredContent as { status: string }).status, 'complete');
  });

  test('a cancelled wait_for_study stops waiting; the study keeps running until stop_study', async () => {
    const started = (await client.callTool({ name: 'start_study', arguments: { target: 'branin', trials: 5000, sampler: 'random' } })) as CallToolResult;
    const studyId = (started.structuredContent as { study_id: string }).study_id;
    const controller = new AbortController();
    const waiting = client.callTool({ name: 'wait_for_study', arguments: { study_id: studyId } }, undefined, { signal: controller.signal, onprogress: () => controller.abort() });
    await assert.rejects(waiting, /abort/i);
    await eventually('the server stops waiting', () => server.app.mcp.stats().calls === 0);
    const status = (await client.callTool({ name: 'study_status', arguments: { study_id: studyId } })) as CallToolResult;
    assert.equal((status.structuredContent as { status: string }).status, 'running');
    const stopped = (await client.callTool({ name: 'stop_study', arguments: { study_id: studyId } })) as CallToolResult;
    assert.equal((stopped.structuredContent as { status: string }).status, 'stopped');
  });

  test("bad arguments and a command the client's model made up come back as isError results with the ToolError", async () => {
    const bad = (await client.callTool({ name: 'start_study', arguments: { target: 'branin', trials: -3 } })) as CallToolResult;
    assert.equal(bad.isError, true);
    const error = (bad.structuredContent as { error: { code: string; details: { issues: { path: string }[] } } }).error;
    assert.equal(error.code, 'invalid_argument');
    assert.deepEqual(error.details.issues.map((i) => i.path), ['trials']);
    const made = (await client.callTool({ name: 'bench_command', arguments: { command: ['node', '-e', '0'], runs: 1 } })) as CallToolResult;
    assert.equal(made.isError, true);
    const refused = (made.structuredContent as { error: { code: string; message: string; details: { rule: string } } }).error;
    assert.equal(refused.code, 'forbidden');
    assert.equal(refused.details.rule, 'operator-only');
    assert.match(refused.message, /Commands do not run for a mcp request: only targets the operator registered can/);
    await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /unknown tool "no_such_tool"/);
  });

  test('DELETE ends the session (Mcp-Session-Id); a request naming it afterwards is 404', async () => {
    const other = new Client({ name: 'short-lived', version: '1' });
    const otherTransport = new StreamableHTTPClientTransport(new URL(server.mcpUrl));
    await other.connect(otherTransport);
    const id = otherTransport.sessionId!;
    assert.equal(server.app.mcp.stats().sessions, 2);
    await otherTransport.terminateSession();
    await other.close();
    assert.equal(server.app.mcp.stats().sessions, 1);
    const res = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': id },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /is not open/);
  });
});
