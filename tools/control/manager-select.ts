/**
 * Which stored controller a request means, and which ones a new controller collides with. A missing id means the
 * session's latest controller (status) or its latest running one (stop); a second controller on a (target,
 * parameter) that one already steers is a conflict, since two loops on one knob would fight.
 */
import type { ControllerStore, StoredController } from '../../db/controller-store.ts';
import { ToolError } from '../common/errors.ts';
import { LIVE_STATES } from './manager-status.ts';
import type { ControllerState } from './types.ts';

/** The state a row reads as now (a live row whose process is gone reads `interrupted`). */
export type StateOf = (row: StoredController) => ControllerState;

export function requireRow(store: ControllerStore, id: string): StoredController {
  const row = store.get(id);
  if (!row) {
    const known = store.list().map((c) => c.id);
    throw new ToolError('not_found', `no controller with id ${id}; controllers: ${known.join(', ') || 'none (start one with start_controller)'}`, { details: { parameter: 'controller_id', controller_id: id, known } });
  }
  return row;
}

/** The session's latest controller, else the latest one. */
export function latestRow(store: ControllerStore, sessionId: string | null | undefined): StoredController {
  const row = (sessionId ? store.latest(sessionId) : null) ?? store.latest();
  if (!row) throw new ToolError('not_found', 'no controller yet; start one with start_controller', { details: { parameter: 'controller_id', session_id: sessionId ?? null } });
  return row;
}

/** The session's latest running controller, else the only one running anywhere; several running is ambiguous. */
export function latestRunningRow(store: ControllerStore, sessionId: string | null | undefined, stateOf: StateOf): StoredController {
  const running = store.list().filter((row) => LIVE_STATES.includes(stateOf(row)));
  const mine = sessionId ? running.filter((row) => row.session_id === sessionId) : [];
  const pick = mine.at(-1) ?? (running.length === 1 ? running[0] : undefined);
  if (pick) return pick;
  if (running.length === 0) throw new ToolError('not_found', 'no controller is running', { details: { parameter: 'controller_id', session_id: sessionId ?? null } });
  throw new ToolError('invalid_argument', `${running.length} controllers run (${running.map((r) => `${r.id}: ${r.parameter} on ${r.target}`).join('; ')}); name one with controller_id`, {
    details: { parameter: 'controller_id', running: running.map((r) => r.id) },
  });
}

/** Throws `conflict` naming the controller that already steers (target, parameter), here or in another live process. */
export function checkConflict(store: ControllerStore, target: string, parameter: string, stateOf: StateOf): void {
  for (const row of store.list()) {
    if (row.target !== target || row.parameter !== parameter) continue;
    const state = stateOf(row);
    if (!LIVE_STATES.includes(state)) continue;
    throw new ToolError('conflict', `controller ${row.id} already controls ${parameter} on "${target}" (${state}, policy ${row.policy}); stop it first (stop_controller {"controller_id": "${row.id}"})`, {
      details: { parameter: 'parameter', controller_id: row.id, state },
    });
  }
}

/**
 * Older controllers of the same (target, parameter) that wait for a restart to resume them (interrupted, or their
 * process gone) would fight the new one once resumed: they are returned so the caller ends them.
 */
export function superseded(store: ControllerStore, row: StoredController, stateOf: StateOf): StoredController[] {
  return store.list().filter((other) => other.id !== row.id && other.target === row.target && other.parameter === row.parameter && stateOf(other) === 'interrupted');
}
