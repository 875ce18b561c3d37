/**
 * Differential test of the IAM evaluator against Cedar (issue 16): random policy sets in the subset both languages
 * share, translated exactly (bench/policy-cedar.ts), must get identical decisions — and the same deciding
 * statements (IAM's `matched` ↔ Cedar's `reason`) — on every request. Seeded: IAM_DIFF_SEED overrides the fixed
 * seed; a failure prints the seed, the set, the request, both answers, the policies and the Cedar text.
 * Cedar runs its fastest way: each set is parsed once (preparsePolicySet) and reused (statefulIsAuthorized).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preparsePolicySet, statefulIsAuthorized, type Context } from '@cedar-policy/cedar-wasm/nodejs';
import { cedarContext, cedarPolicyId, toCedar, UntranslatableError } from '../../../bench/policy-cedar.ts';
import { createRng } from '../../../tools/common/rng.ts';
import { compilePolicies } from '../../../tools/iam/evaluator.ts';
import type { AuthzRequest, EvalDecision, EvaluationResult, PolicySource } from '../../../tools/iam/types.ts';
import { randomCase } from './support/random-policies.ts';

const DEFAULT_SEED = 16_2026;
const POLICY_SETS = 250;
const REQUESTS_PER_SET = 50;
const PSET_ID = 'iam-differential';

function seedFromEnv(): number {
  const raw = process.env.IAM_DIFF_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`IAM_DIFF_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed;
}

const CEDAR_ENTITIES = { principal: { type: 'User', id: 'u' }, action: { type: 'Action', id: 'call' }, resource: { type: 'Resource', id: 'r' } };

function report(seed: number, set: number, what: string, sources: PolicySource[], text: string, request?: AuthzRequest, extra?: unknown): string {
  return [
    `${what} (IAM_DIFF_SEED=${seed}, policy set ${set})`,
    request ? `request: ${JSON.stringify(request)}` : '',
    extra === undefined ? '' : `answers: ${JSON.stringify(extra)}`,
    `policies: ${JSON.stringify(sources)}`,
    `cedar:\n${text}`,
  ].filter(Boolean).join('\n');
}

test(`the IAM evaluator and Cedar decide identically on ${POLICY_SETS * REQUESTS_PER_SET} random requests`, () => {
  const seed = seedFromEnv();
  const rng = createRng(seed);
  const counts: Record<EvalDecision, number> = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
  let compared = 0;
  for (let set = 0; set < POLICY_SETS; set++) {
    const { sources, requests } = randomCase(rng, { requests: REQUESTS_PER_SET });
    const translation = toCedar(sources);
    const parsed = preparsePolicySet(PSET_ID, { staticPolicies: translation.policies });
    if (parsed.type !== 'success') assert.fail(report(seed, set, `Cedar refused the translation: ${JSON.stringify(parsed.errors)}`, sources, translation.text));
    const compiled = compilePolicies(sources);
    for (const request of requests) {
      const iam: EvaluationResult = compiled.evaluate(request);
      const answer = statefulIsAuthorized({ ...CEDAR_ENTITIES, context: cedarContext(request) as Context, preparsedPolicySetId: PSET_ID, entities: [] });
      if (answer.type !== 'success') assert.fail(report(seed, set, `Cedar failed: ${JSON.stringify(answer.errors)}`, sources, translation.text, request));
      const { decision, diagnostics } = answer.response;
      // An erroring policy is skipped by Cedar: the comparison would be meaningless, so any error fails the test.
      if (diagnostics.errors.length > 0) assert.fail(report(seed, set, `Cedar reported errors: ${JSON.stringify(diagnostics.errors)}`, sources, translation.text, request));
      const iamIds = iam.matched.map((m) => cedarPolicyId(m.policy, m.index)).sort();
      const cedarIds = [...diagnostics.reason].sort();
      const same = (iam.decision === 'allowed') === (decision === 'allow') && JSON.stringify(iamIds) === JSON.stringify(cedarIds);
      if (!same) assert.fail(report(seed, set, 'decisions differ', sources, translation.text, request, { iam: { decision: iam.decision, matched: iamIds }, cedar: { decision, reason: cedarIds } }));
      counts[iam.decision]++;
      compared++;
    }
  }
  console.log(`cedar differential: seed ${seed}, ${POLICY_SETS} policy sets, ${compared} requests, identical decisions and deciding statements (allowed ${counts.allowed}, explicitDeny ${counts.explicitDeny}, implicitDeny ${counts.implicitDeny})`);
  assert.ok(compared >= 10_000, `at least 10,000 requests compared, got ${compared}`);
  // A generator that only ever produced one outcome would make agreement trivial.
  for (const [decision, count] of Object.entries(counts)) assert.ok(count >= compared * 0.05, `${decision} must be at least 5% of the requests to be meaningful, got ${count} of ${compared}`);
});

test('the translation reads as expected and refuses what Cedar cannot express', () => {
  const source = (statement: object): PolicySource[] => [{ policy: 'p', version: 'v1', document: { Version: '2012-10-17', Statement: [statement as never] } }];
  const { policies } = toCedar(
    source({
      Effect: 'Deny',
      Action: ['Optimizer:Start*', 'bench:RunHttp'],
      NotResource: 'tunechat:target/a${*}b',
      Condition: { NumericGreaterThan: { 'optimizer:Trials': '200' }, StringNotEqualsIfExists: { 'tunechat:Source': ['web', 'cli'] } },
    }),
  );
  const text = policies['p#0']!;
  assert.match(text, /^@id\("p#0"\)\nforbid \(principal, action, resource\) when \{/);
  assert.match(text, /context\["\$action"\] like "optimizer:start\*" \|\| context\["\$action"\] like "bench:runhttp"/);
  assert.match(text, /!\(context\["\$resource"\] like "tunechat:target\/a\\\*b"\)/);
  assert.match(text, /context has "optimizer:trials" && context\["optimizer:trials"\] > 200/);
  assert.match(text, /!\(context has "tunechat:source"\) \|\| !\(\(context\["tunechat:source"\] == "web" \|\| context\["tunechat:source"\] == "cli"\)\)/);
  assert.throws(() => toCedar(source({ Effect: 'Allow', Action: 'bench:Run?ttp', Resource: '*' })), UntranslatableError);
  assert.throws(() => toCedar(source({ Effect: 'Allow', Action: '*', Resource: 'tunechat:user/${tunechat:username}' })), UntranslatableError);
  assert.throws(() => toCedar(source({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'optimizer:Trials': 2.5 } } })), UntranslatableError);
  assert.throws(() => toCedar(source({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'tunechat:Source': 'web' } } })), UntranslatableError);
  assert.deepEqual(cedarContext({ action: 'Bench:RunHttp', resource: 'R', context: { 'Tunechat:SourceIp': '10.0.0.1', 'tunechat:Groups': [], 'optimizer:Trials': 5 } }), {
    $action: 'bench:runhttp',
    $resource: 'R',
    'tunechat:sourceip': { __extn: { fn: 'ip', arg: '10.0.0.1' } },
    'optimizer:trials': 5,
  });
});
