import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ToolSet } from 'ai';
import { AuditStore } from '../../../db/audit-store.ts';
import { IamStore } from '../../../db/iam-store.ts';
import { openDatabase } from '../../../db/open.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import type { Requester } from '../../../tools/common/requester.ts';
import { auditQueryInput, createIamTools, simulatePolicyInput } from '../../../tools/iam/agent-tools.ts';
import { Authorizer } from '../../../tools/iam/authorizer.ts';
import { userPrincipal } from '../../../tools/iam/principals.ts';

/**
 * simulate_policy and audit_query over a real :memory: database: the built-in policies, a user in a group with the
 * issue's example policy (studies on xgboost with at most 200 trials, load tests to 10.0.0.0/8 for at most 60 s).
 */
const TUNERS = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'StartXgboostStudies', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200, 'optimizer:Parallel': 4 } } },
    { Sid: 'MaxTrials', Effect: 'Deny', Action: 'optimizer:StartStudy', Resource: '*', Condition: { NumericGreaterThan: { 'optimizer:Trials': 200 } } },
    { Sid: 'LoadTestInternal', Effect: 'Allow', Action: 'bench:RunHttp', Resource: 'tunechat:host/*', Condition: { IpAddress: { 'bench:TargetIp': '10.0.0.0/8' }, NumericLessThanEquals: { 'bench:DurationSeconds': 60 } } },
  ],
};

const START = Date.UTC(2026, 11, 3, 12);

function setup(requester: Requester = { source: 'web', client: 'ws:1', commands: true }) {
  const db = openDatabase(':memory:');
  const clock = new ManualClock(START);
  const iam = new IamStore(db, { now: () => clock.now() });
  iam.ensureBuiltins();
  const audit = new AuditStore(db);
  let n = 0;
  const authorizer = new Authorizer({ store: iam, audit, clock, slackTypedCommandsAllowed: false, ids: () => `d-${++n}` });
  iam.addUser('alice', { groups: ['tuners'] });
  iam.addUser('bob');
  iam.putPolicy('tuners-studies', JSON.stringify(TUNERS));
  iam.attach('tuners-studies', { group: 'tuners' });
  const services = { clock, config: { allowedHosts: ['10.0.0.5'], slack: null }, authorizer, iam, audit };
  const tools = (who: Requester = requester) => createIamTools({ services, sessionId: 's-1', requester: who });
  return { clock, iam, audit, authorizer, tools, alice: userPrincipal(iam.getUser('alice')!) };
}

async function call(tools: ToolSet, name: string, input: unknown): Promise<Record<string, unknown>> {
  const parsed = (name === 'simulate_policy' ? simulatePolicyInput : auditQueryInput).parse(input);
  return (await tools[name]!.execute!(parsed as never, { toolCallId: 't1', messages: [] })) as Record<string, unknown>;
}

type Result = { action: string; resource: string; decision: string; matched: { sid: string; condition: unknown }[]; near_misses: { sid: string }[]; missing_context_keys: string[]; explanation: string };
const results = (output: Record<string, unknown>) => output.results as Result[];

test('simulate_policy with a tool call: the catalog builds action, resource and context as a real call; 300 s is an implicit deny with the near miss', async () => {
  const { tools } = setup();
  const output = await call(tools(), 'simulate_policy', { user: 'alice', tool: 'bench_http', args: { url: 'http://10.0.0.5:80/', duration_s: 300 } });
  assert.equal(output.ok, true);
  assert.equal(output.principal, 'tunechat:user/alice');
  const [result] = results(output);
  assert.equal(result!.action, 'bench:RunHttp');
  assert.equal(result!.resource, 'tunechat:host/10.0.0.5:80');
  assert.equal(result!.decision, 'implicitDeny');
  assert.deepEqual(result!.near_misses.map((s) => s.sid), ['LoadTestInternal']);
  assert.match(result!.explanation, /no policy allows bench:RunHttp on tunechat:host\/10\.0\.0\.5:80 \(implicit deny\).*LoadTestInternal, allows it only with .*at most 60 s of load/);
  const short = await call(tools(), 'simulate_policy', { user: 'alice', tool: 'bench_http', args: { url: 'http://10.0.0.5:80/', duration_s: 30 } });
  assert.equal(results(short)[0]!.decision, 'allowed');
  assert.match(results(short)[0]!.explanation, /^Allowed by tuners-studies \(v1\), statement LoadTestInternal\./);
});

test('simulate_policy: a host outside TUNECHAT_ALLOWED_HOSTS is denied by the default guardrails, in words', async () => {
  const { tools } = setup();
  const [result] = results(await call(tools(), 'simulate_policy', { user: 'alice', tool: 'bench_http', args: { url: 'http://10.0.0.7:9000/' } }));
  assert.equal(result!.decision, 'explicitDeny');
  assert.deepEqual(result!.matched.map((s) => s.sid), ['LoadOnlyToAllowedHosts']);
  assert.match(result!.explanation, /DefaultGuardrails \(v1\), statement LoadOnlyToAllowedHosts, which denies a host that is not on the allowed list/);
});

test('simulate_policy: 500 trials is an explicit deny naming the statement and its condition; 100 is allowed', async () => {
  const { tools } = setup();
  const [denied] = results(await call(tools(), 'simulate_policy', { user: 'alice', tool: 'start_study', args: { target: 'xgboost', trials: 500 } }));
  assert.equal(denied!.decision, 'explicitDeny');
  assert.deepEqual(denied!.matched.map((s) => [s.sid, s.condition]), [['MaxTrials', { NumericGreaterThan: { 'optimizer:Trials': 200 } }]]);
  assert.match(denied!.explanation, /tuners-studies \(v1\), statement MaxTrials, which denies more than 200 trials/);
  const [allowed] = results(await call(tools(), 'simulate_policy', { user: 'alice', tool: 'start_study', args: { target: 'xgboost', trials: 100 } }));
  assert.equal(allowed!.decision, 'allowed');
});

