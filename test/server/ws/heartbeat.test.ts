import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { scriptedModel } from '../../support/mock-model.ts';
import { startTestServer } from '../../support/start-server.ts';
import { createTestServices } from '../../support/test-services.ts';

async function open(url: string, autoPong: boolean): Promise<WebSocket> {
  const socket = new WebSocket(url, { autoPong });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

async function activeSockets(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^tunechat_websockets_active (\d+)$/m.exec(text)?.[1]);
}

describe('websocket heartbeat', () => {
  test('a socket that stops answering pings is closed; a live one stays open', async () => {
    const server = await startTestServer(createTestServices(scriptedModel([{ text: 'x' }])), { heartbeatMs: 40 });
    try {
      const live = await open(server.wsUrl, true);
      const dead = await open(server.wsUrl, false);
      assert.equal(await activeSockets(server.url), 2);
      const closed = new Promise<number>((resolve) => dead.once('close', (code) => resolve(code)));
      const code = await Promise.race([closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('not closed')), 2000))]);
      assert.equal(code, 1006, 'terminated without a close handshake');
      await new Promise((r) => setTimeout(r, 120));
      assert.equal(live.readyState, WebSocket.OPEN);
      assert.equal(await activeSockets(server.url), 1);
      live.terminate();
    } finally {
      await server.close();
    }
  });
});
