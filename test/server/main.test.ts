import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import type { ServerFrame } from '../../server/protocol.ts';
import { WsTestClient } from '../support/ws-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-main-'));

describe('startServer (what npm start runs)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a restart loses nothing: a turn cut by shutdown keeps its partial answer, and sessions come back', async () => {
    const config = loadConfig({ TUNECHAT_DB: join(dir, 'tunechat.db'), PORT: '0', HOST: '127.0.0.1' });
    const first = await startServer(config);
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const client = await WsTestClient.connect(`${first.url.replace('http', 'ws')}/ws`);
    client.send({ type: 'send', requestId: 'r', id: null, text: 'minimize hartmann6 with 5000 trials' });
    const start = (await client.waitFor((f) => f.type === 'start', 20_000)) as Extract<ServerFrame, { type: 'start' }>;
    // Wait until the study reports progress, then stop the server in the middle of the turn.
    await client.waitFor((f) => f.type === 'chunk' && f.chunk.type === 'tool-output-available' && f.chunk.preliminary === true, 30_000);
    await first.stop();
    client.drop();

    const second = await startServer(config);
    try {
      const sessions = (await (await fetch(`${second.url}/api/sessions`)).json()) as { sessions: { id: string; title: string; active: boolean }[] };
      assert.deepEqual(sessions.sessions.map((s) => [s.id, s.title, s.active]), [[start.sessionId, 'minimize hartmann6 with 5000 trials', false]]);
      const { messages } = (await (await fetch(`${second.url}/api/sessions/${start.sessionId}/messages`)).json()) as {
        messages: { role: string; parts: { type: string }[]; metadata?: { aborted?: boolean } }[];
      };
      assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant']);
      assert.equal(messages[1]!.metadata?.aborted, true);
      assert.ok(messages[1]!.parts.some((p) => p.type === 'tool-start_study'), 'the partial answer keeps its tool calls');
      const { chunks } = (await (await fetch(`${second.url}/api/sessions/${start.sessionId}/chunks`)).json()) as { chunks: { chunk: { type: string } }[] };
      assert.equal(chunks.at(-1)!.chunk.type, 'abort');
    } finally {
      await second.stop();
    }
  });
});
