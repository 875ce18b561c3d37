import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createRng, type Rng } from '../../../tools/common/rng.ts';
import { DEFAULT_GUARDRAILS, DEFAULT_POLICIES, OPERATOR_FULL_ACCESS } from '../../../tools/iam/default-policies.ts';
import { hasErrors, validatePolicy, type ValidateOptions } from '../../../tools/iam/validate.ts';
import { readJson } from '../../../tools/iam/validate-json.ts';
import { compilePolicies } from '../../../tools/iam/evaluator.ts';
import type { Finding, PolicyDocument } from '../../../tools/iam/types.ts';
import { TEST_ACTIONS, TEST_KEYS, TUNERS_POLICY } from '../../support/iam-policy-fixtures.ts';

const OPTIONS: ValidateOptions = { actions: TEST_ACTIONS, contextKeys: TEST_KEYS };
const SEED = Number(process.env.FUZZ_SEED ?? 16);
const TYPES = new Set(['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION']);
const DOCUMENTED = new Set(
  [...readFileSync(new URL('../../../tools/iam/validate.ts', import.meta.url), 'utf8').matchAll(/^ \* \| ([A-Z_]+) \| [A-Z_]+ \|/gm)].map((m) => m[1]!),
);

const SAMPLES: readonly unknown[] = [
  TUNERS_POLICY,
  ...DEFAULT_POLICIES.map((p) => p.document),
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Own', Effect: 'Allow', Action: ['sessions:Read', 'optimizer:ReadStudy'], Resource: ['tunechat:session/${tunechat:username}-*', 'tunechat:study/*'] },
      { Effect: 'Deny', NotAction: 'optimizer:*', NotResource: 'tunechat:target/*', Condition: { 'ForAnyValue:StringLike': { 'tunechat:Groups': ['guest*'] }, DateGreaterThan: { 'tunechat:CurrentTime': '2027-01-01T00:00:00Z' } } },
    ],
  },
];

const VALUES: readonly unknown[] = [
  '*', '', 'tunechat:*', 'optimizer:*', 'bench:RunCommand', 'bench:Run*', 'optimizr:*', 'policies:Put', '${tunechat:username}', '${', '${x}', '${*}',
  '10.0.0.0/33', '10.0.0.0/8', '2026-13-01', '2026-01-01', 'Allow', 'Deny', 'allow', 'true', 'false', '200', 'a'.repeat(300), '\u0000', '\ud800', '__proto__',
  0, -1, 1.5, 1e308, true, false, null, [], {}, ['*'], [[]], [{}], { StringEquals: {} }, { 'ForAllValues:StringLike': { 'tunechat:Groups': ['a*'] } },
  { NumericLessThan: { 'optimizer:Trials': 5 }, NumericGreaterThan: { 'optimizer:Trials': 10 } }, { Null: { 'bench:Rate': 'maybe' } },
];
const KEYS: readonly string[] = [
  'Version', 'Id', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Principal', 'Efect', '__proto__', 'constructor',
  'StringEquals', 'NumericLessThanEquals', 'IpAddress', 'Null', 'ForAllValues:StringEquals', 'BogusOperator', 'optimizer:Trials', 'tunechat:Groups', 'bench:TargetIp', '',
];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(0, list.length - 1)]!;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every object and array in the value (the mutation sites). */
function containers(value: unknown, out: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
  if (Array.isArray(value)) {
    out.push(value);
    for (const item of value) containers(item, out);
  } else if (typeof value === 'object' && value !== null) {
    out.push(value as Record<string, unknown>);
    for (const item of Object.values(value)) containers(item, out);
  }
  return out;
}

function mutate(document: unknown, rng: Rng): unknown {
  const root = structuredClone(document);
  const steps = rng.int(1, 4);
  for (let step = 0; step < steps; step++) {
    const sites = containers(root);
    if (sites.length === 0) break;
    const site = pick(rng, sites);
    const value = structuredClone(pick(rng, VALUES));
    if (Array.isArray(site)) {
      const choice = rng.int(0, 3);
      if (choice === 0 || site.length === 0) site.push(value);
      else if (choice === 1) site.splice(rng.int(0, site.length - 1), 1);
      else if (choice === 2) site[rng.int(0, site.length - 1)] = value;
      else site.push(structuredClone(site[rng.int(0, site.length - 1)]));
    } else {
      const keys = Object.keys(site);
      const choice = rng.int(0, 2);
      if (choice === 0 && keys.length > 0) delete site[pick(rng, keys)];
      else if (choice === 1 && keys.length > 0) setOwn(site, pick(rng, keys), value);
      else setOwn(site, pick(rng, KEYS), value);
    }
  }
  return root;
}

function mutateText(text: string, rng: Rng): string {
  const at = rng.int(0, text.length);
  const chars = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', 'x', '0', '-', 'e', '\n', 'true', 'null', '\u0001'];
  switch (rng.int(0, 2)) {
    case 0:
      return text.slice(0, at) + text.slice(at + rng.int(1, 3));
    case 1:
      return text.slice(0, at) + pick(rng, chars) + text.slice(at);
    default:
      return text.slice(0, at) + pick(rng, chars) + text.slice(at + 1);
  }
}

function checkShape(findings: Finding[], context: string): void {
  assert.ok(Array.isArray(findings), context);
  for (const finding of findings) {
    assert.ok(TYPES.has(finding.findingType), `${context}: type ${finding.findingType}`);
    assert.ok(DOCUMENTED.has(finding.issueCode), `${context}: undocumented ${finding.issueCode}`);
    assert.notEqual(finding.issueCode, 'INTERNAL_ERROR', `${context}: ${finding.message}`);
    assert.notEqual(finding.issueCode, 'UNLOADABLE_POLICY', `${context}: a rule of the engine no check covers: ${finding.message}`);
    assert.equal(typeof finding.path, 'string', context);
    assert.ok(finding.message.length > 0 && finding.message.length < 1000, `${context}: message length ${finding.message.length}`);
  }
}

describe('validatePolicy fuzz (seed printed on failure; FUZZ_SEED=n to vary)', () => {
  test('random structural mutations never throw; text and parsed value give the same findings; without an ERROR the engine loads it', () => {
    const rng = createRng(SEED);
    const startedAt = process.hrtime.bigint();
    let withErrors = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const document = mutate(pick(rng, SAMPLES), rng);
      const context = `seed ${SEED} iteration ${i}: ${JSON.stringify(document).slice(0, 300)}`;
      const options = i % 2 === 0 ? OPTIONS : {};
      const fromValue = validatePolicy(document, options);
      checkShape(fromValue, context);
      const fromText = validatePolicy(JSON.stringify(document, null, 2), options);
      assert.deepEqual(fromText, fromValue, context);
      if (hasErrors(fromValue)) withErrors++;
      else assert.doesNotThrow(() => compilePolicies([{ policy: 'fuzz', version: 'v1', document: document as PolicyDocument }]), context);
    }
    const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
    console.log(`# ${n} mutated policies validated twice in ${ms.toFixed(0)} ms (${((ms / n / 2) * 1000).toFixed(0)} µs each); ${withErrors} with an ERROR`);
    assert.ok(withErrors > n / 10 && withErrors < n, `mutations should often but not always break the policy (${withErrors}/${n})`);
  });

  test('random text mutations: JSON_PARSE_ERROR exactly when JSON.parse fails, and the reader builds what JSON.parse builds', () => {
    const rng = createRng(SEED + 1);
    let broken = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      let text = JSON.stringify(pick(rng, SAMPLES), null, rng.int(0, 2));
      for (let k = rng.int(1, 3); k > 0; k--) text = mutateText(text, rng);
      const context = `seed ${SEED + 1} iteration ${i}: ${JSON.stringify(text).slice(0, 400)}`;
      let parsed: unknown;
      let parses = true;
      try {
        parsed = JSON.parse(text);
      } catch {
        parses = false;
      }
      const read = readJson(text);
      assert.equal(read.ok, parses, context);
      if (read.ok) assert.deepEqual(read.value, parsed, context);
      const findings = validatePolicy(text, OPTIONS);
      checkShape(findings, context);
      const parseErrors = findings.filter((f) => f.issueCode === 'JSON_PARSE_ERROR');
      assert.equal(parseErrors.length, parses ? 0 : 1, context);
      if (!parses) {
        broken++;
        assert.match(parseErrors[0]!.message, /line \d+, column \d+ \(offset \d+\)/, context);
      }
    }
    assert.ok(broken > n / 4, `most text mutations should break the JSON (${broken}/${n})`);
  });

  test('the reader agrees with JSON.parse on edge cases', () => {
    const cases = ['{"__proto__": {"a": 1}}', '"\\u00e9\\ud83d\\ude00"', '-0', '1E+2', '[1.5e-3, -0.0]', '{"a": 1, "a": 2}', '"\\/"', ' \t\r\n{} ', '{"":""}'];
    for (const text of cases) {
      const read = readJson(text);
      assert.ok(read.ok, text);
      assert.deepEqual(read.value, JSON.parse(text), text);
    }
    for (const text of ['01', '1.', '.5', '+1', '"\t"', "'a'", '[1,]', '{"a":1,}', 'nul', '\ufeff{}', '"\\x41"', 'NaN', '[] []']) {
      assert.equal(readJson(text).ok, false, text);
      assert.throws(() => JSON.parse(text), SyntaxError, text);
    }
    const duplicate = readJson('{"a": 1, "b": {"c": 1, "c": 2}}');
    assert.ok(duplicate.ok);
    assert.deepEqual(duplicate.duplicates.map((d) => d.path), ['b.c']);
  });

  test('a worst-case policy of 6,144 characters of wildcards validates quickly (printed, not asserted)', () => {
    const actions = Array.from({ length: 120 }, (_, i) => `*:*${i}?*`);
    const resources = Array.from({ length: 120 }, (_, i) => `tunechat:*/*${i}*`);
    const statement = { Effect: 'Allow', Action: actions.slice(0, 60), Resource: resources.slice(0, 60) };
    const document = { Version: '2012-10-17', Statement: Array.from({ length: 6 }, () => statement) };
    const startedAt = process.hrtime.bigint();
    const findings = validatePolicy(document, OPTIONS);
    console.log(`# ${JSON.stringify(document).length} characters, ${findings.length} findings in ${(Number(process.hrtime.bigint() - startedAt) / 1e6).toFixed(1)} ms`);
    checkShape(findings, 'worst case');
  });
});

