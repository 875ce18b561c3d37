/**
 * SQLite implementation of the optimizer's `StudyStorage` (tables in migrations/0002-optimizer.sql).
 * Finished trials are immutable, so they are cached per study after their first read: `getTrials` only
 * reads rows from the first unfinished trial on, which keeps ask+tell cheap at thousands of trials.
 */
import { ToolError } from '../tools/common/errors.ts';
import type { NewTrial, StudyStorage, TrialUpdate } from '../tools/optimizer/storage.ts';
import { FINISHED_STATES } from '../tools/optimizer/types.ts';
import type { StudyRecord, StudySpec, StudyStatus, Trial, TrialState } from '../tools/optimizer/types.ts';
import type Database from 'better-sqlite3';
import type { Db } from './open.ts';

interface TrialRow {
  id: string;
  study_id: string;
  number: number;
  state: TrialState;
  params: string;
  distributions: string;
  values: string | null;
  metrics: string;
  constraint_violations: string | null;
  system_attrs: string;
  attempt: number;
  error: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  intermediate: string | null;
  user_attrs: string | null;
}

interface StudyRow {
  id: string;
  name: string;
  session_id: string | null;
  spec: string;
  status: StudyStatus;
  created_at: number;
  updated_at: number;
}

const TRIAL_SELECT = `SELECT t.*,
  (SELECT json_group_object(step, value) FROM trial_intermediate_values WHERE trial_id = t.id) AS intermediate,
  (SELECT json_group_object(key, json(value)) FROM trial_user_attrs WHERE trial_id = t.id) AS user_attrs
  FROM trials t`;

const TRIAL_COLUMNS: Record<keyof TrialUpdate, string> = {
  state: 'state', params: 'params', distributions: 'distributions', values: '"values"', metrics: 'metrics',
  constraintViolations: 'constraint_violations', error: 'error', startedAt: 'started_at', completedAt: 'completed_at',
};

const JSON_FIELDS = new Set<keyof TrialUpdate>(['params', 'distributions', 'values', 'metrics', 'constraintViolations']);

function toTrial(row: TrialRow): Trial {
  const intermediate: Record<number, number> = {};
  for (const [step, value] of Object.entries(JSON.parse(row.intermediate ?? '{}') as Record<string, number>)) intermediate[Number(step)] = value;
  return {
    id: row.id, studyId: row.study_id, number: row.number, state: row.state,
    params: JSON.parse(row.params), distributions: JSON.parse(row.distributions),
    values: row.values === null ? null : JSON.parse(row.values), metrics: JSON.parse(row.metrics), intermediate,
    constraintViolations: row.constraint_violations === null ? null : JSON.parse(row.constraint_violations),
    userAttrs: JSON.parse(row.user_attrs ?? '{}'), systemAttrs: JSON.parse(row.system_attrs),
    attempt: row.attempt, error: row.error, createdAt: row.created_at, startedAt: row.started_at, completedAt: row.completed_at,
  };
}

function toStudy(row: StudyRow): StudyRecord {
  return { id: row.id, name: row.name, sessionId: row.session_id, spec: JSON.parse(row.spec), status: row.status, createdAt: row.created_at, updatedAt: row.updated_at };
}

