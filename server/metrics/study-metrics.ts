import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { FINAL_STUDY_STATUSES, type Objective, type StudyEvent, type StudyListener, type StudyRecord, type StudyStatus, type Trial } from '../../tools/optimizer/types.ts';

/** What the study metrics read from the StudyManager (tools/optimizer/study-manager.ts). */
export interface StudySource {
  on(listener: StudyListener): () => void;
  get(studyId: string): StudyRecord | null;
  list(): StudyRecord[];
  trials(studyId: string): Trial[];
}

/** Trials take from a millisecond (a builtin problem) to an hour (a training run). */
const TRIAL_DURATION_BUCKETS = [0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const FINISHED = ['complete', 'pruned', 'failed'] as const;
const STATUSES: readonly StudyStatus[] = ['created', 'running', 'stopping', 'stopped', 'complete', 'failed'];

/** Best value so far of each objective of one active study (null until a feasible complete trial). */
interface ActiveStudy {
  objectives: Objective[];
  best: (number | null)[];
  running: Set<string>;
}

/**
 * Studies and trials, from the StudyManager's events (counters, the duration histogram, best values) and from
 * storage at scrape time (studies by status). Best values are per *active* study: the series is removed when the
 * study ends, so study ids never pile up as label values.
 */
export class StudyMetrics {
  readonly trials: Counter<'state'>;
  readonly trialDuration: Histogram<'state'>;
  readonly runningTrials: Gauge;
  readonly studies: Gauge<'status'>;
  readonly bestValue: Gauge<'study' | 'objective'>;
  private readonly active = new Map<string, ActiveStudy>();
  private source: StudySource | null = null;

  constructor(registry: Registry) {
    const registers = [registry];
    this.trials = new Counter({ name: 'tunechat_trials_total', help: 'Trials finished by this server, by final state (complete, pruned, failed).', labelNames: ['state'], registers });
    for (const state of FINISHED) this.trials.inc({ state }, 0);
    this.trialDuration = new Histogram({
      name: 'tunechat_trial_duration_seconds',
      help: 'Trial run time, from its start to its end, by final state, in seconds.',
      labelNames: ['state'],
      buckets: TRIAL_DURATION_BUCKETS,
      registers,
    });
    const active = this.active;
    this.runningTrials = new Gauge({
      name: 'tunechat_trials_running',
      help: 'Trials running now in this server.',
      registers,
      collect() {
        let running = 0;
        for (const study of active.values()) running += study.running.size;
        this.set(running);
      },
    });
    const read = () => this.source;
    this.studies = new Gauge({
      name: 'tunechat_studies',
      help: 'Studies in storage, by status (created, running, stopping, stopped, complete, failed).',
      labelNames: ['status'],
      registers,
      collect() {
        const counts = new Map<StudyStatus, number>(STATUSES.map((s) => [s, 0]));
        let records: StudyRecord[] = [];
        try {
          records = read()?.list() ?? [];
        } catch {
          // A closed database at shutdown: report zeros rather than fail the whole scrape.
        }
        for (const record of records) counts.set(record.status, (counts.get(record.status) ?? 0) + 1);
        for (const [status, count] of counts) this.set({ status }, count);
      },
    });
    this.bestValue = new Gauge({
      name: 'tunechat_study_best_value',
      help: 'Best objective value of each active study so far (feasible complete trials only); removed when the study ends.',
      labelNames: ['study', 'objective'],
      registers,
    });
  }

  /** Subscribes to the manager's events. Returns the unsubscribe function. */
  watch(source: StudySource): () => void {
    this.source = source;
    const off = source.on((event) => this.onEvent(event));
    return () => {
      off();
      if (this.source === source) this.source = null;
    };
  }

  private onEvent(event: StudyEvent): void {
    if (event.type === 'study-end') return this.end(event.studyId);
    const study = this.track(event.studyId);
    if (event.type === 'trial-start') study?.running.add(event.trial.id);
    if (event.type !== 'trial-end') return;
    study?.running.delete(event.trial.id);
    const { trial } = event;
    if (!(FINISHED as readonly string[]).includes(trial.state)) return;
    this.trials.inc({ state: trial.state });
    if (trial.startedAt !== null && trial.completedAt !== null) this.trialDuration.observe({ state: trial.state }, Math.max(0, trial.completedAt - trial.startedAt) / 1000);
    if (study) this.offer(event.studyId, study, trial);
  }

  /** The study's entry, created on its first event and seeded from the trials it already has (a resumed study). */
  private track(studyId: string): ActiveStudy | null {
    const known = this.active.get(studyId);
    if (known) return known;
    const record = this.source?.get(studyId);
    // A late event of an ended study must not bring its best-value series back (nothing would remove it again).
    if (!record || FINAL_STUDY_STATUSES.includes(record.status)) return null;
    const study: ActiveStudy = { objectives: record.spec.objectives, best: record.spec.objectives.map(() => null), running: new Set() };
    this.active.set(studyId, study);
    for (const trial of this.source!.trials(studyId)) this.offer(studyId, study, trial);
    return study;
  }

  private offer(studyId: string, study: ActiveStudy, trial: Trial): void {
    if (trial.state !== 'complete' || !trial.values) return;
    if (trial.constraintViolations?.some((v) => v > 0)) return;
    study.objectives.forEach((objective, i) => {
      const value = trial.values![i];
      if (value === undefined || !Number.isFinite(value)) return;
      const best = study.best[i] ?? null;
      const better = best === null || (objective.direction === 'minimize' ? value < best : value > best);
      if (!better) return;
      study.best[i] = value;
      this.bestValue.set({ study: studyId, objective: objective.metric }, value);
    });
  }

  private end(studyId: string): void {
    const study = this.active.get(studyId);
    if (!study) return;
    this.active.delete(studyId);
    for (const objective of study.objectives) this.bestValue.remove({ study: studyId, objective: objective.metric });
  }
}
