import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { rawRequest } from '../../support/raw-request.ts';
import { readJson, startMcpServer, type McpTestServer } from './support/mcp-test.ts';

/** An SDK client over Streamable HTTP, with extra headers on every request (a token, an Origin). */
async function connect(url: string, headers: Record<string, string> = {}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'mcp-security-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  await client.connect(transport);
  return { client, transport };
}

const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Alice may connect, list targets and read studies, but not start one; bob may connect and nothing else. */
const READ_ONLY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ConnectAndRead', Effect: 'Allow', Action: ['sessions:Connect', 'targets:List', 'optimizer:ReadStudy', 'optimizer:ListStudies'], Resource: '*' },
  ],
};
const CONNECT_ONLY = { Version: '2012-10-17', Statement: [{ Sid: 'ConnectOnly', Effect: 'Allow', Action: 'sessions:Connect', Resource: '*' }] };

describe('MCP over HTTP: the request guard, authentication and the policies apply', () => {
  let server: McpTestServer;
  let alice: string;
  let bob: string;
  let carol: string;
  let studyId: string;
  const open: Client[] = [];

  before(async () => {
    server = await startMcpServer({ app: { mcp: { maxSessions: 3, maxSessionsPerPrincipal: 2 } } });
    const { iam } = server.services;
    // A study the operator ran, before users exist (then every request is the operator).
    const operator = await connect(server.mcpUrl);
    const started = (await operator.client.callTool({ name: 'start_study', arguments: { target: 'branin', trials: 3, sampler: 'random' } })) as CallToolResult;
    studyId = (started.structuredContent as { study_id: string }).study_id;
    await operator.client.callTool({ name: 'wait_for_study', arguments: { study_id: studyId } });
    await operator.transport.terminateSession();
    await operator.client.close();
    alice = iam.addUser('alice').token;
    bob = iam.addUser('bob').token;
    carol = iam.addUser('carol').token;
    iam.putPolicy('mcp-readers', JSON.stringify(READ_ONLY));
    iam.attach('mcp-readers', { user: 'alice' });
    iam.putPolicy('mcp-connect', JSON.stringify(CONNECT_ONLY));
    iam.attach('mcp-connect', { user: 'bob' });
  });
  after(async () => {
    for (const client of open) await client.close().catch(() => {});
    await server?.close();
  });

  test('a page on a foreign Origin is refused (403) before any session opens; so is a rebound Host name', async () => {
    await assert.rejects(connect(server.mcpUrl, { authorization: `Bearer ${alice}`, origin: 'http://evil.example' }), (e: Error & { code?: number }) => e.code === 403 && /evil\.example/.test(e.message));
    const res = await fetch(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, authorization: `Bearer ${alice}`, origin: 'http://evil.example' }, body: INITIALIZE });
    assert.equal(res.status, 403);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /origin "http:\/\/evil\.example" are not accepted/);
    const port = new URL(server.url).port;
    const rebound = await rawRequest(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, host: `evil.example:${port}`, authorization: `Bearer ${alice}` }, body: INITIALIZE });
    assert.equal(rebound.status, 403);
    assert.match((JSON.parse(rebound.body) as { error: { message: string } }).error.message, /Host header "evil\.example/);
    assert.equal(server.app.mcp.stats().sessions, 0);
  });

  test('authentication is on (users exist): no token is 401; a principal without sessions:Connect is 403', async () => {
    const status = (code: number, pattern: RegExp) => (e: Error & { code?: number }) => e.code === code && pattern.test(e.message);
    await assert.rejects(connect(server.mcpUrl), status(401, /"unauthenticated"/));
    await assert.rejects(connect(server.mcpUrl, { authorization: 'Bearer not-a-token' }), status(401, /not valid/));
    await assert.rejects(connect(server.mcpUrl, { authorization: `Bearer ${carol}` }), status(403, /"access_denied".*sessions:Connect on \* for user carol/));
    assert.equal(server.app.mcp.stats().sessions, 0);
  });

  test("a policy denial is an isError result naming the action; allowed reads work; a resource read is decided too", async () => {
    const { client } = await connect(server.mcpUrl, { authorization: `Bearer ${alice}` });
    open.push(client);
    const denied = (await client.callTool({ name: 'start_study', arguments: { target: 'branin', trials: 10 } })) as CallToolResult;
    assert.equal(denied.isError, true);
    const error = (denied.structuredContent as { error: { code: string; message: string; details: { action: string; resource: string } } }).error;
    assert.equal(error.code, 'access_denied');
    assert.equal(error.details.action, 'optimizer:StartStudy');
    assert.equal(error.details.resource, 'tunechat:target/branin');
    assert.match((denied.content[0] as { text: string }).text, /^start_study failed \(access_denied\): access denied: alice may not optimizer:StartStudy on tunechat:target\/branin \(trials 10\)/);
    const row = server.services.audit.query({ principal: 'alice', decision: 'deny' }).find((r) => r.action === 'optimizer:StartStudy');
    assert.equal(row?.source, 'mcp', 'the denial is audited with tunechat:Source = mcp');
    assert.equal(row?.source_ip, '127.0.0.1');

    const status = (await client.callTool({ name: 'study_status', arguments: { study_id: studyId } })) as CallToolResult;
    assert.equal((status.structuredContent as { status: string }).status, 'complete');
    assert.equal((await readJson<{ id: string }>(client, `tunechat://study/${studyId}`)).id, studyId);
    await assert.rejects(client.readResource({ uri: 'tunechat://bench-runs' }), (e: Error & { code?: number; data?: { code: string } }) => e.code === -32003 && e.data?.code === 'access_denied' && /bench:ReadRuns/.test(e.message));
    const listed = (await client.listResources()).resources.map((r) => r.uri);
    assert.ok(listed.includes(`tunechat://study/${studyId}`), 'alice may list studies');

    const { client: bobClient } = await connect(server.mcpUrl, { authorization: `Bearer ${bob}` });
    open.push(bobClient);
    const refused = (await bobClient.callTool({ name: 'study_status', arguments: { study_id: studyId } })) as CallToolResult;
    assert.equal((refused.structuredContent as { error: { code: string } }).error.code, 'access_denied');
    await assert.rejects(bobClient.readResource({ uri: `tunechat://study/${studyId}` }), (e: Error & { code?: number }) => e.code === -32003 && /optimizer:ReadStudy/.test(e.message));
    assert.ok(!(await bobClient.listResources()).resources.some((r) => r.uri.startsWith('tunechat://study/')), 'bob may not list studies');
  });

  test("a session belongs to the principal that opened it: another token naming it gets 404", async () => {
    const { client, transport } = await connect(server.mcpUrl, { authorization: `Bearer ${alice}` });
    open.push(client);
    const res = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${bob}`, 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    assert.equal(res.status, 404);
    const other = await fetch(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, authorization: `Bearer ${bob}` }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    assert.equal(other.status, 400, 'without a session only initialize is accepted');
  });

  test('sessions are bounded per principal: the least recently used idle one is closed to make room', async () => {
    // Open now: alice's two (the policy test's, the previous test's) and bob's; alice may hold 2, everyone 3.
    assert.equal(server.app.mcp.stats().sessions, 3);
    const { client } = await connect(server.mcpUrl, { authorization: `Bearer ${alice}` });
    open.push(client);
    assert.equal(server.app.mcp.stats().sessions, 3);
    await assert.rejects(open[0]!.listTools(), (e: Error & { code?: number }) => e.code === 404, "alice's least recently used session was closed to make room");
    assert.ok((await client.listTools()).tools.length > 20);
    assert.ok((await open[1]!.listTools()).tools.length > 20, "bob's session is untouched");
  });

  test('the body limit applies to /mcp (413), and a DELETE without a session id is a JSON-RPC 400, not a content-type refusal', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(1.5 * 1024 * 1024) } });
    const res = await fetch(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, authorization: `Bearer ${alice}` }, body: big });
    assert.equal(res.status, 413);
    const del = await fetch(server.mcpUrl, { method: 'DELETE', headers: { authorization: `Bearer ${alice}` } });
    assert.equal(del.status, 400);
    assert.match(((await del.json()) as { error: { message: string } }).error.message, /Mcp-Session-Id/);
    const form = await fetch(server.mcpUrl, { method: 'DELETE', headers: { authorization: `Bearer ${alice}`, 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(form.status, 400);
    assert.equal(((await form.json()) as { error: { code: string } }).error.code, 'invalid_argument', 'a DELETE with a body still needs JSON');
  });
});
