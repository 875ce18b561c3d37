import type { WorkloadB } from '../workloads.ts';
import { holds, type BenchEngine } from './bench-engine.ts';

/** A hand-indexed loop: rules grouped by field (A) or metric (B), constraints and studies in hash maps. */
export function createIndexedLoop(): BenchEngine {
  let byField = new Map<string, { index: number; rule: Parameters<typeof holds>[0] }[]>();
  const matched = new Set<number>();
  let fact: Record<string, number> = {};
  let last: number[] = [];
  const refresh = (field: string) => {
    for (const { index, rule } of byField.get(field) ?? []) {
      if (holds(rule, fact[field]!)) matched.add(index);
      else matched.delete(index);
    }
  };
  let rulesByMetric = new Map<string, { index: number; offset: number }[]>();
  const constraints = new Map<string, number>();
  const running = new Set<string>();
  const trials = new Map<string, { study: string; metric: string; value: number }>();
  return {
    name: 'indexed-loop',
    loadA(workload) {
      byField = new Map();
      workload.rules.forEach((rule, index) => {
        const list = byField.get(rule.field) ?? [];
        list.push({ index, rule });
        byField.set(rule.field, list);
      });
      fact = { ...workload.initial };
      for (const field of byField.keys()) refresh(field);
    },
    updateA(change) {
      Object.assign(fact, change);
      for (const field of Object.keys(change)) refresh(field);
    },
    evaluateA(fields) {
      fact = { ...fields };
      for (const field of byField.keys()) refresh(field);
    },
    matchedA: () => [...matched],
    loadB(workload: WorkloadB) {
      rulesByMetric = new Map();
      workload.rules.forEach((rule, index) => {
        const list = rulesByMetric.get(rule.metric) ?? [];
        list.push({ index, offset: rule.offset });
        rulesByMetric.set(rule.metric, list);
      });
      for (const c of workload.constraints) constraints.set(`${c.study}|${c.metric}`, c.max);
      for (const s of workload.studies) if (s.status === 'running') running.add(s.id);
    },
    stepB(step) {
      const trial = step.op === 'insert' ? step.trial : { ...trials.get(step.id)!, value: step.value };
      trials.set(step.op === 'insert' ? step.trial.id : step.id, trial);
      const out: number[] = [];
      const max = constraints.get(`${trial.study}|${trial.metric}`);
      if (max !== undefined && running.has(trial.study)) {
        for (const { index, offset } of rulesByMetric.get(trial.metric) ?? []) if (trial.value > max + offset) out.push(index);
      }
      last = out;
    },
    matchedB: () => last,
  };
}
