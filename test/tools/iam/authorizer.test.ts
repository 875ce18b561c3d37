import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../db/open.ts';
import { IamStore } from '../../../db/iam-store.ts';
import { AuditStore } from '../../../db/audit-store.ts';
import { Authorizer } from '../../../tools/iam/authorizer.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import { operatorPrincipal, slackGuestPrincipal, userPrincipal } from '../../../tools/iam/principals.ts';
import type { CallAuthorization, Principal } from '../../../tools/iam/types.ts';

/** The example: tuners may start studies on xgboost (≤ 200 trials, ≤ 4 parallel), load-test 10.0.0.0/8 for ≤ 60 s; nobody runs typed commands from Slack. */
const TUNERS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'StartXgboostStudies',
      Effect: 'Allow',
      Action: 'optimizer:StartStudy',
      Resource: 'tunechat:target/xgboost',
      Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200, 'optimizer:Parallel': 4 } },
    },
    { Sid: 'AtMost200Trials', Effect: 'Deny', Action: 'optimizer:StartStudy', Resource: '*', Condition: { NumericGreaterThan: { 'optimizer:Trials': 200 } } },
    {
      Sid: 'LoadTestPrivateHosts',
      Effect: 'Allow',
      Action: 'bench:RunHttp',
      Resource: 'tunechat:host/*',
      Condition: { IpAddress: { 'bench:TargetIp': '10.0.0.0/8' }, NumericLessThanEquals: { 'bench:DurationSeconds': 60 } },
    },
    { Sid: 'NoSlackCommands', Effect: 'Deny', Action: 'bench:RunCommand', Resource: '*', Condition: { StringEquals: { 'tunechat:Source': 'slack' } } },
  ],
};

function setup() {
  const db = openDatabase(':memory:');
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 12));
  const iam = new IamStore(db, { now: () => clock.now() });
  iam.ensureBuiltins();
  const audit = new AuditStore(db);
  let n = 0;
  const authorizer = new Authorizer({ store: iam, audit, clock, slackTypedCommandsAllowed: false, ids: () => `d-${++n}` });
  iam.addUser('alice', { groups: ['tuners'] });
  iam.putPolicy('tuners', JSON.stringify(TUNERS_POLICY, null, 2));
  iam.attach('tuners', { group: 'tuners' });
  const alice = userPrincipal(iam.getUser('alice')!);
  return { db, clock, iam, audit, authorizer, alice };
}

const study = (trials: number, parallel = 2): CallAuthorization => ({
  action: 'optimizer:StartStudy',
  resource: 'tunechat:target/xgboost',
  context: { 'optimizer:Trials': trials, 'optimizer:Parallel': parallel },
});

