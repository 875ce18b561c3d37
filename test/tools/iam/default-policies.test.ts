import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCommandPermission } from '../../../tools/common/command-permission.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { precheckHostUrl } from '../../../tools/common/host-policy.ts';
import type { Requester } from '../../../tools/common/requester.ts';
import { ACTIONS, CONTEXT_KEYS, toolAuthorization, type ToolAuthEnv } from '../../../tools/iam/catalog.ts';
import { hostAllowedBy } from '../../../tools/iam/catalog-env.ts';
import { DEFAULT_GUARDRAILS, DEFAULT_POLICIES, OPERATOR_FULL_ACCESS, SELF_SERVICE } from '../../../tools/iam/default-policies.ts';
import { compilePolicies } from '../../../tools/iam/evaluator.ts';
import { operatorPrincipal, principalContext, slackGuestPrincipal } from '../../../tools/iam/principals.ts';
import type { CompiledPolicySet, EvaluationResult, Principal, RequestOrigin } from '../../../tools/iam/types.ts';
import { validatePolicy } from '../../../tools/iam/validate.ts';
import { gateFor } from '../../support/command-gate.ts';

const sources = (names: string[]) => DEFAULT_POLICIES.filter((p) => names.includes(p.name)).map((p) => ({ policy: `default:${p.name}`, version: 'v1', document: p.document }));
const operatorSet = compilePolicies(sources([OPERATOR_FULL_ACCESS, DEFAULT_GUARDRAILS]));
const everyoneSet = compilePolicies(sources([DEFAULT_GUARDRAILS]));
const NOW = Date.UTC(2026, 11, 3, 12);

function decide(set: CompiledPolicySet, principal: Principal, origin: RequestOrigin, tool: string, args: unknown, env: ToolAuthEnv): EvaluationResult {
  const call = toolAuthorization(tool, args, env);
  const context = { ...call.context, ...principalContext(principal, origin, NOW, { slackTypedCommandsAllowed: env.slackTypedCommandsAllowed }) };
  return set.evaluate({ action: call.action, resource: call.resource, context });
}

const registered = ['python3', 'train.py'];
const envWith = (allowedHosts: string[], slackTypedCommandsAllowed: boolean): ToolAuthEnv => ({
  sessionId: 's',
  isRegisteredCommand: (argv) => argv.join('\0') === registered.join('\0'),
  hostAllowed: hostAllowedBy(allowedHosts),
  slackTypedCommandsAllowed,
});

