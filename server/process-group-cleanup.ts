import type { RecordedProcessGroup } from '../db/process-group-store.ts';
import type { Clock } from '../tools/common/clock.ts';
import { describeOwner } from '../tools/common/process-group-recorder.ts';
import { isSameLiveProcess, readBootId } from '../tools/common/process-identity.ts';

/** How long recorded groups get to exit after SIGTERM before they get SIGKILL. */
export const ORPHAN_GRACE_MS = 3000;
const POLL_MS = 50;

/** What happened to one recorded group. */
export interface CleanedGroup {
  pgid: number;
  group: RecordedProcessGroup;
  /**
   * `terminated`: it exited after SIGTERM; `killed`: it needed SIGKILL; `failed`: it could not be signalled;
   * `gone`: its leader no longer runs (or a recycled pid now belongs to another process: left alone);
   * `unverified`: its start time is unknown (no `/proc`), so it was left alone.
   */
  outcome: 'terminated' | 'killed' | 'failed' | 'gone' | 'unverified';
}

export interface ProcessGroupCleanupOptions {
  store: { list(): RecordedProcessGroup[]; remove(pgids: readonly number[]): void };
  clock: Clock;
  /** One line per group that was signalled (default: nothing). */
  log?: (line: string) => void;
  graceMs?: number;
  procRoot?: string;
}

/**
 * Start-up cleanup (before studies resume): stops the trial and benchmark process groups that a server which died
 * without shutting down (kill -9, OOM, power cut of the service) left behind, then forgets their rows.
 * A group is signalled only when its leader still runs with the recorded start time (and boot), so a pid the kernel
 * has since given to another process is never killed; without `/proc` nothing is killed. SIGTERM goes to the whole
 * group (`kill(-pgid)`), SIGKILL after `graceMs` to those whose leader still runs. Groups recorded by a server that is
 * still alive (another process on the same database) are left alone and keep their rows.
 */
export async function cleanUpProcessGroups(options: ProcessGroupCleanupOptions): Promise<CleanedGroup[]> {
  const { store, clock, procRoot } = options;
  const log = options.log ?? (() => {});
  const graceMs = options.graceMs ?? ORPHAN_GRACE_MS;
  const bootId = readBootId(procRoot);
  const results: CleanedGroup[] = [];
  const signalled: CleanedGroup[] = [];
  for (const group of store.list()) {
    if (group.recorderStartTime !== null && isSameLiveProcess(group.recorderPid, group.recorderStartTime, procRoot)) continue;
    const result: CleanedGroup = { pgid: group.pgid, group, outcome: 'gone' };
    results.push(result);
    if (group.startTime === null) {
      result.outcome = 'unverified';
    } else if ((bootId === null || group.bootId === null || group.bootId === bootId) && isSameLiveProcess(group.pgid, group.startTime, procRoot)) {
      if (signalGroup(group.pgid, 'SIGTERM', result, log)) signalled.push(result);
    }
  }
  const alive = () => signalled.filter((r) => isSameLiveProcess(r.pgid, r.group.startTime!, procRoot));
  const deadline = clock.monotonic() + graceMs;
  while (alive().length > 0 && clock.monotonic() < deadline) await clock.sleep(POLL_MS);
  const stubborn = new Set(alive());
  for (const result of signalled) {
    const by = `left by server pid ${result.group.recorderPid}`;
    if (stubborn.has(result) && signalGroup(result.pgid, 'SIGKILL', result, log)) {
      result.outcome = 'killed';
      log(`tunechat: killed orphan process group ${result.pgid} (${describeOwner(result.group.owner)}, ${by}) with SIGKILL: still running ${graceMs} ms after SIGTERM`);
    } else if (result.outcome !== 'failed') {
      result.outcome = 'terminated'; // gone after SIGTERM (or just before the SIGKILL)
      log(`tunechat: stopped orphan process group ${result.pgid} (${describeOwner(result.group.owner)}, ${by}) with SIGTERM`);
    }
  }
  store.remove(results.map((r) => r.pgid));
  return results;
}

function signalGroup(pgid: number, signal: NodeJS.Signals, result: CleanedGroup, log: (line: string) => void): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false; // exited in between
    result.outcome = 'failed';
    log(`tunechat: could not send ${signal} to orphan process group ${pgid} (${describeOwner(result.group.owner)}): ${(error as Error).message}`);
    return false;
  }
}
