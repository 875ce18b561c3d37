/**
 * Controllers as other processes see them: the stored row, the process that owns its loop, and whether that process
 * still lives. A controller runs in exactly one process (the one that started or resumed it: the server, or a CLI
 * `control start`); the row names it (`owner`), so a second process neither resumes it nor reports it running after
 * its owner died.
 */
import type { ControllerStore, StoredController } from '../../db/controller-store.ts';
import { isSameLiveProcess, readProcessStat } from '../common/process-identity.ts';
import type { ControllerState, ControllerStatus, ControllerSpec, Slo } from './types.ts';

/** States in which some process should be running the loop. */
export const LIVE_STATES: readonly ControllerState[] = ['starting', 'running', 'holding'];
/** States a restart resumes (`interrupted`: a graceful shutdown suspended it). */
export const RESUMABLE_STATES: readonly ControllerState[] = [...LIVE_STATES, 'interrupted'];

/** This process as an owner: `pid:start time` (start time from /proc, `?` where there is none). */
export function processOwner(): string {
  return `${process.pid}:${readProcessStat(process.pid)?.startTime ?? '?'}`;
}

/** Whether the process named by `owner` (`pid:start time`) is alive; without a start time, whether the pid exists. */
export function isOwnerAlive(owner: string): boolean {
  const [pidText, startTime] = owner.split(':');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (startTime && startTime !== '?') return isSameLiveProcess(pid, startTime);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const sloOf = (spec: ControllerSpec): Slo => ({ metric: spec.metric, op: spec.slo.op, value: spec.slo.value });

export function isoSeconds(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A stored controller as a status. A live row whose owner is gone reads `interrupted`, with the reason, since nothing
 * runs it until tunechat resumes it; `alive` answers for the owner.
 */
export function storedStatus(row: StoredController, store: ControllerStore, alive: (owner: string) => boolean): ControllerStatus {
  let state = row.state;
  let note = row.note;
  if (LIVE_STATES.includes(state) && !(row.owner && alive(row.owner))) {
    state = 'interrupted';
    note = `the process that ran it (${row.owner ?? 'none'}) is gone, last tick at ${isoSeconds(row.updated_at)}; tunechat resumes it at its next start${row.note ? ` (${row.note})` : ''}`;
  }
  return {
    id: row.id,
    target: row.target,
    parameter: row.parameter,
    policy: row.policy,
    policy_reason: row.policy_reason,
    slo: sloOf(row.spec),
    bounds: row.spec.bounds ?? { min: Number.NaN, max: Number.NaN },
    dry_run: row.spec.dry_run ?? false,
    state,
    value: row.value,
    initial_value: row.initial_value,
    slo_value: row.slo_value,
    slo_state: row.slo_state,
    decisions: row.decisions,
    changes: row.changes,
    last_decision: store.lastDecision(row.id),
    started_at: row.started_at,
    stopped_at: row.stopped_at,
    note,
    session_id: row.session_id,
  };
}
