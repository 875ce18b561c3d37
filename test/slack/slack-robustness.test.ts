import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';
import { mentionEvent, startSlackHarness, type SlackHarness } from './support/slack-harness.ts';

let harness: SlackHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('Slack bridge fallbacks and Slack API errors', () => {
  test('without the streaming API: placeholder + throttled chat.update, split when long; later replies skip startStream', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `Line ${i} of a long answer about tuning.`).join('\n');
    const model = scriptedModel([{ text: long }, { text: 'short second reply' }]);
    harness = await startSlackHarness(createTestServices(model), { maxMessageChars: 1000 });
    harness.stub.fail('chat.startStream', { error: 'unknown_method' });
    await harness.post(mentionEvent({ eventId: 'Ev-f1', ts: '3000.0001', text: 'explain' }));
    await harness.bridge.idle();
    const posts = harness.stub.of('chat.postMessage');
    assert.ok(posts.length >= 3, `long text continues in new messages (got ${posts.length} posts)`);
    assert.ok(posts.every((p) => p.args.thread_ts === '3000.0001'));
    const shown = new Map<string, string>();
    for (const call of harness.stub.calls) {
      if (call.method === 'chat.update') shown.set(call.args.ts, call.args.text);
    }
    const all = [...posts.map((p) => p.args.text as string), ...shown.values()].join('\n');
    for (const i of [0, 30, 59]) assert.ok(all.includes(`Line ${i} of a long answer`), `line ${i} reached Slack`);
    assert.ok([...shown.values(), ...posts.map((p) => p.args.text as string)].every((t) => t.length <= 1000 + 200));

    await harness.post(mentionEvent({ eventId: 'Ev-f2', ts: '3000.0009', threadTs: '3000.0001', text: 'again' }));
    await harness.bridge.idle();
    assert.equal(harness.stub.of('chat.startStream').length, 1, 'streaming is not retried after unknown_method');
    assert.match([...harness.stub.of('chat.update').map((c) => c.args.text)].join('\n'), /short second reply/);
  });

  test('a rate-limited call is retried after Retry-After', async () => {
    const model = scriptedModel([{ text: 'after the limit' }]);
    harness = await startSlackHarness(createTestServices(model), { streaming: 'update' });
    harness.stub.fail('chat.postMessage', { rateLimitSeconds: 1 });
    const started = Date.now();
    await harness.post(mentionEvent({ eventId: 'Ev-rl', ts: '3100.0001', text: 'go' }));
    await harness.bridge.idle();
    const posts = harness.stub.of('chat.postMessage');
    assert.equal(posts.length, 2, 'the 429 and its retry');
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    assert.match(harness.stub.of('chat.update').at(-1)!.args.text, /after the limit/);
    assert.deepEqual(harness.failures, []);
  });

  test('channel_not_found and invalid_auth are reported, the server keeps serving', async () => {
    const model = scriptedModel([{ text: 'lost' }, { text: 'works again' }]);
    harness = await startSlackHarness(createTestServices(model), { streaming: 'update' });
    harness.stub.fail('chat.postMessage', { error: 'channel_not_found' });
    harness.stub.fail('chat.update', { error: 'invalid_auth' });
    await harness.post(mentionEvent({ eventId: 'Ev-e1', ts: '3200.0001', text: 'first', channel: 'CGONE' }));
    await harness.bridge.idle();
    assert.ok(harness.failures.some((f) => f.method === 'chat.postMessage' && f.error === 'channel_not_found'));
    const res = await harness.post(mentionEvent({ eventId: 'Ev-e2', ts: '3200.0005', text: 'second' }));
    assert.equal(res.status, 200);
    await harness.bridge.idle();
    assert.ok(harness.failures.some((f) => f.method === 'chat.update' && f.error === 'invalid_auth'));
    const health = await fetch(`${harness.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(new ChatStore(harness.services.db).listSessions().length, 2, 'both turns ran and were stored');
  });

  test('/tune posts the request in the channel and answers in its thread', async () => {
    const model = scriptedModel([{ text: 'tuning started' }]);
    harness = await startSlackHarness(createTestServices(model));
    const command = { command: '/tune', text: 'minimize latency of my-service', user_id: 'U7', team_id: 'T1', channel_id: 'C9', trigger_id: 'trig-1', response_url: 'http://127.0.0.1:9/unused' };
    const res = await harness.post(command, { form: true });
    assert.equal(res.status, 200);
    await harness.bridge.idle();
    const parent = harness.stub.of('chat.postMessage')[0]!;
    assert.equal(parent.args.channel, 'C9');
    assert.equal(parent.args.thread_ts, undefined);
    assert.match(parent.args.text, /<@U7> asked: \/tune minimize latency of my-service/);
    const start = harness.stub.of('chat.startStream')[0]!;
    assert.equal(start.args.channel, 'C9');
    assert.ok(start.args.thread_ts, 'the reply is threaded');
    assert.notEqual(start.args.thread_ts, undefined);
    const sessions = new ChatStore(harness.services.db).listSessions();
    assert.equal(sessions[0]!.title, 'minimize latency of my-service');

    const empty = await harness.post({ ...command, text: '  ', trigger_id: 'trig-2' }, { form: true });
    const body = (await empty.json()) as { text: string };
    assert.match(body.text, /Usage: `\/tune <request>`/);
  });

  test('edits are paced process-wide: concurrent replies never call chat.update faster than the pacing interval', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const model = scriptedModel([{ text: long }], { chunkDelayInMs: 5 });
    harness = await startSlackHarness(createTestServices(model), { streaming: 'update', pacing: { 'chat.update': 150 } });
    await Promise.all(['3300.0001', '3300.0002', '3300.0003'].map((ts, i) => harness!.post(mentionEvent({ eventId: `Ev-p${i}`, ts, text: 'go' }))));
    await harness.bridge.idle();
    const updates = harness.stub.of('chat.update').map((c) => c.at);
    assert.ok(updates.length >= 3, `each reply was edited (got ${updates.length})`);
    // Paced when sent (exact spacing: call-pacer.test.ts); arrival times at the stub add jitter, so check the span.
    assert.ok(updates.at(-1)! - updates[0]! >= (updates.length - 1) * 150 - 100, `${updates.length} edits in ${updates.at(-1)! - updates[0]!} ms`);
    const complete = new Set(harness.stub.of('chat.update').filter((u) => /word0 .*word39/.test(u.args.text)).map((u) => u.args.ts));
    assert.equal(complete.size, 3, 'each of the three replies got its full answer');
    assert.deepEqual(harness.stub.of('chat.postMessage').map((p) => p.args.thread_ts).sort(), ['3300.0001', '3300.0002', '3300.0003']);
  });

  test('a new message in a thread interrupts the running turn (kept as stopped) and is answered next', async () => {
    // 30 s of streaming: the interruption lands mid-answer on any machine (the test ends at the interruption).
    const slow = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    const model = scriptedModel([{ text: slow }, { text: 'second answer' }], { chunkDelayInMs: 15 });
    harness = await startSlackHarness(createTestServices(model));
    await harness.post(mentionEvent({ eventId: 'Ev-i1', ts: '3400.0001', text: 'long question' }));
    for (const deadline = Date.now() + 20_000; harness.stub.of('chat.startStream').length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    await harness.post(mentionEvent({ eventId: 'Ev-i2', ts: '3400.0005', threadTs: '3400.0001', text: 'how is it going?' }));
    await harness.bridge.idle();
    const stops = harness.stub.of('chat.stopStream');
    assert.equal(stops.length, 2);
    const streams = harness.stub.of('chat.startStream').map((s) => s.args.thread_ts);
    assert.deepEqual(streams, ['3400.0001', '3400.0001']);
    const text = harness.stub.calls.filter((c) => c.method.endsWith('Stream')).map((c) => c.args.markdown_text ?? '').join('');
    assert.match(text, /stopped \(a newer message in the thread/);
    assert.doesNotMatch(text, /w1999/, 'the first answer was cut short');
    assert.match(text, /second answer/);
    const session = new ChatStore(harness.services.db).listSessions()[0]!;
    assert.deepEqual(new ChatStore(harness.services.db).listMessages(session.id).map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  });

  test('SLACK_ALLOWED_USERS: others get a refusal and nothing runs; an empty mention gets a hint', async () => {
    const model = scriptedModel([{ text: 'allowed answer' }]);
    harness = await startSlackHarness(createTestServices(model), {}, ['U1']);
    await harness.post({ ...mentionEvent({ eventId: 'Ev-x', ts: '3500.0001', text: 'run `rm -rf /tmp/x`' }), event: { ...mentionEvent({ eventId: 'Ev-x', ts: '3500.0001', text: 'run `rm -rf /tmp/x`' }).event, user: 'UEVIL' } });
    const command = await harness.post({ command: '/tune', text: 'anything', user_id: 'UEVIL', team_id: 'T1', channel_id: 'C1', trigger_id: 'trig-x' }, { form: true });
    assert.match(((await command.json()) as { text: string }).text, /only takes requests from the users listed in SLACK_ALLOWED_USERS/);
    await harness.post(mentionEvent({ eventId: 'Ev-empty', ts: '3500.0003', text: '' }));
    await harness.post(mentionEvent({ eventId: 'Ev-ok', ts: '3500.0005', text: 'hello' }));
    await harness.bridge.idle();
    assert.equal(model.doStreamCalls.length, 1, 'only the allowed, non-empty request ran');
    const posts = harness.stub.of('chat.postMessage');
    assert.match(posts.find((p) => p.args.thread_ts === '3500.0001')!.args.text, /Sorry <@UEVIL>/);
    assert.match(posts.find((p) => p.args.thread_ts === '3500.0003')!.args.text, /Ask me something in this thread/);
    assert.equal(new ChatStore(harness.services.db).listSessions().length, 1);
  });

  test('a bot token Slack rejects (invalid_auth) is reported once, not retried; events get 503, the server keeps serving', async () => {
    const model = scriptedModel([{ text: 'never' }]);
    harness = await startSlackHarness(createTestServices(model), {}, [], (stub) => stub.fail('auth.test', { error: 'invalid_auth' }, { error: 'invalid_auth' }));
    const res = await harness.post(mentionEvent({ eventId: 'Ev-auth', ts: '3600.0001', text: 'hello' }));
    assert.equal(res.status, 503);
    const body = (await res.json()) as { error: string; state: string; message: string };
    assert.equal(body.error, 'slack_unavailable');
    assert.equal(body.state, 'off');
    assert.match(body.message, /SLACK_BOT_TOKEN \(auth\.test: invalid_auth\)/);
    await harness.bridge.idle();
    await new Promise((r) => setTimeout(r, 300)); // several backoff periods: a retry would have happened
    assert.deepEqual(harness.failures.map((f) => `${f.method}:${f.error}`), ['auth.test:invalid_auth']);
    assert.equal(harness.stub.of('auth.test').length, 1, 'a permanent failure is not retried');
    assert.equal(model.doStreamCalls.length, 0);
    assert.deepEqual(harness.stub.calls.filter((c) => c.method !== 'auth.test'), [], 'nothing else was sent to Slack');
    const health = await fetch(`${harness.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(((await health.json()) as { slack: unknown }).slack, { mode: 'http', state: 'off', error: 'invalid_auth', attempts: 1 });
  });
});