test('simulate_policy with raw actions: without user it simulates the requester (the operator when none); pairs and context', async () => {
  const { tools, alice } = setup();
  const operator = await call(tools(), 'simulate_policy', { action: ['rules:AddRule', 'audit:Read'] });
  assert.equal(operator.principal, 'tunechat:operator');
  assert.deepEqual(results(operator).map((r) => r.decision), ['allowed', 'allowed']);
  const asAlice = await call(tools({ source: 'web', client: 'ws:2', commands: true, principal: alice }), 'simulate_policy', {
    action: 'optimizer:StartStudy',
    resource: ['tunechat:target/xgboost', 'tunechat:target/branin'],
    context: { 'optimizer:Trials': 50, 'optimizer:Parallel': 2 },
  });
  assert.equal(asAlice.principal, 'tunechat:user/alice');
  assert.deepEqual(results(asAlice).map((r) => r.decision), ['allowed', 'implicitDeny']);
  const missing = results(await call(tools(), 'simulate_policy', { user: 'alice', action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost' }))[0]!;
  assert.equal(missing.decision, 'implicitDeny');
  assert.deepEqual(missing.missing_context_keys.sort(), ['optimizer:Parallel', 'optimizer:Trials']);
});

test('simulate_policy failures the model can fix: an unknown user, an unknown tool; the schema bounds every input', async () => {
  const { tools } = setup();
  const unknown = await call(tools(), 'simulate_policy', { user: 'mallory', action: 'bench:RunHttp' });
  assert.equal(unknown.ok, false);
  assert.equal((unknown.error as { code: string }).code, 'not_found');
  const badTool = await call(tools(), 'simulate_policy', { user: 'alice', tool: 'rm_rf', args: {} });
  assert.equal((badTool.error as { code: string; details: { parameter: string } }).details.parameter, 'tool');
  assert.equal(simulatePolicyInput.safeParse({ user: 'alice' }).success, false, 'action or tool is required');
  assert.equal(simulatePolicyInput.safeParse({ action: 'not an action' }).success, false);
  assert.equal(simulatePolicyInput.safeParse({ action: Array.from({ length: 11 }, () => 'bench:RunHttp') }).success, false);
  assert.equal(simulatePolicyInput.safeParse({ action: 'bench:RunHttp', context: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k:${i}`, i])) }).success, false);
  assert.equal(simulatePolicyInput.safeParse({ tool: 'bench_http', args: { url: 'x'.repeat(9000) } }).success, false);
  assert.equal(auditQueryInput.safeParse({ limit: 51 }).success, false);
});

test('audit_query: own decisions by default, everyone with "*", filtered by decision, action pattern and since; why in words', async () => {
  const { tools, authorizer, alice, clock } = setup();
  const web = { source: 'web' as const };
  authorizer.authorize(alice, web, { action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': 500, 'optimizer:Parallel': 1 } });
  clock.advance(40 * 60_000);
  authorizer.authorize(alice, web, { action: 'bench:RunHttp', resource: 'tunechat:host/10.0.0.7:9000', context: { 'bench:HostAllowed': false, 'bench:DurationSeconds': 10 } });
  authorizer.authorize(alice, web, { action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': 100, 'optimizer:Parallel': 1 } });
  authorizer.authorize(userPrincipal({ name: 'bob', groups: [], tags: {}, created_at: 0, disabled: false }), web, { action: 'rules:AddRule', resource: '*', context: {} });

  const asAlice = tools({ source: 'web', client: 'ws:2', commands: true, principal: alice });
  const mine = await call(asAlice, 'audit_query', { decision: 'deny' });
  assert.equal(mine.principal, 'tunechat:user/alice');
  const rows = mine.rows as { decision_id: string; action: string; decision: string; why: string; context: Record<string, unknown>; time: string }[];
  assert.deepEqual(rows.map((r) => r.decision_id), ['d-2', 'd-1']);
  assert.match(rows[0]!.why, /LoadOnlyToAllowedHosts, which denies a host that is not on the allowed list/);
  assert.match(rows[1]!.why, /MaxTrials, which denies more than 200 trials/);
  assert.deepEqual(rows[1]!.context, { 'optimizer:Trials': 500, 'optimizer:Parallel': 1 });
  assert.equal(rows[1]!.time, new Date(START).toISOString());

  const benches = await call(asAlice, 'audit_query', { decision: 'deny', action: 'bench:*' });
  assert.deepEqual((benches.rows as { action: string }[]).map((r) => r.action), ['bench:RunHttp']);
  const recent = await call(asAlice, 'audit_query', { since: '30m' });
  assert.deepEqual((recent.rows as { decision_id: string }[]).map((r) => r.decision_id), ['d-3', 'd-2']);
  const everyone = await call(tools(), 'audit_query', { principal: '*', decision: 'deny', since: 'today' });
  assert.deepEqual((everyone.rows as { decision_id: string }[]).map((r) => r.decision_id), ['d-4', 'd-2', 'd-1']);
  const limited = await call(tools(), 'audit_query', { principal: '*', limit: 2 });
  assert.equal((limited.rows as unknown[]).length, 2);
  assert.match(String(limited.summary), /there may be more/);
  const bad = await call(tools(), 'audit_query', { since: 'last tuesday' });
  assert.deepEqual([(bad.error as { code: string }).code, (bad.error as { details: { parameter: string } }).details.parameter], ['invalid_argument', 'since']);
});
