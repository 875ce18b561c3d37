/**
 * The studies service (`Services.studies`): starts studies in the background, persists them, reports status,
 * waits, stops, prunes single trials, publishes every StudyEvent, and resumes studies after a crash.
 */
import { abortable } from '../common/abortable.ts';
import type { Clock } from '../common/clock.ts';
import { ToolError } from '../common/errors.ts';
import { OPERATOR } from '../common/requester.ts';
import { buildStudy } from './study-build.ts';
import type { StudyStorage } from './storage.ts';
import { Study } from './study.ts';
import { budgetUsed, runStudy, RETRY_OF, SUSPEND, type InFlight, type RunStudyOptions } from './study-runner.ts';
import { TrialPrunedError } from './trial-pruned.ts';
import { normalizeSpec, type StudyDefaults } from './study-spec.ts';
import { checkStudyCapacity, type StudyLimits } from './study-capacity.ts';
import { checkExtension } from './study-extension.ts';
import { describeTarget, StudyNotes, type Interruption, type StudyStatusNote } from './study-notes.ts';
import { resumeInterrupted, resumeStudy, RESUMED_OWNER, type RestartHost } from './study-restart.ts';
import { summarizeStudy, type StudyStatusSummary, type TrialSummary } from './summary.ts';
import { TallyCache, type TrialTallySnapshot } from './trial-tally.ts';
import type { RemoteTrials } from './remote-trials.ts';
import { buildStudyTarget, prepareRemote, withWorkers, workersSummary } from './study-target.ts';
import { BASELINE_ATTR, warmStart } from './baseline.ts';
import { FINAL_STUDY_STATUSES, type StudyEvent, type StudyListener, type StudyRecord, type StudySpec, type StudyStatus, type Target, type Trial } from './types.ts';

export type { StudyLimits } from './study-capacity.ts';
export type { StudyStatusNote } from './study-notes.ts';

export interface StudyManagerDeps {
  storage: StudyStorage;
  clock: Clock;
  /** Hosts besides loopback that http targets may call. */
  allowedHosts?: readonly string[];
  /** Extra services target factories may need (e.g. `bench` for service targets). */
  targetServices?: Record<string, unknown>;
  /** Overrides of the spec defaults (sampler, budget, retries). */
  defaults?: Partial<StudyDefaults>;
  /** Random seeds for studies that give none. */
  randomSeed?: () => number;
  /**
   * Running studies allowed per client (`Requester.client`) and in all; a start or continue beyond them throws
   * ToolError `busy`. Absent: no limit (the server passes `config.limits`, see server/services.ts).
   */
  limits?: StudyLimits;
  /**
   * Whether a study came from an imported session file. Imported studies are records only: never resumed, never
   * continued (their target specs, commands included, are data from a file, not the operator's choice).
   */
  isImported?: (studyId: string) => boolean;
  /** Runs the trials of distributed studies on workers (tools/distributed; absent: every study runs in this process). */
  remote?: RemoteTrials;
}

interface Active {
  study: Study;
  /** `Requester.client` that started (or last continued) the study. */
  owner: string;
  /** The runner's options; `trials` is read before every launch, so raising it extends the running study. */
  options: RunStudyOptions;
  controller: AbortController;
  inFlight: InFlight;
  done: Promise<void>;
  target: Target;
}

const FINAL = FINAL_STUDY_STATUSES;

export class StudyManager {
  private readonly active = new Map<string, Active>();
  private readonly listeners = new Set<StudyListener>();
  private readonly notes = new StudyNotes();
  private readonly tallies = new TallyCache();
  /** Set by `close`: studies that end now were suspended by the shutdown, not stopped. */
  private suspending = false;
  private sequence = 0;

  constructor(private readonly deps: StudyManagerDeps) {}

