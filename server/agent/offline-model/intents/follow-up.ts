import { findTargetInText, knownTargets, type KnownTarget } from '../catalog.ts';
import { lastExchange, type Conversation, type ToolExchange } from '../conversation.ts';
import { countBefore } from '../normalize.ts';
import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { writeBestResults, writeImportance, writeStatus, writeStopped, writeWhy } from '../writers/study-follow-up.ts';
import { isDryRun, studyIdOf, tunePlan, waitInput, writeStudyResult } from './tune.ts';
import { parseTuning, type TuneSlots } from './tuning.ts';
import { namedStudyId } from './study-ids.ts';
import { importanceMetricIn } from './study-slots.ts';

const STOP = /\b(stop|cancel|abort|halt|kill|terminate)\b(?!.{0,20}\b(if|when)\b)|\bthat'?s enough\b/;
const STATUS = /\bhow(?:'s| is| are)? (?:it|things|the study|the tuning|we) (?:going|doing|looking)\b|\bprogress\b|\bstatus\b|\bhow far\b|\bis it (?:done|finished|over)\b|\bhow many trials\b|\bany (?:news|results yet)\b|\bupdate me\b|\bstill running\b/;
const PARETO = /\bpareto\b|\btrade-?offs?\b|\bfront(?:ier)?\b/;
const WHY = /\bwhy\b/;
const IMPORTANCE = /\bimportan\w*\b|\bf-?anova\b|\bshap(?: values)?\b|\b(?:which|what) (?:param\w*|hyper ?param\w*|knobs?|settings?|features?) (?:matter|count|influence|affect|drive|are important)\w*|\bmatters? (?:the )?most\b|\bsensitiv\w*\b/;
const BEST = /\bbest\b.{0,20}\b(?:param\w*|config\w*|settings?|trials?|results?|values?|hyper ?param\w*|point|found)\b|\bwhat (?:did you find|were the results|is the best)\b|\b(?:show|give) me the (?:results?|best)\b|\brecommend\w*\b/;
const MORE = /\b(\d+)\s+(?:more|additional|extra)\b|\banother (\d+)\b|\b(?:continue|keep going|run (?:it )?longer|more trials)\b/;
const RESUME = /\b(?:resume|unpause|pick (?:it |the study )?(?:back )?up|pick up where)\b/;
const AGAIN = /\b(?:try (?:it )?again|again|re-?run|redo|repeat)\b/;
const TUNE_REQUEST = /\b(tune|optimiz\w*|minimiz\w*|maximiz\w*|find)\b|\b\d+ (trials|evaluations)\b/;
const SWITCH = /\binstead\b|\bnow (?:optimiz|minimiz|maximiz|tune|go for)\w*|\bswitch (?:to|the objective)\b|\brather\b/;

/** Follow-ups about the session's study: status, stop, best, Pareto front, why, importance, more trials, another objective. */
export function matchFollowUp(input: PlanInput): Plan | null {
  const { text, conversation } = input;
  const named = namedStudyId(input.raw);
  const previous = studyFor(conversation, named);
  if (RESUME.test(text) && previous) return resumePlan(input, previous);
  if (MORE.test(text) && previous) return morePlan(input, previous);
  if (AGAIN.test(text) && previous && !findTargetInText(text, knownTargets(conversation))) return againPlan(input, previous);
  if (SWITCH.test(text) && previous) {
    const plan = switchPlan(input, previous);
    if (plan) return plan;
  }
  // "find the best xgboost settings with 30 trials" is a new study, not a question about the last one.
  const namesTarget = findTargetInText(text, knownTargets(conversation)) !== null;
  if (namesTarget && (TUNE_REQUEST.test(text) || !previous)) return null;
  if (IMPORTANCE.test(text)) return studyQuestionPlan('importance', conversation, named, text);
  if (STOP.test(text)) return studyQuestionPlan('stop', conversation, named);
  if (STATUS.test(text)) return studyQuestionPlan('status', conversation, named);
  if (WHY.test(text) && (previous || /\bbetter|best|recommend/.test(text))) return whyPlan(conversation, named);
  if (PARETO.test(text) || BEST.test(text)) return studyQuestionPlan('best', conversation, named);
  return null;
}

/** One optimizer tool on the session's latest study, answered by its writer: importance, stop, status, best trials. */
export function studyQuestionPlan(kind: 'importance' | 'stop' | 'status' | 'best', conversation: Conversation, studyId: string | null = null, text = ''): Plan {
  switch (kind) {
    case 'importance': {
      // "what drives the batch time?": the importance for that metric of the study's target.
      const prior = fallbackView(studyFor(conversation, studyId));
      const target = prior.target ? knownTargets(conversation).find((t) => t.name === prior.target) ?? null : null;
      // A metric the question names is passed on, even the first objective (the tool's default): the call says what was asked.
      const metric = importanceMetricIn(text, target, prior.objectives);
      const other = metric ? { metric } : {};
      return studyToolPlan('param_importance', conversation, (out, view) => writeImportance(out, view), studyId, other);
    }
    case 'stop':
      return studyToolPlan('stop_study', conversation, (out, view) => writeStopped(out, view), studyId);
    case 'status':
      return studyToolPlan('study_status', conversation, (out, view) => writeStatus(out, view), studyId);
    case 'best':
      return studyToolPlan('best_trials', conversation, (out, view) => writeBestResults(out, view), studyId);
  }
}

export interface PreviousStudy {
  exchange: ToolExchange;
  input: Record<string, unknown>;
  studyId: string | null;
}

export function previousStudy(conversation: Conversation): PreviousStudy | null {
  const exchange = lastExchange(conversation, 'start_study');
  if (!exchange) return null;
  return { exchange, input: exchange.input, studyId: studyIdOf(exchange.output) };
}

/**
 * The study a follow-up acts on: the one whose id the user named ("run 30 more on st_4c9e2b7a"; the session's own
 * study when the id is its), else the session's latest. A named study this session did not start is known only by
 * its id: the tools read the rest.
 */
export function studyFor(conversation: Conversation, named: string | null): PreviousStudy | null {
  const previous = previousStudy(conversation);
  if (!named || previous?.studyId === named) return previous;
  const exchange: ToolExchange = { toolCallId: '', toolName: 'start_study', input: {}, output: { study_id: named }, failed: false };
  return { exchange, input: {}, studyId: named };
}

/** A plan of one optimizer tool on the named study, else the session's latest (its id when known, else the tool's "latest" default). */
export function studyToolPlan(tool: string, conversation: Conversation, write: (output: unknown, fallback: ReturnType<typeof fallbackView>) => string, named: string | null = null, extra: Record<string, unknown> = {}): Plan {
  const previous = studyFor(conversation, named);
  const args: Record<string, unknown> = { ...(previous?.studyId ? { study_id: previous.studyId } : {}), ...extra };
  return {
    intent: tool,
    steps: [{ tool, input: () => args }],
    write: (done) => {
      const output = done[0]?.output;
      if (isDryRun(output)) return `Dry run: I would call \`${tool}\`${previous?.studyId ? ` on study ${previous.studyId}` : ' on the latest study of this session'}.`;
      return write(output, fallbackView(previous));
    },
  };
}

/** "wait till it finishes": wait_for_study on the session's study, then its summary (or its status if still running). */
export function waitPlan(conversation: Conversation, named: string | null = null): Plan {
  const previous = studyFor(conversation, named);
  const args: Record<string, unknown> = previous?.studyId ? { study_id: previous.studyId } : {};
  if (typeof previous?.input.time_limit_s === 'number') args.timeout_s = Math.min(3600, Math.ceil(previous.input.time_limit_s) + 60);
  return {
    intent: 'wait',
    steps: [{ tool: 'wait_for_study', input: () => args }],
    write: (done) => {
      const waited = done.find((e) => e.toolName === 'wait_for_study');
      if (isDryRun(waited?.output)) return `Dry run: I would wait for ${previous?.studyId ? `study ${previous.studyId}` : 'the latest study of this session'} and report the best configuration.`;
      return writeStudyResult(done, fallbackView(previous));
    },
  };
}

/** "why is that one better?": the best trial (or front), then which parameters drive the objective (optional). */
export function whyPlan(conversation: Conversation, named: string | null = null): Plan {
  const base = studyToolPlan('best_trials', conversation, () => '', named);
  const args = base.steps[0]!.input([])!;
  const fallback = fallbackView(studyFor(conversation, named));
  return {
    intent: 'why',
    steps: [base.steps[0]!, { tool: 'param_importance', input: () => args, optional: true }],
    write: (done) => {
      const best = done.find((e) => e.toolName === 'best_trials');
      if (isDryRun(best?.output)) return 'Dry run: I would fetch the best trials and the parameter importances to explain the difference.';
      const importance = done.find((e) => e.toolName === 'param_importance' && !e.failed);
      return writeWhy(best?.output, fallback, importance?.output);
    },
  };
}

function fallbackView(previous: PreviousStudy | null) {
  const input = previous?.input ?? {};
  return {
    studyId: previous?.studyId ?? null,
    target: typeof input.target === 'string' ? input.target : null,
    objectives: Array.isArray(input.objectives) ? (input.objectives as TuneSlots['objectives']) : [],
    constraints: Array.isArray(input.constraints) ? (input.constraints as TuneSlots['constraints']) : [],
  };
}

function targetOf(conversation: Conversation, name: string, objectives: TuneSlots['objectives']): KnownTarget {
  return knownTargets(conversation).find((t) => t.name === name) ?? { name, kind: 'unknown', metrics: objectives.map((o) => ({ name: o.metric, direction: o.direction })) };
}

/**
 * "run 50 more", "another 30", "keep going": continue_study on the session's study with that many more trials (the
 * sampler learns from every earlier trial and the best so far stays in the answer), then wait and summarize the
 * whole study. Without a count, as many trials as the study had.
 */
export function morePlan(input: PlanInput, previous: PreviousStudy): Plan {
  const another = /\banother (\d+)\b/.exec(input.text);
  const named = countBefore(input.text, 'more|additional|extra') ?? (another ? Number(another[1]) : null);
  return continuePlan(input, previous, named ?? (typeof previous.input.trials === 'number' ? previous.input.trials : null));
}

/**
 * "resume the study", "pick up where it stopped": continue_study on the session's study with what was left of its
 * budget (or as many trials as it had, when it had finished), unless the user names a count.
 */
export function resumePlan(input: PlanInput, previous: PreviousStudy, trials: number | null = countBefore(input.text, 'more|additional|extra|trials?|evaluations?')): Plan {
  return continuePlan(input, previous, trials);
}

/**
 * continue_study on the session's study (same space and objectives; the sampler learns from every earlier trial)
 * for `trials` more, or what is left of its budget when null; then wait and summarize the whole study.
 */
export function continuePlan(input: PlanInput, previous: PreviousStudy, trials: number | null, timeLimitS?: number): Plan {
  const prior = fallbackView(previous);
  const args: Record<string, unknown> = trials !== null ? { trials } : {};
  if (previous.studyId) args.study_id = previous.studyId;
  if (timeLimitS !== undefined) args.time_limit_s = timeLimitS;
  const where = previous.studyId ? `study ${previous.studyId}` : 'the latest study of this session';
  return {
    intent: 'resume',
    steps: [
      // The status tells how much of the budget is left; not needed when the user named a count.
      ...(trials === null ? [{ tool: 'study_status', input: () => (previous.studyId ? { study_id: previous.studyId } : {}), optional: true }] : []),
      {
        tool: 'continue_study',
        input: (done) => ({ ...args, trials: args.trials ?? remainingTrials(done.find((e) => e.toolName === 'study_status')?.output, previous) }),
        say: (call) => `Plan: resume ${where}${prior.target ? ` on **${prior.target}**` : ''} for ${String(call.trials)} more trials; its sampler keeps what it learned from the earlier ones. I will wait and report the best configuration.`,
      },
      { tool: 'wait_for_study', input: (done) => waitInput(done, args) },
    ],
    write: (done) => {
      const continued = done.find((e) => e.toolName === 'continue_study');
      if (isDryRun(continued?.output)) return `Dry run: nothing was executed. I would resume ${where}, then wait for it and report the best configuration.`;
      return writeStudyResult(done, { ...prior, studyId: studyIdOf(continued?.output) ?? prior.studyId });
    },
  };
}

/** Trials left in the study's budget; when none are, as many as it had. */
function remainingTrials(status: unknown, previous: PreviousStudy): number {
  const planned = isRecord(previous.exchange.output) && isRecord(previous.exchange.output.plan) ? previous.exchange.output.plan.trials : undefined;
  const fallback = typeof planned === 'number' ? planned : typeof previous.input.trials === 'number' ? previous.input.trials : 100;
  if (!isRecord(status) || !isRecord(status.trials)) return fallback;
  const { budget, complete, pruned, failed } = status.trials as Record<string, unknown>;
  if ([budget, complete, pruned, failed].some((v) => typeof v !== 'number')) return fallback;
  const left = (budget as number) - (complete as number) - (pruned as number) - (failed as number);
  return left > 0 ? left : Math.max(1, budget as number);
}

/** "try again with CMA-ES": the previous spec, with the sampler, budget, parallelism or seed named now. */
export function againPlan(input: PlanInput, previous: PreviousStudy, refine: (slots: TuneSlots) => TuneSlots = (s) => s): Plan {
  const prior = fallbackView(previous);
  // "same again but on rosenbrock": another target the message names, with the earlier study's settings.
  const other = findTargetInText(input.text, knownTargets(input.conversation));
  const moved = other && other.name !== prior.target ? other : null;
  const target = moved ?? targetOf(input.conversation, prior.target ?? '', prior.objectives);
  const named = refine(parseTuning(input.text, knownTargets(input.conversation), target));
  const has = (metric: string) => !moved || moved.metrics.some((m) => m.name === metric);
  // "redo that, but the error rate has to stay below 2%": the constraints named now join (or replace, per metric) the earlier ones.
  const constraints = [...prior.constraints.filter((c) => has(c.metric) && !named.constraints.some((n) => n.metric === c.metric)), ...named.constraints];
  const kept = prior.objectives.filter((o) => has(o.metric) && (!named.constraints.some((c) => c.metric === o.metric) || prior.objectives.length === 1));
  const slots: TuneSlots = { target: null, objectives: moved && kept.length === 0 ? named.objectives : kept, constraints };
  for (const key of ['trials', 'time_limit_s', 'parallel', 'sampler', 'pruner', 'seed', 'space'] as const) {
    const value = named[key] ?? previous.input[key];
    if (value !== undefined) (slots as unknown as Record<string, unknown>)[key] = value;
  }
  return tunePlan({ ...slots, target }, input);
}

const ALSO = /\b(?:also|as well|too|in addition|additionally|on top)\b/;
const INSTEAD = /\b(?:instead|rather|only|just|no longer|forget|drop|switch)\b/;

/** "now optimize for accuracy instead": same target, the objectives named now ("also …": added to the earlier ones). */
export function switchPlan(input: PlanInput, previous: PreviousStudy, refine: (slots: TuneSlots) => TuneSlots = (s) => s): Plan | null {
  const prior = fallbackView(previous);
  const target = targetOf(input.conversation, prior.target ?? '', prior.objectives);
  const slots = refine(parseTuning(input.text, knownTargets(input.conversation), target));
  if (!slots.target) return null;
  // "redo it but also care about accuracy": the objectives named now join the earlier ones instead of replacing them.
  if (ALSO.test(input.text) && !INSTEAD.test(input.text)) {
    const added = slots.objectives.filter((o) => !prior.objectives.some((p) => p.metric === o.metric));
    slots.objectives = [...prior.objectives.filter((p) => !slots.constraints.some((c) => c.metric === p.metric)), ...added];
  }
  const trials = slots.trials ?? (typeof previous.input.trials === 'number' ? previous.input.trials : undefined);
  if (trials !== undefined) slots.trials = trials;
  return tunePlan({ ...slots, target: slots.target }, input);
}
