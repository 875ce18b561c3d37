import { Engine } from 'json-rules-engine';
import type { WorkloadA, WorkloadB } from '../workloads.ts';
import type { BenchEngine } from './bench-engine.ts';

const OPERATORS: Record<string, string> = { '>': 'greaterThan', '>=': 'greaterThanInclusive', '<': 'lessThan', '<=': 'lessThanInclusive', '==': 'equal' };

/**
 * json-rules-engine 7: every update runs every rule (`engine.run(facts)`), the events are the rules that hold.
 * B has no joins there: emulated with a dynamic fact that scans the constraints and studies for the trial.
 */
export function createJsonRulesEngine(): BenchEngine {
  let engine = new Engine([], { allowUndefinedFacts: true });
  let fact: Record<string, number> = {};
  let last: number[] = [];
  const trials = new Map<string, { id: string; study: string; metric: string; value: number }>();
  const run = async (facts: Record<string, unknown>) => {
    const { events } = await engine.run(facts);
    last = events.map((e) => Number(e.type));
  };
  return {
    name: 'json-rules-engine',
    async loadA(workload: WorkloadA) {
      engine = new Engine([], { allowUndefinedFacts: true });
      workload.rules.forEach((rule, i) => {
        engine.addRule({ conditions: { all: [{ fact: rule.field, operator: OPERATORS[rule.operator]!, value: rule.value }] }, event: { type: String(i) } });
      });
      fact = { ...workload.initial };
      await run(fact);
    },
    async updateA(change) {
      Object.assign(fact, change);
      await run(fact);
    },
    async evaluateA(fields) {
      fact = { ...fields };
      await run(fact);
    },
    matchedA: () => last,
    loadB(workload: WorkloadB) {
      engine = new Engine([], { allowUndefinedFacts: true });
      engine.addFact<Promise<boolean>>('violates', (params, almanac) =>
        almanac.factValue<{ study: string; metric: string; value: number }>('trial').then((trial) =>
          workload.constraints.some(
            (c) => c.study === trial.study && c.metric === trial.metric && trial.value > c.max + (params as { offset: number }).offset && workload.studies.some((s) => s.id === trial.study && s.status === 'running'),
          ),
        ),
      );
      workload.rules.forEach((rule, i) => {
        engine.addRule({
          conditions: { all: [{ fact: 'trial', path: '$.metric', operator: 'equal', value: rule.metric }, { fact: 'violates', params: { offset: rule.offset }, operator: 'equal', value: true }] },
          event: { type: String(i) },
        });
      });
    },
    async stepB(step) {
      const trial = step.op === 'insert' ? { ...step.trial } : { ...trials.get(step.id)!, value: step.value };
      trials.set(trial.id, trial);
      await run({ trial });
    },
    matchedB: () => last,
  };
}
