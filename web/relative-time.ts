/**
 * Relative dates for the sidebar and alerts ("just now", "5 min ago", "2 h ago", "yesterday", "3 d ago", then a
 * date). Pure: the current time is passed in, so the sidebar re-renders with a fresh `now` and tests are exact.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface RelativeTimeOptions {
  /** IANA time zone for the absolute date shown after a week (default: the browser's). */
  timeZone?: string;
}

/** `at` and `now` in epoch milliseconds. A time in the future (clock skew between server and browser) reads "just now". */
export function relativeTime(at: number, now: number, options: RelativeTimeOptions = {}): string {
  if (!Number.isFinite(at)) return '';
  const elapsed = now - at;
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  const days = Math.floor(elapsed / DAY);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} d ago`;
  const sameYear = new Date(at).getUTCFullYear() === new Date(now).getUTCFullYear();
  return new Date(at).toLocaleDateString('en', { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }), ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
}

/** The full local date and time, for a `title` tooltip beside a relative time. */
export function absoluteTime(at: number): string {
  return Number.isFinite(at) ? new Date(at).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** Epoch milliseconds from a number (ms) or an ISO string; NaN when neither. */
export function toEpochMs(at: number | string): number {
  return typeof at === 'number' ? at : Date.parse(at);
}
