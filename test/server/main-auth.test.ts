import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-main-auth-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('startServer and authentication', () => {
  test('attack surface: HOST=0.0.0.0 with TUNECHAT_AUTH=off is refused before anything opens or listens', async () => {
    const dbPath = join(dir, 'refused.db');
    await assert.rejects(startServer(loadConfig({ HOST: '0.0.0.0', PORT: '0', TUNECHAT_AUTH: 'off', TUNECHAT_DB: dbPath })), (e: unknown) =>
      e instanceof ConfigError && /refusing to listen beyond loopback without authentication/.test(e.message));
    assert.equal(existsSync(dbPath), false, 'the database was not even opened');
  });

  test('on loopback without users the banner says authentication is off until a user exists', async () => {
    const running = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', TUNECHAT_DB: join(dir, 'ok.db') }));
    try {
      assert.deepEqual(running.authBanner, ['authentication: off until a user exists (loopback, TUNECHAT_AUTH=auto): every request acts as the operator']);
      assert.equal((await fetch(`${running.url}/api/sessions`)).status, 200);
    } finally {
      await running.stop();
    }
  });
});
