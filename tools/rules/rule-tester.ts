import { ToolError } from '../common/errors.ts';
import { ActionRegistry } from './actions/action-registry.ts';
import { RuleEngine } from './engine.ts';
import { explainRule, type RuleExplanation } from './explain.ts';
import { RULE_LIMITS } from './limits.ts';
import type { OperatorRegistry } from './operators.ts';
import type { FactInput, RuleMatch } from './types.ts';

export interface RuleTestResult {
  rule_id: string;
  matches: RuleMatch[];
  /** What would fire, in agenda order, with the actions' resolved params (nothing is executed). */
  would_fire: { rule_id: string; facts: string[]; actions: { action: string; params: Record<string, unknown> }[] }[];
  explanation: RuleExplanation;
}

/** Accepts `{type, id, fields}` facts, or plain objects (type `Fact`, ids `f1`, `f2`…). */
function normalizeFacts(input: unknown): FactInput[] {
  if (!Array.isArray(input)) {
    throw new ToolError('invalid_argument', `facts must be an array of {type, id, fields} or of plain objects, got ${JSON.stringify(input)}`, { details: { parameter: 'facts' } });
  }
  const max = RULE_LIMITS.testFacts;
  if (input.length > max) {
    throw new ToolError('invalid_argument', `facts may hold at most ${max} sample facts, but it holds ${input.length}`, { details: { parameter: 'facts', limit: max, actual: input.length } });
  }
  return input.map((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new ToolError('invalid_argument', `facts[${i}] must be an object, got ${JSON.stringify(item)}`, { details: { parameter: `facts[${i}]` } });
    }
    const record = item as Record<string, unknown>;
    if (record.fields && typeof record.fields === 'object' && !Array.isArray(record.fields)) {
      return { type: typeof record.type === 'string' ? record.type : 'Fact', id: typeof record.id === 'string' ? record.id : `f${i + 1}`, fields: record.fields as Record<string, unknown> };
    }
    return { type: 'Fact', id: `f${i + 1}`, fields: record };
  });
}

/**
 * Runs one rule against sample facts in a scratch engine with the same operators and action names:
 * the complete match set, what would fire (actions recorded with resolved params, not executed) and the
 * explanation of why it matches or not.
 */
export function testRule(options: { rule: unknown; facts: unknown; operators: OperatorRegistry; actionNames: readonly string[] }): RuleTestResult {
  const recorded: { action: string; params: Record<string, unknown> }[] = [];
  const actions = new ActionRegistry(options.actionNames.map((name) => ({ name, description: 'recorded (dry run)', run: ({ params }) => void recorded.push({ action: name, params }) })));
  const engine = new RuleEngine({ operators: options.operators, actions });
  const json = options.rule && typeof options.rule === 'object' && !Array.isArray(options.rule) && !('rule_id' in options.rule) ? { rule_id: 'test', ...options.rule } : options.rule;
  const rule = engine.addRule(json);
  for (const fact of normalizeFacts(options.facts)) {
    if (engine.getFact(fact.type, fact.id)) engine.modify(fact);
    else engine.insert(fact);
  }
  const matches = engine.matches();
  const wouldFire: RuleTestResult['would_fire'] = [];
  for (const firing of engine.fire(100)) {
    wouldFire.push({ rule_id: firing.rule_id, facts: firing.facts, actions: recorded.splice(0) });
  }
  return { rule_id: rule.id, matches, would_fire: wouldFire, explanation: explainRule(rule, engine.facts(), options.operators) };
}
