import { describe, mock, test } from 'node:test';
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

/** Resolves once the server has read everything `socket` sent before: a ping sent after it is answered in order. */
function roundTrip(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('pong', () => resolve());
    socket.ping();
  });
}

const within = <T>(promise: Promise<T>, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within 10 s`)), 10_000).unref())]);

describe('websocket heartbeat', () => {
  test('a socket that stops answering pings is closed; a live one stays open', async () => {
    // The heartbeat interval is ticked by hand (mock timers), so a live socket whose pong a loaded machine delivers
    // late is not mistaken for a dead one; each tick waits until the server has read the live socket's answer.
    mock.timers.enable({ apis: ['setInterval'] });
    const server = await startTestServer(createTestServices(scriptedModel([{ text: 'x' }])), { heartbeatMs: 40 });
    const sockets: WebSocket[] = [];
    try {
      const live = await open(server.wsUrl, true);
      const dead = await open(server.wsUrl, false);
      sockets.push(live, dead);
      assert.equal(await activeSockets(server.url), 2);
      const closed = new Promise<number>((resolve) => dead.once('close', (code) => resolve(code)));
      const pinged = Promise.all([live, dead].map((s) => new Promise((resolve) => s.once('ping', resolve))));
      mock.timers.tick(40);
      await within(pinged, 'first pings');
      await within(roundTrip(live), 'live pong read by the server');
      mock.timers.tick(40);
      assert.equal(await within(closed, 'dead socket closed'), 1006, 'terminated without a close handshake');
      await within(roundTrip(live), 'live socket still answered');
      assert.equal(live.readyState, WebSocket.OPEN);
      let active = await activeSockets(server.url);
      for (let i = 0; i < 500 && active !== 1; i++) {
        await new Promise((r) => setTimeout(r, 20));
        active = await activeSockets(server.url);
      }
      assert.equal(active, 1);
    } finally {
      mock.timers.reset();
      for (const socket of sockets) socket.terminate();
      await server.close();
    }
  });
});
