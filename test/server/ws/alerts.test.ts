import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertJson, ServerFrame } from '../../../server/protocol.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { startTestServer } from '../../support/start-server.ts';
import { createTestServices } from '../../support/test-services.ts';
import { WsTestClient } from '../../support/ws-client.ts';

describe('alerts over /ws', () => {
  test('an alert reaches the sockets following its session, and only those', async () => {
    const listeners = new Set<(alert: AlertJson) => void>();
    const rules = {
      onAlert(listener: (alert: AlertJson) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const services = createTestServices(scriptedModel([{ text: 'ok' }]));
    const realRules = services.rules;
    (services as { rules: unknown }).rules = rules; // the app subscribes at creation; the real rules service is put back before shutdown
    const server = await startTestServer(services, { tools: {} });
    const a = await WsTestClient.connect(server.wsUrl);
    const b = await WsTestClient.connect(server.wsUrl);
    try {
      a.send({ type: 'send', requestId: 'r', id: null, text: 'watch this' });
      const start = (await a.waitFor((f) => f.type === 'start')) as Extract<ServerFrame, { type: 'start' }>;
      await a.waitForEnd('r');
      assert.equal(listeners.size, 1);
      const alert: AlertJson = { id: 'al1', ruleId: 'slow', studyId: null, sessionId: start.sessionId, message: 'p99 above 200 ms', facts: [], at: 1 };
      for (const l of listeners) l(alert);
      for (const l of listeners) l({ ...alert, id: 'al2', sessionId: 'another-session' });
      const got = (await a.waitFor((f) => f.type === 'alert')) as Extract<ServerFrame, { type: 'alert' }>;
      assert.deepEqual(got, { type: 'alert', sessionId: start.sessionId, alert });
      // b follows no session; a got exactly one alert.
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(b.frames.filter((f) => f.type === 'alert').length, 0);
      assert.equal(a.frames.filter((f) => f.type === 'alert').length, 1);
    } finally {
      a.drop();
      b.drop();
      services.rules = realRules;
      await server.close();
    }
    assert.equal(listeners.size, 0, 'the app unsubscribes on shutdown');
  });
});
