import { ChatStore } from '../../db/chat-store.ts';
import type { Db } from '../../db/open.ts';
import { runChatTurn } from '../chat/run-turn.ts';
import type { Services } from '../services.ts';
import type { RunTurn } from '../slack/conversations.ts';
import { COMPARE_DEFAULTS, compareRuns, type CompareOptions, type RerunReport } from './rerun-report.ts';
import { sessionTurns } from './session-turns.ts';

export interface RerunResult extends RerunReport {
  sessionId: string;
  /** The new session the rerun was recorded in (in the services' database). */
  rerunSessionId: string | null;
}

/**
 * Regression check of a saved session: sends its user messages again, in order, to the current model and tools
 * (`services`, normally over a scratch copy of the database), with the seeds of the studies the session ran, and
 * compares per turn the tools called, their arguments and their results (see `compareRuns`).
 */
export async function rerunSession(options: {
  services: Services;
  sessionId: string;
  runTurn?: RunTurn;
  compare?: Partial<CompareOptions>;
  /** Whether commands typed in the session's messages may run (default false: the file may come from anyone). */
  allowCommands?: boolean;
}): Promise<RerunResult> {
  const { services, sessionId } = options;
  const store = new ChatStore(services.db, () => services.clock.now());
  if (!store.getSession(sessionId)) throw new Error(`session "${sessionId}" does not exist`);
  const original = sessionTurns(store.listMessages<{ role: string; parts?: unknown }>(sessionId).map((m) => m.message));
  restoreStudySeeds(services, studySeeds(services.db, sessionId));
  const runTurn = options.runTurn ?? runChatTurn;
  let rerunSessionId: string | null = null;
  for (const turn of original) {
    const requester = { source: 'replay', client: `replay:${sessionId}`, commands: options.allowCommands === true } as const;
    const result = await runTurn({ services, ...(rerunSessionId ? { sessionId: rerunSessionId } : {}), source: 'cli', requester, text: turn.userText });
    rerunSessionId = result.sessionId;
  }
  const rerun = rerunSessionId ? sessionTurns(store.listMessages<{ role: string; parts?: unknown }>(rerunSessionId).map((m) => m.message)) : [];
  return { sessionId, rerunSessionId, ...compareRuns(original, rerun, { ...COMPARE_DEFAULTS, ...options.compare }) };
}

/** Seeds of the studies a session started, in start order (null where a study had none). */
export function studySeeds(db: Db, sessionId: string): (number | null)[] {
  const hasStudies = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'studies'").get();
  if (!hasStudies) return [];
  const specs = db.prepare('SELECT spec FROM studies WHERE session_id = ? ORDER BY created_at, rowid').pluck().all(sessionId) as string[];
  return specs.map((spec) => {
    const seed = (JSON.parse(spec) as { seed?: unknown }).seed;
    return typeof seed === 'number' ? seed : null;
  });
}

/**
 * Makes the rerun's studies use the original seeds, in order: a study started without an explicit seed gets the
 * seed of the original study at the same position. Only the scratch services of a rerun are patched.
 */
function restoreStudySeeds(services: Services, seeds: (number | null)[]): void {
  type StartFn = (spec: { seed?: number }, ...rest: unknown[]) => unknown;
  const studies = (services as unknown as { studies?: { start?: StartFn } }).studies;
  if (!studies?.start || seeds.length === 0) return;
  const start = studies.start.bind(studies);
  let index = 0;
  studies.start = (spec, ...rest) => {
    const seed = seeds[index++];
    return start(spec.seed === undefined && typeof seed === 'number' ? { ...spec, seed } : spec, ...rest);
  };
}
