/**
 * The agent's optimizer tools (contract 4): `start_study` (non-blocking), `continue_study`, `study_status`, `wait_for_study`
 * (streams progress snapshots as preliminary tool results, then the summary), `stop_study` and `best_trials`.
 * A missing `study_id` means this chat session's latest study. Failures the model can fix come back as
 * `{ ok: false, error: { code, message, details } }`.
 */
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { asToolResult, ToolError, type ToolFailure } from '../common/errors.ts';
import { OPERATOR, type Requester } from '../common/requester.ts';
import type { StudyManager } from './study-manager.ts';
import { SPEC_LIMITS } from './study-spec.ts';
import type { StudyStatusSummary } from './summary.ts';
import { BuiltinTargetResolver, type TargetResolver } from './target-resolver.ts';
import { FINAL_STUDY_STATUSES, type Objective, type StudySpec } from './types.ts';

export interface OptimizerToolsContext {
  services: { studies: StudyManager; targets?: TargetResolver };
  sessionId: string;
  /** Resolves target names; default: `services.targets` (user targets + builtins), then the builtin problems. */
  resolver?: TargetResolver;
  /** Who asks: studies it starts or continues count toward its client's running-study limit (default: the operator). */
  requester?: Requester;
}

/** Longest time budget a study may be given, in seconds (30 days). */
const MAX_TIME_LIMIT_S = 30 * 86_400;
const nameInput = z.string().min(1).max(SPEC_LIMITS.nameLength);

const studyIdInput = z.string().min(1).max(200).optional().describe("study id (st_…); omit for this chat session's latest study");

const objectiveSchema = z.object({
  metric: nameInput.describe('metric name the target reports, e.g. "value", "accuracy", "latency_p99_ms"'),
  direction: z.enum(['minimize', 'maximize']),
});

export const startStudyInput = z.object({
  target: z.string().min(1).max(200).describe('name of a registered target or builtin problem (list_targets shows them), e.g. "branin", "xgboost"'),
  objectives: z.array(objectiveSchema).min(1).max(SPEC_LIMITS.objectives).optional().describe("what to optimize; default: the target's first metric with its usual direction. Several objectives give a Pareto front"),
  constraints: z
    .array(z.object({ metric: nameInput, op: z.enum(['<', '<=', '>', '>=', '==', '!=']), value: z.number() }))
    .max(SPEC_LIMITS.constraints)
    .optional()
    .describe('hard limits such as {"metric":"latency_ms","op":"<=","value":5}; a trial that breaks one is infeasible and never best'),
  trials: z.number().int().min(1).max(10000).optional().describe('number of configurations to evaluate (default 100)'),
  time_limit_s: z.number().positive().max(MAX_TIME_LIMIT_S).optional().describe('stop the study after this many seconds'),
  parallel: z.number().int().min(1).max(SPEC_LIMITS.parallel).optional().describe('trials evaluated at the same time (default 1)'),
  sampler: z.string().min(1).max(50).optional().describe('search algorithm: tpe, random, qmc, grid, gp, cmaes, nsga2, auto (default: auto when available, else tpe)'),
  space: z
    .record(z.string().min(1).max(SPEC_LIMITS.nameLength), z.record(z.string(), z.unknown()))
    .refine((space) => Object.keys(space).length <= SPEC_LIMITS.params, {
      message: `a search space has at most ${SPEC_LIMITS.params} parameters (SPEC_LIMITS.params)`,
    })
    .optional()
    .describe(`search space (at most ${SPEC_LIMITS.params} parameters, ${SPEC_LIMITS.choices} choices each); default: the target's own. Entries like {"type":"float","low":1e-5,"high":0.1,"log":true}, {"type":"int","low":1,"high":20}, {"type":"categorical","choices":["adam","sgd"]}, hyperopt forms {"type":"quniform","low":100,"high":1000,"q":50}`),
  seed: z.number().int().optional().describe('random seed for a reproducible study'),
  pruner: z.enum(['none', 'median', 'successive-halving', 'hyperband']).optional().describe('stop unpromising trials early from their intermediate reports'),
  retries: z.number().int().min(0).max(10).optional().describe('re-run a failed trial up to this many times (default 0)'),
  distributed: z.boolean().optional().describe('run the trials on `tunechat worker` processes through Redis (true) or in this server (false); default: on workers when the server has a Redis URL. Only with a server started with --redis / TUNECHAT_REDIS_URL'),
  name: nameInput.optional(),
});

export type StartStudyInput = z.infer<typeof startStudyInput>;

function resolveStudyId(context: OptimizerToolsContext, studyId: string | undefined): string {
  if (studyId) return studyId;
  const latest = context.services.studies.latestForSession(context.sessionId);
  if (!latest) throw new ToolError('not_found', 'this session has no study yet; start one with start_study', { details: { session_id: context.sessionId } });
  return latest.id;
}

