/**
 * Stopping a controller that another process runs (the CLI stopping the server's, or the reverse). Processes share
 * only the database, so the request is a flag on the row (`stop_requested`, with the reason); the owner reads it on
 * every tick and stops its loop, which stores the final state. The caller waits a few periods for that; a process
 * that died meanwhile leaves the row to the caller, which ends it.
 */
import type { ControllerStore, StoredController } from '../../db/controller-store.ts';
import type { Clock } from '../common/clock.ts';
import { isoSeconds } from './manager-status.ts';
import type { ControllerState, ControllerStatus } from './types.ts';

/** The wait: this many of the controller's periods, at least STOP_WAIT_MIN_MS. */
export const STOP_WAIT_PERIODS = 3;
export const STOP_WAIT_MIN_MS = 3_000;
const STOP_POLL_MS = 100;

export interface RemoteStopHost {
  store: ControllerStore;
  clock: Clock;
  status(id: string): ControllerStatus;
  /** Ends a controller no process runs: the final state in the store, observers told. */
  finish(id: string, state: 'stopped', note: string): void;
}

const ended = (state: ControllerState) => state === 'stopped' || state === 'failed';

export async function stopRemote(host: RemoteStopHost, row: StoredController, reason: string): Promise<ControllerStatus> {
  host.store.requestStop(row.id, reason);
  const periodMs = (row.spec.period_s ?? 1) * 1000;
  const deadline = host.clock.now() + Math.max(STOP_WAIT_MIN_MS, STOP_WAIT_PERIODS * periodMs);
  let status = host.status(row.id);
  while (!ended(status.state) && status.state !== 'interrupted' && host.clock.now() < deadline) {
    await host.clock.sleep(STOP_POLL_MS);
    status = host.status(row.id);
  }
  if (status.state === 'interrupted') {
    host.finish(row.id, 'stopped', `${reason} (the process that ran it had gone)`);
    return host.status(row.id);
  }
  if (ended(status.state)) return status;
  return { ...status, note: `stop requested at ${isoSeconds(host.clock.now())}; the process that runs it (${row.owner ?? 'unknown'}) has not confirmed yet and stops it at its next tick` };
}
