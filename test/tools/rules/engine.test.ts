import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleEngine } from '../../../tools/rules/engine.ts';
import type { RuleJson } from '../../../tools/rules/types.ts';

/** An engine whose `log` action records `rule_id:params.tag`. */
function recordingEngine(strategy?: string[]) {
  const log: string[] = [];
  const engine = new RuleEngine(strategy ? { strategy } : {});
  engine.actions.register({ name: 'log', description: 'record', run: ({ rule, params }) => void log.push(params.tag === undefined ? rule.id : `${rule.id}:${String(params.tag)}`) });
  return { engine, log };
}

const simple = (id: string, extra: Partial<RuleJson> = {}): RuleJson => ({ rule_id: id, condition: { field: 'x', operator: '>', value: 0 }, action: 'log', ...extra });

test('conflict resolution: salience first, then recency (newest activation), then rule order', () => {
  const { engine, log } = recordingEngine();
  engine.addRule(simple('low', { salience: -1 }));
  engine.addRule(simple('first'));
  engine.addRule(simple('second'));
  engine.addRule(simple('high', { salience: 10 }));
  engine.insert({ type: 'Fact', id: 'a', fields: { x: 1 } });
  engine.insert({ type: 'Fact', id: 'b', fields: { x: 1 } });
  engine.fire();
  // high (a, b: b newer first), then salience-0 rules by recency: b's activations are newer than a's; within the same fact, rule order.
  assert.deepEqual(log, ['high', 'high', 'first', 'second', 'first', 'second', 'low', 'low']);
  const fifo = recordingEngine(['salience', 'fifo', 'order']);
  fifo.engine.addRule(simple('r'));
  fifo.engine.insert({ type: 'Fact', id: 'a', fields: { x: 1 } });
  fifo.engine.insert({ type: 'Fact', id: 'b', fields: { x: 1 } });
  assert.deepEqual(fifo.engine.fire().map((f) => f.facts[0]), ['a', 'b']);
});

test('refraction: a match fires once; a change in a field the rule reads re-activates it; other fields do not', () => {
  const { engine, log } = recordingEngine();
  engine.addRule(simple('r'));
  engine.insert({ type: 'Fact', id: 'a', fields: { x: 1, other: 'p' } });
  assert.equal(engine.fire().length, 1);
  assert.equal(engine.fire().length, 0);
  engine.modify({ type: 'Fact', id: 'a', fields: { other: 'q' } });
  assert.equal(engine.fire().length, 0, 'x did not change');
  engine.modify({ type: 'Fact', id: 'a', fields: { x: 1 } });
  assert.equal(engine.fire().length, 0, 'same value is no change');
  engine.modify({ type: 'Fact', id: 'a', fields: { x: 2 } });
  assert.equal(engine.fire().length, 1, 'x changed and the match still holds: Drools-style re-activation');
  engine.modify({ type: 'Fact', id: 'a', fields: { x: -1 } });
  engine.modify({ type: 'Fact', id: 'a', fields: { x: 3 } });
  assert.deepEqual(engine.fire().map((f) => f.rule_id), ['r']);
  assert.equal(log.length, 3);
});

test('no_loop stops a rule re-activating itself through its own modify; without it fire(limit) bounds the chain', () => {
  const counter = (noLoop: boolean): RuleJson => ({
    rule_id: 'inc',
    no_loop: noLoop,
    condition: { field: 'n', operator: '<', value: 100 },
    action: 'modify',
    params: { fact: '$fact', fields: { n: '{{fact.n}}' } },
  });
  const looping = new RuleEngine();
  looping.actions.override({ name: 'modify', description: 'n+1', run: ({ bindings, memory }) => memory.modify({ type: 'Fact', id: bindings.fact!.id, fields: { n: (bindings.fact!.fields.n as number) + 1 } }) });
  looping.addRule(counter(false));
  looping.insert({ type: 'Fact', id: 'c', fields: { n: 0 } });
  assert.equal(looping.fire(10).length, 10, 'fire(limit) stops the runaway chain');
  assert.equal(looping.getFact('Fact', 'c')!.fields.n, 10);
  assert.equal(looping.fire().length, 90);
  assert.equal(looping.getFact('Fact', 'c')!.fields.n, 100);

  const guarded = new RuleEngine();
  guarded.actions.override({ name: 'modify', description: 'n+1', run: ({ bindings, memory }) => memory.modify({ type: 'Fact', id: bindings.fact!.id, fields: { n: (bindings.fact!.fields.n as number) + 1 } }) });
  guarded.addRule(counter(true));
  guarded.insert({ type: 'Fact', id: 'c', fields: { n: 0 } });
  assert.equal(guarded.fire().length, 1);
  assert.equal(guarded.getFact('Fact', 'c')!.fields.n, 1);
});

