import { findTargetInText, knownTargets } from '../catalog.ts';
import { findMetricMentions, isFraction } from '../metrics.ts';
import { NUMBER, parseNumber } from '../normalize.ts';
import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { writeRuleList } from '../writers/rules.ts';
import { extraRuleAction, llmRuleField, type RuleAction } from './rule-slots.ts';

export const ALERT = /\b(alert|alerts|notify|notifies|warn|warns|ping|pings|page|pages|email|emails|tell me|let me know|flag|flags)\b/;
const ACTION_STOP = /\b(?:stop|stops|halt|halts|abort|aborts|end|ends|kill|kills)\s+(?:the |my |this )?(?:study|tuning|search|optimi[sz]ation)\b/;
const ACTION_PRUNE = /\bprune\b|\b(?:kill|stop|drop|abort|discard|cut)\s+(?:the |that |any |those )?trials?\b/;
const CONDITIONAL = /\b(if|when|whenever|once|as soon as)\b/;
const LIST = /\b(?:list|show|which|what|active|current|my|existing)\b.{0,20}\b(?:rules?|alerts?)\b|\brules? (?:are|is) (?:active|there|defined)\b/;
const REMOVE = /\b(?:remove|delete|drop|disable|cancel)\b.{0,20}\b(?:rule|alert)\b/;

/** Operators as words → rule operators (tools/rules rule JSON). Longer phrases first. */
const OPERATORS: Array<[RegExp, string]> = [
  [/^(?:>=|at least|no less than|reaches|hits)/, '>='],
  [/^(?:<=|at most|no more than)/, '<='],
  [/^(?:>|(?:goes |gets |is |rises |climbs |jumps |spikes )?(?:over|above|past|beyond)|exceeds?|exceeding|(?:is |gets |goes )?(?:greater|higher|more|larger|bigger) than)/, '>'],
  [/^(?:<|(?:goes |gets |is |drops |falls |dips )?(?:under|below|beneath)|(?:is |gets |goes )?(?:less|lower|smaller|fewer) than|drops to|falls to)/, '<'],
  [/^(?:==|=|equals?|is equal to)/, '=='],
];

/** "alert me if p99 latency goes over 200 ms" → add_rule; "which rules are active?" → list_rules; "remove rule r3" → remove_rule. */
export function matchRules(input: PlanInput): Plan | null {
  const { text } = input;
  if (REMOVE.test(text)) return removePlan(text);
  if ((ALERT.test(text) || ACTION_STOP.test(text) || ACTION_PRUNE.test(text) || extraRuleAction(text)) && CONDITIONAL.test(text)) {
    const rule = readRule(input);
    if (rule) return addRulePlan(namedRule(rule, input.raw));
  }
  if (LIST.test(text) && /\brules?\b|\balerts?\b/.test(text)) {
    return listRulesPlan();
  }
  return null;
}

export function listRulesPlan(): Plan {
  return {
    intent: 'list_rules',
    steps: [{ tool: 'list_rules', input: () => ({}) }],
    write: (done) => (isRecord(done[0]?.output) && (done[0]!.output as Record<string, unknown>).dry_run ? 'Dry run: I would list the active rules.' : writeRuleList(done[0]?.output)),
  };
}

function readRule(input: PlanInput): Record<string, unknown> | null {
  const { text } = input;
  const conditionText = text.slice(CONDITIONAL.exec(text)!.index);
  const target = findTargetInText(text, knownTargets(input.conversation));
  // A metric typed by its field name ("a trial's size_kb exceeds 200") is that field.
  const literal = /\b([a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9])\b/.exec(conditionText);
  const mention = (literal ? { metric: { name: literal[1]! }, end: literal.index + literal[0].length } : null) ?? findMetricMentions(conditionText, target?.metrics.length ? target : null)[0];
  if (!mention) return null;
  const after = conditionText.slice(mention.end).trim();
  const operator = OPERATORS.find(([re]) => re.test(after));
  if (!operator) return null;
  const rest = after.replace(operator[0], '').trim();
  const value = new RegExp(`^(?:to |of )?${NUMBER}\\s*(%|ms|s\\b|sec\\w*)?`).exec(rest);
  if (!value) return null;
  let number = parseNumber(value[1] ?? '');
  if (value[2] === '%' && isFraction(mention.metric.name)) number /= 100;
  if (value[2] && /^s/.test(value[2]) && /_ms$/.test(mention.metric.name)) number *= 1000;
  return makeRule(llmRuleField(conditionText) ?? mention.metric.name, operator[1]!, number, ruleActionIn(text) ?? 'trigger_alert');
}

/** What a rule request asks to do besides alerting: stop the study, prune the trial or log a line; null for an alert. */
export function ruleActionIn(text: string): Exclude<RuleAction, 'trigger_alert'> | null {
  const extra = extraRuleAction(text);
  if (extra === 'log') return 'log';
  return ACTION_STOP.test(text) ? 'stop_study' : ACTION_PRUNE.test(text) ? 'prune_trial' : extra === 'stop_study' ? 'stop_study' : null;
}

