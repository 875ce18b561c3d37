import { controllableTargets, findTargetInText, knownTargets, type KnownTarget } from '../catalog.ts';
import { lastExchange, priorExchanges, type Conversation, type ToolExchange } from '../conversation.ts';
import { normalize } from '../normalize.ts';
import { isRecord, textPlan, type Plan, type PlanInput } from '../plan.ts';
import { writeControlDryRun, writeControllerStatus, writeControllerStopped, writeStarted } from '../writers/control.ts';
import { readFailure, writeControlFailure } from '../writers/control-errors.ts';
import {
  bareSloIn, boundsIn, CONTROL_WORDS, controllerIdIn, dryRunIn, parameterIn, parametersOf, parameterWordIn, periodIn, policyIn, sloIn, sloValueIn, signalIn, type ControlPolicy, type SloOp,
} from './control-slots.ts';

/**
 * Live control of a running service (issue 15): start_controller (keep an SLO by steering one parameter),
 * controller_status, stop_controller. Slots come from the encoder's roles when it gave them (`ControlRoles`), else
 * from the words (control-slots.ts); a required slot that neither gives is a short question, never a guess:
 * no SLO → "what should it keep?", several controllable services and none named → "which one?", several parameters
 * and none named → "Which parameter should I adjust: workers or cache_size?". A change to the running controller
 * ("use AIMD", "check every 2 seconds", "just show what it would do without changing anything") restarts it with
 * the change (stop, then start with the previous request and the change).
 */

export const START_CONTROLLER = 'start_controller';
export const CONTROLLER_STATUS = 'controller_status';
export const STOP_CONTROLLER = 'stop_controller';

/** What the encoder's roles said about a control request (read-request.ts), all optional. */
export interface ControlRoles {
  target?: string;
  slo?: { metric: string; text: string; op: string; amount: { value: number; unit?: string }; opInferred?: boolean };
  controlParam?: string;
  boundMin?: number;
  boundMax?: number;
  policy?: string;
  periodS?: number;
  dryRun?: boolean;
  controllerId?: string;
}

/** The session's latest controller: its start's input, its id (from the result), whether a later stop ended it. */
export interface PreviousController {
  input: Record<string, unknown>;
  id: string | null;
  stopped: boolean;
  /** Index among the conversation's prior exchanges (to tell which is more recent: a study or the controller). */
  at: number;
}

export function previousController(conversation: Conversation): PreviousController | null {
  const exchanges = priorExchanges(conversation);
  let at = -1;
  exchanges.forEach((e, i) => {
    if (e.toolName === START_CONTROLLER && !e.failed) at = i;
  });
  if (at < 0) return null;
  const start = exchanges[at]!;
  const id = controllerIdOf(start.output);
  const stopped = exchanges.slice(at + 1).some((e) => e.toolName === STOP_CONTROLLER && !e.failed && (!e.input.controller_id || e.input.controller_id === id));
  return { input: start.input, id, stopped, at };
}

function controllerIdOf(output: unknown): string | null {
  if (!isRecord(output)) return null;
  if (typeof output.controller_id === 'string') return output.controller_id;
  if (isRecord(output.controller) && typeof output.controller.id === 'string') return output.controller.id;
  return null;
}

