import { RuleEngine } from '../../../tools/rules/engine.ts';
import { joinRuleJson, thresholdRuleJson, type WorkloadA, type WorkloadB } from '../workloads.ts';
import type { BenchEngine } from './bench-engine.ts';

/** tunechat's Rete engine. A and C read the match set the network maintains; B reads what fired for the trial. */
export function createReteEngine(): BenchEngine {
  const engine = new RuleEngine();
  let fired: number[] = [];
  engine.actions.register({ name: 'log', description: 'bench', run: ({ rule }) => void fired.push(Number(rule.id.slice(1))) });
  let ruleIds: string[] = [];
  return {
    name: 'tunechat-rete',
    loadA(workload: WorkloadA) {
      workload.rules.forEach((rule, i) => engine.addRule(thresholdRuleJson(rule, i)));
      ruleIds = workload.rules.map((_, i) => `r${i}`);
      engine.insert({ type: 'Fact', id: 'x', fields: workload.initial });
    },
    updateA(change) {
      engine.modify({ type: 'Fact', id: 'x', fields: change });
    },
    evaluateA(fields) {
      engine.retract({ type: 'Fact', id: 'x' });
      engine.insert({ type: 'Fact', id: 'x', fields });
    },
    matchedA() {
      const out: number[] = [];
      ruleIds.forEach((id, i) => {
        if (engine.matchCount(id) > 0) out.push(i);
      });
      return out;
    },
    loadB(workload: WorkloadB) {
      workload.rules.forEach((rule, i) => engine.addRule(joinRuleJson(rule, i)));
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