test('agenda groups: only the focused group fires; the focus pops back to MAIN when the group is empty', () => {
  const { engine, log } = recordingEngine();
  engine.addRule(simple('main'));
  engine.addRule(simple('cleanup', { agenda_group: 'cleanup', salience: 100 }));
  engine.addRule({ rule_id: 'go', condition: { field: 'go', operator: '==', value: true }, action: 'focus', params: { agenda_group: 'cleanup' }, salience: 50 });
  engine.insert({ type: 'Fact', id: 'a', fields: { x: 1 } });
  engine.fire();
  assert.deepEqual(log, ['main'], 'cleanup is not focused');
  assert.deepEqual(engine.pending(), { MAIN: 0, cleanup: 1 });
  engine.insert({ type: 'Fact', id: 'b', fields: { go: true } });
  engine.fire();
  assert.deepEqual(log, ['main', 'cleanup']);
});

test('activation groups: the first of a group to fire cancels the group\'s other pending activations; later ones may fire', () => {
  const { engine, log } = recordingEngine();
  engine.addRule(simple('discount-gold', { salience: 10, activation_group: 'discount' }));
  engine.addRule(simple('discount-silver', { salience: 5, activation_group: 'discount' }));
  engine.addRule(simple('audit'));
  engine.insert({ type: 'Fact', id: 'a', fields: { x: 1 } });
  assert.deepEqual(engine.fire().map((f) => f.rule_id), ['discount-gold', 'audit']);
  assert.deepEqual(engine.pending(), { MAIN: 0 }, 'silver was cancelled, not left pending');
  assert.equal(engine.matchCount('discount-silver'), 1, 'cancelling a firing does not change the match set');
  // A new match (fact b) activates the group again: again only its best rule fires.
  engine.insert({ type: 'Fact', id: 'b', fields: { x: 1 } });
  assert.deepEqual(engine.fire().map((f) => f.rule_id), ['discount-gold', 'audit']);
  assert.deepEqual(log, ['discount-gold', 'audit', 'discount-gold', 'audit']);
  assert.throws(() => engine.addRule(simple('bad', { activation_group: '' })), /activation_group/);
});

test('joins bind several fact types; params resolve bound fields; not and exists gate without multiplying matches', () => {
  const { engine, log } = recordingEngine();
  engine.addRule({
    rule_id: 'violation',
    when: [
      { bind: 't', type: 'Trial', condition: { field: 'metric', operator: '==', value: 'p99' } },
      { bind: 'c', type: 'Constraint', condition: { all: [{ field: 'study', operator: '==', value: '$t.study' }, { field: '$t.value', operator: '>', value: { ref: '$c.max', add: 5 } }] } },
      { bind: 's', type: 'Study', condition: { all: [{ field: 'id', operator: '==', value: '$t.study' }, { field: 'status', operator: '==', value: 'running' }] } },
      { not: { type: 'Mute', condition: { field: 'study', operator: '==', value: '$t.study' } } },
    ],
    action: 'log',
    params: { tag: '$t.id' },
  });
  engine.addRule({ rule_id: 'any-trial', when: [{ bind: 's', type: 'Study' }, { exists: { type: 'Trial', condition: { field: 'study', operator: '==', value: '$s.id' } } }], action: 'log', params: { tag: '$s.id' } });
  engine.insert({ type: 'Study', id: 's1', fields: { status: 'running' } });
  engine.insert({ type: 'Constraint', id: 'c1', fields: { study: 's1', max: 100 } });
  engine.insert({ type: 'Trial', id: 't1', fields: { study: 's1', metric: 'p99', value: 104 } });
  engine.insert({ type: 'Trial', id: 't2', fields: { study: 's1', metric: 'p99', value: 106 } });
  engine.insert({ type: 'Trial', id: 't3', fields: { study: 's2', metric: 'p99', value: 500 } });
  assert.deepEqual(engine.matches(), [
    { rule_id: 'violation', facts: ['t2', 'c1', 's1'] },
    { rule_id: 'any-trial', facts: ['s1'] },
  ]);
  engine.fire();
  assert.deepEqual(log.sort(), ['any-trial:s1', 'violation:t2']);
  engine.insert({ type: 'Mute', id: 'm', fields: { study: 's1' } });
  engine.modify({ type: 'Trial', id: 't1', fields: { value: 200 } });
  assert.deepEqual(engine.matches('violation'), []);
  engine.retract({ type: 'Mute', id: 'm' });
  assert.deepEqual(engine.matches('violation').map((m) => m.facts[0]), ['t1', 't2']);
  engine.modify({ type: 'Study', id: 's1', fields: { status: 'stopped' } });
  assert.deepEqual(engine.matches('violation'), []);
  engine.retract({ type: 'Trial', id: 't1' });
  engine.retract({ type: 'Trial', id: 't2' });
  assert.deepEqual(engine.matches('any-trial'), []);
});

