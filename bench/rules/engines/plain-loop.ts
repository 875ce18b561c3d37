import type { WorkloadA, WorkloadB } from '../workloads.ts';
import { holds, type BenchEngine } from './bench-engine.ts';

/** A plain loop over the JSON rules after every update (and, for B, nested loops over the facts for the changed trial). */
export function createPlainLoop(): BenchEngine {
  let rules: WorkloadA['rules'] = [];
  let fact: Record<string, number> = {};
  let last: number[] = [];
  let b: WorkloadB | null = null;
  const trials = new Map<string, { id: string; study: string; metric: string; value: number }>();
  const evaluate = () => {
    const out: number[] = [];
    for (let i = 0; i < rules.length; i++) if (holds(rules[i]!, fact[rules[i]!.field]!)) out.push(i);
    last = out;
  };
  return {
    name: 'plain-loop',
    loadA(workload) {
      rules = workload.rules;
      fact = { ...workload.initial };
      evaluate();
    },
    updateA(change) {
      Object.assign(fact, change);
      evaluate();
    },
    evaluateA(fields) {
      fact = { ...fields };
      evaluate();
    },
    matchedA: () => last,
    loadB(workload) {
      b = workload;
    },
    stepB(step) {
      const trial = step.op === 'insert' ? { ...step.trial } : { ...trials.get(step.id)!, value: step.value };
      trials.set(trial.id, trial);
      const out: number[] = [];
      b!.rules.forEach((rule, i) => {
        if (trial.metric !== rule.metric) return;
        for (const c of b!.constraints) {
          if (c.study !== trial.study || c.metric !== trial.metric || !(trial.value > c.max + rule.offset)) continue;
          for (const s of b!.studies) if (s.id === trial.study && s.status === 'running') out.push(i);
        }
      });
      last = out;
    },
    matchedB: () => last,
  };
}
