import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleEngine } from '../../../tools/rules/engine.ts';
import { OperatorRegistry } from '../../../tools/rules/operators.ts';

const engine = () => {
  const e = new RuleEngine();
  e.actions.register({ name: 'trigger_alert', description: 'test', run: () => {} });
  return e;
};

test('the simple form is accepted as is: one Fact pattern bound as "fact"', () => {
  const result = engine().validate({ rule_id: 'r001', condition: { field: 'temperature', operator: '>', value: 37.5 }, action: 'trigger_alert' });
  assert.ok(result.ok);
  assert.equal(result.rule.patterns.length, 1);
  assert.deepEqual([result.rule.patterns[0]!.type, result.rule.patterns[0]!.binding], ['Fact', 'fact']);
  assert.deepEqual(result.rule.actions, [{ name: 'trigger_alert', params: {} }]);
  assert.equal(result.rule.salience, 0);
  assert.equal(result.rule.agendaGroup, 'MAIN');
});

test('validation reports every problem with its JSON path, the rule id and what was expected', () => {
  const result = engine().validate({
    rule_id: 'bad',
    salince: 3,
    when: [
      { bind: 't', type: 'Trial', condition: { all: [{ field: 'value', operator: '>>', value: 1 }, { field: 'x', operator: 'in', value: 3 }] } },
      { bind: 'c', type: 'Constraint', condition: { field: 'study', operator: '==', value: '$s.study' } },
    ],
    action: 'explode',
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i]));
  assert.deepEqual(Object.keys(byPath).sort(), ['$.action', '$.salince', '$.when[0].condition.all[0].operator', '$.when[0].condition.all[1].value', '$.when[1].condition.value'].sort());
  assert.ok(result.issues.every((i) => i.rule_id === 'bad'));
  assert.match(byPath['$.action']!.message, /unknown action "explode"/);
  assert.match(byPath['$.action']!.expected!, /trigger_alert/);
  assert.match(byPath['$.when[0].condition.all[0].operator']!.expected!, /== != > >= < <= in not_in contains matches exists/);
  assert.equal(byPath['$.when[0].condition.all[1].value']!.expected, 'an array of values');
  assert.match(byPath['$.when[1].condition.value']!.message, /"\$s.study" does not name a field of a binding in scope/);
  assert.match(byPath['$.salince']!.message, /unknown key "salince"/);
});

test('structural rules: rule_id, condition xor when, a positive first pattern, bindings only from earlier positive patterns', () => {
  const e = engine();
  const issues = (rule: unknown) => {
    const r = e.validate(rule);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  assert.match(issues({ condition: { field: 'a', operator: 'exists' }, action: 'trigger_alert' })[0]!, /^\$\.rule_id: rule_id must be a non-empty string/);
  assert.match(issues({ rule_id: 'x', action: 'trigger_alert' })[0]!, /no condition/);
  assert.match(issues({ rule_id: 'x', when: [{ not: { type: 'A' } }, { type: 'B' }], action: 'trigger_alert' }).join('\n'), /first pattern must be positive/);
  assert.match(
    issues({ rule_id: 'x', when: [{ type: 'A' }, { not: { bind: 'n', type: 'B' } }, { type: 'C', condition: { field: 'a', operator: '==', value: '$n.a' } }], action: 'trigger_alert' })[0]!,
    /\$n.a/,
  );
  assert.match(issues({ rule_id: 'x', condition: { field: 'a', operator: 'matches', value: '(' }, action: 'trigger_alert' })[0]!, /valid regular expression/);
  assert.match(issues({ rule_id: 'x', condition: { field: 'a', operator: 'exists' }, action: 'trigger_alert', params: { t: '$t.id' } })[0]!, /not a positive pattern binding/);
  assert.deepEqual(issues({ rule_id: 'x', condition: { field: 'a', operator: 'exists' }, action: 'trigger_alert', params: { m: 'costs $5' } }), []);
});

test('user-registered operators validate and match like the built-ins', () => {
  const operators = new OperatorRegistry();
  operators.register({ name: 'between', validate: (v) => (Array.isArray(v) && v.length === 2 ? null : '[low, high]'), test: (l, r) => typeof l === 'number' && l >= (r as number[])[0]! && l <= (r as number[])[1]! });
  assert.throws(() => operators.register({ name: '>', test: () => true }), { code: 'conflict' });
  const e = new RuleEngine({ operators });
  e.actions.register({ name: 'log', description: 'test', run: () => {} });
  const bad = e.validate({ rule_id: 'b', condition: { field: 'x', operator: 'between', value: 3 }, action: 'log' });
  assert.equal(bad.ok, false);
  e.addRule({ rule_id: 'b', condition: { field: 'x', operator: 'between', value: [10, 20] }, action: 'log' });
  e.insert({ type: 'Fact', id: 'a', fields: { x: 15 } });
  e.insert({ type: 'Fact', id: 'b', fields: { x: 25 } });
  assert.deepEqual(e.matches(), [{ rule_id: 'b', facts: ['a'] }]);
});
