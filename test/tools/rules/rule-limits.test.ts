import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../db/open.ts';
import { RuleStore } from '../../../db/rule-store.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { createRuleTools } from '../../../tools/rules/agent-tools.ts';
import { RuleEngine } from '../../../tools/rules/engine.ts';
import { RULE_LIMITS } from '../../../tools/rules/limits.ts';
import { parseRulesFile } from '../../../tools/rules/rule-file.ts';
import { RuleService } from '../../../tools/rules/rule-service.ts';

function engine() {
  const e = new RuleEngine();
  e.actions.register({ name: 'trigger_alert', description: 'test', run: () => {} });
  return e;
}

/** The issues of an invalid rule, as "path: message". */
function issues(rule: unknown): string[] {
  const result = engine().validate(rule);
  assert.equal(result.ok, false, 'the rule should be refused');
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

const leaf = (i: number) => ({ field: `f${i}`, operator: '==', value: i });

test('a rule is at most ruleJsonBytes of UTF-8 JSON; the message gives the limit and the size, and nothing else of it is read', () => {
  const max = RULE_LIMITS.ruleJsonBytes;
  const base = { rule_id: 'big', condition: leaf(0), action: 'trigger_alert' };
  const fits = { ...base, description: 'x'.repeat(max - JSON.stringify({ ...base, description: '' }).length) };
  assert.equal(Buffer.byteLength(JSON.stringify(fits)), max);
  assert.ok(engine().validate(fits).ok);
  const over = { ...fits, description: `${fits.description}x`, bogus: 1 };
  assert.deepEqual(issues(over), [`$: a rule's JSON text must be at most ${max} bytes (UTF-8), but it has ${max + ',"bogus":1'.length + 1}`]);
  // Bytes, not characters: 'é' is two bytes.
  const wide = { ...base, description: 'é'.repeat(max / 2) };
  assert.match(issues(wide)[0]!, new RegExp(`at most ${max} bytes \\(UTF-8\\), but it has ${Buffer.byteLength(JSON.stringify(wide))}$`));
  const result = engine().validate(over);
  assert.ok(!result.ok && result.issues[0]!.rule_id === 'big');
});

test('a rule object with no JSON text (a cycle, or nesting past the stack) is an issue, not a crash', () => {
  const cyclic: Record<string, unknown> = { rule_id: 'loop', condition: leaf(0), action: 'trigger_alert' };
  cyclic.metadata = { self: cyclic };
  assert.match(issues(cyclic)[0]!, /^\$: a rule's JSON text must be at most \d+ bytes \(UTF-8\), but it has no JSON text/);
  let deep: unknown = leaf(0);
  for (let i = 0; i < 200_000; i++) deep = { not: deep };
  assert.match(issues({ rule_id: 'deep', condition: deep, action: 'trigger_alert' })[0]!, /no JSON text \(a cycle, or nesting too deep\)/);
});

test('conditions per rule, nesting depth and patterns per rule are bounded; messages give the limit and the actual value', () => {
  const many = RULE_LIMITS.conditionsPerRule;
  const flat = (n: number) => ({ rule_id: 'wide', condition: { all: Array.from({ length: n }, (_, i) => leaf(i)) }, action: 'trigger_alert' });
  assert.ok(engine().validate(flat(many - 1)).ok, 'all + (limit - 1) leaves is exactly the limit');
  assert.deepEqual(issues(flat(many)), [`$: a rule may hold at most ${many} conditions (leaves and all/any/not), but this one has ${many + 1}; split it into several rules`]);

  const depth = RULE_LIMITS.conditionDepth;
  const nested = (levels: number) => {
    let condition: unknown = leaf(0);
    for (let i = 1; i < levels; i++) condition = { not: condition };
    return { rule_id: 'deep', condition, action: 'trigger_alert' };
  };
  assert.ok(engine().validate(nested(depth)).ok);
  const [issue] = issues(nested(depth + 1));
  assert.equal(issue, `$.condition${'.not'.repeat(depth)}: conditions may nest at most ${depth} levels deep (all/any/not), but this one is at level ${depth + 1}`);

  const patterns = RULE_LIMITS.patternsPerRule;
  const join = (n: number) => ({ rule_id: 'join', when: Array.from({ length: n }, (_, i) => ({ bind: `p${i}`, type: 'T' })), action: 'trigger_alert' });
  assert.ok(engine().validate(join(patterns)).ok);
  assert.deepEqual(issues(join(patterns + 1)), [`$.when: when may list at most ${patterns} patterns, but it lists ${patterns + 1}`]);
});

test('add_rule and test_rule: rule text and sample facts are bounded before any work; a refused pattern names rule, path and pattern', async () => {
  const rules = new RuleService({ store: new RuleStore(openDatabase(':memory:')), clock: systemClock });
  const tools = createRuleTools({ services: { rules }, sessionId: 's' });
  const call = async (name: string, input: unknown) => (await tools[name]!.execute!(input as never, { toolCallId: 'c', messages: [] })) as Record<string, any>;
  const text = RULE_LIMITS.ruleTextChars;
  const ruleText = `{"rule_id":"x","description":"${'x'.repeat(text)}"}`;
  const long = await call('add_rule', { rule: ruleText });
  assert.equal(long.error.code, 'invalid_argument');
  assert.equal(long.error.message, `rule text must be at most ${text} characters, but it has ${ruleText.length}`);

  const facts = RULE_LIMITS.testFacts;
  const rule = { condition: { field: 'name', operator: 'matches', value: '^a' }, action: 'trigger_alert' };
  const tooMany = await call('test_rule', { rule, facts: Array.from({ length: facts + 1 }, (_, i) => ({ name: `a${i}` })) });
  assert.equal(tooMany.error.message, `facts may hold at most ${facts} sample facts, but it holds ${facts + 1}`);
  const fine = await call('test_rule', { rule, facts: Array.from({ length: facts }, (_, i) => ({ name: i % 2 ? `a${i}` : `b${i}` })) });
  assert.equal(fine.matches.length, facts / 2);

  const lookahead = await call('add_rule', { rule: { rule_id: 'peek', condition: { any: [leaf(1), { field: 'name', operator: 'matches', value: 'foo(?=bar)' }] }, action: 'trigger_alert' } });
  assert.equal(lookahead.error.code, 'invalid_argument');
  assert.match(lookahead.error.message, /^invalid rule peek at \$\.condition\.any\[1\]\.value: operator "matches" needs a valid regular expression in RE2 syntax \(.*\(\?=.*\), got "foo\(\?=bar\)"/);
  assert.match(lookahead.error.message, /no lookahead or lookbehind/);
  assert.equal(lookahead.error.details.issues[0].rule_id, 'peek');
  assert.deepEqual(rules.listRules(), []);
});

test('the rule service runs at most activeRules rules: a new id beyond is a conflict, a replacement is fine, loading stops there', () => {
  const db = openDatabase(':memory:');
  const store = new RuleStore(db);
  const max = RULE_LIMITS.activeRules;
  for (let i = 0; i < max; i++) store.save({ rule_id: `r${i}`, condition: leaf(i), action: 'trigger_alert' } as never);
  const lines: string[] = [];
  const rules = new RuleService({ store, clock: systemClock, log: (line) => lines.push(line) });
  assert.equal(rules.engine.rules().length, max);
  assert.throws(
    () => rules.addRule({ rule_id: 'one-more', condition: leaf(0), action: 'trigger_alert' }),
    (error: unknown) => ToolError.isInstance(error) && error.code === 'conflict' && error.message === `at most ${max} rules may be active, and ${max} are; remove_rule one before adding "one-more" (replacing an existing rule_id is allowed)`,
  );
  assert.equal(rules.addRule({ rule_id: 'r0', condition: leaf(7), action: 'trigger_alert' }).change, 'update');
  rules.removeRule('r1');
  assert.equal(rules.addRule({ rule_id: 'one-more', condition: leaf(0), action: 'trigger_alert' }).change, 'create');

  // A database holding more (written by an older version, or by hand) loads the first `max` and says so.
  store.save({ rule_id: 'extra', condition: leaf(0), action: 'trigger_alert' } as never);
  const restarted = new RuleService({ store, clock: systemClock, log: (line) => lines.push(line) });
  assert.equal(restarted.engine.rules().length, max);
  assert.equal(lines.filter((l) => l.includes('not loaded')).length, 1);
  assert.match(lines.find((l) => l.includes('not loaded'))!, new RegExp(`not loaded: ${max} rules are loaded already, the limit`));
});

test('a rules file holds at most rulesPerFile rules', () => {
  const max = RULE_LIMITS.rulesPerFile;
  const text = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ rule_id: `r${i}` })));
  assert.equal(parseRulesFile(text(max), 'rules.json').length, max);
  assert.throws(() => parseRulesFile(text(max + 1), 'rules.json'), { message: `rules.json may hold at most ${max} rules, but it holds ${max + 1}` });
});
