import type { ControllerSpec, ControllerState, DecisionOutcome, DecisionRecord, PolicyName, SloState } from '../tools/control/types.ts';
import type { Db } from './open.ts';

/** A controller as stored (table `controllers`, migration 0009). */
export interface StoredController {
  id: string;
  target: string;
  parameter: string;
  /** The spec as started, with its bounds, policy and period resolved. */
  spec: ControllerSpec;
  policy: PolicyName;
  policy_reason: string;
  state: ControllerState;
  value: number | null;
  initial_value: number | null;
  slo_value: number | null;
  slo_state: SloState;
  decisions: number;
  changes: number;
  /** The seq of the next decision: a controller resumed after a restart numbers on from here. */
  next_seq: number;
  note: string | null;
  session_id: string | null;
  started_at: number;
  stopped_at: number | null;
  /** Heartbeat: the owning process writes it on every tick. */
  updated_at: number;
  /** The process that runs the loop (`pid:start time`, see controller-manager.ts); null when none does. */
  owner: string | null;
  /** Another process asked the owner to stop it (cross-process stop). */
  stop_requested: boolean;
  stop_reason: string | null;
}

export type NewController = Pick<StoredController, 'target' | 'parameter' | 'spec' | 'policy' | 'policy_reason' | 'state' | 'value' | 'initial_value' | 'note' | 'session_id' | 'started_at' | 'owner'>;

/** Fields the owner updates as the loop runs. */
export type ControllerPatch = Partial<Pick<StoredController, 'state' | 'value' | 'initial_value' | 'slo_value' | 'slo_state' | 'decisions' | 'changes' | 'next_seq' | 'note' | 'stopped_at' | 'owner'>>;

const PATCHABLE = ['state', 'value', 'initial_value', 'slo_value', 'slo_state', 'decisions', 'changes', 'next_seq', 'note', 'stopped_at', 'owner'] as const;

/** Decision rows kept per controller (the oldest are deleted beyond it). */
export const DECISIONS_KEPT = 10_000;
/** Retention runs once per this many stored decisions of a controller (a cheap DELETE on the primary key). */
const PRUNE_EVERY = 500;
/** Most decisions one read returns. */
export const MAX_DECISIONS_READ = 1_000;

interface ControllerRow extends Omit<StoredController, 'spec' | 'stop_requested'> {
  num: number;
  spec: string;
  stop_requested: number;
}

interface DecisionRow {
  controller_id: string;
  seq: number;
  at: number;
  policy: PolicyName;
  parameter: string;
  outcome: DecisionOutcome;
  from_value: number;
  to_value: number;
  reason: string;
  inputs: string;
  slo_state: SloState;
  slo_value: number | null;
}

const toController = ({ num: _num, spec, stop_requested, ...row }: ControllerRow): StoredController => ({
  ...row,
  spec: JSON.parse(spec) as ControllerSpec,
  stop_requested: stop_requested === 1,
});

const toDecision = (row: DecisionRow): DecisionRecord => ({
  controller_id: row.controller_id,
  seq: row.seq,
  at: row.at,
  policy: row.policy,
  parameter: row.parameter,
  from: row.from_value,
  to: row.to_value,
  outcome: row.outcome,
  reason: row.reason,
  inputs: JSON.parse(row.inputs) as Record<string, number>,
  slo_state: row.slo_state,
  slo_value: row.slo_value,
});

/**
 * Stored controllers and their decisions (tables `controllers`, `control_decisions`, migration 0009). Ids are
 * `c-1`, `c-2`, … in start order, assigned inside an IMMEDIATE transaction so two processes sharing the database
 * (the server and the CLI) never take the same one. The handle is injected; nothing connects at import.
 */
