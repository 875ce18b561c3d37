import { directionOf } from '../metrics.ts';
import { knownTargets, type KnownTarget } from '../catalog.ts';
import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { readStudyView } from '../writers/study-view.ts';
import { writeStudySummary } from '../writers/study-summary.ts';
import { describeTargets } from '../writers/targets.ts';
import { stillRunningHint, writeStatus } from '../writers/study-follow-up.ts';
import { parseTuning, samplerIn, type TuneSlots } from './tuning.ts';
import { normalize } from '../normalize.ts';
import type { ToolExchange } from '../conversation.ts';
import { retriesIn, studyNameIn, wantsWorkers } from './study-slots.ts';

/** Trials when the user names no budget for one of their own targets (each trial trains a model). */
export const USER_TARGET_TRIALS = 20;

const TUNE_VERB = /\b(tune|tuning|optimiz\w*|minimiz\w*|maximiz\w*|hyper ?param\w*|search for|find (?:the )?(?:best|most|optimal|good|fastest|minimum|maximum|optimum|min|max)|improve|speed up|make .{1,40} (?:faster|quicker|more accurate|better)|get .{1,40} (?:down|up)|reduce|lower|cut|study|(?:best|optimal|ideal|right) (?:[a-z_]+ ){1,3}(?:for|of|in))\b/;

/** "tune my XGBoost for latency", "minimize branin with 40 trials", "run CMA-ES on hartmann6 for 150 evaluations". */
export function matchTune(input: PlanInput): Plan | null {
  const targets = knownTargets(input.conversation);
  const slots = parseTuning(input.text, targets);
  const verb = TUNE_VERB.test(input.text) || /\b(run|use|try)\b.*\b(tpe|cmaes|random|gp|nsga2|qmc|grid|motpe)\b/.test(input.text);
  if (!verb && !(slots.target && (slots.trials || slots.sampler))) return null;
  if (!slots.target) return clarifyTarget(targets);
  return tunePlan({ ...slots, target: slots.target }, input);
}

/** start_study, then wait_for_study on the new study, then the summary. Shared with follow-ups ("try again with CMA-ES"). */
export function tunePlan(slots: TuneSlots & { target: KnownTarget }, input: PlanInput): Plan {
  // "retry a failing trial up to 2 times", "allow 3 retries per trial": re-runs of a failed trial, never its budget.
  const retries = retriesIn(input.text);
  const budgetIsRetries = retries !== null && slots.trials === retries && !new RegExp(String.raw`\b${retries}\s+(?:trials?|evaluations?|evals?|iterations?|configs?|samples?)\b`).test(input.text);
  const args = startStudyInput(budgetIsRetries ? { ...slots, trials: undefined } : slots, input.options.defaultTrials);
  if (retries !== null) args.retries = retries;
  const name = studyNameIn(input.raw);
  if (name) args.name = name;
  if (wantsWorkers(input.text)) args.distributed = true;
  // "what's CMA-ES good for?" then "use it on rosenbrock": the sampler the last message asked about.
  if (args.sampler === undefined && /\b(?:use|try|with|using|run) (?:it|that|this)(?: one| sampler| algorithm| method)?\b/.test(input.text)) {
    const asked = samplerIn(normalize(input.conversation.turns.at(-2)?.userText ?? ''));
    if (asked) args.sampler = asked;
  }
  return {
    intent: 'tune',
    steps: [
      { tool: 'start_study', input: () => args, say: () => `Plan: a study on **${slots.target.name}** to ${describePlan(args)}${args.space ? ' over the edited search space' : ''}. I will wait for it and report the best configuration.` },
      { tool: 'wait_for_study', input: (done) => waitInput(done, args) },
    ],
    write: (done) => {
      const started = done.find((e) => e.toolName === 'start_study');
      if (!started) return 'The study did not start.';
      if (isDryRun(started.output)) return writeDryRunPlan(args, slots.target);
      const fallback = { studyId: studyIdOf(started.output), target: slots.target.name, objectives: slots.objectives, constraints: slots.constraints };
      return writeStudyResult(done, fallback, slots.tolerance?.relative);
    },
  };
}

/**
 * The answer once a study was started or continued and waited for: the summary (best configuration, Pareto table,
 * recommendation), or its status when the wait timed out and it keeps running.
 */
export function writeStudyResult(done: ToolExchange[], fallback: StudyFallback, tolerance?: number): string {
  const waited = done.find((e) => e.toolName === 'wait_for_study') ?? done.find((e) => e.toolName === 'start_study' || e.toolName === 'continue_study');
  if (!waited) return 'The study did not start.';
  if (isRecord(waited.output) && waited.output.timed_out === true) {
    return `${writeStatus(waited.output, fallback)}\n\n${stillRunningHint(readStudyView(waited.output, fallback))}`;
  }
  return writeStudySummary(readStudyView(waited.output, fallback), tolerance !== undefined ? { tolerance } : {});
}

/** What the writers fall back on when a tool result lacks it. */
export interface StudyFallback {
  studyId: string | null;
  target: string | null;
  objectives: TuneSlots['objectives'];
  constraints: TuneSlots['constraints'];
}

