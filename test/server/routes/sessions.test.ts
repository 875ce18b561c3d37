import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tool } from 'ai';
import { z } from 'zod';
import { createApp } from '../../../server/app.ts';
import { runChatTurn } from '../../../server/chat/run-turn.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { createTestServices } from '../../support/test-services.ts';

async function json(res: Response): Promise<any> {
  return res.json();
}

describe('REST /api/sessions, /healthz, /metrics', () => {
  test('lists, gets, renames and deletes sessions; messages and chunks after N', async () => {
    const services = createTestServices(scriptedModel([{ text: 'hello there friend' }]));
    const { app } = createApp({ services, tools: {} });
    const a = await runChatTurn({ services, text: 'first session', tools: {} });
    const b = await runChatTurn({ services, text: 'second session', source: 'slack', tools: {} });

    const list = await json(await app.request('/api/sessions'));
    assert.deepEqual(list.sessions.map((s: any) => [s.title, s.source, s.active]), [['second session', 'slack', false], ['first session', 'web', false]]);
    assert.equal((await json(await app.request(`/api/sessions?limit=1`))).sessions.length, 1);

    const got = await json(await app.request(`/api/sessions/${a.sessionId}`));
    assert.equal(got.session.id, a.sessionId);

    const renamed = await app.request(`/api/sessions/${a.sessionId}`, { method: 'PATCH', body: JSON.stringify({ title: 'Branin run', metadata: { dryRun: true } }), headers: { 'content-type': 'application/json' } });
    assert.equal(renamed.status, 200);
    const r = await json(renamed);
    assert.equal(r.session.title, 'Branin run');
    assert.deepEqual(r.session.metadata, { dryRun: true });

    const messages = await json(await app.request(`/api/sessions/${a.sessionId}/messages`));
    assert.deepEqual(messages.messages.map((m: any) => m.role), ['user', 'assistant']);

    const all = await json(await app.request(`/api/sessions/${b.sessionId}/chunks`));
    const after = await json(await app.request(`/api/sessions/${b.sessionId}/chunks?after=2`));
    assert.ok(all.chunks.length > 3);
    assert.deepEqual(after.chunks.map((c: any) => c.sequence), all.chunks.slice(2).map((c: any) => c.sequence));
    assert.ok(all.chunks.every((c: any) => typeof c.tMs === 'number' && c.turnId === b.turnId && typeof c.chunk.type === 'string'));

    const deleted = await app.request(`/api/sessions/${b.sessionId}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    assert.equal(deleted.status, 200);
    assert.equal((await app.request(`/api/sessions/${b.sessionId}`)).status, 404);
  });

  test('unknown ids and bad input give JSON errors with the right status', async () => {
    const services = createTestServices(scriptedModel([{ text: 'x' }]));
    const { app } = createApp({ services });
    for (const [method, path] of [['GET', '/api/sessions/nope'], ['PATCH', '/api/sessions/nope'], ['DELETE', '/api/sessions/nope'], ['GET', '/api/sessions/nope/messages'], ['GET', '/api/sessions/nope/chunks']] as const) {
      const res = await app.request(path, { method, headers: { 'content-type': 'application/json' }, ...(method === 'PATCH' ? { body: '{"title":"x"}' } : {}) });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(await res.json(), { error: { code: 'not_found', message: 'session "nope" does not exist', details: { parameter: 'id', value: 'nope' } } });
    }
    const s = await runChatTurn({ services, text: 'hi', tools: {} });
    const bad = await app.request(`/api/sessions/${s.sessionId}`, { method: 'PATCH', body: JSON.stringify({ title: '' }), headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
    assert.equal((await json(bad)).error.code, 'invalid_argument');
    const badAfter = await app.request(`/api/sessions/${s.sessionId}/chunks?after=-1`);
    assert.equal(badAfter.status, 400);
    assert.match((await json(badAfter)).error.message, /after must be a non-negative integer, got "-1"/);
    const unknownRoute = await app.request('/api/nothing-here');
    assert.equal(unknownRoute.status, 404);
    assert.equal((await json(unknownRoute)).error.code, 'not_found');
  });

  test('healthz answers ok', async () => {
    const { app } = createApp({ services: createTestServices(scriptedModel([{ text: 'x' }])) });
    const res = await app.request('/healthz');
    assert.equal(res.status, 200);
    assert.equal((await json(res)).ok, true);
  });

  test('metrics count turns and tool calls by tool and outcome, with durations in seconds', async () => {
    const ok = tool({ description: 'ok', inputSchema: z.object({}), execute: async () => ({ fine: true }) });
    const bad = tool({ description: 'bad', inputSchema: z.object({}), execute: async (): Promise<{ never: true }> => { throw new Error('nope'); } });
    const model = scriptedModel([{ toolCalls: [{ toolName: 'ok', input: {} }, { toolName: 'bad', input: {} }] }, { text: 'done' }]);
    const services = createTestServices(model);
    const { app, hub } = createApp({ services, tools: { ok, bad } });
    const turn = hub.start({ sessionId: null, text: 'use tools' });
    await turn.done;
    const res = await app.request('/metrics');
    assert.match(res.headers.get('content-type') ?? '', /text\/plain; version=0\.0\.4/);
    const body = await res.text();
    assert.match(body, /^tunechat_chat_turns_total\{outcome="completed"\} 1$/m);
    assert.match(body, /^tunechat_tool_calls_total\{tool="ok",outcome="success"\} 1$/m);
    assert.match(body, /^tunechat_tool_calls_total\{tool="bad",outcome="error"\} 1$/m);
    assert.match(body, /^tunechat_tool_duration_seconds_count\{tool="ok"\} 1$/m);
    assert.match(body, /^tunechat_tool_duration_seconds_bucket\{le="\+Inf",tool="ok"\} 1$/m);
    assert.match(body, /^# TYPE tunechat_websockets_active gauge$/m);
    assert.match(body, /^tunechat_websockets_active 0$/m);
  });
});
