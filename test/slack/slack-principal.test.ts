import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { TurnHub } from '../../server/chat/turn-hub.ts';
import type { Services } from '../../server/services.ts';
import { slackPrincipal } from '../../server/slack/slack-principal.ts';
import type { Requester } from '../../tools/common/requester.ts';
import { FakeAuthorizer, FakeIam } from '../support/fake-iam.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';
import { mentionEvent, startSlackHarness, type SlackHarness } from './support/slack-harness.ts';

describe('slackPrincipal: who a Slack member acts as', () => {
  test('no users (or no IAM store): the operator, today\'s behaviour', () => {
    assert.deepEqual(slackPrincipal(new FakeIam(), 'U1'), { type: 'operator', name: 'operator', arn: 'tunechat:operator', groups: [], tags: {}, slackUserId: 'U1' });
    assert.equal(slackPrincipal(undefined, 'U1').type, 'operator');
  });

  test('users exist: a mapped member is the user; an unmapped one, or one mapped to a disabled or removed user, is slack-guest', () => {
    const iam = new FakeIam();
    iam.addUser('alice', { groups: ['tuners'] });
    iam.addUser('bob');
    iam.mapSlackUser('UALICE', 'alice');
    iam.mapSlackUser('UBOB', 'bob');
    iam.mapSlackUser('UGONE', 'carol');
    iam.disable('bob');
    assert.deepEqual(slackPrincipal(iam, 'UALICE'), { type: 'user', name: 'alice', arn: 'tunechat:user/alice', groups: ['tuners'], tags: {}, slackUserId: 'UALICE' });
    for (const id of ['UNEW', 'UBOB', 'UGONE']) {
      assert.deepEqual(slackPrincipal(iam, id), { type: 'slack-guest', name: 'slack-guest', arn: `tunechat:slack-guest/${id}`, groups: [], tags: {}, slackUserId: id }, id);
    }
  });
});

describe('a Slack message\'s turn carries the member\'s principal (source slack)', () => {
  let harness: SlackHarness | null = null;
  const original = TurnHub.prototype.start;
  afterEach(async () => {
    TurnHub.prototype.start = original;
    await harness?.close();
    harness = null;
  });

  async function requesterOf(iam: FakeIam): Promise<Requester> {
    const services = createTestServices(scriptedModel([{ text: 'hi' }]));
    Object.assign(services, { iam, authorizer: new FakeAuthorizer() });
    const seen: Requester[] = [];
    TurnHub.prototype.start = function (this: TurnHub, input, listener) {
      if (input.requester) seen.push(input.requester);
      return original.call(this, input, listener);
    };
    harness = await startSlackHarness(services as Services);
    // POST /slack/events stays public when authentication is on: Slack's signature is its credential.
    const res = await harness.post(mentionEvent({ eventId: 'Ev1', ts: '100.1', text: 'hello' }));
    assert.equal(res.status, 200);
    await harness.bridge.idle();
    assert.equal(seen.length, 1);
    return seen[0]!;
  }

  test('users exist and the member (U1) is unmapped: slack-guest, typed commands off', async () => {
    const iam = new FakeIam();
    iam.addUser('alice');
    const requester = await requesterOf(iam);
    assert.equal(requester.source, 'slack');
    assert.equal(requester.commands, false);
    assert.equal(requester.principal?.arn, 'tunechat:slack-guest/U1');
  });

  test('mapped to alice: alice', async () => {
    const iam = new FakeIam();
    iam.addUser('alice', { groups: ['tuners'] });
    iam.mapSlackUser('U1', 'alice');
    const requester = await requesterOf(iam);
    assert.equal(requester.principal?.arn, 'tunechat:user/alice');
    assert.deepEqual(requester.principal?.groups, ['tuners']);
  });

  test('no users: the operator', async () => {
    const requester = await requesterOf(new FakeIam());
    assert.equal(requester.principal?.type, 'operator');
    assert.equal(requester.principal?.slackUserId, 'U1');
  });
});
