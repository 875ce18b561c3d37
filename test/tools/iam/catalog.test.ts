import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createModel } from '../../../server/agent/model.ts';
import { createToolset } from '../../../server/agent/toolset.ts';
import { createApp } from '../../../server/app.ts';
import { OPERATOR } from '../../../tools/common/requester.ts';
import { ACTIONS, CONTEXT_KEYS, PUBLIC_ROUTES, ROUTE_ACTIONS, TOOL_ACTIONS, actionSpec, matchingActions, publicRoute, routeAction, toolAuthorization } from '../../../tools/iam/catalog.ts';
import { EXAMPLE_POLICY, renderIamDocs } from '../../../tools/iam/catalog-docs.ts';
import { DEFAULT_POLICIES } from '../../../tools/iam/default-policies.ts';
import { compilePolicies } from '../../../tools/iam/evaluator.ts';
import { principalContext, userPrincipal } from '../../../tools/iam/principals.ts';
import { validatePolicy } from '../../../tools/iam/validate.ts';
import { gateFor } from '../../support/command-gate.ts';
import { createTestServices } from '../../support/test-services.ts';

const SERVICES = ['optimizer', 'bench', 'rules', 'targets', 'control', 'charts', 'sessions', 'studies', 'policies', 'users', 'audit'];
/** The chat's access tools (tools/iam/agent-tools.ts), assembled beside the engines' tools. */
const IAM_TOOLS = ['simulate_policy', 'audit_query'];
const env = { sessionId: 's', hostAllowed: () => true, slackTypedCommandsAllowed: false };

