import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Db } from '../../db/open.ts';
import { IamStore } from '../../db/iam-store.ts';
import { DEFAULT_POLICIES } from '../../tools/iam/default-policies.ts';
import { operatorPrincipal, slackGuestPrincipal, userPrincipal } from '../../tools/iam/principals.ts';

/** Deterministic randomness: every call returns bytes of a new value. */
function counterRandom(): (size: number) => Buffer {
  let n = 0;
  return (size) => Buffer.alloc(size, ++n % 256);
}

function store(): { db: Db; iam: IamStore } {
  const db = openDatabase(':memory:');
  let now = 1_000;
  return { db, iam: new IamStore(db, { now: () => now++, random: counterRandom() }) };
}

function doc(sid: string, action = 'optimizer:ReadStudy'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: action, Resource: '*' }] }, null, 2);
}

function code(expected: string, pattern?: RegExp) {
  return (error: unknown) => {
    const e = error as { code?: string; message: string };
    assert.equal(e.code, expected, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

test('a user gets a token once; only a salted hash is stored; wrong, malformed and disabled tokens fail', () => {
  const { db, iam } = store();
  assert.equal(iam.hasUsers(), false);
  const { user, token } = iam.addUser('alice', { groups: ['tuners'], tags: { team: 'ml' } });
  assert.equal(iam.hasUsers(), true);
  assert.deepEqual(user, { name: 'alice', groups: ['tuners'], tags: { team: 'ml' }, created_at: user.created_at, disabled: false });
  assert.match(token, /^tct_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  const row = db.prepare('SELECT * FROM iam_users WHERE name = ?').get('alice') as Record<string, string>;
  const secret = token.split('_').slice(2).join('_');
  assert.ok(!Object.values(row).some((v) => typeof v === 'string' && (v.includes(secret) || v === token)), 'the secret is not stored');
  assert.match(row.token_hash!, /^[0-9a-f]{64}$/);
  assert.equal(iam.authenticate(token)?.name, 'alice');
  assert.equal(iam.authenticate(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), null, 'wrong secret');
  assert.equal(iam.authenticate('tct_nothex_x'), null, 'malformed');
  assert.equal(iam.authenticate(''), null);
  assert.equal(iam.authenticate('x'.repeat(10_000)), null);
  iam.setUserDisabled('alice', true);
  assert.equal(iam.authenticate(token), null, 'disabled');
  iam.setUserDisabled('alice', false);
  const rotated = iam.rotateToken('alice');
  assert.notEqual(rotated, token);
  assert.equal(iam.authenticate(token), null, 'the old token stops working');
  assert.equal(iam.authenticate(rotated)?.name, 'alice');
  assert.throws(() => iam.addUser('alice'), code('conflict', /"alice" already exists/));
  assert.throws(() => iam.addUser('bad name'), code('invalid_argument', /name must be 1–64 characters/));
  assert.throws(() => iam.addUser('x'.repeat(65)), code('invalid_argument'));
  assert.throws(() => iam.rotateToken('nobody'), code('not_found', /user "nobody" does not exist/));
  iam.removeUser('alice');
  assert.equal(iam.authenticate(rotated), null);
  assert.equal(iam.hasUsers(), false);
});

test('groups, memberships, attachments and policiesFor for operator, user and Slack guest', () => {
  const { iam } = store();
  iam.ensureBuiltins();
  iam.addGroup('tuners');
  assert.throws(() => iam.addGroup('tuners'), code('conflict'));
  const { user: bob } = iam.addUser('bob');
  iam.addUser('alice', { groups: ['tuners'] });
  iam.putPolicy('tuners-read', doc('TunersRead'));
  iam.putPolicy('bob-only', doc('BobOnly'));
  iam.attach('tuners-read', { group: 'tuners' });
  iam.attach('tuners-read', { group: 'tuners' });
  iam.attach('bob-only', { user: 'bob' });
  assert.throws(() => iam.attach('tuners-read', { group: 'nobody' }), code('not_found', /group "nobody" does not exist/));
  assert.throws(() => iam.attach('missing', { everyone: true }), code('not_found', /policy "missing"/));
  const names = (p: ReturnType<IamStore['policiesFor']>) => p.map((s) => `${s.policy}@${s.version}`);
  assert.deepEqual(names(iam.policiesFor(operatorPrincipal())), ['DefaultGuardrails@v1', 'OperatorFullAccess@v1', 'SelfService@v1']);
  assert.deepEqual(names(iam.policiesFor(userPrincipal(iam.getUser('alice')!))), ['DefaultGuardrails@v1', 'SelfService@v1', 'tuners-read@v1']);
  assert.deepEqual(names(iam.policiesFor(userPrincipal(bob))), ['DefaultGuardrails@v1', 'SelfService@v1', 'bob-only@v1']);
  assert.deepEqual(names(iam.policiesFor(slackGuestPrincipal('U123'))), ['DefaultGuardrails@v1', 'SelfService@v1']);
  iam.addToGroup('bob', 'tuners');
  assert.deepEqual(names(iam.policiesFor(userPrincipal(bob))), ['DefaultGuardrails@v1', 'SelfService@v1', 'bob-only@v1', 'tuners-read@v1'], 'membership is read from the database');
  assert.deepEqual(iam.listGroups(), [{ name: 'tuners', members: ['alice', 'bob'], policies: ['tuners-read'] }]);
  iam.removeFromGroup('bob', 'tuners');
  assert.throws(() => iam.removeFromGroup('bob', 'tuners'), code('not_found', /not in group/));
  assert.throws(() => iam.deletePolicy('tuners-read'), code('conflict', /attached to group:tuners/));
  iam.detach('tuners-read', { group: 'tuners' });
  assert.throws(() => iam.detach('tuners-read', { group: 'tuners' }), code('not_found'));
  iam.deletePolicy('tuners-read');
  assert.throws(() => iam.getPolicy('tuners-read'), code('not_found'));
  iam.removeGroup('tuners');
  assert.deepEqual(iam.getUser('alice')!.groups, []);
  const listed = iam.listPolicies().find((p) => p.name === 'bob-only')!;
  assert.deepEqual([listed.default_version, listed.versions, listed.attached_to], ['v1', 1, ['user:bob']]);
});

test('Slack members map to users; removing the user removes the mapping', () => {
  const { iam } = store();
  iam.addUser('alice');
  iam.mapSlackUser('U024BE7LH', 'alice');
  assert.equal(iam.slackUser('U024BE7LH'), 'alice');
  assert.equal(iam.slackUser('UOTHER'), null);
  assert.throws(() => iam.mapSlackUser('U1', 'nobody'), code('not_found'));
  assert.throws(() => iam.mapSlackUser('U 1', 'alice'), code('invalid_argument', /Slack user id/));
  iam.unmapSlackUser('U024BE7LH');
  assert.throws(() => iam.unmapSlackUser('U024BE7LH'), code('not_found'));
  iam.mapSlackUser('U024BE7LH', 'alice');
  iam.removeUser('alice');
  assert.equal(iam.slackUser('U024BE7LH'), null);
});

test('versions: v1..v5, a sixth refused, numbers never reused, set-default rolls back, the default cannot be deleted', () => {
  const { iam } = store();
  for (let i = 1; i <= 5; i++) assert.equal(iam.putPolicy('p', doc(`S${i}`)).version.version, `v${i}`);
  assert.equal(iam.getPolicy('p').version, 'v5');
  assert.throws(() => iam.putPolicy('p', doc('S6')), code('conflict', /already has 5 versions .*delete a version first/));
  iam.deleteVersion('p', 'v2');
  assert.equal(iam.putPolicy('p', doc('S6'), { setDefault: false }).version.version, 'v6', 'v2 is not reused');
  assert.deepEqual(iam.listVersions('p').map((v) => `${v.version}${v.is_default ? '*' : ''}`), ['v1', 'v3', 'v4', 'v5*', 'v6']);
  iam.setDefaultVersion('p', 'v1');
  assert.equal(iam.getPolicy('p').version, 'v1', 'rolled back');
  assert.match(iam.getPolicy('p').document, /"S1"/);
  assert.equal(iam.policiesFor(operatorPrincipal()).length, 0, 'not attached yet');
  iam.attach('p', { operator: true });
  assert.equal(iam.policiesFor(operatorPrincipal())[0]!.version, 'v1');
  assert.throws(() => iam.deleteVersion('p', 'v1'), code('conflict', /default version .* cannot be deleted/));
  assert.throws(() => iam.deleteVersion('p', 'v2'), code('not_found', /no version v2 \(it has v1, v3, v4, v5, v6\)/));
  assert.throws(() => iam.setDefaultVersion('p', 'latest'), code('invalid_argument', /"v1", "v2"/));
  assert.equal(iam.listVersions('p').filter((v) => v.is_default).length, 1, 'exactly one default');
});

test('a bad document leaves the previous default in force; size is counted without whitespace', () => {
  const { iam } = store();
  iam.putPolicy('p', doc('Good'));
  const revision = iam.revision();
  assert.throws(() => iam.putPolicy('p', '{ not json'), code('invalid_policy'));
  const missingResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'optimizer:ReadStudy' }] });
  assert.throws(() => iam.putPolicy('p', missingResource), (error: unknown) => {
    const e = error as { code: string; details: { findings: { findingType: string }[] } };
    assert.equal(e.code, 'invalid_policy');
    assert.ok(e.details.findings.some((f) => f.findingType === 'ERROR'), 'the findings are in details');
    return true;
  });
  assert.deepEqual(iam.listVersions('p').map((v) => v.version), ['v1']);
  assert.match(iam.getPolicy('p').document, /"Good"/);
  assert.equal(iam.revision(), revision, 'nothing changed');
  const padded = doc('Padded').replace(/\n/g, '\n' + ' '.repeat(2000));
  assert.ok(padded.length > 6144);
  assert.equal(iam.putPolicy('p', padded).version.version, 'v2', 'whitespace does not count');
  const resources = Array.from({ length: 400 }, (_, i) => `tunechat:target/t${i}`);
  const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'optimizer:ReadStudy', Resource: resources }] });
  assert.throws(() => iam.putPolicy('p', big), code('too_large', /at most 6144/));
  assert.equal(iam.getPolicy('p').version, 'v2');
  assert.throws(() => iam.putPolicy('new-one', '{'), code('invalid_policy'));
  assert.ok(!iam.listPolicies().some((p) => p.name === 'new-one'), 'a refused first version creates no policy');
});