/** Builds the study spec from the tool input and the resolved target. Exported for tests and the CLI. */
export async function buildStudySpec(input: StartStudyInput, resolver: TargetResolver): Promise<StudySpec> {
  const builtins = new BuiltinTargetResolver();
  const target = (await resolver.resolve(input.target)) ?? (await builtins.resolve(input.target));
  if (!target) {
    const known = [...new Set([...(await resolver.list()), ...(await builtins.list())].map((t) => t.name))];
    throw new ToolError('not_found', `no target named "${input.target}"; known targets: ${known.join(', ')}`, { details: { target: input.target, known } });
  }
  const space = input.space ?? target.space;
  if (!space) {
    throw new ToolError('invalid_argument', `target "${target.name}" has no default search space; pass space, e.g. {"lr":{"type":"float","low":1e-5,"high":0.1,"log":true}}`, {
      details: { target: target.name },
    });
  }
  let objectives: Objective[] | undefined = input.objectives;
  if (!objectives && target.kind === 'builtin' && target.metrics.length > 1) {
    // A multi-objective test problem (zdt1, dtlz2, …): every metric it reports is one of its objectives.
    objectives = target.metrics.map((m) => ({ metric: m.name, direction: m.direction ?? 'minimize' }));
  }
  if (!objectives) {
    const metric = target.metrics.find((m) => m.direction) ?? target.metrics[0];
    if (!metric) throw new ToolError('invalid_argument', `target "${target.name}" declares no metrics; pass objectives`, { details: { target: target.name } });
    objectives = [{ metric: metric.name, direction: metric.direction ?? 'minimize' }];
  }
  const spec: StudySpec = { name: input.name ?? `${target.name} study`, space, objectives, target: target.spec, targetName: target.name };
  // The target's known-good configuration belongs to its own space: a space of the user's own gets none.
  if (!input.space && target.baseline) spec.baseline = target.baseline;
  if (input.constraints) spec.constraints = input.constraints;
  if (input.sampler) spec.sampler = input.sampler;
  if (input.seed !== undefined) spec.seed = input.seed;
  if (input.pruner && input.pruner !== 'none') spec.pruner = { kind: input.pruner };
  if (input.retries !== undefined) spec.retries = { max: input.retries };
  if (input.distributed !== undefined) spec.distributed = input.distributed;
  spec.budget = {
    ...(input.trials !== undefined ? { trials: input.trials } : {}),
    ...(input.parallel !== undefined ? { parallel: input.parallel } : {}),
    ...(input.time_limit_s !== undefined ? { time_s: input.time_limit_s } : {}),
  };
  return spec;
}

/** A compact progress snapshot for the chat stream. */
function progress(status: StudyStatusSummary) {
  const { trials } = status;
  return {
    study_id: status.study_id,
    status: status.status,
    objectives: status.objectives,
    done: trials.complete + trials.pruned + trials.failed,
    total: trials.budget,
    running: trials.running,
    complete: trials.complete,
    pruned: trials.pruned,
    failed: trials.failed,
    elapsed_s: status.elapsed_s,
    best: status.best && { number: status.best.number, values: status.best.values, params: status.best.params },
    ...(status.workers ? { workers: status.workers.line } : {}),
    last_trial: status.last_trial && { number: status.last_trial.number, state: status.last_trial.state, values: status.last_trial.values, error: status.last_trial.error },
  };
}

