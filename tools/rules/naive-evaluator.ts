import { compileCondition, type CompiledCondition, type FactLike } from './condition-evaluator.ts';
import { compareIds } from './engine.ts';
import type { NormalizedRule } from './normalized-rule.ts';
import type { OperatorRegistry } from './operators.ts';
import type { RuleMatch } from './types.ts';

/**
 * The reference semantics: recomputes every rule's matches from scratch by nested loops over the facts
 * (no indexes, no memories). The Rete network must always agree with it (see the equivalence property test).
 */
export function naiveMatches(rules: readonly NormalizedRule[], facts: readonly FactLike[], operators: OperatorRegistry): RuleMatch[] {
  const byType = new Map<string, FactLike[]>();
  for (const fact of facts) {
    const list = byType.get(fact.type);
    if (list) list.push(fact);
    else byType.set(fact.type, [fact]);
  }
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const conditions: (CompiledCondition | null)[] = rule.patterns.map((p) => (p.condition ? compileCondition(p.condition, operators) : null));
    const env: (FactLike | null)[] = new Array(rule.patterns.length).fill(null);
    const found: RuleMatch[] = [];
    const walk = (position: number): void => {
      if (position === rule.patterns.length) {
        found.push({ rule_id: rule.id, facts: rule.patterns.filter((p) => p.kind === 'match').map((p) => env[p.position]!.id) });
        return;
      }
      const pattern = rule.patterns[position]!;
      const condition = conditions[position];
      const holds = (fact: FactLike) => {
        env[position] = fact;
        return condition === null || condition(env);
      };
      const candidates = byType.get(pattern.type) ?? [];
      if (pattern.kind === 'match') {
        for (const fact of candidates) if (holds(fact)) walk(position + 1);
      } else {
        const any = candidates.some(holds);
        env[position] = null;
        if (any === (pattern.kind === 'exists')) walk(position + 1);
      }
      env[position] = null;
    };
    walk(0);
    found.sort((a, b) => compareIds(a.facts, b.facts));
    out.push(...found);
  }
  return out;
}