test('built-ins are created once with their attachments; the revision grows on every change', () => {
  const { iam } = store();
  const start = iam.revision();
  iam.ensureBuiltins();
  const after = iam.revision();
  assert.ok(after > start);
  iam.ensureBuiltins();
  assert.equal(iam.revision(), after, 'idempotent');
  const policies = iam.listPolicies();
  for (const builtin of DEFAULT_POLICIES) {
    const record = policies.find((p) => p.name === builtin.name)!;
    assert.equal(record.default_version, 'v1');
    assert.deepEqual(JSON.parse(iam.getPolicy(builtin.name).document), builtin.document);
    assert.equal(record.attached_to.length, 1);
  }
  iam.detach(DEFAULT_POLICIES[0]!.name, DEFAULT_POLICIES[0]!.attach);
  iam.ensureBuiltins();
  assert.equal(iam.listPolicies().find((p) => p.name === DEFAULT_POLICIES[0]!.name)!.attached_to.length, 0, 'an operator’s detach is kept');
  let last = iam.revision();
  const changes: (() => void)[] = [() => iam.addGroup('g'), () => iam.addUser('u'), () => iam.addToGroup('u', 'g'), () => iam.putPolicy('p', doc('A')), () => iam.attach('p', { everyone: true }), () => iam.rotateToken('u')];
  for (const change of changes) {
    change();
    assert.ok(iam.revision() > last);
    last = iam.revision();
  }
});
