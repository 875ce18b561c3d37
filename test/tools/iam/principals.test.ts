import { test } from 'node:test';
import assert from 'node:assert/strict';
import { operatorPrincipal, principalContext, slackGuestPrincipal, userPrincipal } from '../../../tools/iam/principals.ts';

test('principals have the ARNs of the naming convention', () => {
  assert.equal(operatorPrincipal().arn, 'tunechat:operator');
  const alice = userPrincipal({ name: 'alice', groups: ['tuners'], tags: { team: 'ml' }, created_at: 0, disabled: false });
  assert.deepEqual([alice.type, alice.arn, alice.groups], ['user', 'tunechat:user/alice', ['tuners']]);
  const guest = slackGuestPrincipal('U123');
  assert.deepEqual([guest.type, guest.name, guest.arn, guest.slackUserId], ['slack-guest', 'slack-guest', 'tunechat:slack-guest/U123', 'U123']);
});

test('principalContext gives the global keys', () => {
  const alice = userPrincipal({ name: 'alice', groups: ['tuners', 'ops'], tags: { team: 'ml' }, created_at: 0, disabled: false });
  const context = principalContext(alice, { source: 'slack', sourceIp: '10.1.2.3' }, Date.UTC(2026, 0, 2, 3, 4, 5, 600), { slackTypedCommandsAllowed: false });
  assert.deepEqual(context, {
    'tunechat:Username': 'alice',
    'tunechat:PrincipalType': 'user',
    'tunechat:Groups': ['tuners', 'ops'],
    'tunechat:CurrentTime': '2026-01-02T03:04:05.600Z',
    'tunechat:EpochTime': Date.UTC(2026, 0, 2, 3, 4, 5) / 1000,
    'tunechat:SlackTypedCommandsAllowed': false,
    'tunechat:PrincipalTag/team': 'ml',
    'tunechat:Source': 'slack',
    'tunechat:SourceIp': '10.1.2.3',
  });
  const cli = principalContext(operatorPrincipal(), { source: 'cli' }, 0, { slackTypedCommandsAllowed: true });
  assert.equal('tunechat:SourceIp' in cli, false, 'absent when unknown');
  assert.equal(cli['tunechat:SlackTypedCommandsAllowed'], true);
});
