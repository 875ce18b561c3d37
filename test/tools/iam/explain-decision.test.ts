import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCondition, explainDecision, limitHint, type ExplainedStatement } from '../../../tools/iam/explain-decision.ts';

const maxTrials: ExplainedStatement = { policy: 'tuners-studies', version: 'v2', sid: 'MaxTrials', effect: 'Deny', condition: { NumericGreaterThan: { 'optimizer:Trials': 200 } } };
const load: ExplainedStatement = { policy: 'team-load', version: 'v1', sid: null, effect: 'Allow', condition: { IpAddress: { 'bench:TargetIp': ['10.0.0.0/8', '192.168.0.0/16'] }, NumericLessThanEquals: { 'bench:DurationSeconds': 60 } } };

test('conditions in words: quantities, IP ranges, booleans, sources, IfExists and set qualifiers', () => {
  assert.equal(describeCondition(maxTrials.condition), 'more than 200 trials');
  assert.equal(describeCondition(load.condition), 'the target IP in 10.0.0.0/8 or 192.168.0.0/16 and at most 60 s of load');
  assert.equal(describeCondition({ Bool: { 'bench:HostAllowed': 'false' } }), 'a host that is not on the allowed list (TUNECHAT_ALLOWED_HOSTS)');
  assert.equal(describeCondition({ StringEquals: { 'tunechat:Source': 'slack', 'bench:CommandOrigin': 'typed' } }), 'the request source is slack and a command typed in the chat');
  assert.equal(describeCondition({ NumericLessThanEqualsIfExists: { 'bench:Rate': 100 } }), 'at most 100 requests/s (when given)');
  assert.equal(describeCondition({ 'ForAnyValue:StringEquals': { 'tunechat:Groups': ['admins'] } }), 'any of the groups is admins');
  assert.equal(describeCondition(null), '');
});

test('one line per decision: allowed, explicit deny with what it denies, implicit deny with near misses and missing keys', () => {
  assert.equal(explainDecision({ action: 'a:B', resource: '*', decision: 'allowed', matched: [{ ...load, sid: 'Load' }], missingContextKeys: [] }), 'Allowed by team-load (v1), statement Load.');
  assert.equal(
    explainDecision({ action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', decision: 'explicitDeny', matched: [maxTrials], missingContextKeys: [] }),
    'Denied explicitly by tuners-studies (v2), statement MaxTrials, which denies more than 200 trials (an explicit Deny wins over any Allow).',
  );
  assert.equal(
    explainDecision({ action: 'bench:RunHttp', resource: 'tunechat:host/10.0.0.5:80', decision: 'implicitDeny', matched: [], missingContextKeys: ['bench:TargetIp'], nearMisses: [load] }),
    'Denied: no policy allows bench:RunHttp on tunechat:host/10.0.0.5:80 (implicit deny). team-load (v1), allows it only with the target IP in 10.0.0.0/8 or 192.168.0.0/16 and at most 60 s of load. The request lacked bench:TargetIp, which a condition asks for.',
  );
});

test('what to try: a Deny of "more than v" and an Allow of "at most v" give the same hint; no numeric limit, no hint', () => {
  assert.equal(limitHint([maxTrials]), '200 or fewer trials');
  assert.equal(limitHint([{ ...maxTrials, effect: 'Allow', condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } }]), '200 or fewer trials');
  assert.equal(limitHint([load]), '60 s of load or less');
  assert.equal(limitHint([{ ...maxTrials, condition: { NumericGreaterThanEquals: { 'optimizer:Parallel': 8 } } }]), 'fewer than 8 in parallel');
  assert.equal(limitHint([{ ...maxTrials, condition: { StringEquals: { 'tunechat:Source': 'slack' } } }]), null);
});
