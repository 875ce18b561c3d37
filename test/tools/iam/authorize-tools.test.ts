import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { AuditStore } from '../../../db/audit-store.ts';
import { IamStore } from '../../../db/iam-store.ts';
import { createModel } from '../../../server/agent/model.ts';
import { createToolset } from '../../../server/agent/toolset.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import type { ToolFailure } from '../../../tools/common/errors.ts';
import { OPERATOR } from '../../../tools/common/requester.ts';
import { authorizeTools } from '../../../tools/iam/authorize-tools.ts';
import { Authorizer } from '../../../tools/iam/authorizer.ts';
import { ACTIONS, CONTEXT_KEYS, type ToolAuthEnv } from '../../../tools/iam/catalog.ts';
import { createToolAuthEnv } from '../../../tools/iam/catalog-env.ts';
import { operatorPrincipal, userPrincipal } from '../../../tools/iam/principals.ts';
import type { AuthorizationDecision, AuthorizerApi, CallAuthorization, EvalDecision, MatchedStatement, Principal, RequestOrigin } from '../../../tools/iam/types.ts';
import { validatePolicy } from '../../../tools/iam/validate.ts';
import { gateFor } from '../../support/command-gate.ts';
import { createTestServices } from '../../support/test-services.ts';

type Exec = (input: unknown, options: { toolCallId: string; messages: []; abortSignal?: AbortSignal }) => unknown;
const run = (tools: ToolSet, name: string, input: unknown) => (tools[name] as unknown as { execute: Exec }).execute(input, { toolCallId: 't1', messages: [] });

/** An authorizer that records every call and answers with `rule(call)`. */
function fakeAuthorizer(rule: (call: CallAuthorization) => { decision: EvalDecision; matched?: MatchedStatement[]; missing?: string[] }) {
  const calls: CallAuthorization[] = [];
  let n = 0;
  const authorizer: AuthorizerApi = {
    authorize(principal: Principal, _origin: RequestOrigin, call: CallAuthorization): AuthorizationDecision {
      calls.push(call);
      const answer = rule(call);
      return { decision: answer.decision, matched: answer.matched ?? [], missingContextKeys: answer.missing ?? [], decisionId: `d-${++n}`, principal: principal.arn, action: call.action, resource: call.resource, at: 0 };
    },
    require() {
      throw new Error('authorizeTools must not throw denials');
    },
  };
  return { authorizer, calls };
}

const alice: Principal = { type: 'user', name: 'alice', arn: 'tunechat:user/alice', groups: ['tuners'], tags: {} };
const env: ToolAuthEnv = { sessionId: 's', hostAllowed: () => true, slackTypedCommandsAllowed: false };

/** Stand-ins named like real tools, recording their executions. */
function recordingTools() {
  const executed: { name: string; input: unknown; options: unknown }[] = [];
  const tools: ToolSet = {
    start_study: tool({ description: 'x', inputSchema: z.object({}).passthrough(), execute: async (input, options) => (executed.push({ name: 'start_study', input, options }), { ok: true, ran: input }) }),
    bench_http: tool({
      description: 'streams',
      inputSchema: z.object({}).passthrough(),
      execute: async function* (input) {
        executed.push({ name: 'bench_http', input, options: null });
        yield { status: 'running' };
        yield { status: 'done' };
      },
    }),
    bench_command: tool({ description: 'x', inputSchema: z.object({}).passthrough(), execute: async (input) => (executed.push({ name: 'bench_command', input, options: null }), { ok: true }) }),
    mystery_tool: tool({ description: 'not in the catalog', inputSchema: z.object({}), execute: async () => (executed.push({ name: 'mystery_tool', input: null, options: null }), { ok: true }) }),
  };
  return { tools, executed };
}

