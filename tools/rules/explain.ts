import type { FactLike } from './condition-evaluator.ts';
import { MatchPattern } from './match-pattern.ts';
import { readPath, type NormalizedCondition, type NormalizedRule } from './normalized-rule.ts';
import type { OperatorRegistry } from './operators.ts';

/** One field test evaluated against concrete facts. */
export interface LeafExplanation {
  path: string;
  field: string;
  operator: string;
  expected: unknown;
  actual: unknown;
  holds: boolean;
}

/** How one pattern fares given the best partial match of the patterns before it. */
export interface PatternExplanation {
  position: number;
  kind: 'match' | 'not' | 'exists';
  type: string;
  binding: string;
  /** Facts of the pattern's type in working memory. */
  facts_of_type: number;
  /** Facts that satisfy the whole pattern (joined with the earlier bindings shown). */
  satisfying: string[];
  /** The fact the conditions are shown for: a satisfying one, else the closest (most tests true). */
  shown_fact: string | null;
  holds: boolean;
  conditions: LeafExplanation[];
}

export interface RuleExplanation {
  rule_id: string;
  enabled: boolean;
  /** Whether the rule has at least one complete match. */
  holds: boolean;
  patterns: PatternExplanation[];
  /** One sentence the agent can repeat. */
  summary: string;
}

type Env = (FactLike | null)[];

function describe(value: unknown): unknown {
  return value instanceof MatchPattern ? value.source : value instanceof RegExp ? value.source : value;
}

/** Evaluates a condition and records every leaf's actual values (the same semantics as compileCondition). */
function evaluate(condition: NormalizedCondition, env: Env, operators: OperatorRegistry, leaves: LeafExplanation[] | null): boolean {
  switch (condition.kind) {
    case 'all': {
      let result = true;
      for (const item of condition.items) if (!evaluate(item, env, operators, leaves)) result = false;
      return result;
    }
    case 'any': {
      let result = false;
      for (const item of condition.items) if (evaluate(item, env, operators, leaves)) result = true;
      return result;
    }
    case 'not':
      return !evaluate(condition.item, env, operators, leaves);
    case 'leaf': {
      const operator = operators.get(condition.operator)!;
      const leftFact = env[condition.left.position];
      const left = leftFact ? readPath(leftFact, condition.left.path) : undefined;
      let right: unknown;
      const r = condition.right;
      if (r?.kind === 'const') right = r.value;
      else if (r?.kind === 'ref') {
        const fact = env[r.position];
        const value = fact ? readPath(fact, r.path) : undefined;
        right = r.add === 0 && r.mul === 1 ? value : typeof value === 'number' ? value * r.mul + r.add : undefined;
      }
      let holds: boolean;
      if (left === undefined && !operator.acceptsMissing) holds = false;
      else if (r?.kind === 'ref' && right === undefined) holds = false;
      else holds = operator.test(left, right);
      leaves?.push({ path: condition.jsonPath, field: condition.source.field, operator: condition.operator, expected: describe(right), actual: left, holds });
      return holds;
    }
  }
}

/**
 * Explains a rule against facts: pattern by pattern, which facts satisfy it (given the earlier bindings
 * of the first complete or deepest partial match) and, for the fact shown, which tests hold and which
 * fail, with the actual values. Lets the agent say why a rule did or did not fire.
 */
export function explainRule(rule: NormalizedRule, facts: readonly FactLike[], operators: OperatorRegistry): RuleExplanation {
  const env: Env = new Array(rule.patterns.length).fill(null);
  const patterns: PatternExplanation[] = [];
  let holds = true;
  for (const pattern of rule.patterns) {
    const candidates = facts.filter((f) => f.type === pattern.type);
    const satisfying: FactLike[] = [];
    let best: { fact: FactLike; leaves: LeafExplanation[]; score: number } | null = null;
    for (const fact of candidates) {
      env[pattern.position] = fact;
      const leaves: LeafExplanation[] = [];
      const ok = pattern.condition === null || evaluate(pattern.condition, env, operators, leaves);
      if (ok) satisfying.push(fact);
      const score = ok ? Infinity : leaves.filter((l) => l.holds).length;
      if (!best || score > best.score) best = { fact, leaves, score };
    }
    const matched = pattern.kind === 'match' ? satisfying.length > 0 : pattern.kind === 'exists' ? satisfying.length > 0 : satisfying.length === 0;
    env[pattern.position] = pattern.kind === 'match' ? (satisfying[0] ?? null) : null;
    patterns.push({
      position: pattern.position,
      kind: pattern.kind,
      type: pattern.type,
      binding: pattern.binding,
      facts_of_type: candidates.length,
      satisfying: satisfying.map((f) => f.id),
      shown_fact: best?.fact.id ?? null,
      holds: matched,
      conditions: best?.leaves ?? [],
    });
    if (!matched) {
      holds = false;
      break;
    }
  }
  return { rule_id: rule.id, enabled: rule.enabled, holds, patterns, summary: summarize(rule, holds, patterns) };
}

function summarize(rule: NormalizedRule, holds: boolean, patterns: PatternExplanation[]): string {
  if (!rule.enabled) return `rule ${rule.id} is disabled, so it never fires`;
  if (holds) {
    const ids = patterns.filter((p) => p.kind === 'match').map((p) => `${p.binding}=${p.satisfying[0]}`);
    return `rule ${rule.id} matches (${ids.join(', ')})`;
  }
  const last = patterns.at(-1)!;
  const where = `pattern ${last.position} (${last.kind === 'match' ? '' : `${last.kind} `}${last.type} ${last.binding})`;
  if (last.kind === 'not') return `rule ${rule.id} does not match: ${where} is blocked by ${last.satisfying.join(', ')}`;
  if (last.facts_of_type === 0) return `rule ${rule.id} does not match: there is no ${last.type} fact for ${where}`;
  const failed = last.conditions.filter((c) => !c.holds).map((c) => `${c.field} ${c.operator} ${JSON.stringify(c.expected)} is false (actual ${JSON.stringify(c.actual)})`);
  return `rule ${rule.id} does not match: no ${last.type} fact satisfies ${where}; closest ${last.shown_fact}: ${failed.join('; ')}`;
}