export function createOptimizerTools(context: OptimizerToolsContext): ToolSet {
  const studies = context.services.studies;
  const resolver = context.resolver ?? context.services.targets ?? new BuiltinTargetResolver();
  const requester = context.requester ?? OPERATOR;
  return {
    start_study: tool({
      description:
        'Start an optimization study on a target (non-blocking). Returns the study id and plan at once; trials run in the background. Follow with wait_for_study to stream progress, or study_status.',
      inputSchema: startStudyInput,
      execute: (input) =>
        asToolResult(async () => {
          const spec = await buildStudySpec(input, resolver);
          const record = await studies.start(spec, { sessionId: context.sessionId, client: requester.client });
          const s = record.spec;
          return {
            ok: true as const,
            study_id: record.id,
            name: record.name,
            target: input.target,
            plan: {
              sampler: s.sampler, trials: s.budget?.trials, parallel: s.budget?.parallel, time_limit_s: s.budget?.time_s ?? null,
              objectives: s.objectives, constraints: s.constraints ?? [], params: Object.keys(s.space), seed: s.seed,
              ...(s.baseline ? { baseline: s.baseline } : {}), ...(s.baselineNote ? { baseline_note: s.baselineNote } : {}),
              ...(s.distributed ? { distributed: true, workers: studies.status(record.id).workers?.line ?? null } : {}),
            },
          };
        }),
    }),
    continue_study: tool({
      description:
        'Run more trials in an existing study ("run 50 more", "another 30", "keep going"): same target, space and objectives, and the samplers learn from every earlier trial, unlike a new start_study. Works on finished, stopped or running studies (a running one just gets the larger budget). Non-blocking: follow with wait_for_study.',
      inputSchema: z.object({
        study_id: studyIdInput,
        trials: z.number().int().min(1).max(10000).describe('how many more configurations to evaluate'),
        time_limit_s: z.number().positive().max(MAX_TIME_LIMIT_S).optional().describe('time budget for the continuation, from now (default: the study\'s own)'),
      }),
      execute: ({ study_id, trials, time_limit_s }) =>
        asToolResult(async () => {
          const id = resolveStudyId(context, study_id);
          const before = studies.status(id);
          const record = await studies.extend(id, { trials, client: requester.client, ...(time_limit_s !== undefined ? { timeLimitS: time_limit_s } : {}) });
          const s = record.spec;
          return {
            ok: true as const,
            study_id: record.id,
            name: record.name,
            previous: { status: before.status, trials: before.trials.complete + before.trials.pruned + before.trials.failed, best: before.best },
            plan: { sampler: s.sampler, added_trials: trials, trials: s.budget?.trials, parallel: s.budget?.parallel, time_limit_s: s.budget?.time_s ?? null, objectives: s.objectives },
          };
        }),
    }),
    study_status: tool({
      description: 'Current state of a study: trial counts by state, best trial so far (or the Pareto front for several objectives), elapsed time, last trial; for a distributed study its workers (count, slots, retried trials, per-worker throughput).',
      inputSchema: z.object({ study_id: studyIdInput }),
      execute: ({ study_id }) => asToolResult(() => studies.status(resolveStudyId(context, study_id))),
    }),
    wait_for_study: tool({
      description:
        'Wait for a study to finish, streaming progress (trials done/total, running, best so far, last trial). Returns the final summary, or the current one with timed_out=true after timeout_s (the study keeps running).',
      inputSchema: z.object({
        study_id: studyIdInput,
        timeout_s: z.number().positive().max(3600).optional().describe('give up waiting after this many seconds (default 300); the study continues'),
      }),
      execute: async function* ({ study_id, timeout_s }, options) {
        let id: string;
        try {
          id = resolveStudyId(context, study_id);
          studies.status(id);
        } catch (error) {
          if (!ToolError.isInstance(error)) throw error;
          yield { ok: false, error: error.toJSON() } satisfies ToolFailure;
          return;
        }
        yield* waitWithProgress(studies, id, (timeout_s ?? 300) * 1000, options?.abortSignal);
      },
    }),
    stop_study: tool({
      description: 'Stop a running study now. Running trials are aborted (recorded as failed, "stopped"); finished trials and the best so far are kept.',
      inputSchema: z.object({ study_id: studyIdInput }),
      execute: ({ study_id }) => asToolResult(() => studies.stop(resolveStudyId(context, study_id))),
    }),
    best_trials: tool({
      description: 'The best feasible trial of a study (params, objective values, all metrics); for several objectives also the Pareto front; with constraints and no feasible trial, the closest one.',
      inputSchema: z.object({ study_id: studyIdInput }),
      execute: ({ study_id }) =>
        asToolResult(() => {
          const id = resolveStudyId(context, study_id);
          const status = studies.status(id);
          // With constraints and no feasible trial, the closest one (and the counts) let the answer name it instead of "no trial completed".
          return {
            study_id: id, status: status.status, objectives: status.objectives, best: status.best, pareto: status.pareto, trials: status.trials,
            ...(status.constraints ? { constraints: status.constraints } : {}),
            ...(status.closest ? { closest: status.closest } : {}),
          };
        }),
    }),
  };
}

/** Yields a progress snapshot after each finished trial (coalesced), then the final summary. */
export async function* waitWithProgress(studies: StudyManager, studyId: string, timeoutMs: number, signal?: AbortSignal) {
  let latest: StudyStatusSummary | null = null;
  let notify: () => void = () => {};
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let finished = false;
  const done = studies
    .wait(studyId, { signal: controller.signal, onProgress: (s) => ((latest = s), notify()) })
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      finished = true;
      notify();
    });
  try {
    while (!finished) {
      await new Promise<void>((resolve) => (notify = resolve));
      if (latest && !finished) {
        const snapshot: StudyStatusSummary = latest;
        latest = null;
        yield { ...progress(snapshot), preliminary: true };
      }
    }
    await done;
    const final = studies.status(studyId);
    yield { ...final, timed_out: !FINAL_STUDY_STATUSES.includes(final.status) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
