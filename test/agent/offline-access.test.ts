import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tool, type ToolSet, type UIMessage } from 'ai';
import { z } from 'zod';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { dryRunTools } from '../../server/agent/dry-run.ts';
import { OfflineModel } from '../../server/agent/offline-model/offline-model.ts';
import { isAccessDenied, writeAccessDenied } from '../../server/agent/offline-model/writers/access-denied.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import type { Services } from '../../server/services.ts';
import { auditQueryInput, createIamTools, simulatePolicyInput } from '../../tools/iam/agent-tools.ts';
import { authorizeTools } from '../../tools/iam/authorize-tools.ts';
import { createToolAuthEnv } from '../../tools/iam/catalog-env.ts';
import { userPrincipal } from '../../tools/iam/principals.ts';
import { createTestServices } from '../support/test-services.ts';
import { checkCase, type DevCase } from './support/dev-set.ts';
import { dryRunToolset, messageText, toolCalls } from './support/turns.ts';

/**
 * Issue 16 in the chat, through the real turn loop with the default (graph) understanding: permission questions
 * become simulate_policy with the call they would be, audit questions become audit_query, with typos and other word
 * orders; look-alikes keep their meaning; a denied tool call is explained in plain words.
 */

/** The dry-run toolset, plus the IAM tools with their real schemas when the toolset does not offer them yet. */
function toolsFor(services: Services, sessionId: string, text: string): ToolSet {
  const tools = dryRunToolset(services, sessionId, text);
  const iam: ToolSet = {};
  if (!tools.simulate_policy) iam.simulate_policy = tool({ description: 'simulate_policy (stand-in)', inputSchema: simulatePolicyInput, execute: async () => ({}) });
  if (!tools.audit_query) iam.audit_query = tool({ description: 'audit_query (stand-in)', inputSchema: auditQueryInput, execute: async () => ({}) });
  return { ...tools, ...dryRunTools(iam) };
}

async function run(messages: string[], understanding?: 'keyword'): Promise<UIMessage> {
  const services = createTestServices(understanding ? new OfflineModel({ understanding }) : createModel({ kind: 'local' }));
  const session = new ChatStore(services.db).createSession({ title: messages[0] ?? 'test', source: 'cli' });
  let last: UIMessage | null = null;
  for (const text of messages) last = (await runChatTurn({ services, sessionId: session.id, text, dryRun: true, tools: toolsFor(services, session.id, text) })).message;
  return last!;
}

const simulate = (input: Record<string, unknown>): DevCase['expect'] => ({ calls: [{ tool: 'simulate_policy', args: input }] });
const audit = (input: Record<string, unknown>): DevCase['expect'] => ({ calls: [{ tool: 'audit_query', args: input }] });
const LOAD_ALICE = { user: 'alice', tool: 'bench_http', args: { url: 'http://10.0.0.5:80/', duration_s: 300 } };
const STUDY_BOB = { user: 'bob', tool: 'start_study', args: { target: 'xgboost', trials: 500 } };
const BENCH_ALICE = { user: 'alice', tool: 'bench_http', args: { url: 'http://10.0.0.7:9000/' } };

