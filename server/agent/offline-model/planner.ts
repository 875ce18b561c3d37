import type { Conversation } from './conversation.ts';
import { normalize } from './normalize.ts';
import { requestText } from './request-text.ts';
import { failureMessage, type Plan, type PlanInput, type PlanOptions } from './plan.ts';
import type { Action } from './stream-parts.ts';
import { confirmationAsked, writeConfirmationQuestion } from './intents/confirm.ts';
import { isAccessDenied, writeAccessDenied } from './writers/access-denied.ts';
import { keywordUnderstanding } from './understanding/keyword-understanding.ts';
import type { Understanding } from './understanding/understanding.ts';

export type { PlanOptions } from './plan.ts';

/** Understands the latest request and returns the plan for it. */
export function planFor(conversation: Conversation, options: PlanOptions, understanding: Understanding = keywordUnderstanding): Plan {
  const raw = requestText(conversation.current.userText);
  const input: PlanInput = { text: normalize(raw), raw, conversation, options };
  return understanding.plan(input);
}

/**
 * The next action of the turn: the first plan step not done yet, or the final text once every step ran.
 * A failed step ends the plan with the tool's error (the model cannot repair its own understanding).
 * A tool the server does not offer is reported plainly, never called.
 */
export function planStep(conversation: Conversation, options: PlanOptions, understanding?: Understanding): Action {
  const plan = planFor(conversation, options, understanding);
  const done = conversation.current.exchanges;
  let next = 0;
  for (const [index, step] of plan.steps.entries()) {
    const exchange = done[next];
    // Calls that do not follow the plan (a replayed or edited history): answer from what ran, never loop.
    if (exchange && exchange.toolName !== step.tool) break;
    if (exchange) {
      next += 1;
      const asked = confirmationAsked(exchange);
      if (asked) return { type: 'text', text: writeConfirmationQuestion(asked) };
      // A policy said no (issue 16): explained in plain words, whatever the tool, unless a later required step still runs.
      if (isAccessDenied(exchange) && !(step.optional && plan.steps.slice(index + 1).some((later) => !later.optional))) return { type: 'text', text: writeAccessDenied(exchange) };
      if (exchange.failed && !step.optional) return { type: 'text', text: writeFailure(exchange.toolName, failureMessage(exchange)) };
      continue;
    }
    const input = step.input(done);
    if (input === null) continue;
    if (!conversation.tools.has(step.tool)) {
      if (step.optional) continue;
      return { type: 'text', text: `I understood this as a job for the \`${step.tool}\` tool, but this server does not offer it right now, so I cannot run it. ${toolsOffered(conversation)}` };
    }
    const action: Action = { type: 'tool-calls', calls: [{ toolName: step.tool, input }] };
    if (step.say) action.text = `${step.say(input)}\n\n`;
    return action;
  }
  if (done.length > plan.steps.length) return { type: 'text', text: 'I have done what I understood from your request; tell me what to do next.' };
  return { type: 'text', text: plan.write(done) };
}

function writeFailure(tool: string, message: string): string {
  return `\`${tool}\` did not run: ${message}\n\nTell me what to change (for example another target, metric or budget) and I will try again.`;
}

function toolsOffered(conversation: Conversation): string {
  const names = [...conversation.tools.keys()];
  return names.length ? `Tools available here: ${names.map((n) => `\`${n}\``).join(', ')}.` : 'No tools are available in this session.';
}