export class ControllerStore {
  private readonly sincePrune = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly options: { kept?: number } = {},
  ) {}

  create(row: NewController): StoredController {
    const insert = this.db.transaction((): string => {
      const num = (this.db.prepare('SELECT COALESCE(MAX(num), 0) + 1 FROM controllers').pluck().get() as number);
      const id = `c-${num}`;
      this.db
        .prepare(
          `INSERT INTO controllers (id, num, target, parameter, spec, policy, policy_reason, state, value, initial_value, note, session_id, started_at, updated_at, owner)
           VALUES (@id, @num, @target, @parameter, @spec, @policy, @policy_reason, @state, @value, @initial_value, @note, @session_id, @started_at, @started_at, @owner)`,
        )
        .run({ ...row, id, num, spec: JSON.stringify(row.spec) });
      return id;
    });
    return this.get(insert.immediate())!;
  }

  get(id: string): StoredController | null {
    const row = this.db.prepare('SELECT * FROM controllers WHERE id = ?').get(id) as ControllerRow | undefined;
    return row ? toController(row) : null;
  }

  /** Every controller, oldest first. */
  list(): StoredController[] {
    return (this.db.prepare('SELECT * FROM controllers ORDER BY num').all() as ControllerRow[]).map(toController);
  }

  /** The newest controller, of the session when given. */
  latest(sessionId?: string | null): StoredController | null {
    const row = (sessionId
      ? this.db.prepare('SELECT * FROM controllers WHERE session_id = ? ORDER BY num DESC LIMIT 1').get(sessionId)
      : this.db.prepare('SELECT * FROM controllers ORDER BY num DESC LIMIT 1').get()) as ControllerRow | undefined;
    return row ? toController(row) : null;
  }

  /** Writes the given fields and the heartbeat `updated_at = at`. */
  update(id: string, patch: ControllerPatch, at: number): void {
    const keys = PATCHABLE.filter((key) => patch[key] !== undefined);
    const sets = [...keys.map((key) => `${key} = @${key}`), 'updated_at = @at'];
    const args: Record<string, unknown> = { id, at };
    for (const key of keys) args[key] = patch[key];
    this.db.prepare(`UPDATE controllers SET ${sets.join(', ')} WHERE id = @id`).run(args);
  }

  /** Clears a stop request (a controller started again after one). */
  clearStopRequest(id: string): void {
    this.db.prepare('UPDATE controllers SET stop_requested = 0, stop_reason = NULL WHERE id = ?').run(id);
  }

  /** Asks the owning process to stop the controller (it checks on every tick). False when there is no such controller. */
  requestStop(id: string, reason: string): boolean {
    return this.db.prepare('UPDATE controllers SET stop_requested = 1, stop_reason = ? WHERE id = ?').run(reason, id).changes > 0;
  }

  /** The pending stop request, if any (read by the owner on every tick). */
  stopRequest(id: string): { reason: string } | null {
    const row = this.db.prepare('SELECT stop_requested, stop_reason FROM controllers WHERE id = ?').get(id) as { stop_requested: number; stop_reason: string | null } | undefined;
    return row && row.stop_requested === 1 ? { reason: row.stop_reason ?? 'stop requested' } : null;
  }

  /** Stores one decision; every PRUNE_EVERY of a controller's decisions, deletes those beyond the newest `kept`. */
  addDecision(record: DecisionRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO control_decisions (controller_id, seq, at, policy, parameter, outcome, from_value, to_value, reason, inputs, slo_state, slo_value)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(record.controller_id, record.seq, record.at, record.policy, record.parameter, record.outcome, record.from, record.to, record.reason, JSON.stringify(record.inputs), record.slo_state, record.slo_value);
    const count = (this.sincePrune.get(record.controller_id) ?? 0) + 1;
    this.sincePrune.set(record.controller_id, count);
    if (count >= PRUNE_EVERY) this.prune(record.controller_id);
  }

  /** Deletes a controller's decisions beyond its newest `kept` (DECISIONS_KEPT by default). Returns the rows deleted. */
  prune(controllerId: string): number {
    this.sincePrune.set(controllerId, 0);
    const kept = this.options.kept ?? DECISIONS_KEPT;
    const cutoff = this.db
      .prepare('SELECT seq FROM control_decisions WHERE controller_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?')
      .pluck()
      .get(controllerId, kept) as number | undefined;
    if (cutoff === undefined) return 0;
    return this.db.prepare('DELETE FROM control_decisions WHERE controller_id = ? AND seq <= ?').run(controllerId, cutoff).changes;
  }

  /**
   * Stored decisions in seq order: those after `after_seq` (the next `limit`, for following a controller), or else
   * the newest `limit`. `limit` defaults to 100, at most MAX_DECISIONS_READ.
   */
  decisions(controllerId: string, options: { after_seq?: number; limit?: number } = {}): DecisionRecord[] {
    const limit = Math.max(1, Math.min(MAX_DECISIONS_READ, Math.floor(options.limit ?? 100)));
    if (options.after_seq !== undefined) {
      const rows = this.db.prepare('SELECT * FROM control_decisions WHERE controller_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(controllerId, options.after_seq, limit) as DecisionRow[];
      return rows.map(toDecision);
    }
    const rows = this.db.prepare('SELECT * FROM control_decisions WHERE controller_id = ? ORDER BY seq DESC LIMIT ?').all(controllerId, limit) as DecisionRow[];
    return rows.reverse().map(toDecision);
  }

  lastDecision(controllerId: string): DecisionRecord | null {
    const row = this.db.prepare('SELECT * FROM control_decisions WHERE controller_id = ? ORDER BY seq DESC LIMIT 1').get(controllerId) as DecisionRow | undefined;
    return row ? toDecision(row) : null;
  }

  /** Decisions stored for the controller (after coalescing and retention). */
  countDecisions(controllerId: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM control_decisions WHERE controller_id = ?').pluck().get(controllerId) as number;
  }
}
