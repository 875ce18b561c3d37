import { naiveMatches } from '../../../tools/rules/naive-evaluator.ts';
import { RuleEngine } from '../../../tools/rules/engine.ts';
import type { NormalizedRule } from '../../../tools/rules/normalized-rule.ts';
import { joinRuleJson, type WorkloadB } from '../workloads.ts';
import type { BenchEngine } from './bench-engine.ts';

/** B recomputed from scratch after every step with tunechat's naive reference evaluator (re-joining everything). */
export function createNaiveRejoin(): BenchEngine {
  const validator = new RuleEngine();
  validator.actions.register({ name: 'log', description: 'bench', run: () => {} });
  let rules: NormalizedRule[] = [];
  const facts = new Map<string, { type: string; id: string; fields: Record<string, unknown> }>();
  let last: number[] = [];
  return {
    name: 'naive-rejoin',
    loadB(workload: WorkloadB) {
      rules = workload.rules.map((rule, i) => {
        const result = validator.validate(joinRuleJson(rule, i));
        if (!result.ok) throw new Error(result.issues[0]!.message);
        return result.rule;
      });
      for (const s of workload.studies) facts.set(`S${s.id}`, { type: 'Study', id: s.id, fields: { status: s.status } });
      for (const c of workload.constraints) facts.set(`C${c.id}`, { type: 'Constraint', id: c.id, fields: { study: c.study, metric: c.metric, max: c.max } });
    },
    stepB(step) {
      const id = step.op === 'insert' ? step.trial.id : step.id;
      const fields = step.op === 'insert' ? { study: step.trial.study, metric: step.trial.metric, value: step.trial.value } : { ...facts.get(`T${id}`)!.fields, value: step.value };
      facts.set(`T${id}`, { type: 'Trial', id, fields });
      const all = naiveMatches(rules, [...facts.values()], validator.operators);
      last = all.filter((m) => m.facts[0] === id).map((m) => Number(m.rule_id.slice(1)));
    },
    matchedB: () => last,
  };
}