describe('validatePolicy with the real catalog (tools/iam/catalog.ts)', () => {
  test('the default policies have no ERROR; the guardrails have no finding at all', () => {
    for (const policy of DEFAULT_POLICIES) assert.equal(hasErrors(validatePolicy(policy.document)), false, policy.name);
    assert.deepEqual(validatePolicy(DEFAULT_POLICIES.find((p) => p.name === DEFAULT_GUARDRAILS)!.document), []);
  });

  test('OperatorFullAccess (Allow * on *) is flagged as the over-grant it is meant to be', () => {
    const findings = validatePolicy(DEFAULT_POLICIES.find((p) => p.name === OPERATOR_FULL_ACCESS)!.document);
    assert.deepEqual(findings.map((f) => `${f.findingType} ${f.issueCode}`), ['SECURITY_WARNING ALLOW_RUN_COMMAND_ANYWHERE', 'SECURITY_WARNING PERMISSIONS_MANAGEMENT_WILDCARD']);
  });

  test("the issue's example policy has no finding", () => {
    assert.deepEqual(validatePolicy(TUNERS_POLICY), []);
  });

  test('a catalog-level typo is caught: unknown action, unknown key', () => {
    const findings = validatePolicy({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'optimizer:StartStudies', Resource: '*', Condition: { NumericLessThanEquals: { 'optimizer:Trails': 200 } } },
    });
    assert.deepEqual(findings.map((f) => `${f.issueCode} @${f.path}`), ['UNKNOWN_ACTION @Statement.Action', 'UNKNOWN_CONDITION_KEY @Statement.Condition.NumericLessThanEquals.optimizer:Trails']);
  });
});
