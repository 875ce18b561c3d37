import type { StudySpec } from './types.ts';

/**
 * What the StudyManager remembers, in memory, about why each study is in its state beyond its stored status: the
 * failure of its last run, an interruption by a restart that could not be undone (with whether `resume` may work),
 * and other notes worth showing while it runs and after ("resumed after a server restart at …").
 */

/** Why a study is in its state, beyond its stored status (the Studies view and the study cards show it). */
export interface StudyStatusNote {
  /**
   * Running when a server died and not running here since (its resume failed, or it is an imported record): views
   * show it as `interrupted`. Its stored status stays non-final, so the next restart tries to resume it again.
   */
  interrupted: boolean;
  /** In words: the failure, the interruption, "resumed after a server restart at …"; null when nothing to say. */
  reason: string | null;
  /** An interrupted study that `resume` may bring back (its target failed to build, not the study itself). */
  resumable: boolean;
}

export interface Interruption {
  reason: string;
  resumable: boolean;
}

export class StudyNotes {
  private readonly failures = new Map<string, string>();
  private readonly interruptions = new Map<string, Interruption>();
  private readonly notes = new Map<string, string>();

  /** The run failed (the runner threw). */
  fail(studyId: string, message: string): void {
    this.failures.set(studyId, message);
  }

  failure(studyId: string): string | undefined {
    return this.failures.get(studyId);
  }

  /** A restart interrupted the study and it could not be resumed. */
  interrupt(studyId: string, interruption: Interruption): void {
    this.interruptions.set(studyId, interruption);
  }

  interruption(studyId: string): Interruption | undefined {
    return this.interruptions.get(studyId);
  }

  /** The study runs again (resumed or continued): earlier failures and interruptions are over; `note` replaces notes. */
  launched(studyId: string, note: string | null): void {
    this.failures.delete(studyId);
    this.interruptions.delete(studyId);
    if (note === null) this.notes.delete(studyId);
    else this.notes.set(studyId, note);
  }

  /** The study was stopped; an interrupted one keeps a note saying so. */
  stopped(studyId: string, at: number): void {
    if (this.interruptions.delete(studyId)) this.notes.set(studyId, `stopped at ${isoSeconds(at)} while interrupted by a server restart`);
  }

  /** The failure, else the note, else null. */
  reason(studyId: string): string | null {
    return this.failures.get(studyId) ?? this.notes.get(studyId) ?? null;
  }
}

/** `2026-12-03T06:15:40Z`: an ISO time to the second, for reasons in words. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A target in words for messages: its kind and the argv it runs or the URL it calls. */
export function describeTarget(spec: StudySpec): string {
  const target = spec.target as { kind: string; command?: unknown; url?: unknown };
  if (Array.isArray(target.command)) return `a ${target.kind} target running ${JSON.stringify(target.command)}`;
  if (typeof target.url === 'string') return `a ${target.kind} target at ${target.url}`;
  return `a ${target.kind} target`;
}
