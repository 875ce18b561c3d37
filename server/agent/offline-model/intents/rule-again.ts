import { priorExchanges, type Conversation } from '../conversation.ts';
import { findMetricMentions, isFraction } from '../metrics.ts';
import { isRecord, type Plan } from '../plan.ts';
import { type RuleAction } from './rule-slots.ts';
import { addRulePlan, makeRule } from './rules.ts';

/** "same again but for p50 at 60", "another one like that for the error rate", "ditto for p95". */
const SAME = /\b(?:same (?:again|thing|one|rule|alert|but)|same for|ditto|likewise|another (?:one|rule|alert) like (?:that|it)|one more like (?:that|it)|do (?:that|it) again)\b/;
const AMOUNT = /(?:\bat|\babove|\bover|\bbelow|\bunder|\bof|=|:)?\s*(\d+(?:\.\d+)?)\s*(%|percent\b|ms\b|milliseconds\b|s\b|seconds?\b)?/;

/**
 * A rule like the one just added, with the metric and/or threshold named now: the last tool call of the conversation
 * was add_rule and the message asks for the same again. Null when it is not such a message.
 */
export function ruleAgainPlan(text: string, conversation: Conversation): Plan | null {
  if (!SAME.test(text)) return null;
  const last = priorExchanges(conversation).at(-1);
  if (!last || last.toolName !== 'add_rule' || last.failed || !isRecord(last.input.rule)) return null;
  const rule = last.input.rule;
  const condition = isRecord(rule.condition) ? rule.condition : null;
  if (!condition || typeof condition.field !== 'string' || typeof condition.operator !== 'string' || typeof condition.value !== 'number') return null;
  const mention = findMetricMentions(text, null)[0];
  const field = mention?.metric.name ?? condition.field;
  const after = mention ? text.slice(mention.end) : text;
  const amount = AMOUNT.exec(after);
  if (!mention && !amount) return null;
  let value = amount ? Number(amount[1]) : condition.value;
  const unit = amount?.[2] ?? '';
  if (/^(?:%|percent)/.test(unit) && isFraction(field)) value /= 100;
  if (/^s/.test(unit) && /_ms$/.test(field)) value *= 1000;
  const action = (typeof rule.action === 'string' ? rule.action : 'trigger_alert') as RuleAction;
  return addRulePlan(makeRule(field, condition.operator, value, action));
}
