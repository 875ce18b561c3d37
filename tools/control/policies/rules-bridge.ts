/**
 * The live controller's link to the Rete engine: one decision = put the controller's `Controller` fact in
 * working memory afresh, fire, and collect what the firing rules asked for (`scale` requests bound to this
 * fact, `set_param` requests from rules that fired on it). The whole exchange is synchronous, so requests
 * from another controller's decision cannot mix in.
 */
import type { ScaleRequest } from '../../rules/actions/scale-action.ts';
import type { RuleService, SetParamRequest } from '../../rules/rule-service.ts';
import type { RulesBridge, RulesRequest } from './rules-policy.ts';

export type { RulesBridge } from './rules-policy.ts';

export const CONTROLLER_FACT_TYPE = 'Controller';

export function createRulesBridge(rules: RuleService): RulesBridge {
  return {
    async decide(fact) {
      const id = String(fact.id);
      const scales: ScaleRequest[] = [];
      const setParams: SetParamRequest[] = [];
      const offScale = rules.onScale((request) => scales.push(request));
      const offSetParam = rules.onSetParam((request) => setParams.push(request));
      let firings;
      try {
        firings = rules.publishFact({ type: CONTROLLER_FACT_TYPE, id, fields: { ...fact } }, { fresh: true });
      } finally {
        offScale();
        offSetParam();
      }
      const onThisFact = new Set(firings.filter((f) => f.facts.includes(id)).map((f) => f.rule_id));
      const out: RulesRequest[] = [];
      for (const s of scales) {
        if (s.controllerId !== id) continue;
        out.push({ rule_id: s.ruleId, ...(s.factor !== undefined ? { factor: s.factor } : {}), ...(s.delta !== undefined ? { delta: s.delta } : {}), ...(s.value !== undefined ? { value: s.value } : {}) });
      }
      for (const p of setParams) {
        // set_param names the parameter and carries no fact: it counts when its rule fired on this fact.
        if (p.name !== fact.parameter || !onThisFact.has(p.ruleId)) continue;
        const value = typeof p.value === 'number' ? p.value : typeof p.value === 'string' && p.value.trim() !== '' ? Number(p.value) : NaN;
        if (Number.isFinite(value)) out.push({ rule_id: p.ruleId, value });
      }
      return out;
    },
    release(factId) {
      rules.retractFact(CONTROLLER_FACT_TYPE, factId);
    },
  };
}
