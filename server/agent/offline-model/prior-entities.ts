import type { PriorEntities } from '../nlu/types.ts';
import { lastExchange, priorExchanges, type Conversation } from './conversation.ts';
import { isRecord } from './plan.ts';
import { previousController } from './intents/control.ts';

/**
 * What earlier turns of the conversation left that a follow-up may refer to ("it", "that rule", "the same URL"):
 * read from the model's own earlier tool calls and their results.
 */
export function priorEntities(conversation: Conversation): PriorEntities {
  const prior: PriorEntities = {};
  const study = lastExchange(conversation, 'start_study');
  if (study) {
    const objectives = Array.isArray(study.input.objectives) ? study.input.objectives : [];
    prior.study = {
      ...(typeof study.input.target === 'string' ? { target: study.input.target } : {}),
      metrics: objectives.flatMap((o) => (isRecord(o) && typeof o.metric === 'string' ? [o.metric] : [])),
    };
  }
  const rule = lastRuleId(conversation);
  if (rule) prior.rule = rule;
  const bench = priorExchanges(conversation).filter((e) => e.toolName === 'bench_http' || e.toolName === 'bench_llm' || e.toolName === 'bench_command').at(-1);
  if (bench) {
    const url = bench.input.url ?? bench.input.base_url;
    if (typeof url === 'string') prior.url = url;
    if (Array.isArray(bench.input.command)) prior.command = bench.input.command.join(' ');
  }
  if (lastExchange(conversation, 'list_sessions')) prior.sessions = true;
  // A live controller that was not stopped (issue 15): "stop it", "how is it doing?" may be about it.
  const controller = previousController(conversation);
  if (controller && !controller.stopped) {
    const { input } = controller;
    prior.controller = {
      ...(controller.id ? { id: controller.id } : {}),
      ...(typeof input.target === 'string' ? { target: input.target } : {}),
      ...(typeof input.parameter === 'string' ? { parameter: input.parameter } : {}),
      ...(typeof input.metric === 'string' ? { metric: input.metric } : {}),
    };
  }
  return prior;
}

/** The id of the latest rule this conversation added: from the tool's result, else from the call's input. */
export function lastRuleId(conversation: Conversation): string | null {
  const added = lastExchange(conversation, 'add_rule');
  if (!added || added.failed) return null;
  const output = added.output;
  if (isRecord(output)) {
    for (const key of ['rule_id', 'id']) if (typeof output[key] === 'string') return output[key] as string;
    if (isRecord(output.rule) && typeof output.rule.rule_id === 'string') return output.rule.rule_id;
    if (isRecord(output.rule) && typeof output.rule.id === 'string') return output.rule.id;
  }
  const rule = added.input.rule;
  return isRecord(rule) && typeof rule.rule_id === 'string' ? rule.rule_id : null;
}
