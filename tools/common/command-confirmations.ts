/** A reply that confirms: "yes", "y", "confirm", "go ahead", "run it"… and nothing that takes it back. */
const AFFIRMATIVE = /^\s*(?:y|yes|yep|yeah|sure|ok(?:ay)?|confirm(?:ed)?|i confirm|go ahead|do it|run it|proceed)\b[^\n]{0,40}$/i;
const NEGATION = /\b(?:no|not|don'?t|do not|cancel|stop|abort|wait|never)\b/i;

/** How long a request to confirm stays open. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;

/**
 * Destructive-looking commands a session asked the user to confirm. A request lives until the session's next
 * message: if that message is a plain "yes" (within {@link CONFIRMATION_TTL_MS}), the exact argvs asked about may
 * run in that turn; any other message drops them. Kept in memory: a restart forgets open requests (ask again).
 */
export class CommandConfirmations {
  private readonly pending = new Map<string, { argvs: string[][]; at: number }>();

  constructor(private readonly now: () => number) {}

  /** Records that `argv` awaits the user's confirmation in `sessionId`. */
  request(sessionId: string, argv: readonly string[]): void {
    const open = this.pending.get(sessionId);
    const argvs = open && this.now() - open.at <= CONFIRMATION_TTL_MS ? open.argvs : [];
    if (!argvs.some((a) => sameArgv(a, argv))) argvs.push([...argv]);
    this.pending.set(sessionId, { argvs, at: this.now() });
  }

  /** At the start of a turn: the argvs this message confirms (none unless it is a plain yes), closing the requests. */
  take(sessionId: string, message: string): string[][] {
    const open = this.pending.get(sessionId);
    this.pending.delete(sessionId);
    if (!open || this.now() - open.at > CONFIRMATION_TTL_MS) return [];
    return isConfirmation(message) ? open.argvs : [];
  }
}

export function isConfirmation(message: string): boolean {
  return AFFIRMATIVE.test(message) && !NEGATION.test(message);
}

export function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
