import { ToolError } from '../common/errors.ts';
import type { NewTrial, StudyStorage, TrialUpdate } from './storage.ts';
import { FINISHED_STATES } from './types.ts';
import type { StudyRecord, StudySpec, StudyStatus, Trial, TrialState } from './types.ts';

/**
 * Process-local storage. Trials are replaced, never mutated, so a trial handed out earlier stays a
 * consistent snapshot.
 */
export class InMemoryStorage implements StudyStorage {
  private studies = new Map<string, StudyRecord>();
  private trials = new Map<string, Trial[]>();

  createStudy(record: StudyRecord): void {
    if (this.studies.has(record.id)) throw new ToolError('conflict', `study ${record.id} already exists`, { details: { studyId: record.id } });
    this.studies.set(record.id, structuredClone(record));
    this.trials.set(record.id, []);
  }

  getStudy(studyId: string): StudyRecord | null {
    return this.studies.get(studyId) ?? null;
  }

  listStudies(): StudyRecord[] {
    return [...this.studies.values()].sort((a, b) => b.createdAt - a.createdAt || (b.id < a.id ? -1 : 1));
  }

  setStudyStatus(studyId: string, status: StudyStatus, updatedAt: number): void {
    const record = this.requireStudy(studyId);
    this.studies.set(studyId, { ...record, status, updatedAt });
  }

  setStudySpec(studyId: string, spec: StudySpec, updatedAt: number): void {
    const record = this.requireStudy(studyId);
    this.studies.set(studyId, { ...record, spec: structuredClone(spec), updatedAt });
  }

  deleteStudy(studyId: string): void {
    this.studies.delete(studyId);
    this.trials.delete(studyId);
  }

  createTrial(studyId: string, init: NewTrial): Trial {
    this.requireStudy(studyId);
    const list = this.trials.get(studyId)!;
    const trial: Trial = {
      id: `${studyId}:${list.length}`,
      studyId,
      number: list.length,
      state: init.state,
      params: { ...(init.params ?? {}) },
      distributions: { ...(init.distributions ?? {}) },
      values: null,
      metrics: {},
      intermediate: {},
      constraintViolations: null,
      userAttrs: { ...(init.userAttrs ?? {}) },
      systemAttrs: { ...(init.systemAttrs ?? {}) },
      attempt: init.attempt ?? 1,
      error: null,
      createdAt: init.createdAt,
      startedAt: init.state === 'running' ? init.createdAt : null,
      completedAt: null,
    };
    list.push(trial);
    return trial;
  }

  getTrial(studyId: string, number: number): Trial | null {
    return this.trials.get(studyId)?.[number] ?? null;
  }

  getTrials(studyId: string, states?: readonly TrialState[]): Trial[] {
    const list = this.trials.get(studyId) ?? [];
    return states ? list.filter((t) => states.includes(t.state)) : list.slice();
  }

  claimWaitingTrial(studyId: string, startedAt: number): Trial | null {
    const waiting = (this.trials.get(studyId) ?? []).find((t) => t.state === 'waiting');
    return waiting ? this.replace({ ...waiting, state: 'running', startedAt }) : null;
  }

  updateTrial(studyId: string, number: number, update: TrialUpdate): Trial {
    const trial = this.requireMutable(studyId, number);
    const next: Trial = { ...trial };
    for (const [key, value] of Object.entries(update)) if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    return this.replace(next);
  }

  setIntermediateValue(studyId: string, number: number, step: number, value: number): void {
    const trial = this.requireMutable(studyId, number);
    this.replace({ ...trial, intermediate: { ...trial.intermediate, [step]: value } });
  }

  setTrialUserAttr(studyId: string, number: number, key: string, value: unknown): void {
    const trial = this.requireMutable(studyId, number);
    this.replace({ ...trial, userAttrs: { ...trial.userAttrs, [key]: value } });
  }

  setTrialSystemAttr(studyId: string, number: number, key: string, value: unknown): void {
    const trial = this.requireMutable(studyId, number);
    this.replace({ ...trial, systemAttrs: { ...trial.systemAttrs, [key]: value } });
  }

  transaction<T>(fn: () => T): T {
    return fn();
  }

  private replace(trial: Trial): Trial {
    this.trials.get(trial.studyId)![trial.number] = trial;
    return trial;
  }

  private requireStudy(studyId: string): StudyRecord {
    const record = this.studies.get(studyId);
    if (!record) throw new ToolError('not_found', `no study with id ${studyId}`, { details: { studyId } });
    return record;
  }

  private requireMutable(studyId: string, number: number): Trial {
    const trial = this.trials.get(studyId)?.[number];
    if (!trial) throw new ToolError('not_found', `study ${studyId} has no trial ${number}`, { details: { studyId, number } });
    if (FINISHED_STATES.includes(trial.state)) {
      throw new ToolError('conflict', `trial ${number} of study ${studyId} is ${trial.state}; finished trials are immutable`, {
        details: { studyId, number, state: trial.state },
      });
    }
    return trial;
  }
}