const CASES: Array<[string, string, DevCase['expect']]> = [
  ['the issue\'s question', 'could alice load-test 10.0.0.5 for 5 minutes?', simulate(LOAD_ALICE)],
  ['typos in the load test', 'coud alice laod test 10.0.0.5 for five mintues?', simulate(LOAD_ALICE)],
  ['a 5-minute load test', 'could alice run a 5-minute load test on 10.0.0.5', simulate(LOAD_ALICE)],
  ['a study with a budget', 'can bob start a study on xgboost with 500 trials?', simulate(STUDY_BOB)],
  ['typos in the study', 'can bob strat a stduy on xgboost with 500 trails?', simulate(STUDY_BOB)],
  ['benchmarks against host:port', 'is alice allowed to run benchmarks against 10.0.0.7:9000', simulate(BENCH_ALICE)],
  ['typos in allowed', 'is alice alowed to run benchmarks agaisnt 10.0.0.7:9000', simulate(BENCH_ALICE)],
  ['would it be ok for', 'would it be ok for alice to hammer https://api.internal for 2 hours', simulate({ user: 'alice', tool: 'bench_http', args: { url: 'https://api.internal:443/', duration_s: 7200 } })],
  ['tune with parallel', 'is user carol permitted to tune xgboost with 300 trials and 8 in parallel', simulate({ user: 'carol', tool: 'start_study', args: { target: 'xgboost', trials: 300, parallel: 8 } })],
  ['a typed command', 'does alice have permission to run `python3 train.py`', simulate({ user: 'alice', tool: 'bench_command', args: { command: ['python3', 'train.py'] } })],
  ['a plain action', 'can alice add rules?', simulate({ user: 'alice', action: 'rules:AddRule' })],
  ['myself', 'am I allowed to load-test 10.0.0.9:8080?', simulate({ tool: 'bench_http', args: { url: 'http://10.0.0.9:8080/' } })],
  ['why was my benchmark refused', 'why was my benchmark refused?', audit({ decision: 'deny', action: 'bench:*' })],
  ['typos in the refusal', 'why was my benchmrk refsued?', audit({ decision: 'deny', action: 'bench:*' })],
  ['why was I denied', 'why was I denied?', audit({ decision: 'deny' })],
  ['denied in the last hour', 'show denied requests in the last hour', audit({ principal: '*', decision: 'deny', since: '1h' })],
  ['who was denied today', 'who was denied today', audit({ principal: '*', decision: 'deny', since: 'today' })],
  ['who got denied, with a typo', 'who got denid today?', audit({ principal: '*', decision: 'deny', since: 'today' })],
  ['why can\'t I', 'why can\'t I run benchmarks?', audit({ decision: 'deny', action: 'bench:*' })],
  ['"show me" is not "mine"; 24 hours is a window, not a count', 'show me what was denied in the last 24 hours', audit({ principal: '*', decision: 'deny', since: '24h' })],
  ['a minute in words', 'can alice hit 10.0.0.5 for a minute', simulate({ user: 'alice', tool: 'bench_http', args: { url: 'http://10.0.0.5:80/', duration_s: 60 } })],
  ['a named user\'s refusals', 'list refused requests for alice in the past 30 minutes', audit({ principal: 'alice', decision: 'deny', since: '30m' })],
];

/** Look-alikes that are not access questions. */
const CONTRASTS: Array<[string, string, DevCase['expect']]> = [
  ['a benchmark request stays a benchmark', 'run a benchmark of http://127.0.0.1:8080 for 5 minutes', { calls: [{ tool: 'bench_http', args: { url: 're:^http://127\\.0\\.0\\.1:8080', duration_s: 300 } }] }],
  ['"can you" is a request to the assistant', 'can you load test http://127.0.0.1:8080 for 30 seconds', { calls: [{ tool: 'bench_http', args: { duration_s: 30 } }] }],
  ['"could you" start a study', 'could you tune xgboost for accuracy with 20 trials', { calls: [{ tool: 'start_study', args: { target: 'xgboost', trials: 20 } }] }],
  ['why is my study slow is not an audit question', 'why is my study slow', { no_calls: true }],
];

function assertCalls(name: string, message: string, expect: DevCase['expect'], last: UIMessage): void {
  const calls = toolCalls(last);
  assert.equal(checkCase({ id: name, messages: [message], expect }, calls), '', `${message}: ${JSON.stringify(calls)}\n${messageText(last)}`);
  if (expect.calls?.[0]?.tool === 'simulate_policy' || expect.calls?.[0]?.tool === 'audit_query') assert.equal(calls.length, 1, JSON.stringify(calls));
}

