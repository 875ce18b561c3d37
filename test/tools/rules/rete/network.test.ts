import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleEngine } from '../../../../tools/rules/engine.ts';

function newEngine(): RuleEngine {
  const engine = new RuleEngine();
  engine.actions.register({ name: 'log', description: 'no-op', run: () => {} });
  return engine;
}

const threshold = (id: string, field: string, operator: string, value: number) => ({ rule_id: id, condition: { field, operator, value }, action: 'log' });

test('rules with identical conditions share one alpha memory; memories go with their last rule', () => {
  const engine = newEngine();
  engine.addRule(threshold('a', 'x', '>', 5));
  engine.addRule(threshold('b', 'x', '>', 5));
  engine.addRule(threshold('c', 'x', '>', 7));
  engine.addRule(threshold('d', 'y', '>', 5));
  assert.equal(engine.stats().alphaMemories, 3);
  engine.insert({ type: 'Fact', id: 'f', fields: { x: 6, y: 1 } });
  assert.deepEqual(engine.matches().map((m) => m.rule_id), ['a', 'b']);
  assert.equal(engine.matchCount('c'), 0);
  engine.removeRule('a');
  assert.equal(engine.stats().alphaMemories, 3);
  assert.deepEqual(engine.matches().map((m) => m.rule_id), ['b']);
  engine.removeRule('b');
  assert.equal(engine.stats().alphaMemories, 2);
  engine.modify({ type: 'Fact', id: 'f', fields: { x: 8 } });
  assert.deepEqual(engine.matches().map((m) => m.rule_id), ['c']);
  // A rule loaded again over the same condition finds the current facts.
  engine.addRule(threshold('a', 'x', '>', 5));
  assert.deepEqual(engine.matches().map((m) => m.rule_id), ['c', 'a']);
});

test('a shared memory listens to the fields of every rule using it, also when one joins later over existing facts', () => {
  const engine = newEngine();
  engine.addRule(threshold('single', 'x', '>', 5));
  engine.insert({ type: 'Fact', id: 'f', fields: { x: 6, z: 1 } });
  engine.insert({ type: 'Other', id: 'o', fields: { y: 2 } });
  // Same first pattern (x > 5), but this rule also reads z of that fact through a join.
  engine.addRule({
    rule_id: 'join',
    when: [
      { bind: 'p', type: 'Fact', condition: { field: 'x', operator: '>', value: 5 } },
      { bind: 'q', type: 'Other', condition: { field: 'y', operator: '==', value: '$p.z' } },
    ],
    action: 'log',
  });
  assert.equal(engine.stats().alphaMemories, 2);
  assert.deepEqual(engine.fire().map((f) => f.rule_id).sort(), ['single']);
  engine.modify({ type: 'Fact', id: 'f', fields: { z: 2 } });
  // z is read only by the join rule: it matches now, and the single-pattern rule is not re-activated.
  assert.deepEqual(engine.fire().map((f) => [f.rule_id, f.facts]), [['join', ['f', 'o']]]);
  engine.modify({ type: 'Fact', id: 'f', fields: { x: 7 } });
  assert.deepEqual(engine.fire().map((f) => f.rule_id).sort(), ['join', 'single']);
  engine.modify({ type: 'Fact', id: 'f', fields: { x: 1 } });
  assert.deepEqual(engine.matches(), []);
});