describe('default policies: today\'s hard-coded rules as policy', () => {
  test('three managed policies: OperatorFullAccess on the operator, DefaultGuardrails and SelfService on everyone; all validate without errors', () => {
    assert.deepEqual(DEFAULT_POLICIES.map((p) => [p.name, p.attach]), [[OPERATOR_FULL_ACCESS, { operator: true }], [DEFAULT_GUARDRAILS, { everyone: true }], [SELF_SERVICE, { everyone: true }]]);
    for (const policy of DEFAULT_POLICIES) {
      const findings = validatePolicy(policy.document, { actions: ACTIONS, contextKeys: CONTEXT_KEYS });
      assert.deepEqual(findings.filter((f) => f.findingType === 'ERROR'), [], policy.name);
      console.log(`${policy.name}: ${findings.map((f) => `${f.findingType} ${f.issueCode} at ${f.path}`).join('; ') || 'no findings'}`);
      assert.ok(JSON.stringify(policy.document).length <= 6144, 'within the managed policy size');
    }
    const sids = DEFAULT_POLICIES.flatMap((p) => [p.document.Statement].flat().map((s) => s.Sid));
    assert.deepEqual(sids, ['OperatorFullAccess', 'NoTypedCommandsFromSlack', 'LoadOnlyToAllowedHosts', 'OwnSimulationsAndAudit']);
  });

  test('SelfService: a user may simulate and read the audit of themselves only; a Slack guest gets nothing', () => {
    const set = compilePolicies(DEFAULT_POLICIES.filter((p) => p.name === SELF_SERVICE).map((p) => ({ policy: p.name, version: 'v1', document: p.document })));
    const ask = (action: string, resource: string, type: string, name: string) =>
      set.evaluate({ action, resource, context: { 'tunechat:PrincipalType': type, 'tunechat:Username': name } }).decision;
    assert.equal(ask('audit:Read', 'tunechat:user/alice', 'user', 'alice'), 'allowed');
    assert.equal(ask('policies:Simulate', 'tunechat:user/alice', 'user', 'alice'), 'allowed');
    assert.equal(ask('audit:Read', 'tunechat:user/bob', 'user', 'alice'), 'implicitDeny', "not someone else's");
    assert.equal(ask('audit:Read', 'tunechat:user/slack-guest', 'slack-guest', 'slack-guest'), 'implicitDeny');
    assert.equal(ask('policies:Put', 'tunechat:user/alice', 'user', 'alice'), 'implicitDeny');
  });

  test('typed commands: denied from Slack exactly when checkCommandPermission refuses them as operator-only', () => {
    let cases = 0;
    for (const source of ['slack', 'web', 'cli'] as const) {
      for (const allow of [false, true]) {
        for (const argv of [registered, ['python3', 'other.py']]) {
          const requester: Requester = { source, client: `${source}:x`, commands: source !== 'slack' || allow };
          let today = true;
          try {
            checkCommandPermission(argv, gateFor(`benchmark \`${argv.join(' ')}\``, { requester }), { registered: [registered], parameter: 'command' });
          } catch (error) {
            assert.ok(ToolError.isInstance(error));
            assert.equal(error.details.rule, 'operator-only');
            today = false;
          }
          const env = envWith([], allow);
          for (const tool of ['bench_command', 'register_target']) {
            const args = tool === 'bench_command' ? { command: argv } : { name: 'x', kind: 'command', command: argv, metrics: [{ name: 'm' }] };
            const result = decide(operatorSet, operatorPrincipal(), { source }, tool, args, env);
            assert.equal(result.decision === 'allowed', today, `${tool} ${source} allow=${allow} ${argv.join(' ')}: ${result.decision}`);
            if (!today) assert.deepEqual(result.matched.map((m) => m.sid), ['NoTypedCommandsFromSlack']);
            cases++;
          }
        }
      }
    }
    assert.equal(cases, 24);
  });

  test('an http target registered from Slack is not a typed command: the guardrail leaves it alone', () => {
    const result = decide(operatorSet, operatorPrincipal(), { source: 'slack' }, 'register_target', { name: 'remote', kind: 'http', url: 'http://127.0.0.1:9000/', metrics: [{ name: 'm' }] }, envWith([], false));
    assert.equal(result.decision, 'allowed');
  });

  test('load: denied exactly where the host policy refuses the URL (precheckHostUrl), for bench_http and bench_llm', () => {
    const allowedHosts = ['10.0.0.0/8', 'api.internal', '*.corp.example', '2001:db8::/32'];
    const urls = [
      'http://127.0.0.1:8080/', 'http://127.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://[::1]:9/', 'http://[::ffff:127.0.0.1]/', 'http://localhost:3000/',
      'http://app.localhost/', 'https://10.0.0.5/', 'http://10.255.0.1:81/', 'http://api.internal/', 'https://x.corp.example/', 'http://[2001:db8::5]/',
      'http://11.0.0.1/', 'https://example.com/', 'http://127.0.0.1.nip.io/', 'http://corp.example/', 'http://[2001:db9::1]/', 'http://192.168.1.1:8080/',
    ];
    const env = envWith(allowedHosts, false);
    for (const url of urls) {
      let today = true;
      try {
        precheckHostUrl(url, { allowedHosts });
      } catch (error) {
        assert.ok(ToolError.isInstance(error) && error.code === 'forbidden', url);
        today = false;
      }
      for (const [tool, args] of [['bench_http', { url }], ['bench_llm', { base_url: url }]] as const) {
        const result = decide(operatorSet, operatorPrincipal(), { source: 'web' }, tool, args, env);
        assert.equal(result.decision === 'allowed', today, `${tool} ${url}: ${result.decision}`);
        if (!today) assert.deepEqual(result.matched.map((m) => m.sid), ['LoadOnlyToAllowedHosts']);
      }
    }
    // A URL the host policy rejects as invalid (not forbidden) is left to the tool, which says what is wrong with it.
    for (const url of ['not a url', 'ftp://10.0.0.5/']) assert.equal(decide(operatorSet, operatorPrincipal(), { source: 'web' }, 'bench_http', { url }, env).decision, 'allowed');
  });

  test('control:Start is denied when a URL its controller uses is outside the allow-list', () => {
    const env: ToolAuthEnv = { ...envWith([], false), controlUrls: () => ['http://10.0.0.9/control', 'http://127.0.0.1:9/metrics'] };
    const denied = decide(operatorSet, operatorPrincipal(), { source: 'cli' }, 'start_controller', { target: 'svc', parameter: 'workers', metric: 'latency_p99_ms', slo: { op: '<', value: 40 } }, env);
    assert.equal(denied.decision, 'explicitDeny');
    const local: ToolAuthEnv = { ...env, controlUrls: () => ['http://127.0.0.1:9/control'] };
    assert.equal(decide(operatorSet, operatorPrincipal(), { source: 'cli' }, 'start_controller', { target: 'svc', parameter: 'workers' }, local).decision, 'allowed');
  });

  test('the operator may do everything else; a principal with only the guardrails gets nothing (implicit deny)', () => {
    const env = envWith([], false);
    for (const [tool, args] of [['start_study', { target: 'xgboost', trials: 10_000 }], ['list_sessions', {}], ['add_rule', { rule: { action: 'log' } }], ['audit_query', {}]] as const) {
      assert.equal(decide(operatorSet, operatorPrincipal(), { source: 'web' }, tool, args, env).decision, 'allowed', tool);
      const guest = decide(everyoneSet, slackGuestPrincipal('U1'), { source: 'slack' }, tool, args, env);
      assert.equal(guest.decision, 'implicitDeny', tool);
    }
  });
});