describe('offline model: access questions (issue 16)', () => {
  for (const [name, message, expect] of CASES) test(name, async () => assertCalls(name, message, expect, await run([message])));
  for (const [name, message, expect] of CONTRASTS) test(name, async () => assertCalls(name, message, expect, await run([message])));

  test('look-alikes never reach the access tools: a slow study, a rule refused by validation, a refused connection, a sampler, HTTP 403s', async () => {
    for (const message of ['why is my study slow', 'why was my rule rejected', 'why was the connection refused', 'could cmaes optimize xgboost better', 'why did the benchmark return 403s?', 'can workers scale to 32']) {
      const tools = toolCalls(await run([message])).map((c) => c.tool);
      assert.ok(!tools.includes('audit_query') && !tools.includes('simulate_policy'), `${message}: ${tools.join(', ')}`);
    }
  });

  test('a follow-up changes the last simulation: another budget, another duration, another user; never a real study', async () => {
    const study = 'can bob start a study on xgboost with 500 trials?';
    assertCalls('budget', 'what about 100 trials?', simulate({ user: 'bob', tool: 'start_study', args: { target: 'xgboost', trials: 100 } }), await run([study, 'what about 100 trials?']));
    assertCalls('user', 'and alice?', simulate({ user: 'alice', tool: 'start_study', args: { target: 'xgboost', trials: 500 } }), await run([study, 'and alice?']));
    assertCalls('duration', 'and for 30 seconds?', simulate({ user: 'alice', tool: 'bench_http', args: { url: 'http://10.0.0.5:80/', duration_s: 30 } }), await run([CASES[0]![1], 'and for 30 seconds?']));
    assertCalls('me', 'what about me?', simulate({ tool: 'start_study', args: { target: 'xgboost', trials: 500 } }), await run([study, 'what about me?']));
    const fresh = toolCalls(await run([study, 'start a study on xgboost with 100 trials']));
    assert.deepEqual(fresh.map((c) => c.tool).filter((t) => t !== 'list_targets' && t !== 'wait_for_study'), ['start_study'], 'a request in full is a request, not a follow-up');
  });

  test('the keyword understanding (the fallback) reads the same questions', async () => {
    assertCalls('keyword load', CASES[0]![1], CASES[0]![2], await run([CASES[0]![1]], 'keyword'));
    assertCalls('keyword audit', 'why was my benchmark refused?', audit({ decision: 'deny', action: 'bench:*' }), await run(['why was my benchmark refused?'], 'keyword'));
  });

  test('a permission question without a recognisable action asks for one, calling nothing', async () => {
    const last = await run(['is alice allowed to do that?']);
    assert.deepEqual(toolCalls(last), []);
    assert.match(messageText(last), /did not recognise the action/);
  });
});

describe('offline model: answers from the IAM tools (real database, real authorizer)', () => {
  const TUNERS = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Studies', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } },
      { Sid: 'MaxTrials', Effect: 'Deny', Action: 'optimizer:StartStudy', Resource: '*', Condition: { NumericGreaterThan: { 'optimizer:Trials': 200 } } },
    ],
  };

  /** Services with alice in the tuners group, and a turn runner over the real toolset (no dry run) as `requester`. */
  function world() {
    const services = createTestServices(createModel({ kind: 'local' }));
    services.iam.addUser('alice', { groups: ['tuners'] });
    services.iam.putPolicy('tuners-studies', JSON.stringify(TUNERS));
    services.iam.attach('tuners-studies', { group: 'tuners' });
    const alice = userPrincipal(services.iam.getUser('alice')!);
    const session = new ChatStore(services.db).createSession({ title: 'iam', source: 'cli' });
    return { services, alice, session };
  }

  test('"can alice start a study on xgboost with 500 trials?" → "No — …, because … MaxTrials, denies more than 200 trials"', async () => {
    const { services, session } = world();
    const tools = dryRunToolset(services, session.id, '');
    const real = createIamTools({ services, sessionId: session.id, requester: { source: 'cli', client: 'cli:1', commands: true } });
    const turn = async (text: string) => (await runChatTurn({ services, sessionId: session.id, text, tools: { ...tools, ...real } })).message;
    const no = messageText(await turn('can alice start a study on xgboost with 500 trials?'));
    assert.match(no, /^No — alice may not start a study on xgboost with 500 trials \(`optimizer:StartStudy` on `tunechat:target\/xgboost`\), because the policy tuners-studies \(v1\), statement MaxTrials, denies more than 200 trials\. It could pass with 200 or fewer trials\./);
    const yes = messageText(await turn('could alice start a study on xgboost with 100 trials?'));
    assert.equal(yes, 'Yes — alice may start a study on xgboost with 100 trials (`optimizer:StartStudy` on `tunechat:target/xgboost`): allowed by tuners-studies (v1), statement Studies, which allows at most 200 trials.');
  });

  test('a simulation of a user who does not exist says so and how to add one', async () => {
    const { services, session } = world();
    const real = createIamTools({ services, sessionId: session.id, requester: { source: 'cli', client: 'cli:1', commands: true } });
    const text = messageText((await runChatTurn({ services, sessionId: session.id, text: 'could mallory load-test 10.0.0.5 for 5 minutes?', tools: real })).message);
    assert.equal(text, 'There is no user named mallory, so there is nothing to simulate. The operator adds one with `npx tunechat users add mallory --group <group>`; `npx tunechat users list` shows who exists.');
  });

  test('a tool call a policy denies is explained in plain words, with what to try', async () => {
    const { services, alice, session } = world();
    const startStudy = tool({ description: 'start_study', inputSchema: z.object({ target: z.string(), trials: z.number().optional() }).passthrough(), execute: async () => ({ ok: true, study_id: 'st_1' }) });
    const env = createToolAuthEnv({ sessionId: session.id, allowedHosts: [], slackTypedCommandsAllowed: false });
    const tools = authorizeTools({ start_study: startStudy }, { authorizer: services.authorizer, principal: alice, origin: { source: 'web' }, env });
    const message = (await runChatTurn({ services, sessionId: session.id, text: 'minimize sphere with 500 trials', tools })).message;
    const text = messageText(message);
    assert.match(text, /\n\nYou're not allowed to start a study on sphere with 500 trials \(`optimizer:StartStudy` on `tunechat:target\/sphere`\): the policy tuners-studies \(v1\), statement MaxTrials/);
    assert.match(text, /Ask an operator/);
    assert.match(text, /on record as d-\w+ in the audit log/);
    const rows = services.audit.query({ principal: 'alice', decision: 'deny' });
    assert.equal(rows.length, 1);
  });
});

