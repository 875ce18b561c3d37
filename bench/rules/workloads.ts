import { createRng } from '../../tools/common/rng.ts';
import type { RuleJson } from '../../tools/rules/types.ts';

/**
 * The rule-engine benchmark workloads of ../shared/ANCHORS.md §2, generated deterministically from a seed.
 * Firing semantics measured: after every update each engine reports the *current* match set ("level"
 * semantics) — for A every rule whose condition holds; for B every (rule, trial) match of the trial that
 * changed.
 */
export const FIELD_COUNT = 20;
export const THRESHOLD_OPERATORS = ['>', '>=', '<', '<=', '=='] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

export interface ThresholdRule {
  field: string;
  operator: ThresholdOperator;
  value: number;
}

export interface WorkloadA {
  rules: ThresholdRule[];
  initial: Record<string, number>;
  /** Each update replaces 1–3 fields. */
  updates: Record<string, number>[];
}

/** A: N single-condition threshold rules over one fact with 20 integer fields (0–99); about 6% hold. */
export function workloadA(ruleCount: number, updateCount = 10_000, seed = 1): WorkloadA {
  const rng = createRng(seed);
  const rules: ThresholdRule[] = [];
  for (let i = 0; i < ruleCount; i++) {
    const operator = THRESHOLD_OPERATORS[rng.int(0, THRESHOLD_OPERATORS.length - 1)]!;
    const field = `f${rng.int(0, FIELD_COUNT - 1)}`;
    const value = operator === '>' || operator === '>=' ? rng.int(86, 99) : operator === '<' || operator === '<=' ? rng.int(0, 13) : rng.int(0, 99);
    rules.push({ field, operator, value });
  }
  const initial: Record<string, number> = {};
  for (let f = 0; f < FIELD_COUNT; f++) initial[`f${f}`] = rng.int(0, 99);
  const updates = Array.from({ length: updateCount }, () => {
    const update: Record<string, number> = {};
    for (let n = rng.int(1, 3); n > 0; n--) update[`f${rng.int(0, FIELD_COUNT - 1)}`] = rng.int(0, 99);
    return update;
  });
  return { rules, initial, updates };
}

export function thresholdRuleJson(rule: ThresholdRule, index: number): RuleJson {
  return { rule_id: `r${index}`, condition: { field: rule.field, operator: rule.operator, value: rule.value }, action: 'log' };
}

export interface JoinRule {
  metric: string;
  offset: number;
}

export interface WorkloadB {
  rules: JoinRule[];
  studies: { id: string; status: 'running' | 'stopped' }[];
  constraints: { id: string; study: string; metric: string; max: number }[];
  /** 2,000 inserts, then 200 modifications of an inserted trial's value. */
  steps: ({ op: 'insert'; trial: { id: string; study: string; metric: string; value: number } } | { op: 'modify'; id: string; value: number })[];
}

/**
 * B: 1,000 rules `Trial t(metric == mK)`, `Constraint c(c.study == t.study, c.metric == t.metric,
 * t.value > c.max + offset)`, `Study s(s.id == t.study, s.status == 'running')`; 100 studies and 2,000
 * constraints (one per study and metric), then 2,000 trial inserts and 200 trial updates.
 */
export function workloadB(seed = 2): WorkloadB {
  const rng = createRng(seed);
  const metrics = Array.from({ length: 20 }, (_, i) => `m${i}`);
  const rules = Array.from({ length: 1000 }, (_, i) => ({ metric: metrics[i % metrics.length]!, offset: rng.int(0, 40) }));
  const studies = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, status: rng.next() < 0.8 ? ('running' as const) : ('stopped' as const) }));
  const constraints = studies.flatMap((s) => metrics.map((metric) => ({ id: `c-${s.id}-${metric}`, study: s.id, metric, max: rng.int(20, 100) })));
  const steps: WorkloadB['steps'] = [];
  for (let i = 0; i < 2000; i++) {
    steps.push({ op: 'insert', trial: { id: `t${i}`, study: `s${rng.int(0, 99)}`, metric: metrics[rng.int(0, 19)]!, value: rng.int(0, 150) } });
  }
  for (let i = 0; i < 200; i++) steps.push({ op: 'modify', id: `t${rng.int(0, 1999)}`, value: rng.int(0, 150) });
  return { rules, studies, constraints, steps };
}

export function joinRuleJson(rule: JoinRule, index: number): RuleJson {
  return {
    rule_id: `j${index}`,
    when: [
      { bind: 't', type: 'Trial', condition: { field: 'metric', operator: '==', value: rule.metric } },
      {
        bind: 'c',
        type: 'Constraint',
        condition: {
          all: [
            { field: 'study', operator: '==', value: '$t.study' },
            { field: 'metric', operator: '==', value: '$t.metric' },
            { field: '$t.value', operator: '>', value: { ref: '$c.max', add: rule.offset } },
          ],
        },
      },
      { bind: 's', type: 'Study', condition: { all: [{ field: 'id', operator: '==', value: '$t.study' }, { field: 'status', operator: '==', value: 'running' }] } },
    ],
    action: 'log',
  };
}

/** Order-independent digest of a step's report (rule indices, or rule×trial pairs), for cross-engine checks. */
export function digest(values: Iterable<number>): string {
  let sum = 0;
  let xor = 0;
  let count = 0;
  for (const v of values) {
    const h = Math.imul(v ^ (v >>> 16), 0x45d9f3b) >>> 0;
    sum = (sum + h) >>> 0;
    xor = (xor ^ Math.imul(h, 0x27d4eb2d)) >>> 0;
    count++;
  }
  return `${count}:${sum.toString(36)}:${xor.toString(36)}`;
}
