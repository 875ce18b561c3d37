import type { Db } from '../db/open.ts';
import { ProcessGroupStore } from '../db/process-group-store.ts';
import type { Clock } from '../tools/common/clock.ts';
import { rebuildInterruptedTurns, type RebuiltTurn } from './chat/rebuild-interrupted-turns.ts';
import { cleanUpProcessGroups, type CleanedGroup } from './process-group-cleanup.ts';

export interface CrashRecovery {
  /** The recorder the new server's trials and bench runs use (pass it to `createServices`). */
  processGroups: ProcessGroupStore;
  groups: CleanedGroup[];
  turns: RebuiltTurn[];
}

/**
 * What `startServer` does before anything else runs (before studies resume and before it listens), to undo what a
 * server that died without shutting down left: stops its orphaned trial and bench process groups
 * (`cleanUpProcessGroups`) and stores the assistant messages of its interrupted turns (`rebuildInterruptedTurns`).
 * Logs one line per group stopped and per message restored. Safe to run on every start: a clean database is untouched.
 */
export async function recoverAfterCrash(options: { db: Db; clock: Clock; log?: (line: string) => void; graceMs?: number }): Promise<CrashRecovery> {
  const { db, clock } = options;
  const log = options.log ?? (() => {});
  const processGroups = new ProcessGroupStore(db, { now: () => clock.now() });
  const groups = await cleanUpProcessGroups({ store: processGroups, clock, log, ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}) });
  const turns = await rebuildInterruptedTurns({ db, now: () => clock.now() });
  for (const turn of turns) {
    log(`tunechat: restored the interrupted answer of turn ${turn.turnId} in session ${turn.sessionId} from its ${turn.chunks} stored chunks`);
  }
  return { processGroups, groups, turns };
}