describe('authorizeTools', () => {
  test('a denial returns the access_denied failure naming the action, resource, values and the deciding statement; execute never runs', async () => {
    const { tools, executed } = recordingTools();
    const { authorizer, calls } = fakeAuthorizer(() => ({ decision: 'explicitDeny', matched: [{ policy: 'tuners-studies', version: 'v2', sid: 'MaxTrials', index: 1, effect: 'Deny' }] }));
    const wrapped = authorizeTools(tools, { authorizer, principal: alice, origin: { source: 'web' }, env });
    const result = (await run(wrapped, 'start_study', { target: 'xgboost', trials: 500 })) as ToolFailure;
    assert.deepEqual(executed, []);
    assert.equal(calls.length, 1);
    assert.equal(result.ok, false);
    assert.equal(result.error.code, 'access_denied');
    assert.equal(result.error.message, 'access denied: alice may not optimizer:StartStudy on tunechat:target/xgboost (trials 500): explicitly denied by statement "MaxTrials" of policy tuners-studies v2 (decision d-1)');
    assert.deepEqual(Object.keys(result.error.details).sort(), ['action', 'context', 'decision', 'decision_id', 'matched', 'missing_context_keys', 'resource']);
    assert.equal(result.error.details.decision_id, 'd-1');
    assert.equal(result.error.details.decision, 'explicitDeny');
    assert.deepEqual(result.error.details.matched, [{ policy: 'tuners-studies', version: 'v2', sid: 'MaxTrials', index: 1, effect: 'Deny' }]);
  });

  test('an implicit deny says no policy allows it, and names missing context keys', async () => {
    const { tools, executed } = recordingTools();
    const { authorizer } = fakeAuthorizer(() => ({ decision: 'implicitDeny', missing: ['bench:TargetIp'] }));
    const wrapped = authorizeTools(tools, { authorizer, principal: alice, origin: { source: 'slack' }, env });
    const result = (await run(wrapped, 'bench_http', { url: 'http://api.internal:8080/', duration_s: 300 })) as ToolFailure;
    assert.deepEqual(executed, []);
    assert.equal(
      result.error.message,
      'access denied: alice may not bench:RunHttp on tunechat:host/api.internal:8080 (300 s, 10 connections): no policy allows it (implicit deny); the request has no bench:TargetIp, which a condition asks for (decision d-1)',
    );
    assert.deepEqual(result.error.details.missing_context_keys, ['bench:TargetIp']);
  });

  test('allowed: the real input and options go to execute unchanged, and its result (or stream) comes back as is', async () => {
    const { tools, executed } = recordingTools();
    const { authorizer, calls } = fakeAuthorizer(() => ({ decision: 'allowed' }));
    const wrapped = authorizeTools(tools, { authorizer, principal: alice, origin: { source: 'web' }, env });
    const input = { target: 'xgboost', trials: 50 };
    const result = await run(wrapped, 'start_study', input);
    assert.deepEqual(result, { ok: true, ran: input });
    assert.equal(executed[0]!.input, input, 'the same object');
    assert.deepEqual(executed[0]!.options, { toolCallId: 't1', messages: [] });
    assert.deepEqual(calls, [{ action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Target': 'xgboost', 'optimizer:Trials': 50, 'optimizer:Parallel': 1, 'optimizer:Sampler': calls[0]!.context['optimizer:Sampler']!, 'optimizer:Pruner': 'none', 'optimizer:Retries': 0 } }]);
    const stream = run(wrapped, 'bench_http', { url: 'http://127.0.0.1:1/' }) as AsyncIterable<unknown>;
    const items: unknown[] = [];
    for await (const item of stream) items.push(item);
    assert.deepEqual(items, [{ status: 'running' }, { status: 'done' }]);
    // Names, descriptions and schemas are kept.
    assert.equal(wrapped.bench_http!.description, 'streams');
    assert.equal(wrapped.start_study!.inputSchema, tools.start_study!.inputSchema);
  });

  test('bench_command: every command needs its own Allow; the first denial stops the call', async () => {
    const { tools, executed } = recordingTools();
    const { authorizer, calls } = fakeAuthorizer((call) => ({ decision: call.resource === 'tunechat:command/python3' ? 'allowed' : 'implicitDeny' }));
    const wrapped = authorizeTools(tools, { authorizer, principal: alice, origin: { source: 'web' }, env });
    const result = (await run(wrapped, 'bench_command', { command: ['python3', 'a.py'], commands: [['rm', '-rf', 'x'], ['python3', 'b.py']] })) as ToolFailure;
    assert.deepEqual(executed, []);
    assert.deepEqual(calls.map((c) => c.resource), ['tunechat:command/python3', 'tunechat:command/rm']);
    assert.match(result.error.message, /may not bench:RunCommand on tunechat:command\/rm \(typed command\): no policy allows it/);
  });

  test('a tool without a catalog entry never runs and asks for no decision', async () => {
    const { tools, executed } = recordingTools();
    const { authorizer, calls } = fakeAuthorizer(() => ({ decision: 'allowed' }));
    const wrapped = authorizeTools(tools, { authorizer, principal: alice, origin: { source: 'web' }, env });
    const result = (await run(wrapped, 'mystery_tool', {})) as ToolFailure;
    assert.deepEqual(executed, []);
    assert.deepEqual(calls, []);
    assert.equal(result.error.code, 'internal');
  });

  test('the real toolset behind a deny-all authorizer: every tool is refused with access_denied and nothing happens', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const real = createToolset({ services, sessionId: 's', dryRun: false, requester: OPERATOR, commands: gateFor('benchmark `sleep 0.01`') });
    const { authorizer, calls } = fakeAuthorizer(() => ({ decision: 'implicitDeny' }));
    const wrapped = authorizeTools(real, { authorizer, principal: alice, origin: { source: 'web' }, env });
    const inputs: Record<string, unknown> = {
      start_study: { target: 'branin', trials: 3 }, bench_command: { command: ['sleep', '0.01'], runs: 1 }, register_target: { name: 'b2', kind: 'builtin', problem: 'branin', metrics: [{ name: 'value' }] },
      add_rule: { rule: { condition: { field: 'value', operator: '>', value: 1 }, action: 'log' } }, bench_http: { url: 'http://127.0.0.1:1/', duration_s: 0.1 },
    };
    for (const name of Object.keys(real)) {
      const before = calls.length;
      const result = (await run(wrapped, name, inputs[name] ?? {})) as ToolFailure;
      assert.equal(result.error?.code, 'access_denied', name);
      assert.ok(calls.length > before, `${name} asked for a decision`);
    }
    assert.deepEqual(services.studies.list(), [], 'no study started');
    assert.equal((await services.targets.resolve('b2')), null, 'no target registered');
  });

  test('with the real Authorizer: the tuners policy lets alice run a small study, denies 500 trials by its Sid, and audits both', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 12));
    const iam = new IamStore(services.db, { now: () => clock.now(), validate: (text) => validatePolicy(text, { actions: ACTIONS, contextKeys: CONTEXT_KEYS }) });
    iam.ensureBuiltins();
    const audit = new AuditStore(services.db);
    const authorizer = new Authorizer({ store: iam, audit, clock, slackTypedCommandsAllowed: false });
    const user = iam.addUser('alice', { groups: ['tuners'] }).user;
    iam.putPolicy('tuners-studies', JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Studies', Effect: 'Allow', Action: ['optimizer:StartStudy', 'optimizer:ReadStudy', 'optimizer:StopStudy'], Resource: ['tunechat:target/branin', 'tunechat:study/*'] },
        { Sid: 'MaxTrials', Effect: 'Deny', Action: 'optimizer:StartStudy', Resource: '*', Condition: { NumericGreaterThan: { 'optimizer:Trials': 200 } } },
      ],
    }));
    iam.attach('tuners-studies', { group: 'tuners' });
    const principal = userPrincipal(user);
    const toolEnv = createToolAuthEnv({ sessionId: 's', allowedHosts: [], slackTypedCommandsAllowed: false, studies: services.studies, targets: services.targets, controllers: services.controllers });
    const real = createToolset({ services, sessionId: 's', dryRun: false, requester: OPERATOR, commands: gateFor('') });
    const wrapped = authorizeTools(real, { authorizer, principal, origin: { source: 'web', sourceIp: '10.0.0.7' }, env: toolEnv });

    const denied = (await run(wrapped, 'start_study', { target: 'branin', trials: 500 })) as ToolFailure;
    assert.match(denied.error.message, /^access denied: alice may not optimizer:StartStudy on tunechat:target\/branin \(trials 500\): explicitly denied by statement "MaxTrials" of policy tuners-studies v1 \(decision d-/);
    assert.deepEqual(services.studies.list(), []);
    const allowed = (await run(wrapped, 'start_study', { target: 'branin', trials: 3, seed: 1 })) as { ok: true; study_id: string };
    assert.equal(allowed.ok, true);
    await run(wrapped, 'stop_study', {});
    const outside = (await run(wrapped, 'list_sessions', {})) as ToolFailure;
    assert.match(outside.error.message, /no policy allows it \(implicit deny\)/);
    const rows = audit.query({ principal: 'tunechat:user/alice', limit: 10 });
    assert.deepEqual(rows.map((r) => [r.action, r.decision]).reverse(), [
      ['optimizer:StartStudy', 'explicitDeny'], ['optimizer:StartStudy', 'allowed'], ['optimizer:StopStudy', 'allowed'], ['sessions:List', 'implicitDeny'],
    ]);
    assert.equal(rows.at(-1)!.context['optimizer:Trials'], 500);
    assert.equal(rows.at(-1)!.source_ip, '10.0.0.7');
    assert.equal(audit.verify().ok, true);
    // The operator is still the operator.
    const asOperator = authorizeTools(real, { authorizer, principal: operatorPrincipal(), origin: { source: 'cli' }, env: toolEnv });
    assert.ok(Array.isArray(((await run(asOperator, 'list_sessions', {})) as { sessions: unknown[] }).sessions));
  });
});
