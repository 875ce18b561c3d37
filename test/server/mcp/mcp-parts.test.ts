import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { matchResource, RESOURCE_KINDS } from '../../../server/mcp/resource-kinds.ts';
import { resultSummary } from '../../../server/mcp/result-summary.ts';
import { ToolProgress } from '../../../server/mcp/tool-progress.ts';
import { toolResult } from '../../../server/mcp/tool-result.ts';
import { actionSpec } from '../../../tools/iam/catalog.ts';
import { eventually, startMcpServer } from './support/mcp-test.ts';

describe('MCP parts: progress, results, resource URIs, the session bound', () => {
  test('progress: study snapshots give done/budget with the best so far; it only increases; final values are not progress', () => {
    const progress = new ToolProgress();
    const snapshot = (done: number) => ({ preliminary: true, done, total: 50, running: 1, objectives: [{ metric: 'value', direction: 'minimize' }], best: { number: 2, values: [0.51234567] } });
    assert.deepEqual(progress.next(snapshot(3)), { progress: 3, total: 50, message: '3/50 trials, 1 running, best value 0.512346 (trial #2)' });
    assert.equal(progress.next(snapshot(3)), null, 'no increase, no notification');
    assert.equal(progress.next({ study_id: 'st_1', status: 'complete', trials: { complete: 50 } }), null, 'the summary is the result');
    const bench = new ToolProgress();
    assert.equal(bench.next({ ok: true, status: 'starting', will_run: [['a'], ['b']] })!.message, 'starting a | b');
    assert.deepEqual(bench.next({ ok: true, status: 'running', progress: { kind: 'command', command: 'a', run: 2, runs: 3, last_ms: 1, mean_ms: 1.5 } }), { progress: 2, total: 6, message: 'a: run 2/3, mean 1.5 ms' });
    assert.equal(bench.next({ ok: true, status: 'running', progress: { kind: 'command', command: 'b', run: 1, runs: 3, last_ms: 1, mean_ms: 2 } })!.progress, 4, "the second command's runs follow the first's");
    assert.equal(bench.next({ ok: true, status: 'done', run_id: 'b1', result: {} }), null);
  });

  test('results: structuredContent, a summary line, the JSON text; a failure returned as data is isError with its code', () => {
    const ok = toolResult('list_targets', { targets: [1, 2, 3], templates: ['a'] });
    assert.deepEqual(ok.structuredContent, { targets: [1, 2, 3], templates: ['a'] });
    assert.equal((ok.content[0] as { text: string }).text, 'list_targets: targets (3), templates (1)');
    assert.equal(ok.isError, undefined);
    const failed = toolResult('stop_study', { ok: false, error: { code: 'not_found', message: 'study "x" does not exist', details: { study_id: 'x' } } });
    assert.equal(failed.isError, true);
    assert.equal((failed.content[0] as { text: string }).text, 'stop_study failed (not_found): study "x" does not exist');
    assert.deepEqual(toolResult('x', [1, 2]).structuredContent, { result: [1, 2] }, 'structuredContent is always an object');
    const long = toolResult('x', { text: 'y'.repeat(500) }, 100);
    assert.match((long.content[1] as { text: string }).text, /^\{"text":"y+… \(cut at 100 characters; structuredContent has all of it\)$/);
    assert.match(resultSummary('wait_for_study', { study_id: 'st_1', status: 'running', timed_out: true, objectives: [{ metric: 'loss' }], trials: { complete: 4, pruned: 1, failed: 0, budget: 10 }, best: { number: 3, values: [0.25], params: { x: 1 } } }),
      /^study st_1 running: 5\/10 trials, best loss 0\.25 \(trial #3, params \{"x":1\}\); still running/);
  });

  test('resource URIs: templates match one segment each; every kind is listed under its action in the IAM catalog', () => {
    assert.deepEqual(matchResource('tunechat://study/st_1/trials')?.params, { study_id: 'st_1' });
    assert.equal(matchResource('tunechat://study/st_1/trials')?.kind.name, 'study-trials');
    assert.deepEqual(matchResource('tunechat://bench/a%2Fb')?.params, { run_id: 'a/b' });
    assert.equal(matchResource('tunechat://study/a/b/c'), null);
    assert.equal(matchResource('tunechat://study/%E0%A4%A'), null, 'a malformed escape matches nothing');
    assert.equal(matchResource('file:///etc/passwd'), null);
    for (const kind of RESOURCE_KINDS) {
      const spec = actionSpec(kind.action);
      assert.ok(spec?.also?.includes(`MCP resource ${kind.uri}`), `${kind.action} lists ${kind.uri} (docs/iam-actions.md)`);
    }
  });

  test('when every session has a call running, a new session is refused with 503 rather than closing one', async () => {
    const server = await startMcpServer({ app: { mcp: { maxSessions: 1, maxSessionsPerPrincipal: 1 } } });
    const busy = new Client({ name: 'busy', version: '1' });
    try {
      await busy.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
      const started = await busy.callTool({ name: 'start_study', arguments: { target: 'branin', trials: 5000, sampler: 'random' } });
      const studyId = (started.structuredContent as { study_id: string }).study_id;
      const waiting = busy.callTool({ name: 'wait_for_study', arguments: { study_id: studyId } });
      await eventually('the wait is running', () => server.app.mcp.stats().calls === 1);
      const refused = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'late', version: '1' } } }),
      });
      assert.equal(refused.status, 503);
      assert.match(((await refused.json()) as { error: { message: string } }).error.message, /too many MCP sessions are open \(1 in all, 1 per principal\)/);
      await busy.callTool({ name: 'stop_study', arguments: { study_id: studyId } });
      assert.equal(((await waiting).structuredContent as { status: string }).status, 'stopped');
    } finally {
      await busy.close();
      await server.close();
    }
  });
});
