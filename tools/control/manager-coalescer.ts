/**
 * Which decisions go to SQLite. A controller decides every period (1 s by default), and most ticks of a healthy
 * service are `no_change` with the same reason: storing each would write 86,400 rows a day saying nothing new.
 * So every decision is stored except `no_change` ticks, which are coalesced: one is kept when its reason's text class
 * (the reason with its numbers blanked: "p99 37 ms < 40 ms" and "p99 35 ms < 40 ms" are one class) or the SLO state
 * differs from the previous decision's, and otherwise at most one per NO_CHANGE_EVERY_MS. Observers (the chat,
 * /metrics) still get every decision; `ControllerStatus.decisions` counts them all.
 */
import type { DecisionRecord } from './types.ts';

/** Longest gap between two stored `no_change` decisions of one controller while nothing else changes. */
export const NO_CHANGE_EVERY_MS = 30_000;

/** The reason with its numbers blanked, so readings of the same situation compare equal. */
export function reasonClass(reason: string): string {
  return reason.replace(/[-+]?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?/gi, '#');
}

/** One per controller: `keep(record)` says whether to store it. */
export class DecisionCoalescer {
  private last: { key: string } | null = null;
  private lastStoredAt = Number.NEGATIVE_INFINITY;

  keep(record: DecisionRecord): boolean {
    const key = `${record.outcome}|${record.slo_state}|${reasonClass(record.reason)}`;
    const changed = this.last?.key !== key;
    this.last = { key };
    const keep = record.outcome !== 'no_change' || changed || record.at - this.lastStoredAt >= NO_CHANGE_EVERY_MS;
    if (keep) this.lastStoredAt = record.at;
    return keep;
  }
}