/** The rule JSON for "when metric op value, do action", with a readable id ("alert-latency-p99-ms-over-200"). */
export function makeRule(metric: string, operator: string, number: number, action: RuleAction): Record<string, unknown> {
  const words: Record<string, string> = { '>': 'over', '>=': 'at least', '<': 'under', '<=': 'at most', '==': 'equal to' };
  return {
    rule_id: `${action === 'trigger_alert' ? 'alert' : action.replace('_', '-')}-${metric.replace(/_/g, '-')}-${words[operator]!.replace(' ', '-')}-${number}`,
    description: `${action === 'trigger_alert' ? 'Alert' : action === 'stop_study' ? 'Stop the study' : action === 'log' ? 'Log a line' : 'Prune the trial'} when ${metric} is ${words[operator]} ${number}`,
    condition: { field: metric, operator, value: number },
    action,
  };
}

export function addRulePlan(rule: Record<string, unknown>): Plan {
  // A pasted rule may have another shape (conditions, nested all/any): its id stands for it then.
  const condition = isRecord(rule.condition) && typeof rule.condition.field === 'string' ? rule.condition : null;
  const phrase = condition ? `${String(condition.field)} ${String(condition.operator)} ${JSON.stringify(condition.value)}` : `rule ${String(rule.rule_id ?? '')} matches`.replace('  ', ' ');
  return {
    intent: 'add_rule',
    steps: [{ tool: 'add_rule', input: () => ({ rule }) }],
    write: (done) => {
      const output = done[0]?.output;
      if (isRecord(output) && output.dry_run === true) return `Dry run: I would add a rule: when ${phrase}, ${rule.action}.`;
      const id = isRecord(output) ? output.rule_id ?? output.id ?? (isRecord(output.rule) ? output.rule.id : undefined) : undefined;
      const what = rule.action === 'trigger_alert' ? 'I will alert you in this chat' : rule.action === 'stop_study' ? 'I will stop the study' : rule.action === 'log' ? 'I will log a line' : 'I will prune the trial';
      return `Rule added${id ? ` (\`${String(id)}\`)` : ''}: whenever ${phrase}, ${what}. It watches study trials and benchmark results. Say "which rules are active?" to see all rules.`;
    },
  };
}

/** The name a rule request gives its rule: "a rule called slow-p99 that …", "an alert named 'acc-drop'". */
export function ruleNameIn(raw: string): string | null {
  return /\b(?:rule|alert|alarm|trigger)\s+(?:called|named|with (?:the )?(?:id|name))\s+["'`]?([a-z0-9][\w-]*[a-z0-9])/i.exec(raw)?.[1] ?? null;
}

/** The rule with the name the request gives it, if it gives one. */
export function namedRule(rule: Record<string, unknown>, raw: string): Record<string, unknown> {
  const name = ruleNameIn(raw);
  return name ? { ...rule, rule_id: name } : rule;
}

const REMOVE_VERB = /\b(?:remove|delete|drop|disable|get rid of|scrap|ditch|nuke|kill|turn off|switch off|silence|mute|unregister)\b/;
/** "please remove rule \"err-guard\"", "delete the alert r-7": a removal with the rule's id typed out. */
export function removeRuleById(text: string, raw: string): Plan | null {
  if (!REMOVE_VERB.test(text)) return null;
  const id = /\b(?:rule|alert|alarm)\s+(?:id\s+)?(?:["'`#]([a-z0-9][\w-]*[a-z0-9])["'`]?|([a-z0-9]*[-_][\w-]*[a-z0-9]|[a-z]*\d[\w-]*))/i.exec(raw);
  // "get rid of slow-trial-alert": an id that says it is a rule, right after the verb.
  const named = /\b(?:remove|delete|drop|disable|get rid of|scrap|ditch|nuke|turn off|switch off|silence|mute)\s+(?:the\s+)?["'`]?([a-z0-9]+(?:[-_][a-z0-9]+)+)["'`]?/i.exec(raw)?.[1];
  const found = id?.[1] ?? id?.[2] ?? (named && /(?:^|[-_])(?:alert|rule|guard|warn|watch|stop|log|alarm|notify)(?:$|[-_])/i.test(named) ? named : undefined);
  return found ? removeRulePlan(found) : null;
}

function removePlan(text: string): Plan {
  const id = /\b(?:rule|alert)\s+(?:id\s+)?[#"'`]?([a-z0-9][\w-]*)/.exec(text)?.[1];
  return removeRulePlan(id && !/^(that|the|this|it|for|on)$/.test(id) ? id : null);
}

/** remove_rule on that id; without one, the rule list and a question. */
export function removeRulePlan(id: string | null): Plan {
  if (!id) {
    return {
      intent: 'remove_rule',
      steps: [{ tool: 'list_rules', input: () => ({}) }],
      write: (done) => `Which rule should I remove? Give me its id.\n\n${writeRuleList(done[0]?.output)}`,
    };
  }
  return {
    intent: 'remove_rule',
    steps: [{ tool: 'remove_rule', input: () => ({ rule_id: id }) }],
    write: (done) => (isRecord(done[0]?.output) && (done[0]!.output as Record<string, unknown>).dry_run ? `Dry run: I would remove rule ${id}.` : `Removed rule \`${id}\`.`),
  };
}
