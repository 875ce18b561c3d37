import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type Rng } from '../../../tools/common/rng.ts';
import { RuleEngine } from '../../../tools/rules/engine.ts';
import { naiveMatches } from '../../../tools/rules/naive-evaluator.ts';
import type { ConditionJson, PatternElementJson, RuleJson } from '../../../tools/rules/types.ts';

const TYPES = ['A', 'B'];
const FIELDS = ['f0', 'f1', 'f2', 'f3'];
const OPERATORS = ['==', '!=', '>', '>=', '<', '<=', 'in', 'not_in', 'exists', 'contains'];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(0, items.length - 1)]!;

function randomValue(rng: Rng): unknown {
  const roll = rng.next();
  if (roll < 0.8) return rng.int(0, 4);
  if (roll < 0.9) return pick(rng, ['x', 'y']);
  return null;
}

function randomLeaf(rng: Rng, scope: string[], own: string): ConditionJson {
  const operator = pick(rng, OPERATORS);
  const others = scope.filter((b) => b !== own);
  const field = others.length > 0 && rng.next() < 0.15 ? `$${pick(rng, others)}.${pick(rng, FIELDS)}` : pick(rng, FIELDS);
  if (operator === 'exists') return rng.next() < 0.7 ? { field, operator } : { field, operator, value: false };
  if (operator === 'in' || operator === 'not_in') return { field, operator, value: [rng.int(0, 4), rng.int(0, 4)] };
  if (others.length > 0 && rng.next() < 0.45) {
    const ref = `$${pick(rng, others)}.${pick(rng, FIELDS)}`;
    return { field, operator, value: rng.next() < 0.3 ? { ref, add: rng.int(-1, 1) } : ref };
  }
  const value = randomValue(rng);
  return { field, operator, value: value === null && ['>', '>=', '<', '<='].includes(operator) ? rng.int(0, 4) : value };
}

function randomCondition(rng: Rng, scope: string[], own: string, depth: number): ConditionJson {
  const roll = rng.next();
  if (depth >= 2 || roll < 0.55) return randomLeaf(rng, scope, own);
  const count = rng.int(1, 3);
  const items = Array.from({ length: count }, () => randomCondition(rng, scope, own, depth + 1));
  if (roll < 0.8) return { all: items };
  if (roll < 0.93) return { any: items };
  return { not: items[0]! };
}

function randomRule(rng: Rng, index: number): RuleJson {
  const patterns = rng.int(1, 3);
  const scope: string[] = [];
  const when: PatternElementJson[] = [];
  for (let p = 0; p < patterns; p++) {
    const bind = `b${p}`;
    const kindRoll = p === 0 ? 0 : rng.next();
    const kind = kindRoll < 0.7 ? 'match' : kindRoll < 0.85 ? 'not' : 'exists';
    const pattern = { bind, type: pick(rng, TYPES), ...(rng.next() < 0.85 ? { condition: randomCondition(rng, [...scope, bind], bind, 0) } : {}) };
    when.push(kind === 'match' ? pattern : kind === 'not' ? { not: pattern } : { exists: pattern });
    if (kind === 'match') scope.push(bind);
  }
  return { rule_id: `r${index}`, when, action: 'log', salience: rng.int(-2, 2), no_loop: rng.next() < 0.5 };
}

function randomFields(rng: Rng): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const roll = rng.next();
    if (roll < 0.12) continue;
    fields[field] = roll < 0.2 ? [rng.int(0, 4), rng.int(0, 4)] : randomValue(rng);
  }
  return fields;
}

function runScenario(seed: number, steps: number): void {
  const rng = createRng(seed);
  const engine = new RuleEngine();
  engine.actions.override({ name: 'log', description: 'no-op', run: () => {} });
  let ruleCount = 0;
  for (let i = 0; i < 6; i++) engine.addRule(randomRule(rng, ruleCount++));
  const live = new Map<string, { type: string; id: string }>();
  for (let step = 0; step < steps; step++) {
    const roll = rng.next();
    const type = pick(rng, TYPES);
    const id = `${type}${rng.int(0, 5)}`;
    const key = `${type}:${id}`;
    let label: string;
    if (roll < 0.04) {
      engine.addRule(randomRule(rng, ruleCount++));
      label = 'add rule';
    } else if (roll < 0.06 && engine.rules().length > 1) {
      const rule = pick(rng, engine.rules());
      engine.removeRule(rule.id);
      label = `remove ${rule.id}`;
    } else if (!live.has(key)) {
      engine.insert({ type, id, fields: randomFields(rng) });
      live.set(key, { type, id });
      label = `insert ${key}`;
    } else if (roll < 0.75) {
      const fields: Record<string, unknown> = {};
      for (let n = rng.int(1, 2); n > 0; n--) fields[pick(rng, FIELDS)] = randomValue(rng);
      engine.modify({ type, id, fields });
      label = `modify ${key} ${JSON.stringify(fields)}`;
    } else {
      engine.retract({ type, id });
      live.delete(key);
      label = `retract ${key}`;
    }
    if (rng.next() < 0.3) engine.fire(50);
    const expected = naiveMatches(engine.rules(), engine.facts(), engine.operators);
    assert.deepEqual(engine.matches(), expected, `seed ${seed} step ${step} (${label})`);
  }
}

test('Rete and the naive evaluator agree on every match set, step by step, over random rules and fact streams', () => {
  for (let seed = 1; seed <= 60; seed++) runScenario(seed, 150);
});