export function startStudyInput(slots: TuneSlots & { target: KnownTarget }, defaultTrials: number | undefined): Record<string, unknown> {
  // Every metric named was a bound: the target's first unbounded metric is the objective (start_study needs one).
  const free = slots.target.metrics.find((m) => !slots.constraints.some((c) => c.metric === m.name));
  const objectives = slots.objectives.length > 0 || !free ? slots.objectives : [{ metric: free.name, direction: directionOf(free) }];
  const args: Record<string, unknown> = { target: slots.target.name, objectives };
  if (slots.constraints.length) args.constraints = slots.constraints;
  // No budget named: the configured default, else a small one for the user's own (slow) targets; builtins use the tool's default.
  const fallback = defaultTrials ?? (slots.target.kind === 'builtin' ? undefined : USER_TARGET_TRIALS);
  const trials = slots.trials ?? (slots.time_limit_s === undefined ? fallback : undefined);
  if (trials !== undefined) args.trials = trials;
  if (slots.time_limit_s !== undefined) args.time_limit_s = slots.time_limit_s;
  if (slots.parallel !== undefined) args.parallel = slots.parallel;
  if (slots.sampler !== undefined) args.sampler = slots.sampler;
  if (slots.pruner !== undefined) args.pruner = slots.pruner;
  if (slots.seed !== undefined) args.seed = slots.seed;
  if (slots.space !== undefined) args.space = slots.space;
  return args;
}

/** Waits for the new (or continued) study; with a time budget, long enough to see it end (the tool's own default is 300 s). */
export function waitInput(done: ToolExchange[], args: Record<string, unknown>): Record<string, unknown> {
  const started = done.find((e) => e.toolName === 'start_study' || e.toolName === 'continue_study');
  const id = studyIdOf(started?.output);
  const input: Record<string, unknown> = id ? { study_id: id } : {};
  if (typeof args.time_limit_s === 'number') input.timeout_s = Math.min(3600, Math.ceil(args.time_limit_s) + 60);
  return input;
}

export function studyIdOf(output: unknown): string | null {
  if (!isRecord(output)) return null;
  for (const key of ['study_id', 'studyId', 'id']) if (typeof output[key] === 'string') return output[key] as string;
  return isRecord(output.study) ? studyIdOf(output.study) : null;
}

export function isDryRun(output: unknown): boolean {
  return isRecord(output) && output.dry_run === true;
}

function writeDryRunPlan(args: Record<string, unknown>, target: KnownTarget): string {
  const sentence = [
    `Dry run: nothing was executed. I would start a study on **${String(args.target)}** to ${describePlan(args)}`,
    ', then wait for it and report the best configuration.',
  ].join('');
  const space = (args.space as KnownTarget['space'] | undefined) ?? target.space;
  const source = args.space ? 'the edited space' : 'the target\'s default space';
  return space ? `${sentence}\n\nSearch space (${source}):\n\n${describeSpace(space)}` : sentence;
}

/** "minimize latency_p99_ms and maximize accuracy subject to …, with a budget of 20 trials, …". */
export function describePlan(args: Record<string, unknown>): string {
  const objectives = (args.objectives as TuneSlots['objectives']).map((o) => `${o.direction} ${o.metric}`).join(' and ');
  const constraints = (args.constraints as TuneSlots['constraints'] | undefined)?.map((c) => `${c.metric} ${c.op} ${c.value}`).join(', ');
  const budget = [args.trials !== undefined ? `${args.trials} trials` : null, args.time_limit_s !== undefined ? `${args.time_limit_s} s` : null].filter(Boolean).join(', ');
  return [
    objectives,
    constraints ? ` subject to ${constraints}` : '',
    budget ? `, with a budget of ${budget}` : '',
    args.parallel !== undefined ? `, ${String(args.parallel)} trials in parallel` : '',
    args.sampler !== undefined ? `, using the ${String(args.sampler)} sampler` : '',
    args.pruner !== undefined ? `, pruning unpromising trials (${String(args.pruner)})` : '',
  ].join('');
}

/** One line per parameter: `max_depth` int 2–10, `learning_rate` float 0.01–0.3 (log), `tree_method` one of hist, approx. */
function describeSpace(space: NonNullable<KnownTarget['space']>): string {
  return Object.entries(space).map(([name, entry]) => {
    const e = entry as Record<string, unknown>;
    if (Array.isArray(e.choices)) return `- \`${name}\` one of ${e.choices.map((c) => (Array.isArray(c) ? String(c[1]) : typeof c === 'object' && c !== null ? String((c as { value?: unknown }).value) : String(c))).join(', ')}`;
    if (typeof e.low === 'number' && typeof e.high === 'number') return `- \`${name}\` ${String(e.type)} ${e.low}–${e.high}${e.log ? ' (log)' : ''}${typeof e.step === 'number' && e.step !== 1 ? ` step ${e.step}` : ''}${typeof e.q === 'number' ? ` q ${e.q}` : ''}`;
    return `- \`${name}\` ${JSON.stringify(e)}`;
  }).join('\n');
}

export function clarifyTarget(targets: KnownTarget[]): Plan {
  return {
    intent: 'tune-clarify',
    steps: [{ tool: 'list_targets', input: () => ({}), optional: true }],
    write: (done) => {
      const listed = done.find((e) => e.toolName === 'list_targets');
      const usable = listed && !listed.failed && !isDryRun(listed.output);
      return `Which target should I tune? I could not tell from your message. ${describeTargets(usable ? listed.output : targets)}\n\nSay for example "tune xgboost for latency" or "minimize branin with 40 trials".`;
    },
  };
}