describe('offline model: an access_denied failure in plain words', () => {
  const denied = (details: Record<string, unknown>, input: Record<string, unknown> = { target: 'xgboost', trials: 500 }) => ({
    toolCallId: 'c1',
    toolName: 'start_study',
    input,
    output: { ok: false, error: { code: 'access_denied', message: 'access denied: alice may not optimizer:StartStudy on tunechat:target/xgboost (trials 500): explicitly denied by statement "MaxTrials" of policy tuners-studies v2 (decision d-7)', details } },
    failed: true,
  });

  test('an explicit deny with the statement\'s condition: what was asked, which statement, what it denies, what to try', () => {
    const exchange = denied({
      decision_id: 'd-7', action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', decision: 'explicitDeny',
      matched: [{ policy: 'tuners-studies', version: 'v2', sid: 'MaxTrials', index: 1, effect: 'Deny', condition: { NumericGreaterThan: { 'optimizer:Trials': 200 } } }],
    });
    assert.ok(isAccessDenied(exchange));
    assert.equal(
      writeAccessDenied(exchange),
      "You're not allowed to start a study on xgboost with 500 trials (`optimizer:StartStudy` on `tunechat:target/xgboost`): the policy tuners-studies (v2), statement MaxTrials, denies more than 200 trials. Ask an operator, or try 200 or fewer trials. The decision is on record as d-7 in the audit log.",
    );
  });

  test('an implicit deny names the Allow that would apply but for its condition', () => {
    const exchange = denied({
      decision_id: 'd-8', action: 'bench:RunHttp', resource: 'tunechat:host/10.0.0.5:80', decision: 'implicitDeny', matched: [],
      near_misses: [{ policy: 'team-load', version: 'v1', sid: 'LoadInternal', index: 0, effect: 'Allow', condition: { NumericLessThanEquals: { 'bench:DurationSeconds': 60 } } }],
    });
    exchange.toolName = 'bench_http';
    exchange.input = { url: 'http://10.0.0.5:80/', duration_s: 300 };
    assert.equal(
      writeAccessDenied(exchange),
      "You're not allowed to load-test 10.0.0.5:80 for 5 minutes (`bench:RunHttp` on `tunechat:host/10.0.0.5:80`): no policy allows it (implicit deny): team-load (v1), statement LoadInternal, allows it only with at most 60 s of load. Ask an operator, or try 60 s of load or less. The decision is on record as d-8 in the audit log.",
    );
  });

  test('without details the tool\'s own message says why; other failures are not access denials', () => {
    const bare = denied({});
    assert.match(writeAccessDenied(bare), /^You're not allowed to start a study on xgboost with 500 trials: access denied: alice may not optimizer:StartStudy .*MaxTrials.*\. Ask an operator to allow it\.$/);
    assert.equal(isAccessDenied({ ...bare, output: { ok: false, error: { code: 'forbidden', message: 'url: requests can only be sent to loopback', details: {} } } }), false);
    assert.equal(isAccessDenied({ ...bare, output: 'access_denied: no policy allows it' }), true);
  });
});
