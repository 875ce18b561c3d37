import { ToolError } from '../common/errors.ts';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Unit words folded to the letter: "90 minutes", "2 hrs", "1 day". */
function unitOf(word: string): string | null {
  if (/^(s|secs?|seconds?)$/.test(word)) return 's';
  if (/^(m|mins?|minutes?)$/.test(word)) return 'm';
  if (/^(h|hrs?|hours?)$/.test(word)) return 'h';
  if (/^(d|days?)$/.test(word)) return 'd';
  if (/^(w|wks?|weeks?)$/.test(word)) return 'w';
  return null;
}

/**
 * The start of a time window as epoch ms: a span back from now ("1h", "30m", "90 minutes", "2d"), "today" (since
 * 00:00 UTC) or an ISO 8601 time. Anything else is an `invalid_argument` naming the field, with the forms accepted.
 */
export function parseSince(text: string, now: number, field = 'since'): number {
  const value = text.trim().toLowerCase();
  if (value === 'today') return Math.floor(now / UNITS.d!) * UNITS.d!;
  if (value === 'yesterday') return (Math.floor(now / UNITS.d!) - 1) * UNITS.d!;
  const span = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(value);
  const unit = span ? unitOf(span[2]!) : null;
  if (span && unit) {
    const amount = Number(span[1]);
    if (amount > 0 && amount <= 366 * 24 * 60) return now - amount * UNITS[unit]!;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const at = Date.parse(text.trim());
    if (Number.isFinite(at)) return at;
  }
  throw new ToolError('invalid_argument', `${field} must be a span back from now ("1h", "30m", "2d"), "today" or an ISO 8601 time, but got "${text.slice(0, 60)}"`, {
    details: { parameter: field, value: text.slice(0, 60) },
  });
}