  /**
   * Validates, persists and starts a study in the background for `client` (`Requester.client`; default the
   * operator's, as for the CLI). Invalid specs throw `ToolError('invalid_argument')`; a client or server already at
   * its running-study limit, `ToolError('busy')`.
   */
  async start(spec: StudySpec, options: { sessionId?: string; client?: string } = {}): Promise<StudyRecord> {
    const normalized = normalizeSpec(spec, { ...this.deps.defaults, seed: spec.seed ?? this.randomSeed() });
    const client = options.client ?? OPERATOR.client;
    this.checkCapacity(client);
    if (await prepareRemote(normalized, this.deps.remote)) normalized.distributed = true; // kept: a restarted server re-attaches to its jobs
    const now = this.deps.clock.now();
    const id = `st_${now.toString(36)}${(this.sequence++).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
    const record: StudyRecord = { id, name: normalized.name ?? id, sessionId: options.sessionId ?? null, spec: normalized, status: 'running', createdAt: now, updatedAt: now };
    // Build everything that can fail on bad input before anything is stored.
    const target = buildStudyTarget(normalized, this.deps);
    const study = this.buildStudy(record, normalized.seed!);
    const baseline = warmStart(normalized); // before createStudy: the stored spec says what ran
    this.deps.storage.createStudy(record);
    if (baseline) study.enqueue(baseline, { systemAttrs: { [BASELINE_ATTR]: true } });
    for (const params of normalized.enqueue ?? []) study.enqueue(params);
    this.launch(study, target, now, client);
    return record;
  }

  /** Summary figures of all of `trials`, kept per study across calls: O(new + running trials) (trial-tally.ts). */
  tally(record: StudyRecord, trials: readonly Trial[]): TrialTallySnapshot {
    return this.tallies.of(record, trials);
  }

  get(studyId: string): StudyRecord | null {
    return this.deps.storage.getStudy(studyId);
  }

  list(): StudyRecord[] {
    return this.deps.storage.listStudies();
  }

  latestForSession(sessionId: string): StudyRecord | null {
    return this.deps.storage.listStudies().find((s) => s.sessionId === sessionId) ?? null;
  }

  trials(studyId: string): Trial[] {
    this.require(studyId);
    return this.deps.storage.getTrials(studyId);
  }

  status(studyId: string): StudyStatusSummary {
    let record = this.require(studyId);
    let error = this.notes.failure(studyId);
    const note = this.statusNote(studyId);
    if (note.interrupted) {
      // Nothing runs it here (a restart interrupted it, or an imported record): the agent sees it stopped, with the
      // reason, rather than waiting for it forever (continue_study or resume runs it again where allowed).
      record = { ...record, status: 'stopped' };
      error ??= note.reason ?? undefined;
    }
    const trials = this.deps.storage.getTrials(studyId);
    return withWorkers(summarizeStudy(record, trials, this.deps.clock.now(), error, this.tally(record, trials)), record.spec, trials, this.deps.remote);
  }
  /** A distributed study's workers (from the last heartbeats, no I/O); undefined for a study that runs here. */
  workers = (record: StudyRecord, trials: readonly Trial[]) => workersSummary(record.spec, trials, this.deps.remote);

  /** The clock's time (views compute a running study's elapsed time from it). */
  now(): number {
    return this.deps.clock.now();
  }

  /** Whether the study runs in this process now. */
  isRunning(studyId: string): boolean {
    return this.active.has(studyId);
  }

  /** Why the study is in its state: interrupted by a restart (and whether resumable), its failure, or a note. */
  statusNote(studyId: string): StudyStatusNote {
    const record = this.require(studyId);
    const interruption = this.interruption(record);
    if (interruption) return { interrupted: true, ...interruption };
    if (this.deps.isImported?.(studyId) && !FINAL.includes(record.status) && !this.active.has(studyId)) {
      return { interrupted: true, reason: `imported from a session file while ${record.status}: imported studies are records and never run here`, resumable: false };
    }
    return { interrupted: false, reason: this.notes.reason(studyId), resumable: false };
  }

  /** Best feasible trial, and the Pareto set for several objectives. */
  best(studyId: string): { best: TrialSummary | null; pareto: TrialSummary[] } {
    const { best, pareto } = this.status(studyId);
    return { best, pareto };
  }

  /** Resolves with the final status once the study ends; `onProgress` gets a snapshot after every trial. */
  async wait(studyId: string, options: { signal?: AbortSignal; onProgress?: (status: StudyStatusSummary) => void } = {}): Promise<StudyStatusSummary> {
    this.require(studyId);
    const active = this.active.get(studyId);
    if (!active) return this.status(studyId);
    const unsubscribe = this.on((event) => {
      if (event.studyId === studyId && event.type === 'trial-end') options.onProgress?.(this.status(studyId));
    });
    try {
      await abortable(active.done, options.signal);
    } finally {
      unsubscribe();
    }
    return this.status(studyId);
  }

  /** Stops a study promptly: running trials are aborted (recorded as failed, "stopped"); waiting ones stay waiting. */
  async stop(studyId: string): Promise<StudyStatusSummary> {
    const record = this.require(studyId);
    const active = this.active.get(studyId);
    this.notes.stopped(studyId, this.deps.clock.now());
    if (active) {
      this.setStatus(studyId, 'stopping');
      active.controller.abort();
      await active.done;
    } else if (!FINAL.includes(record.status)) {
      // Not running here (interrupted by a restart): it ends now; watchers learn it from the event.
      this.setStatus(studyId, 'stopped');
      this.emit({ type: 'study-end', studyId, status: 'stopped', at: this.deps.clock.now() });
    }
    return this.status(studyId);
  }

  /**
   * Runs `trials` more configurations in the same study (Optuna's second `optimize` call): its samplers see every
   * earlier trial. A finished study (complete, stopped or failed) runs again with its budget raised to the trials
   * used so far plus `trials`, and a new time budget of `timeLimitS` (default: its old one) from now; a running
   * study just gets the larger trial budget (a new time budget is refused there). Running a finished study again
   * counts toward `more.client`'s running studies (default the operator's): `ToolError('busy')` at the limit.
   */
  async extend(studyId: string, more: { trials: number; timeLimitS?: number; client?: string }): Promise<StudyRecord> {
    const record = this.require(studyId);
    checkExtension(record, more, this.deps.isImported?.(studyId) ?? false);
    const spec = record.spec;
    const now = this.deps.clock.now();
    const active = this.active.get(studyId);
    if (active) {
      if (more.timeLimitS !== undefined) {
        throw new ToolError('invalid_argument', `study ${studyId} is running under its own time budget; time_limit_s applies only when continuing a finished or stopped study`, { details: { study_id: studyId, time_limit_s: more.timeLimitS } });
      }
      active.options.trials += more.trials;
      this.deps.storage.setStudySpec(studyId, { ...spec, budget: { ...spec.budget, trials: active.options.trials } }, now);
      return this.require(studyId);
    }
    const trials = this.deps.storage.getTrials(studyId);
    const used = budgetUsed(trials);
    const timeS = more.timeLimitS ?? spec.budget?.time_s;
    const extended: StudySpec = { ...spec, budget: { ...spec.budget, trials: used + more.trials, ...(timeS !== undefined ? { time_s: timeS } : {}) } };
    const continued = { ...record, spec: extended };
    const client = more.client ?? OPERATOR.client;
    this.checkCapacity(client);
    await prepareRemote(extended, this.deps.remote);
    const target = buildStudyTarget(extended, this.deps);
    const study = this.buildStudy(continued, (spec.seed ?? 0) + trials.length);
    this.deps.storage.setStudySpec(studyId, extended, now);
    this.notes.launched(studyId, null);
    this.launch(study, target, now, client);
    return this.require(studyId);
  }

  /** Requests that a running trial stop as pruned. False when the trial is not running here. */
  pruneTrial(studyId: string, trialNumber: number, reason: string): boolean {
    const active = this.active.get(studyId);
    const controller = active?.inFlight.get(trialNumber);
    if (!active || !controller) return false;
    active.study.requestPrune(trialNumber, reason);
    controller.abort(new TrialPrunedError(`pruned: ${reason}`));
    return true;
  }

  /** Listeners subscribed now (tests check that websocket feeds release theirs). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Subscribes to every event of every study. Returns the unsubscribe function. */
  on(listener: StudyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a restart: resumes the studies a dead or stopped process left running (see study-restart.ts). */
  async resumeInterrupted(): Promise<string[]> {
    return resumeInterrupted(this.restartHost());
  }

  /** Resumes a study a restart interrupted (POST /api/studies/:id/resume; see study-restart.ts resumeStudy). */
  async resume(studyId: string, options: { client?: string } = {}): Promise<StudyRecord> {
    resumeStudy(this.restartHost(), this.require(studyId), options.client ?? OPERATOR.client);
    return this.require(studyId);
  }

  /** What study-restart.ts needs of the manager's running state. */
  private restartHost(): RestartHost {
    return {
      storage: this.deps.storage,
      now: () => this.deps.clock.now(),
      isImported: (id) => this.deps.isImported?.(id) ?? false,
      isRunning: (id) => this.active.has(id),
      setStatus: (id, status) => this.setStatus(id, status),
      checkCapacity: (client) => this.checkCapacity(client),
      relaunch: (record, owner, retry, note, reattach) => this.relaunch(record, owner, retry, note, reattach),
      reattaches: (record) => record.spec.distributed === true && this.deps.remote !== undefined,
      interruption: (id) => this.notes.interruption(id),
    };
  }

  /**
   * Builds and launches a stored study again, enqueuing `retry` (dead trials with attempts left) first and re-attaching
   * to `reattach` (trials still running on workers). On failure, notes the study interrupted with the reason and returns false.
   */
  private relaunch(record: StudyRecord, owner: string, retry: readonly Trial[], note: string, reattach: readonly Trial[] = []): boolean {
    const trials = this.deps.storage.getTrials(record.id);
    let study: Study;
    try {
      study = this.buildStudy(record, (record.spec.seed ?? 0) + trials.length);
    } catch (error) {
      this.notes.interrupt(record.id, { reason: `interrupted by a server restart and could not resume: ${(error as Error).message}`, resumable: false });
      return false;
    }
    let target: Target;
    try {
      target = buildStudyTarget(record.spec, this.deps);
    } catch (error) {
      const name = record.spec.targetName ? `"${record.spec.targetName}"` : describeTarget(record.spec);
      this.notes.interrupt(record.id, { reason: `interrupted by a server restart: its target ${name} cannot run here now (${(error as Error).message})`, resumable: true });
      return false;
    }
    for (const trial of retry) {
      study.enqueue(trial.params, { attempt: trial.attempt + 1, systemAttrs: { [RETRY_OF]: trial.systemAttrs[RETRY_OF] ?? trial.number } });
    }
    this.notes.launched(record.id, note);
    this.launch(study, target, record.createdAt, owner, reattach);
    return true;
  }

  /**
   * Process shutdown: running studies are suspended, not stopped. Their trials in flight are aborted (recorded as
   * failed, "interrupted: the server shut down …") and they stay `running` in storage, so the next start resumes them
   * (resumeInterrupted), as after a crash. A study the user was stopping ends stopped.
   */
  async close(): Promise<void> {
    this.suspending = true;
    const message = 'interrupted: the server shut down before this trial finished; the study resumes when it starts again';
    await Promise.all(
      [...this.active.values()].map((active) => {
        active.controller.abort(Object.assign(new Error(message), { name: SUSPEND }));
        return active.done;
      }),
    );
  }

  /** Throws `ToolError('busy')` when `client`, or the whole manager, already runs as many studies as allowed. */
  private checkCapacity(client: string): void {
    checkStudyCapacity(this.deps.limits, [...this.active.entries()].map(([id, a]) => ({ id, owner: a.owner })), client);
  }

  private launch(study: Study, target: Target, startedAt: number, owner = RESUMED_OWNER, reattach: readonly Trial[] = []): void {
    const spec = study.record.spec;
    const controller = new AbortController();
    const inFlight: InFlight = new Map();
    this.setStatus(study.id, 'running');
    this.emit({ type: 'study-start', studyId: study.id, at: this.deps.clock.now() });
    const options: RunStudyOptions = {
      study, target, trials: spec.budget!.trials!, parallel: spec.budget!.parallel!,
      timeLimitMs: spec.budget!.time_s ? spec.budget!.time_s * 1000 : null, startedAt,
      retries: { max: spec.retries!.max, backoffMs: spec.retries!.backoff_ms! },
      clock: this.deps.clock, signal: controller.signal, emit: (event) => this.emit(event), reattach,
    };
    const done = runStudy(options, inFlight).then(
      (outcome) => this.finish(study.id, outcome === 'stopped' ? 'stopped' : 'complete'),
      (error: unknown) => {
        this.notes.fail(study.id, error instanceof Error ? error.message : String(error));
        this.finish(study.id, 'failed');
      },
    ).finally(() => target.close?.().catch(() => {}));
    this.active.set(study.id, { study, owner, options, controller, inFlight, done, target });
  }

  private finish(studyId: string, status: StudyStatus): void {
    this.active.delete(studyId);
    const record = this.deps.storage.getStudy(studyId);
    if (this.suspending && status === 'stopped' && record?.status === 'running') return; // suspended: resumes at the next start
    if (this.deps.storage.getStudy(studyId)) this.setStatus(studyId, status);
    this.emit({ type: 'study-end', studyId, status, at: this.deps.clock.now() });
  }

  private buildStudy(record: StudyRecord, seed: number): Study {
    return buildStudy(record, seed, this.deps);
  }

  private setStatus(studyId: string, status: StudyStatus): void {
    this.deps.storage.setStudyStatus(studyId, status, this.deps.clock.now());
  }

  /** The interruption of a study stored as live that does not run here, if `resumeInterrupted` noted one. */
  private interruption(record: StudyRecord): Interruption | undefined {
    if (FINAL.includes(record.status) || this.active.has(record.id)) return undefined;
    return this.notes.interruption(record.id);
  }

  private require(studyId: string): StudyRecord {
    const record = this.deps.storage.getStudy(studyId);
    if (!record) throw new ToolError('not_found', `no study with id ${studyId}`, { details: { study_id: studyId } });
    return record;
  }

  private randomSeed(): number {
    return this.deps.randomSeed?.() ?? Math.floor(Math.random() * 2 ** 31);
  }

  private emit(event: StudyEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not break the study.
      }
    }
  }

}
