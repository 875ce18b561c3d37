import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../../server/app.ts';
import { FailedLoginLimiter } from '../../../server/security/auth-limiter.ts';
import { slackPrincipal } from '../../../server/slack/slack-principal.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { createTestServices } from '../../support/test-services.ts';

/** Authentication and REST authorization over the real services: IamStore tokens, the Authorizer, the audit. */
describe('authentication with the real IAM store and authorizer', () => {
  test('a user\'s token works until rotated; REST calls are allowed or denied by the user\'s policies and audited', async () => {
    const services = createTestServices(scriptedModel([{ text: 'x' }]));
    const { token } = services.iam.addUser('alice', { groups: ['readers'] });
    services.iam.putPolicy('session-readers', JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ListSessions', Effect: 'Allow', Action: 'sessions:List', Resource: '*' }] }));
    services.iam.attach('session-readers', { group: 'readers' });
    const clock = new ManualClock(0);
    const { app } = createApp({ services, tools: {}, loginLimiter: new FailedLoginLimiter({ now: () => clock.now() }) });
    const bearer = { authorization: `Bearer ${token}` };

    assert.equal((await app.request('/api/sessions')).status, 401);
    assert.equal((await app.request('/api/sessions', { headers: bearer })).status, 200);
    const denied = await app.request('/api/studies', { headers: bearer });
    assert.equal(denied.status, 403);
    const error = ((await denied.json()) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'access_denied');
    assert.match(error.message, /optimizer:ListStudies/);

    const rows = services.audit.query({ principal: 'tunechat:user/alice' });
    assert.deepEqual(rows.map((r) => [r.action, r.decision, r.source]).reverse(), [['sessions:List', 'allowed', 'api'], ['optimizer:ListStudies', 'implicitDeny', 'api']]);

    // Login with the same token; then rotation kills both the bearer and the cookie.
    const login = await app.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.equal((await app.request('/api/sessions', { headers: { cookie } })).status, 200);
    services.iam.rotateToken('alice');
    assert.equal((await app.request('/api/sessions', { headers: bearer })).status, 401);
    assert.equal((await app.request('/api/sessions', { headers: { cookie } })).status, 401);

    // Timings (printed, not asserted): what authentication adds to a request.
    const fresh = services.iam.rotateToken('alice');
    const n = 2000;
    let t = performance.now();
    for (let i = 0; i < n; i++) services.iam.authenticate(fresh);
    const authUs = ((performance.now() - t) / n) * 1000;
    t = performance.now();
    for (let i = 0; i < n; i++) services.iam.hasUsers();
    const hasUsersUs = ((performance.now() - t) / n) * 1000;
    console.log(`auth timings: iam.authenticate ${authUs.toFixed(1)} µs/call, iam.hasUsers ${hasUsersUs.toFixed(1)} µs/call (mean of ${n})`);
  });

  test('Slack: an unmapped member is slack-guest once users exist; a mapped one is the user', () => {
    const services = createTestServices(scriptedModel([{ text: 'x' }]));
    assert.equal(slackPrincipal(services.iam, 'U1').type, 'operator');
    services.iam.addUser('alice');
    assert.equal(slackPrincipal(services.iam, 'U1').arn, 'tunechat:slack-guest/U1');
    services.iam.mapSlackUser('U1', 'alice');
    assert.equal(slackPrincipal(services.iam, 'U1').arn, 'tunechat:user/alice');
  });
});