describe('IAM action catalog', () => {
  test('every tool of the real toolset has a catalog entry, and every entry names a real tool', () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const tools = Object.keys(createToolset({ services, sessionId: 's', dryRun: false, requester: OPERATOR, commands: gateFor('') }));
    assert.ok(tools.length >= 25, `the toolset has ${tools.length} tools`);
    const missing = tools.filter((name) => !Object.hasOwn(TOOL_ACTIONS, name));
    assert.deepEqual(missing, [], 'tools without a catalog entry would never run');
    const stale = Object.keys(TOOL_ACTIONS).filter((name) => !tools.includes(name) && !IAM_TOOLS.includes(name));
    assert.deepEqual(stale, []);
  });

  test("each tool's decision input uses the action TOOL_ACTIONS names, and that action is in ACTIONS with the tool listed", () => {
    for (const [tool, action] of Object.entries(TOOL_ACTIONS)) {
      const call = toolAuthorization(tool, {}, env);
      assert.equal(call.action, action, tool);
      const spec = actionSpec(action);
      assert.ok(spec, `${action} is in ACTIONS`);
      assert.ok(spec.tools.includes(tool), `${action}.tools lists ${tool}`);
    }
  });

  test('every route of the app is either authorized (ROUTE_ACTIONS) or public with a reason, and no entry is stale', async () => {
    const services = createTestServices(createModel({ kind: 'local' }));
    const app = createApp({ services, tools: {} });
    try {
      // app.use('*', …) middleware (request guard, body limit, authentication, route authorization) is not a route.
      const routes = app.app.routes.filter((r) => !(r.method === 'ALL' && (r.path === '/*' || r.path === '*')));
      assert.ok(routes.length >= 30, `${routes.length} routes`);
      const uncovered = routes.filter((r) => !routeAction(r.method, r.path) && !publicRoute(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(uncovered, [], 'routes with neither an action nor a reason to be public');
      const both = routes.filter((r) => routeAction(r.method, r.path) && publicRoute(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(both, []);
      const mounted = new Set(routes.map((r) => `${r.method} ${r.path}`));
      const stale = ROUTE_ACTIONS.filter((r) => !mounted.has(`${r.method} ${r.path}`)).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(stale, [], 'ROUTE_ACTIONS entries for routes that do not exist');
    } finally {
      await app.shutdown();
    }
    for (const route of PUBLIC_ROUTES) assert.ok(route.reason.length > 20, `${route.method} ${route.path} says why it is public`);
  });

  test('route resources come from the path parameters; route actions exist and list the route', () => {
    assert.equal(routeAction('delete', '/api/sessions/:id')!.resource({ id: 'abc' }), 'tunechat:session/abc');
    assert.equal(routeAction('POST', '/api/studies/:id/stop')!.resource({ id: 'st_1' }), 'tunechat:study/st_1');
    assert.equal(routeAction('GET', '/api/studies/:id/charts/:file')!.resource({ id: 'st_2', file: 'history.png' }), 'tunechat:study/st_2');
    assert.equal(routeAction('GET', '/api/sessions')!.resource({}), '*');
    for (const route of ROUTE_ACTIONS) {
      const spec = actionSpec(route.action);
      assert.ok(spec, route.action);
      assert.ok(spec.routes.includes(`${route.method} ${route.path}`), `${route.action} lists ${route.method} ${route.path}`);
    }
  });

  test('no route entry shadows a later one under first-match resolution (literal paths first)', () => {
    const matches = (pattern: string, path: string) => new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}$`).test(path);
    for (const [i, route] of ROUTE_ACTIONS.entries()) {
      const concrete = route.path.replace(/:[^/]+/g, 'import');
      const first = ROUTE_ACTIONS.findIndex((r) => r.method === route.method && matches(r.path, concrete));
      assert.equal(first, i, `${route.method} ${concrete} resolves to ${route.path}`);
    }
  });

  test('actions follow the naming rules: known service, resource forms, access level, keys of their own service', () => {
    const names = new Set<string>();
    for (const spec of ACTIONS) {
      assert.match(spec.action, /^[a-z]+:[A-Z][A-Za-z]+$/, spec.action);
      assert.ok(SERVICES.includes(spec.action.split(':')[0]!), spec.action);
      assert.ok(!names.has(spec.action.toLowerCase()), `${spec.action} twice`);
      names.add(spec.action.toLowerCase());
      assert.ok(spec.resources.length > 0 && spec.resources.every((r) => r === '*' || r.startsWith('tunechat:')), spec.action);
      assert.ok(spec.description.length > 10, spec.action);
      for (const key of spec.contextKeys) {
        const service = key.key.split(':')[0]!;
        assert.ok(service === spec.action.split(':')[0] || service === 'bench' || service === 'tunechat', `${spec.action} has ${key.key}`);
      }
    }
    for (const key of CONTEXT_KEYS) assert.ok(key.key.startsWith('tunechat:'), key.key);
    // The CLI-only management actions exist too.
    for (const action of ['users:Add', 'users:Remove', 'users:List', 'policies:Put', 'policies:Read', 'policies:Delete', 'policies:Attach', 'audit:Verify', 'audit:Read', 'policies:Simulate']) {
      assert.ok(actionSpec(action), action);
    }
  });

  test('actionSpec is case-insensitive; matchingActions takes IAM wildcards', () => {
    assert.equal(actionSpec('OPTIMIZER:startstudy')?.action, 'optimizer:StartStudy');
    assert.equal(actionSpec('optimizer:Nope'), null);
    assert.deepEqual(matchingActions('bench:Run*').map((s) => s.action), ['bench:RunCommand', 'bench:RunHttp', 'bench:RunLlm']);
    assert.deepEqual(matchingActions('BENCH:run???').map((s) => s.action), ['bench:RunLlm']);
    assert.deepEqual(matchingActions('bench:Run????').map((s) => s.action), ['bench:RunHttp']);
    assert.equal(matchingActions('*').length, ACTIONS.length);
    assert.deepEqual(matchingActions('nothing:*'), []);
  });

  test("the issue's example policy validates against the catalog without errors", () => {
    const findings = validatePolicy(EXAMPLE_POLICY, { actions: ACTIONS, contextKeys: CONTEXT_KEYS });
    assert.deepEqual(findings.filter((f) => f.findingType === 'ERROR'), []);
    console.log(`example policy findings: ${findings.map((f) => `${f.findingType} ${f.issueCode} at ${f.path}`).join('; ') || 'none'}`);
  });

  test('the example policy decides as the docs say', () => {
    const set = compilePolicies([{ policy: 'tuners', version: 'v1', document: EXAMPLE_POLICY }, ...DEFAULT_POLICIES.filter((p) => p.name === 'DefaultGuardrails').map((p) => ({ policy: `default:${p.name}`, version: 'v1', document: p.document }))]);
    const alice = userPrincipal({ name: 'alice', groups: ['tuners'], tags: {}, created_at: 0, disabled: false });
    const decide = (tool: string, args: unknown, source: 'web' | 'slack' = 'web') => {
      const call = toolAuthorization(tool, args, { ...env, hostAllowed: () => true });
      return set.evaluate({ action: call.action, resource: call.resource, context: { ...call.context, ...principalContext(alice, { source }, 0, { slackTypedCommandsAllowed: false }) } }).decision;
    };
    assert.equal(decide('start_study', { target: 'xgboost' }), 'allowed', 'the default 100 trials');
    assert.equal(decide('start_study', { target: 'xgboost', trials: 200, parallel: 4 }), 'allowed');
    assert.equal(decide('start_study', { target: 'xgboost', trials: 500 }), 'implicitDeny');
    assert.equal(decide('start_study', { target: 'xgboost', parallel: 8 }), 'implicitDeny');
    assert.equal(decide('start_study', { target: 'branin' }), 'implicitDeny');
    assert.equal(decide('bench_http', { url: 'http://10.0.0.5:8080/', duration_s: 60 }), 'allowed');
    assert.equal(decide('bench_http', { url: 'http://10.0.0.5:8080/', duration_s: 300 }), 'implicitDeny');
    assert.equal(decide('bench_http', { url: 'http://192.168.0.5/' }), 'implicitDeny');
    assert.equal(decide('bench_http', { url: 'http://api.internal/' }), 'implicitDeny', 'a name has no TargetIp');
    assert.equal(decide('bench_command', { command: ['python3', 'x.py'] }, 'slack'), 'explicitDeny');
    assert.equal(decide('study_status', {}), 'allowed');
  });

  test('docs/iam-actions.md is the generator output (npx tsx scripts/gen-iam-docs.ts)', () => {
    const text = readFileSync(new URL('../../../docs/iam-actions.md', import.meta.url), 'utf8');
    assert.equal(text, renderIamDocs(), 'docs/iam-actions.md is out of date: run npx tsx scripts/gen-iam-docs.ts');
    for (const spec of ACTIONS) assert.ok(text.includes(`\`${spec.action}\``), spec.action);
  });
});