test('insert, modify and retract report misuse as ToolErrors naming the fact', () => {
  const { engine } = recordingEngine();
  engine.insert({ type: 'Fact', id: 'a', fields: {} });
  assert.throws(() => engine.insert({ type: 'Fact', id: 'a', fields: {} }), { code: 'conflict', message: /Fact "a" is already in working memory/ });
  assert.throws(() => engine.modify({ type: 'Fact', id: 'zz', fields: { x: 1 } }), { code: 'not_found', message: 'no fact Fact "zz" in working memory' });
  assert.throws(() => engine.retract({ type: 'Other', id: 'a' }), { code: 'not_found' });
  assert.throws(() => engine.addRule({ rule_id: 'x', condition: { field: 'a', operator: '?' }, action: 'log' }), { code: 'invalid_argument', message: /rule x is invalid at \$\.condition\.operator/ });
});

test('removing or replacing a rule drops its matches and pending activations; disabled rules never match', () => {
  const { engine } = recordingEngine();
  engine.addRule(simple('r'));
  engine.insert({ type: 'Fact', id: 'a', fields: { x: 1 } });
  assert.equal(engine.matchCount('r'), 1);
  engine.addRule(simple('r', { condition: { field: 'x', operator: '>', value: 5 } }));
  assert.equal(engine.matchCount('r'), 0);
  assert.deepEqual(engine.fire(), []);
  engine.addRule(simple('off', { enabled: false }));
  assert.equal(engine.matchCount('off'), 0);
  assert.equal(engine.removeRule('r'), true);
  assert.equal(engine.removeRule('r'), false);
  assert.deepEqual(engine.matches(), []);
});

test('explain says which conditions hold and which fail, with the actual values', () => {
  const { engine } = recordingEngine();
  engine.addRule({ rule_id: 'hot', condition: { all: [{ field: 'temperature', operator: '>', value: 37.5 }, { field: 'unit', operator: '==', value: 'C' }] }, action: 'log' });
  engine.insert({ type: 'Fact', id: 'p1', fields: { temperature: 36.6, unit: 'C' } });
  const why = engine.explain('hot');
  assert.equal(why.holds, false);
  assert.deepEqual(
    why.patterns[0]!.conditions.map((c) => [c.path, c.field, c.operator, c.expected, c.actual, c.holds]),
    [
      ['$.condition.all[0]', 'temperature', '>', 37.5, 36.6, false],
      ['$.condition.all[1]', 'unit', '==', 'C', 'C', true],
    ],
  );
  assert.match(why.summary, /closest p1: temperature > 37.5 is false \(actual 36.6\)/);
  engine.modify({ type: 'Fact', id: 'p1', fields: { temperature: 38 } });
  assert.equal(engine.explain('hot').holds, true);
  assert.throws(() => engine.explain('nope'), { code: 'not_found' });
});