export class SqliteStudyStorage implements StudyStorage {
  private readonly finished = new Map<string, Trial[]>();
  /** Per study, how many leading trials (by number) are in `finished`: getTrials reads rows from there on. */
  private readonly prefix = new Map<string, number>();
  /** Prepared UPDATE statements by column set (a handful of shapes recur for every trial). */
  private readonly updates = new Map<string, Database.Statement>();
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insertStudy: db.prepare('INSERT INTO studies (id, name, session_id, spec, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      getStudy: db.prepare('SELECT * FROM studies WHERE id = ?'),
      studyExists: db.prepare('SELECT 1 FROM studies WHERE id = ?').pluck(),
      listStudies: db.prepare('SELECT * FROM studies ORDER BY created_at DESC, id DESC'),
      setStatus: db.prepare('UPDATE studies SET status = ?, updated_at = ? WHERE id = ?'),
      setSpec: db.prepare('UPDATE studies SET spec = ?, updated_at = ? WHERE id = ?'),
      deleteStudy: db.prepare('DELETE FROM studies WHERE id = ?'),
      nextNumber: db.prepare('SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?').pluck(),
      insertTrial: db.prepare(`INSERT INTO trials (id, study_id, number, state, params, distributions, system_attrs, attempt, created_at, started_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      getTrial: db.prepare(`${TRIAL_SELECT} WHERE t.study_id = ? AND t.number = ?`),
      trialsFrom: db.prepare(`${TRIAL_SELECT} WHERE t.study_id = ? AND t.number >= ? ORDER BY t.number`),
      // Without INDEXED BY the planner walks the (study_id, number) index to skip the sort, which reads every
      // trial of the study when none waits: O(n) per ask. Waiting trials are few, so sorting them is free.
      firstWaiting: db.prepare("SELECT number FROM trials INDEXED BY trials_state WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1").pluck(),
      claim: db.prepare("UPDATE trials SET state = 'running', started_at = ? WHERE study_id = ? AND number = ? AND state = 'waiting'"),
      setIntermediate: db.prepare('INSERT OR REPLACE INTO trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?)'),
      setUserAttr: db.prepare('INSERT OR REPLACE INTO trial_user_attrs (trial_id, key, value) VALUES (?, ?, ?)'),
      setSystemAttr: db.prepare("UPDATE trials SET system_attrs = json_set(system_attrs, '$.' || json_quote(?), json(?)) WHERE id = ?"),
      stateOf: db.prepare('SELECT id, state FROM trials WHERE study_id = ? AND number = ?'),
    };
  }

  createStudy(record: StudyRecord): void {
    try {
      this.statements.insertStudy.run(record.id, record.name, record.sessionId, JSON.stringify(record.spec), record.status, record.createdAt, record.updatedAt);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new ToolError('conflict', `study ${record.id} already exists`, { details: { studyId: record.id }, cause: error });
      }
      throw error;
    }
  }

  getStudy(studyId: string): StudyRecord | null {
    const row = this.statements.getStudy.get(studyId) as StudyRow | undefined;
    return row ? toStudy(row) : null;
  }

  listStudies(): StudyRecord[] {
    return (this.statements.listStudies.all() as StudyRow[]).map(toStudy);
  }

  setStudyStatus(studyId: string, status: StudyStatus, updatedAt: number): void {
    const result = this.statements.setStatus.run(status, updatedAt, studyId);
    if (result.changes === 0) throw new ToolError('not_found', `no study with id ${studyId}`, { details: { studyId } });
  }

  setStudySpec(studyId: string, spec: StudySpec, updatedAt: number): void {
    const result = this.statements.setSpec.run(JSON.stringify(spec), updatedAt, studyId);
    if (result.changes === 0) throw new ToolError('not_found', `no study with id ${studyId}`, { details: { studyId } });
  }

  deleteStudy(studyId: string): void {
    this.statements.deleteStudy.run(studyId);
    this.finished.delete(studyId);
    this.prefix.delete(studyId);
  }

  createTrial(studyId: string, init: NewTrial): Trial {
    if (this.statements.studyExists.get(studyId) === undefined) throw new ToolError('not_found', `no study with id ${studyId}`, { details: { studyId } });
    const number = this.db.transaction(() => {
      const next = this.statements.nextNumber.get(studyId) as number;
      this.statements.insertTrial.run(
        `${studyId}:${next}`, studyId, next, init.state, JSON.stringify(init.params ?? {}), JSON.stringify(init.distributions ?? {}),
        JSON.stringify(init.systemAttrs ?? {}), init.attempt ?? 1, init.createdAt, init.state === 'running' ? init.createdAt : null,
      );
      for (const [key, value] of Object.entries(init.userAttrs ?? {})) this.statements.setUserAttr.run(`${studyId}:${next}`, key, JSON.stringify(value));
      return next;
    }).immediate();
    return this.getTrial(studyId, number)!;
  }

  getTrial(studyId: string, number: number): Trial | null {
    const cached = this.finished.get(studyId)?.[number];
    if (cached) return cached;
    const row = this.statements.getTrial.get(studyId, number) as TrialRow | undefined;
    return row ? this.remember(toTrial(row)) : null;
  }

  getTrials(studyId: string, states?: readonly TrialState[]): Trial[] {
    const cache = this.finished.get(studyId) ?? [];
    let first = this.prefix.get(studyId) ?? 0;
    while (first < cache.length && cache[first]) first++;
    this.prefix.set(studyId, first);
    const out: Trial[] = cache.slice(0, first) as Trial[];
    for (const row of this.statements.trialsFrom.all(studyId, first) as TrialRow[]) out.push(this.remember(toTrial(row)));
    return states ? out.filter((t) => states.includes(t.state)) : out;
  }

  claimWaitingTrial(studyId: string, startedAt: number): Trial | null {
    const number = this.db.transaction(() => {
      const next = this.statements.firstWaiting.get(studyId) as number | undefined;
      if (next === undefined) return undefined;
      this.statements.claim.run(startedAt, studyId, next);
      return next;
    }).immediate();
    return number === undefined ? null : this.getTrial(studyId, number);
  }

  updateTrial(studyId: string, number: number, update: TrialUpdate): Trial {
    const id = this.requireMutable(studyId, number);
    const keys = (Object.keys(update) as (keyof TrialUpdate)[]).filter((k) => update[k] !== undefined);
    if (keys.length > 0) {
      const sql = `UPDATE trials SET ${keys.map((k) => `${TRIAL_COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`;
      const args = keys.map((k) => (JSON_FIELDS.has(k) && update[k] !== null ? JSON.stringify(update[k]) : update[k]));
      let statement = this.updates.get(sql);
      if (!statement) this.updates.set(sql, (statement = this.db.prepare(sql)));
      statement.run(...(args as unknown[]), id);
    }
    return this.getTrial(studyId, number)!;
  }

  setIntermediateValue(studyId: string, number: number, step: number, value: number): void {
    this.statements.setIntermediate.run(this.requireMutable(studyId, number), step, value);
  }

  setTrialUserAttr(studyId: string, number: number, key: string, value: unknown): void {
    this.statements.setUserAttr.run(this.requireMutable(studyId, number), key, JSON.stringify(value ?? null));
  }

  setTrialSystemAttr(studyId: string, number: number, key: string, value: unknown): void {
    const id = this.requireMutable(studyId, number);
    this.statements.setSystemAttr.run(key, JSON.stringify(value ?? null), id);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private remember(trial: Trial): Trial {
    if (FINISHED_STATES.includes(trial.state)) {
      let cache = this.finished.get(trial.studyId);
      if (!cache) this.finished.set(trial.studyId, (cache = []));
      cache[trial.number] = trial;
    }
    return trial;
  }

  private requireMutable(studyId: string, number: number): string {
    const row = this.statements.stateOf.get(studyId, number) as { id: string; state: TrialState } | undefined;
    if (!row) throw new ToolError('not_found', `study ${studyId} has no trial ${number}`, { details: { studyId, number } });
    if (FINISHED_STATES.includes(row.state)) {
      throw new ToolError('conflict', `trial ${number} of study ${studyId} is ${row.state}; finished trials are immutable`, {
        details: { studyId, number, state: row.state },
      });
    }
    return row.id;
  }
}
