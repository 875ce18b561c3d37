import { RuleEngine } from '../../../tools/rules/engine.ts';
import { joinRuleJson, thresholdRuleJson, type WorkloadA, type WorkloadB } from '../workloads.ts';
import type { BenchEngine } from './bench-engine.ts';

/** tunechat's Rete engine. A and C read the match set the network maintains; B reads what fired for the trial. */
export function createReteEngine(): BenchEngine {
  // Mirrors the match set of A/C so the untimed report costs O(matches), not O(rules).
  const matched = new Map<number, number>();
  const indexOf = new Map<string, number>();
  const engine = new RuleEngine({
    onMatchChange: ({ ruleId, added }) => {
      const index = indexOf.get(ruleId)!;
      const count = (matched.get(index) ?? 0) + (added ? 1 : -1);
      if (count === 0) matched.delete(index);
      else matched.set(index, count);
    },
  });
  let fired: number[] = [];
  engine.actions.register({ name: 'log', description: 'bench', run: ({ rule }) => void fired.push(Number(rule.id.slice(1))) });
  return {
    name: 'tunechat-rete',
    loadA(workload: WorkloadA) {
      workload.rules.forEach((rule, i) => {
        indexOf.set(`r${i}`, i);
        engine.addRule(thresholdRuleJson(rule, i));
      });
      engine.insert({ type: 'Fact', id: 'x', fields: workload.initial });
    },
    updateA(change) {
      engine.modify({ type: 'Fact', id: 'x', fields: change });
    },
    evaluateA(fields) {
      engine.retract({ type: 'Fact', id: 'x' });
      engine.insert({ type: 'Fact', id: 'x', fields });
    },
    matchedA: () => [...matched.keys()],
    loadB(workload: WorkloadB) {
      matched.clear();
      workload.rules.forEach((rule, i) => {
        indexOf.set(`j${i}`, i);
        engine.addRule(joinRuleJson(rule, i));
      });
      for (const s of workload.studies) engine.insert({ type: 'Study', id: s.id, fields: { status: s.status } });
      for (const c of workload.constraints) engine.insert({ type: 'Constraint', id: c.id, fields: { study: c.study, metric: c.metric, max: c.max } });
    },
    stepB(step) {
      if (step.op === 'insert') engine.insert({ type: 'Trial', id: step.trial.id, fields: { study: step.trial.study, metric: step.trial.metric, value: step.trial.value } });
      else engine.modify({ type: 'Trial', id: step.id, fields: { value: step.value } });
    },
    matchedB() {
      fired = [];
      engine.fire(1_000_000);
      return fired;
    },
  };
}
