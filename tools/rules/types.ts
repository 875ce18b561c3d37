/**
 * The rule engine's contract types: the JSON rule format (as users, the agent and files write it), facts,
 * matches, activations and alerts. No runtime imports. See docs/rules.md for the format with examples.
 */

/** A field test: `field operator value`. `value` may reference a bound fact: `"$t.study"` or `{ "ref": "$c.max", "add": 5 }`. */
export interface LeafConditionJson {
  field: string;
  operator: string;
  value?: unknown;
}

/** Conditions nest with `all` (and), `any` (or) and `not`. */
export type ConditionJson = LeafConditionJson | { all: ConditionJson[] } | { any: ConditionJson[] } | { not: ConditionJson };

/** One pattern of a multi-pattern rule: binds a fact of `type` that satisfies `condition` to the name `bind`. */
export interface PatternJson {
  bind?: string;
  type: string;
  condition?: ConditionJson;
}

/** An element of `when`: a positive pattern, or `not` / `exists` over a pattern. */
export type PatternElementJson = PatternJson | { not: PatternJson } | { exists: PatternJson };

/** An action call. String params may reference bound facts: `"$t.id"`, `"$t"` (the whole fact) or `"{{t.value}}"` inside text. */
export interface ActionJson {
  action: string;
  params?: Record<string, unknown>;
}

/**
 * A rule. Either the simple form (`condition` over one fact of `type`, default `Fact`, bound as `fact`) or
 * the multi-pattern form (`when`). Actions: `action` (+ `params`) or `actions: [...]`.
 */
export interface RuleJson {
  rule_id: string;
  description?: string;
  type?: string;
  condition?: ConditionJson;
  when?: PatternElementJson[];
  action?: string | ActionJson;
  params?: Record<string, unknown>;
  actions?: ActionJson[];
  /** Higher fires first. Default 0. */
  salience?: number;
  /** Agenda group; only the focused group fires (default `MAIN`). */
  agenda_group?: string;
  /** Drools activation-group: when one rule of the group fires, the group's other pending activations are cancelled. */
  activation_group?: string;
  /** A rule's own modify does not re-activate it. Default false. */
  no_loop?: boolean;
  /** Disabled rules are stored and validated but not matched. Default true. */
  enabled?: boolean;
  /** Free-form tags (e.g. `study_id` a rule is attached to). */
  metadata?: Record<string, unknown>;
}

/** A fact in working memory: a typed record with an id unique within its type. */
export interface FactInput {
  type: string;
  id: string;
  fields: Record<string, unknown>;
}

/** One line of a facts stream (CLI `rules run`): insert, modify (replaces the listed fields) or retract. */
export interface FactOperation {
  op: 'insert' | 'modify' | 'retract';
  type: string;
  id: string;
  fields?: Record<string, unknown>;
}

/** A match of a rule: the ids of the bound facts, in pattern order (positive patterns only). */
export interface RuleMatch {
  rule_id: string;
  facts: string[];
}

/** A validation problem: where (JSON path), which rule, what was expected. */
export interface RuleValidationIssue {
  rule_id: string | null;
  path: string;
  message: string;
  expected?: string;
}

/** A fact as action handlers and explanations see it: its fields plus `type` and `id`. */
export interface FactView {
  type: string;
  id: string;
  fields: Record<string, unknown>;
}

/** Raised by `trigger_alert` (contract 6). */
export interface Alert {
  id: string;
  ruleId: string;
  studyId: string | null;
  sessionId: string | null;
  message: string;
  facts: FactView[];
  at: number;
}
