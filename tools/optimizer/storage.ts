/**
 * Where studies and trials live. Two implementations pass one contract test
 * (`test/support/storage-contract.ts`): `InMemoryStorage` and `SqliteStudyStorage` (db/study-storage.ts).
 *
 * Invariants:
 * - trial numbers are dense and 0-based within a study, assigned by `createTrial`;
 * - finished trials (complete, pruned, failed) are immutable: any update throws `ToolError('conflict')`;
 * - `claimWaitingTrial` moves the oldest waiting trial to running atomically (two callers never get the same one).
 * The API is synchronous: both backends answer in microseconds and the optimizer's hot path stays simple.
 */
import type { Distribution, Params, StudyRecord, StudySpec, StudyStatus, Trial, TrialState } from './types.ts';

export interface NewTrial {
  state: 'waiting' | 'running';
  params?: Params;
  distributions?: Record<string, Distribution>;
  userAttrs?: Record<string, unknown>;
  systemAttrs?: Record<string, unknown>;
  attempt?: number;
  createdAt: number;
}

/** Fields a running (or waiting) trial may change. */
export interface TrialUpdate {
  state?: TrialState;
  params?: Params;
  distributions?: Record<string, Distribution>;
  values?: number[] | null;
  metrics?: Record<string, number>;
  constraintViolations?: number[] | null;
  error?: string | null;
  startedAt?: number | null;
  completedAt?: number | null;
}

export interface StudyStorage {
  createStudy(record: StudyRecord): void;
  getStudy(studyId: string): StudyRecord | null;
  /** Newest first. */
  listStudies(): StudyRecord[];
  setStudyStatus(studyId: string, status: StudyStatus, updatedAt: number): void;
  /** Replaces the stored spec (a study continued with a larger budget). */
  setStudySpec(studyId: string, spec: StudySpec, updatedAt: number): void;
  deleteStudy(studyId: string): void;

  createTrial(studyId: string, trial: NewTrial): Trial;
  getTrial(studyId: string, number: number): Trial | null;
  /** Trials in number order, optionally only those in `states`. */
  getTrials(studyId: string, states?: readonly TrialState[]): Trial[];
  /** The oldest waiting trial, now running (startedAt set), or null. */
  claimWaitingTrial(studyId: string, startedAt: number): Trial | null;
  /** Throws `ToolError('conflict')` when the trial is finished. */
  updateTrial(studyId: string, number: number, update: TrialUpdate): Trial;
  setIntermediateValue(studyId: string, number: number, step: number, value: number): void;
  setTrialUserAttr(studyId: string, number: number, key: string, value: unknown): void;
  setTrialSystemAttr(studyId: string, number: number, key: string, value: unknown): void;
  /** Runs `fn` atomically (one database transaction where there is one). */
  transaction<T>(fn: () => T): T;
}