function denied(pattern: RegExp) {
  return (error: unknown) => {
    const e = error as { code?: string; message: string; details: Record<string, unknown> };
    assert.equal(e.code, 'access_denied', e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

test('the issue example end to end: 100 trials allowed, 500 denied naming the Sid, both audited, the chain verifies', () => {
  const { authorizer, audit, alice } = setup();
  const web = { source: 'web' as const, sourceIp: '10.0.0.9' };
  const allowed = authorizer.require(alice, web, study(100));
  assert.equal(allowed.decision, 'allowed');
  assert.deepEqual(allowed.matched.map((m) => `${m.policy} ${m.version} ${m.sid}`), ['tuners v1 StartXgboostStudies']);
  assert.throws(() => authorizer.require(alice, web, study(500)), (error: unknown) => {
    denied(/optimizer:StartStudy on tunechat:target\/xgboost .*explicitly denied by statement "AtMost200Trials" of policy tuners v1 \(decision d-2\)/)(error);
    const details = (error as { details: Record<string, unknown> }).details;
    assert.equal(details.decision_id, 'd-2');
    assert.equal(details.decision, 'explicitDeny');
    assert.deepEqual(details.missing_context_keys, []);
    return true;
  });
  assert.throws(() => authorizer.require(alice, web, study(100, 8)), denied(/no policy allows it \(implicit deny\)/));
  const rows = audit.query({ principal: 'alice' });
  assert.deepEqual(rows.map((r) => [r.decision_id, r.decision]), [['d-3', 'implicitDeny'], ['d-2', 'explicitDeny'], ['d-1', 'allowed']]);
  assert.equal(rows[1]!.context['optimizer:Trials'], 500);
  assert.equal(rows[1]!.context['tunechat:Username'], 'alice');
  assert.deepEqual([rows[1]!.source, rows[1]!.source_ip, rows[1]!.principal], ['web', '10.0.0.9', 'tunechat:user/alice']);
  assert.deepEqual(rows[1]!.versions.map((v) => `${v.policy}@${v.version}`).sort(), ['DefaultGuardrails@v1', 'SelfService@v1', 'tuners@v1']);
  assert.deepEqual(audit.query({ principal: 'alice', decision: 'deny' }).map((r) => r.decision_id), ['d-3', 'd-2']);
  assert.deepEqual(audit.verify(), { ok: true, rows: 3 });
});

test('load tests in 10.0.0.0/8 for at most 60 s; typed commands from Slack denied by the guardrails and the policy', () => {
  const { authorizer, alice } = setup();
  const http = (ip: string, seconds: number): CallAuthorization => ({
    action: 'bench:RunHttp',
    resource: `tunechat:host/${ip}:8080`,
    context: { 'bench:TargetIp': ip, 'bench:DurationSeconds': seconds, 'bench:HostAllowed': true },
  });
  const cli = { source: 'cli' as const };
  assert.equal(authorizer.authorize(alice, cli, http('10.0.0.5', 60)).decision, 'allowed');
  assert.equal(authorizer.authorize(alice, cli, http('10.0.0.5', 300)).decision, 'implicitDeny');
  assert.equal(authorizer.authorize(alice, cli, http('192.168.1.5', 10)).decision, 'implicitDeny');
  const guardrail = authorizer.authorize(operatorPrincipal(), cli, { ...http('192.168.1.5', 10), context: { 'bench:HostAllowed': false } });
  assert.equal(guardrail.decision, 'explicitDeny', 'the operator too: load only to allowed hosts');
  const command: CallAuthorization = { action: 'bench:RunCommand', resource: 'tunechat:command/python3', context: { 'bench:CommandOrigin': 'typed' } };
  const fromSlack = authorizer.authorize(alice, { source: 'slack' }, command);
  assert.equal(fromSlack.decision, 'explicitDeny');
  assert.deepEqual(fromSlack.matched.map((m) => m.sid).sort(), ['NoSlackCommands', 'NoTypedCommandsFromSlack']);
  assert.equal(authorizer.authorize(operatorPrincipal(), { source: 'cli' }, command).decision, 'allowed');
  assert.equal(authorizer.authorize(operatorPrincipal(), { source: 'slack' }, command).decision, 'explicitDeny');
  const spoof = authorizer.authorize(operatorPrincipal(), { source: 'slack' }, { ...command, context: { ...command.context, 'TUNECHAT:Source': 'cli' } });
  assert.equal(spoof.decision, 'explicitDeny', 'a call cannot override a global key');
});

test('a Slack guest has no Allow; policy changes apply on the next decision (cache keyed by revision)', () => {
  const { authorizer, iam, alice } = setup();
  const guest: Principal = slackGuestPrincipal('U999');
  assert.throws(() => authorizer.require(guest, { source: 'slack' }, study(10)), denied(/for Slack guest U999 .*implicit deny/));
  assert.equal(authorizer.authorize(alice, { source: 'web' }, study(150)).decision, 'allowed');
  const stricter = structuredClone(TUNERS_POLICY);
  stricter.Statement[0]!.Condition!.NumericLessThanEquals!['optimizer:Trials'] = 100;
  iam.putPolicy('tuners', JSON.stringify(stricter));
  const after = authorizer.authorize(alice, { source: 'web' }, study(150));
  assert.equal(after.decision, 'implicitDeny');
  iam.setDefaultVersion('tuners', 'v1');
  assert.equal(authorizer.authorize(alice, { source: 'web' }, study(150)).decision, 'allowed', 'rolled back');
  iam.removeFromGroup('alice', 'tuners');
  assert.equal(authorizer.authorize(alice, { source: 'web' }, study(150)).decision, 'implicitDeny');
});

test('audited context is masked; simulation writes no audit row', () => {
  const { authorizer, audit, alice } = setup();
  authorizer.authorize(alice, { source: 'api' }, { action: 'targets:Register', resource: 'tunechat:target/x', context: { 'targets:Url': 'http://bob:secret@10.0.0.1/', 'x:ApiKey': 'k' } });
  const row = audit.query({ limit: 1 })[0]!;
  assert.equal(row.context['targets:Url'], 'http://10.0.0.1/');
  assert.equal(row.context['x:ApiKey'], '***');
  const before = audit.verify().rows;
  const results = authorizer.simulateFor(alice, { actions: ['optimizer:StartStudy'], resources: ['tunechat:target/xgboost'], context: { 'optimizer:Trials': 500, 'optimizer:Parallel': 1 } });
  assert.deepEqual(results.map((r) => [r.decision, r.matched.map((m) => m.sid)]), [['explicitDeny', ['AtMost200Trials']]]);
  const custom = authorizer.simulateCustom([TUNERS_POLICY as never], { actions: ['bench:RunHttp'], resources: ['tunechat:host/10.0.0.5:80'], context: {} });
  assert.equal(custom[0]!.decision, 'implicitDeny');
  assert.deepEqual([...custom[0]!.missingContextKeys].sort(), ['bench:DurationSeconds', 'bench:TargetIp'].sort());
  assert.equal(audit.verify().rows, before);
  assert.throws(() => authorizer.authorize(alice, { source: 'web' }, { action: '', resource: '*', context: {} }), /action must be/);
});

test('authorize p50 with the audit write, 10,000 decisions in memory (printed, not asserted)', () => {
  const { authorizer, audit, alice } = setup();
  const times: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const start = process.hrtime.bigint();
    authorizer.authorize(alice, { source: 'web', sourceIp: '10.0.0.9' }, study(i % 300));
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`authorize + audit (:memory:): p50 ${times[5000]!.toFixed(1)} µs, p99 ${times[9900]!.toFixed(1)} µs over 10,000 decisions`);
  assert.equal(audit.verify().rows, 10_000);
});
