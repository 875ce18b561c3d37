import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { asToolResult, ToolError } from '../common/errors.ts';
import { RULE_LIMITS } from './limits.ts';
import type { RuleService } from './rule-service.ts';

/** What the rule tools need from the toolset context. */
export interface RuleToolsContext {
  services: { rules: RuleService };
  sessionId: string;
}

const RULE_FORMAT =
  'Rule JSON. Simple form: {"condition":{"field":"latency_p99_ms","operator":">","value":200},"action":"trigger_alert"}. ' +
  'Operators: == != > >= < <= in not_in contains matches exists. Conditions nest with {"all":[…]}, {"any":[…]}, {"not":…}. ' +
  'Trial facts carry every metric at top level plus study, number, state, value, step, params; Study facts carry status, best_value, trials_since_best. ' +
  'Multi-pattern: {"when":[{"bind":"t","type":"Trial","condition":…},{"bind":"s","type":"Study","condition":{"field":"id","operator":"==","value":"$t.study"}}],"action":"prune_trial","params":{"trial":"$t.id"}}. ' +
  'Actions: trigger_alert {message?}, prune_trial {trial}, stop_study {study?}, set_param {name,value}, scale {factor|delta|value} (on a Controller fact: the live controller rules policy), log {message?}. Optional: rule_id, salience, agenda_group, activation_group, no_loop, enabled, description.';

const ruleInput = z
  .union([z.record(z.string(), z.unknown()), z.string()])
  .describe(RULE_FORMAT);

function parseRule(rule: Record<string, unknown> | string): unknown {
  if (typeof rule !== 'string') return rule;
  const max = RULE_LIMITS.ruleTextChars;
  if (rule.length > max) {
    throw new ToolError('invalid_argument', `rule text must be at most ${max} characters, but it has ${rule.length}`, { details: { parameter: 'rule', limit: max, actual: rule.length } });
  }
  try {
    return JSON.parse(rule);
  } catch (error) {
    throw new ToolError('invalid_argument', `rule must be a JSON object; the string given does not parse: ${(error as Error).message}`, { details: { parameter: 'rule' } });
  }
}

/** The agent's rule tools: add_rule, list_rules, remove_rule, test_rule (dry run with explanation), explain_rule. */
export function createRuleTools(context: RuleToolsContext): ToolSet {
  const rules = context.services.rules;
  return {
    add_rule: tool({
      description: `Add (or replace, by rule_id) a rule that watches studies and benchmarks as they run. Stored with version history. ${RULE_FORMAT}`,
      inputSchema: z.object({
        rule: ruleInput,
        study_id: z.string().optional().describe('attach the rule to one study: its actions then only act on that study'),
      }),
      execute: async ({ rule, study_id }) =>
        asToolResult(() => ({ ok: true as const, ...rules.addRule(parseRule(rule), { sessionId: context.sessionId, studyId: study_id ?? null }) })),
    }),
    list_rules: tool({
      description: 'List the active rules with their version, attachment, current match count, and the latest alerts.',
      inputSchema: z.object({}),
      execute: async () =>
        asToolResult(() => ({ ok: true as const, rules: rules.listRules(), recent_alerts: rules.alerts({ limit: 5 }) })),
    }),
    remove_rule: tool({
      description: 'Remove a rule by rule_id (its history is kept).',
      inputSchema: z.object({ rule_id: z.string().min(1) }),
      execute: async ({ rule_id }) => asToolResult(() => ({ ok: true as const, ...rules.removeRule(rule_id) })),
    }),
    test_rule: tool({
      description:
        'Dry run: test a rule against sample facts without storing it or running its actions. Returns the matches, what would fire (with resolved params) and an explanation of which conditions hold and which fail. Facts: [{type,id,fields}] or plain objects (type Fact).',
      inputSchema: z.object({
        rule: ruleInput,
        facts: z.array(z.record(z.string(), z.unknown())).describe('sample facts'),
      }),
      execute: async ({ rule, facts }) => asToolResult(() => ({ ok: true as const, ...rules.testRule(parseRule(rule), facts) })),
    }),
    explain_rule: tool({
      description: 'Explain why a stored rule does or does not match the facts now in working memory (per pattern and condition, with actual values).',
      inputSchema: z.object({ rule_id: z.string().min(1) }),
      execute: async ({ rule_id }) => asToolResult(() => ({ ok: true as const, ...rules.explain(rule_id) })),
    }),
  };
}