/** True when the conversation's latest live thing is a controller (not a study started after it). */
export function controllerIsLatest(conversation: Conversation): boolean {
  const controller = previousController(conversation);
  if (!controller) return false;
  const exchanges = priorExchanges(conversation);
  const study = exchanges.map((e, i) => (e.toolName === 'start_study' ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  return controller.at > study;
}

/** Words that name the controller or its SLO (a study's follow-up words do not). */
export const CONTROLLER_NOUNS = /\bcontroll\w*|\bauto-?scal\w*|\bfeedback\b|\bcontrol loop\b|\bthe loop\b|\bscaler\b|\bslo\b|\bscaling\b|\bsteering\b|\bc-\d+\b/;
/** Words that name a study. */
export const STUDY_NOUNS = /\b(?:study|studies|trials?|tuning|sweep|search|optimi[sz]ation|experiment)\b/;

/** Whether a control-start reading has the words for one: a steering verb or object, or a change to a running controller. */
export function asksForControl(text: string, conversation: Conversation): boolean {
  if (CONTROL_WORDS.test(text)) return true;
  const previous = previousController(conversation);
  return previous !== null && (policyIn(text) !== null || periodIn(text) !== null || dryRunIn(text) || (/\b(?:instead|now|restart|switch)\b/.test(text) && (signalIn(text) !== null || bareSloIn(text) !== null)));
}

interface Slots {
  target: string | null;
  targetInfo: KnownTarget | null;
  metric: string | null;
  op: SloOp | null;
  value: number | null;
  parameter: string | null;
  bounds: { min?: number; max?: number };
  policy: ControlPolicy | null;
  periodS: number | null;
  dryRun: boolean;
  /** The words read (for what only a change to the running controller reads: a bare limit). */
  text: string;
}

/** The target the request names (roles, then the words), resolved against the catalog. */
function namedTarget(text: string, roles: ControlRoles, conversation: Conversation): KnownTarget | { name: string } | null {
  const known = knownTargets(conversation);
  if (roles.target) return known.find((t) => t.name === roles.target) ?? { name: roles.target };
  return findTargetInText(text, known.filter((t) => t.kind !== 'builtin'));
}

function readSlots(text: string, roles: ControlRoles, conversation: Conversation): Slots {
  const named = namedTarget(text, roles, conversation);
  const info = named && 'kind' in named ? (named as KnownTarget) : null;
  const fromRoles = roles.slo ? sloFromRoles(roles.slo) : null;
  const slo = fromRoles ?? sloIn(text);
  const parameters = parametersOf(info);
  const said = roles.controlParam ? normalize(roles.controlParam) : null;
  const parameter = (said && (parameterIn(said, parameters) ?? (parameters.length ? null : parameterWordIn(said)))) ?? parameterIn(text, parameters) ?? (parameters.length ? null : parameterWordIn(text));
  const bounds = boundsIn(text);
  if (roles.boundMin !== undefined && bounds.min === undefined) bounds.min = roles.boundMin;
  if (roles.boundMax !== undefined && bounds.max === undefined) bounds.max = roles.boundMax;
  return {
    target: named?.name ?? null,
    targetInfo: info,
    metric: slo?.metric ?? null,
    op: slo?.op ?? null,
    value: slo?.value ?? null,
    parameter,
    bounds,
    policy: (roles.policy ? policyIn(normalize(roles.policy)) : null) ?? policyIn(text),
    periodS: roles.periodS ?? periodIn(text),
    dryRun: roles.dryRun === true || dryRunIn(text),
    text,
  };
}

function sloFromRoles(slo: NonNullable<ControlRoles['slo']>): { metric: string; op: SloOp; value: number } | null {
  const signal = signalIn(normalize(slo.text)) ?? signalIn(normalize(slo.metric));
  if (!signal) return null;
  const op = slo.op === '==' ? '<=' : (slo.op as SloOp);
  const flipped = slo.opInferred ? (signal.signal === 'requests_per_s' ? '>=' : '<=') : op;
  return { metric: signal.signal, op: flipped, value: sloValueIn(signal.signal, slo.amount.value, slo.amount.unit) };
}

/** The plan of a start (or a change to the running controller). */
export function controlStartPlan(input: PlanInput, roles: ControlRoles = {}): Plan {
  const { conversation, text } = input;
  const previous = previousController(conversation);
  const slots = readSlots(text, roles, conversation);
  // A change to the controller of this conversation: its request with what the words change.
  if (previous && !slots.target && (slots.metric === null || /\b(?:instead|now|restart|switch|change)\b/.test(text) || slots.parameter === null)) {
    return startPlan(conversation, changed(previous.input, slots), previous);
  }
  if (!slots.metric && !slots.parameter && !slots.target) return outsidePlan(input);
  const target = slots.target ?? onlyTarget(conversation);
  if (target === null) return textPlan('control-clarify', whichService(conversation));
  if (slots.metric === null || slots.op === null || slots.value === null) {
    return textPlan('control-clarify', `What should the controller keep on ${target}, and at what limit? For example "keep the p99 under 40 ms" (it can hold p50/p90/p99 or mean latency, the error rate, queue wait or throughput).`);
  }
  const info = slots.targetInfo ?? knownTargets(conversation).find((t) => t.name === target) ?? null;
  const parameters = parametersOf(info);
  const parameter = slots.parameter ?? (parameters.length === 1 ? parameters[0]! : null);
  if (!parameter) return textPlan('control-clarify', `${WHICH_PARAMETER}${parameters.length ? `: ${orList(parameters)}` : ''}?${parameters.length ? '' : ' (for example the workers or the cache size)'}`);
  const args: Record<string, unknown> = { target, metric: slots.metric, slo: { op: slots.op, value: slots.value }, parameter };
  const bounds = completeBounds(slots.bounds, info, parameter);
  if (bounds) args.bounds = bounds;
  if (slots.policy) args.policy = slots.policy;
  if (slots.periodS !== null) args.period_s = slots.periodS;
  if (slots.dryRun) args.dry_run = true;
  const restart = previous && !previous.stopped && previous.input.target === target && previous.input.parameter === parameter ? previous : null;
  return startPlan(conversation, args, restart);
}

/** The previous request with the changes the words make. */
function changed(before: Record<string, unknown>, slots: Slots): Record<string, unknown> {
  const args: Record<string, unknown> = { ...before };
  if (slots.metric && slots.op && slots.value !== null) {
    args.metric = slots.metric;
    args.slo = { op: slots.op, value: slots.value };
  }
  const bare = slots.metric === null ? bareSloIn(slots.text) : null;
  if (bare && typeof before.metric === 'string') {
    const old = isRecord(before.slo) ? before.slo : {};
    args.slo = { op: bare.op ?? old.op ?? '<', value: sloValueIn(before.metric, bare.value, bare.unit) };
  }
  if (slots.parameter) args.parameter = slots.parameter;
  if (slots.bounds.min !== undefined || slots.bounds.max !== undefined) {
    const old = isRecord(before.bounds) ? before.bounds : {};
    const min = slots.bounds.min ?? (typeof old.min === 'number' ? old.min : undefined);
    const max = slots.bounds.max ?? (typeof old.max === 'number' ? old.max : undefined);
    if (min !== undefined && max !== undefined) args.bounds = { min, max };
  }
  if (slots.policy) args.policy = slots.policy;
  if (slots.periodS !== null) args.period_s = slots.periodS;
  if (slots.dryRun) args.dry_run = true;
  return args;
}

/** One-sided bounds get the other side from the catalog (the control section, else the search space). */
function completeBounds(bounds: { min?: number; max?: number }, target: KnownTarget | null, parameter: string): { min: number; max: number } | null {
  if (bounds.min === undefined && bounds.max === undefined) return null;
  const control = target?.control?.parameters[parameter];
  const space = target?.space?.[parameter];
  const low = control?.min ?? (typeof space?.low === 'number' ? space.low : undefined);
  const high = control?.max ?? (typeof space?.high === 'number' ? space.high : undefined);
  const min = bounds.min ?? low;
  const max = bounds.max ?? high;
  return min !== undefined && max !== undefined ? { min, max } : null;
}

/** The only target that can be steered, when the request names none. */
function onlyTarget(conversation: Conversation): string | null {
  const controllable = controllableTargets(conversation);
  if (controllable.length === 1) return controllable[0]!.name;
  if (controllable.length > 1) return null;
  const services = knownTargets(conversation).filter((t) => t.kind === 'service' || t.kind === 'http');
  return services.length === 1 ? services[0]!.name : null;
}

function whichService(conversation: Conversation): string {
  const controllable = controllableTargets(conversation).map((t) => t.name);
  const names = controllable.length ? controllable : knownTargets(conversation).filter((t) => t.kind === 'service' || t.kind === 'http').map((t) => t.name);
  return names.length ? `${WHICH_SERVICE}: ${orList(names)}?` : `${WHICH_SERVICE}? Name a target with a \`control\` section in tunechat.json (for example example-service).`;
}

export const WHICH_PARAMETER = 'Which parameter should I adjust';
export const WHICH_SERVICE = 'Which service should I control';
export const WHAT_TO_KEEP = 'What should the controller keep';

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function outsidePlan(_input: PlanInput): Plan {
  return textPlan('unknown', 'That is not something I can steer: I keep a running service (a target with a `control` section, e.g. example-service) inside an SLO such as "p99 under 40 ms" by adjusting one of its parameters (workers, cache size) live. I cannot control anything else.');
}

/** stop (when asked: a change restarts the same controller) → start → one repair (bounds outside the declared range, clamped). */
function startPlan(conversation: Conversation, args: Record<string, unknown>, restart: PreviousController | null): Plan {
  const stopFirst = restart && !restart.stopped;
  const clamped = (done: ToolExchange[]) => {
    const failed = done.filter((e) => e.toolName === START_CONTROLLER).at(-1);
    if (!failed?.failed) return null;
    const failure = readFailure(failed.output);
    const declared = failure.details.declared;
    if (failure.details.parameter !== 'bounds' || !isRecord(declared) || typeof declared.min !== 'number' || typeof declared.max !== 'number' || !isRecord(args.bounds)) return null;
    const min = Math.min(Math.max(Number(args.bounds.min), declared.min), declared.max);
    const max = Math.max(Math.min(Number(args.bounds.max), declared.max), min);
    return { ...args, bounds: { min, max } };
  };
  return {
    intent: START_CONTROLLER,
    steps: [
      ...(stopFirst ? [{ tool: STOP_CONTROLLER, input: () => (restart.id ? { controller_id: restart.id } : {}), optional: true }] : []),
      { tool: START_CONTROLLER, input: () => args, optional: true, say: (call) => `Plan: ${describeStart(call)}${stopFirst ? ` (first stopping ${restart.id ?? 'the running controller'}, then starting it again with the change)` : ''}.` },
      { tool: START_CONTROLLER, input: clamped, optional: true },
    ],
    write: (done) => writeStart(done, args),
  };
}

/** "a controller on **example-service** that keeps latency_p99_ms < 40 by adjusting workers between 2 and 32, policy aimd". */
function describeStart(call: Record<string, unknown>): string {
  const slo = isRecord(call.slo) ? `${String(call.metric)} ${String(call.slo.op)} ${String(call.slo.value)}` : String(call.metric);
  const bounds = isRecord(call.bounds) ? ` between ${String(call.bounds.min)} and ${String(call.bounds.max)}` : '';
  const extras = [typeof call.policy === 'string' ? `policy ${call.policy}` : 'policy auto', ...(typeof call.period_s === 'number' ? [`every ${call.period_s} s`] : []), ...(call.dry_run ? ['dry run'] : [])];
  return `a controller on **${String(call.target)}** that keeps ${slo} by adjusting ${String(call.parameter)}${bounds} (${extras.join(', ')})`;
}

function writeStart(done: ToolExchange[], args: Record<string, unknown>): string {
  const starts = done.filter((e) => e.toolName === START_CONTROLLER);
  const last = starts.at(-1);
  if (!last) return 'I did not start a controller.';
  if (isDryRunOutput(last.output)) return writeControlDryRun(START_CONTROLLER, last.input);
  if (last.failed) return writeControlFailure(START_CONTROLLER, last.output, last.input);
  const repaired = starts.length > 1 && isRecord(args.bounds) && isRecord(last.input.bounds)
    ? `The bounds ${String(args.bounds.min)}–${String(args.bounds.max)} were outside what ${String(args.parameter)} allows, so I used ${String(last.input.bounds.min)}–${String(last.input.bounds.max)}.\n\n`
    : '';
  const stopped = done.find((e) => e.toolName === STOP_CONTROLLER && !e.failed);
  const restarted = stopped ? `Stopped ${controllerIdOf(stopped.output) ?? 'the previous controller'} and started a new one with the change.\n\n` : '';
  return `${repaired}${restarted}${writeStarted(last.output, last.input)}`;
}

function isDryRunOutput(output: unknown): boolean {
  return isRecord(output) && output.dry_run === true && 'input' in output;
}

/** controller_status / stop_controller on the controller the words name (an id), else the session's latest. */
export function controlToolPlan(kind: 'status' | 'stop', input: PlanInput, roles: ControlRoles = {}): Plan {
  const tool = kind === 'status' ? CONTROLLER_STATUS : STOP_CONTROLLER;
  const id = controllerIdIn(input.raw) ?? (roles.controllerId && /^c-\d+$/i.test(roles.controllerId) ? roles.controllerId.toLowerCase() : null) ?? previousController(input.conversation)?.id ?? null;
  const args: Record<string, unknown> = id ? { controller_id: id } : {};
  return {
    intent: tool,
    steps: [{ tool, input: () => args, optional: true }],
    write: (done) => {
      const exchange = done.find((e) => e.toolName === tool);
      if (!exchange) return 'I did not reach the controller.';
      if (isDryRunOutput(exchange.output)) return writeControlDryRun(tool, exchange.input);
      if (exchange.failed) return writeControlFailure(tool, exchange.output, exchange.input);
      return kind === 'status' ? writeControllerStatus(exchange.output) : writeControllerStopped(exchange.output);
    },
  };
}
