import type { ThresholdRule, WorkloadA, WorkloadB } from '../workloads.ts';

/**
 * One engine under benchmark. Every method that changes state is timed by the worker; the `matched…`
 * readers are not (they only collect the report that the cross-engine agreement check compares).
 * Semantics: after each update, the current match set (A: rule indices whose condition holds; B: rule
 * indices matching the trial that changed).
 */
export interface BenchEngine {
  name: string;
  loadA?(workload: WorkloadA): void | Promise<void>;
  updateA?(change: Record<string, number>): void | Promise<void>;
  matchedA?(): number[];
  /** C (warm): evaluate the loaded rules against a whole new fact. */
  evaluateA?(fields: Record<string, number>): void | Promise<void>;
  loadB?(workload: WorkloadB): void | Promise<void>;
  stepB?(step: WorkloadB['steps'][number]): void | Promise<void>;
  matchedB?(trialId: string): number[];
}

export function holds(rule: ThresholdRule, value: number): boolean {
  switch (rule.operator) {
    case '>':
      return value > rule.value;
    case '>=':
      return value >= rule.value;
    case '<':
      return value < rule.value;
    case '<=':
      return value <= rule.value;
    case '==':
      return value === rule.value;
  }
}
