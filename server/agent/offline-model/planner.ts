import type { Conversation, ToolExchange } from './conversation.ts';
import { compoundParts, partConversation } from './compound.ts';
import { normalize } from './normalize.ts';
import { requestText } from './request-text.ts';
import { knownTargets } from './catalog.ts';
import { failureMessage, type Plan, type PlanInput, type PlanOptions } from './plan.ts';
import type { Action } from './stream-parts.ts';
import { confirmationAsked, writeConfirmationQuestion } from './intents/confirm.ts';
import { isAccessDenied, writeAccessDenied } from './writers/access-denied.ts';
import { keywordUnderstanding } from './understanding/keyword-understanding.ts';
import type { Understanding } from './understanding/understanding.ts';

export type { PlanOptions } from './plan.ts';

/** "Start an optimisation of `styblinski-tang` with 250 trials": a target's name in backticks is the name, not a command. */
function unquoteTargets(raw: string, conversation: Conversation): string {
  if (!/`/.test(raw) || !/\b(?:tun\w*|optimi[sz]\w*|minimi[sz]\w*|maximi[sz]\w*|stud(?:y|ies)|sweep|trials?)\b/i.test(raw)) return raw;
  const names = new Set(knownTargets(conversation).map((t) => t.name.toLowerCase()));
  return raw.replace(/`([^`\s]+)`/g, (whole, inner: string) => (names.has(inner.toLowerCase()) ? inner : whole));
}

/** Understands the latest request and returns the plan for it. */
export function planFor(conversation: Conversation, options: PlanOptions, understanding: Understanding = keywordUnderstanding): Plan {
  const raw = unquoteTargets(requestText(conversation.current.userText), conversation);
  const input: PlanInput = { text: normalize(raw), raw, conversation, options };
  return understanding.plan(input);
}

/**
 * The next action of the turn: the first plan step not done yet, or the final text once every step ran.
 * A failed step ends the plan with the tool's error (the model cannot repair its own understanding).
 * A tool the server does not offer is reported plainly, never called.
 * Two asks in one message (compound.ts) are planned part after part; a part's answer is said before the next part's first call.
 */
export function planStep(conversation: Conversation, options: PlanOptions, understanding?: Understanding): Action {
  const planOf = (c: Conversation) => planFor(c, options, understanding);
  const parts = compoundParts(conversation, planOf);
  if (!parts) return advance(planOf(conversation), conversation, conversation.current.exchanges, true).action;
  const done = conversation.current.exchanges;
  const used: number[] = [];
  const exchangesOf = (i: number) => done.slice(sum(used.slice(0, i)), i < used.length ? sum(used.slice(0, i + 1)) : undefined);
  // What the finished parts said and no step has streamed yet: said with the next part's first call (or its answer).
  let pending = '';
  for (let i = 0; i < parts.length; i += 1) {
    const part = partConversation(conversation, parts, i, exchangesOf);
    const step = advance(planOf(part), part, part.current.exchanges, i === parts.length - 1);
    const fresh = part.current.exchanges.length === 0;
    if (step.used === null || step.stops || i === parts.length - 1) return fresh ? withSaid(step.action, pending) : step.action;
    used.push(step.used);
    const text = step.action.type === 'text' ? `${step.action.text}\n\n` : '';
    pending = step.used > 0 ? text : `${pending}${text}`;
  }
  return { type: 'text', text: pending.trim() };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function withSaid(action: Action, said: string): Action {
  if (!said) return action;
  if (action.type === 'text') return { type: 'text', text: `${said}${action.text}` };
  return { ...action, text: `${said}${action.text ?? ''}` };
}

interface Advance {
  action: Action;
  /** How many exchanges the plan used, when it is complete (its action is then its final text); null while it has a call to make. */
  used: number | null;
  /** The final text is not an answer but an end: a failure, a denial, a question to confirm. */
  stops?: boolean;
}

/** Runs `plan` against the exchanges done; `last`: no later part follows, so every exchange left belongs to this plan. */
function advance(plan: Plan, conversation: Conversation, done: ToolExchange[], last: boolean): Advance {
  let next = 0;
  for (const [index, step] of plan.steps.entries()) {
    const exchange = done[next];
    // Calls that do not follow the plan (a replayed or edited history): answer from what ran, never loop.
    if (exchange && exchange.toolName !== step.tool) break;
    if (exchange) {
      next += 1;
      const asked = confirmationAsked(exchange);
      if (asked) return { action: { type: 'text', text: writeConfirmationQuestion(asked) }, used: next, stops: true };
      // A policy said no (issue 16): explained in plain words, whatever the tool, unless a later required step still runs.
      if (isAccessDenied(exchange) && !(step.optional && plan.steps.slice(index + 1).some((later) => !later.optional))) return { action: { type: 'text', text: writeAccessDenied(exchange) }, used: next, stops: true };
      if (exchange.failed && !step.optional) return { action: { type: 'text', text: writeFailure(exchange.toolName, failureMessage(exchange)) }, used: next, stops: true };
      continue;
    }
    const input = step.input(done.slice(0, next));
    if (input === null) continue;
    if (!conversation.tools.has(step.tool)) {
      if (step.optional) continue;
      return { action: { type: 'text', text: `I understood this as a job for the \`${step.tool}\` tool, but this server does not offer it right now, so I cannot run it. ${toolsOffered(conversation)}` }, used: next, stops: true };
    }
    const action: Action = { type: 'tool-calls', calls: [{ toolName: step.tool, input }] };
    if (step.say) action.text = `${step.say(input)}\n\n`;
    return { action, used: null };
  }
  if (last && done.length > plan.steps.length) return { action: { type: 'text', text: 'I have done what I understood from your request; tell me what to do next.' }, used: next, stops: true };
  return { action: { type: 'text', text: plan.write(last ? done : done.slice(0, next)) }, used: next };
}

function writeFailure(tool: string, message: string): string {
  return `\`${tool}\` did not run: ${message}\n\nTell me what to change (for example another target, metric or budget) and I will try again.`;
}

function toolsOffered(conversation: Conversation): string {
  const names = [...conversation.tools.keys()];
  return names.length ? `Tools available here: ${names.map((n) => `\`${n}\``).join(', ')}.` : 'No tools are available in this session.';
}
