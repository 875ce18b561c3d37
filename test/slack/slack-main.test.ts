import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import { signedHeaders, SlackStub } from './support/slack-stub.ts';

test('npm start wiring: with SLACK_* set, the server answers a signed mention with the offline model, and the web API sees a slack session', async () => {
  const stub = await SlackStub.start();
  const config = loadConfig({ PORT: '0', TUNECHAT_DB: ':memory:', SLACK_BOT_TOKEN: 'xoxb-main', SLACK_SIGNING_SECRET: 'main-secret', SLACK_API_URL: stub.url });
  const server = await startServer(config);
  try {
    const body = JSON.stringify({
      type: 'event_callback', team_id: 'T1', event_id: 'Ev-main',
      event: { type: 'app_mention', user: 'U1', team: 'T1', channel: 'C1', ts: '5000.0001', text: '<@UBOT> what targets can I tune?' },
    });
    const res = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders('main-secret', body) }, body });
    assert.equal(res.status, 200);
    const deadline = Date.now() + 20_000;
    while (stub.of('chat.stopStream').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const text = stub.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.args.markdown_text ?? '').join('');
    assert.match(text, /`list_targets`/);
    assert.match(text, /xgboost/);
    const listed = (await (await fetch(`${server.url}/api/sessions`)).json()) as { sessions: { id: string; source: string; title: string }[] };
    assert.equal(listed.sessions[0]!.source, 'slack');
    assert.equal(listed.sessions[0]!.title, 'what targets can I tune?');
    const messages = new ChatStore(server.services.db).listMessages(listed.sessions[0]!.id);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant']);
    assert.equal((await fetch(`${server.url}/slack/events`, { method: 'POST', body })).status, 401);
  } finally {
    await server.stop();
    await stub.close();
  }
});
