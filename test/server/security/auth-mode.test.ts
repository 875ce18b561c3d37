import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../../server/config.ts';
import { authRequired, authSummary, checkListenAuth, isLoopbackHost } from '../../../server/security/auth-mode.ts';

const config = (env: Record<string, string>) => loadConfig({ TUNECHAT_DB: ':memory:', PORT: '0', ...env });

describe('auth configuration (TUNECHAT_AUTH, TUNECHAT_ALLOW_UNAUTHENTICATED, TUNECHAT_METRICS_PUBLIC)', () => {
  test('defaults: auto, no override, metrics follow authentication', () => {
    assert.deepEqual({ ...config({}).auth }, { mode: 'auto', allowUnauthenticated: false, metricsPublic: false });
    assert.deepEqual({ ...config({ TUNECHAT_AUTH: 'on', TUNECHAT_ALLOW_UNAUTHENTICATED: '1', TUNECHAT_METRICS_PUBLIC: '1' }).auth }, { mode: 'on', allowUnauthenticated: true, metricsPublic: true });
  });

  test('bad values are a ConfigError naming the variable', () => {
    assert.throws(() => config({ TUNECHAT_AUTH: 'yes' }), (e: unknown) => e instanceof ConfigError && /TUNECHAT_AUTH must be one of auto, on, off; got "yes"/.test(e.message));
    assert.throws(() => config({ TUNECHAT_ALLOW_UNAUTHENTICATED: 'true' }), (e: unknown) => e instanceof ConfigError && /TUNECHAT_ALLOW_UNAUTHENTICATED must be 1 \(on\) or 0 \(off\), got "true"/.test(e.message));
    assert.throws(() => config({ TUNECHAT_METRICS_PUBLIC: 'yes' }), /TUNECHAT_METRICS_PUBLIC/);
  });
});

describe('when authentication is required', () => {
  test('loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '', '10.0.0.5', 'tunechat.example.com', '::ffff:10.0.0.1', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host);
  });

  test('auto: on beyond loopback, or on loopback once a user exists; on/off override both', () => {
    const noUsers = () => false;
    const users = () => true;
    assert.equal(authRequired(config({ HOST: '127.0.0.1' }), noUsers), false);
    assert.equal(authRequired(config({ HOST: '127.0.0.1' }), users), true);
    assert.equal(authRequired(config({ HOST: '0.0.0.0' }), noUsers), true);
    assert.equal(authRequired(config({ HOST: '127.0.0.1', TUNECHAT_AUTH: 'on' }), noUsers), true);
    assert.equal(authRequired(config({ HOST: '127.0.0.1', TUNECHAT_AUTH: 'off' }), users), false);
  });
});

describe('attack: listening beyond loopback with authentication off', () => {
  test('refuses to start without the explicit override, naming the variables', () => {
    assert.throws(() => checkListenAuth(config({ HOST: '0.0.0.0', TUNECHAT_AUTH: 'off' })), (e: unknown) =>
      e instanceof ConfigError && /TUNECHAT_AUTH=off with HOST=0\.0\.0\.0: refusing to listen beyond loopback/.test(e.message) && /TUNECHAT_ALLOW_UNAUTHENTICATED=1/.test(e.message));
  });

  test('with the override it starts, and the banner warns loudly', () => {
    const cfg = config({ HOST: '0.0.0.0', TUNECHAT_AUTH: 'off', TUNECHAT_ALLOW_UNAUTHENTICATED: '1' });
    const warnings = checkListenAuth(cfg);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /^WARNING: authentication is OFF and tunechat listens on 0\.0\.0\.0 \(TUNECHAT_ALLOW_UNAUTHENTICATED=1\)/);
    assert.match(warnings[1]!, /anyone who can reach this port acts as the operator/);
    assert.match(authSummary(cfg, false), /authentication: off \(TUNECHAT_AUTH=off\)/);
  });

  test('nothing to refuse or warn about on loopback, or beyond it with authentication on', () => {
    assert.deepEqual(checkListenAuth(config({ HOST: '127.0.0.1', TUNECHAT_AUTH: 'off' })), []);
    assert.deepEqual(checkListenAuth(config({ HOST: '0.0.0.0' })), []);
    assert.match(authSummary(config({ HOST: '0.0.0.0' }), false), /authentication: on \(listening on 0\.0\.0\.0\).*\/metrics needs a token too/);
    assert.match(authSummary(config({ HOST: '127.0.0.1' }), true), /authentication: on \(users exist\)/);
    assert.match(authSummary(config({ HOST: '127.0.0.1' }), false), /off until a user exists/);
  });
});
