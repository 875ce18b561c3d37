import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { MockLanguageModelV3 } from 'ai/test';
import { ChatStore } from '../../db/chat-store.ts';
import { SlackStore } from '../../db/slack-store.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';
import { mentionEvent, startSlackHarness, type SlackHarness } from './support/slack-harness.ts';

let harness: SlackHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** The markdown a thread received through the streaming API (start + appends + stop). */
function streamedText(h: SlackHarness): string {
  return h.stub.calls
    .filter((c) => ['chat.startStream', 'chat.appendStream', 'chat.stopStream'].includes(c.method))
    .map((c) => c.args.markdown_text ?? '')
    .join('');
}

describe('Slack bridge over HTTP (real server, stub Web API)', () => {
  test('url_verification is answered with the challenge', async () => {
    harness = await startSlackHarness(createTestServices(scriptedModel([{ text: 'hi' }])));
    const res = await harness.post({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { challenge: 'abc123' });
  });

  test('a bad signature or a stale timestamp gets 401 and runs nothing', async () => {
    const model = scriptedModel([{ text: 'never' }]);
    harness = await startSlackHarness(createTestServices(model));
    const event = mentionEvent({ eventId: 'Ev-bad', ts: '100.1', text: 'tune it' });
    const forged = await harness.post(event, { headers: { 'x-slack-signature': 'v0=deadbeef' } });
    assert.equal(forged.status, 401);
    const stale = await harness.post(event, { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
    assert.equal(stale.status, 401);
    const unsigned = await fetch(`${harness.url}/slack/events`, { method: 'POST', body: JSON.stringify(event) });
    assert.equal(unsigned.status, 401);
    await harness.bridge.idle();
    assert.equal(model.doStreamCalls.length, 0);
    assert.deepEqual(harness.stub.calls.filter((c) => c.method !== 'auth.test'), [], 'only the token check reached Slack');
    assert.equal(new ChatStore(harness.services.db).listSessions().length, 0);
  });

  test('a mention acks at once, then streams the reply into its thread as a slack session', async () => {
    // The model is held until the ack has come back, and the bridge would wait 10 minutes for a late ack, so the ack
    // can only come back first if the bridge acks before the turn runs. The hold gives up after 20 s (so nothing can
    // hang) and that fails the test.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let heldTooLong = false;
    const fallback = setTimeout(() => ((heldTooLong = true), release()), 20_000);
    const scripted = scriptedModel([{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 } }] }, { text: 'The sum is 5.' }], { chunkDelayInMs: 40 });
    const model = new MockLanguageModelV3({ doStream: async (options) => (await gate, scripted.doStream(options)) });
    harness = await startSlackHarness(createTestServices(model), { ackTimeoutMs: 600_000 });
    const res = await harness.post(mentionEvent({ eventId: 'Ev1', ts: '1700.0001', text: 'add 2 and 3' }));
    assert.equal(res.status, 200);
    assert.equal(heldTooLong, false, 'acked while the model was still held');
    assert.equal(harness.stub.of('chat.stopStream').length, 0, 'acked before the turn finished');
    clearTimeout(fallback);
    release();
    await harness.bridge.idle();

    const start = harness.stub.of('chat.startStream');
    assert.equal(start.length, 1);
    assert.equal(start[0]!.args.channel, 'C1');
    assert.equal(start[0]!.args.thread_ts, '1700.0001');
    assert.equal(start[0]!.args.recipient_user_id, 'U1');
    assert.equal(start[0]!.args.recipient_team_id, 'T1');
    assert.equal(harness.stub.of('chat.stopStream').length, 1);
    const text = streamedText(harness);
    assert.match(text, /`add` \{"a":2,"b":3\}/);
    assert.match(text, /`add` \{"sum":5\}/);
    assert.match(text, /The sum is 5\./);
    const sessions = new ChatStore(harness.services.db).listSessions();
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]!.source, 'slack');
    assert.equal(sessions[0]!.title, 'add 2 and 3');
    assert.match(text, new RegExp(`\\(http://tunechat\\.test/s/${sessions[0]!.id}\\)`));
    assert.equal(new SlackStore(harness.services.db).findSession({ teamId: 'T1', channel: 'C1', threadTs: '1700.0001' }), sessions[0]!.id);
  });

  test('retries (x-slack-retry-num) and duplicate deliveries never start a second run', async () => {
    const model = scriptedModel([{ text: 'once' }], { chunkDelayInMs: 20 });
    harness = await startSlackHarness(createTestServices(model));
    const event = mentionEvent({ eventId: 'Ev-retry', ts: '1800.0001', text: 'hello' });
    assert.equal((await harness.post(event)).status, 200);
    for (const n of ['1', '2']) {
      const res = await harness.post(event, { headers: { 'x-slack-retry-num': n, 'x-slack-retry-reason': 'http_timeout' } });
      assert.equal(res.status, 200);
    }
    // The same message delivered under another event id (message.im + app_mention) is also one run.
    assert.equal((await harness.post({ ...event, event_id: 'Ev-other' })).status, 200);
    await harness.bridge.idle();
    assert.equal(model.doStreamCalls.length, 1);
    assert.equal(harness.stub.of('chat.startStream').length, 1);
    assert.equal(new ChatStore(harness.services.db).listSessions().length, 1);
  });

  test('a later mention in the thread continues the same session', async () => {
    const model = scriptedModel([{ text: 'first answer' }, { text: 'second answer' }]);
    harness = await startSlackHarness(createTestServices(model));
    await harness.post(mentionEvent({ eventId: 'Ev-a', ts: '1900.0001', text: 'first' }));
    await harness.post(mentionEvent({ eventId: 'Ev-b', ts: '1900.0009', threadTs: '1900.0001', text: 'second' }));
    await harness.bridge.idle();
    const store = new ChatStore(harness.services.db);
    const sessions = store.listSessions();
    assert.equal(sessions.length, 1);
    const roles = store.listMessages(sessions[0]!.id).map((m) => m.role);
    assert.deepEqual(roles, ['user', 'assistant', 'user', 'assistant']);
    assert.ok(harness.stub.of('chat.startStream').every((c) => c.args.thread_ts === '1900.0001'));
  });

  test('a DM starts a conversation; bot messages and edits are ignored', async () => {
    const model = scriptedModel([{ text: 'dm answer' }]);
    harness = await startSlackHarness(createTestServices(model));
    const dm = (eventId: string, event: Record<string, unknown>) => ({ type: 'event_callback', team_id: 'T1', event_id: eventId, event: { type: 'message', channel: 'D1', channel_type: 'im', team: 'T1', ...event } });
    await harness.post(dm('Ev-dm', { user: 'U1', text: 'tune my service', ts: '2000.0001' }));
    await harness.post(dm('Ev-bot', { bot_id: 'BOTHER', user: 'U2', text: 'bot talk', ts: '2000.0002' }));
    await harness.post(dm('Ev-edit', { subtype: 'message_changed', user: 'U1', text: 'edited', ts: '2000.0003' }));
    await harness.bridge.idle();
    assert.equal(model.doStreamCalls.length, 1);
    assert.equal(harness.stub.of('chat.startStream')[0]!.args.thread_ts, '2000.0001');
    assert.match(streamedText(harness), /dm answer/);
  });
});
