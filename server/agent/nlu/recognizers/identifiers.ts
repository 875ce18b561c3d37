import type { Scanner } from './scanner.ts';

/**
 * Ids the user pastes: rule ids ("r-12", "alert-latency-p99-ms-over-200"), session ids ("ses_abc123"), UUIDs.
 * `recognizeIds` runs early with the unmistakable shapes; `recognizeLooseIds` runs last and takes any remaining
 * token that mixes letters, digits and a - or _ separator, or a hyphenated name right after "rule"/"alert"/"named"
 * ("rule err-spike"), after targets, params and metric names had their turn.
 */
const STRICT = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^r-\d+$/,
  /^(?:ses|sess|session|run|study|rule|alert|bench|trial)[-_][a-z0-9][a-z0-9_-]*$/,
];
const LOOSE = /^(?=.*\d)(?=.*[a-z])[a-z0-9]+(?:[-_][a-z0-9]+)+$/;
/** A name made of words ("err-spike", "slow_batch") is an id right after a word that says so: "rule err-spike". */
const NAMED = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$/;
const NAMING_WORDS = new Set(['rule', 'rules', 'alert', 'alerts', 'id', 'named', 'called', 'trigger', 'watcher', 'notification', 'alarm']);

export function recognizeIds(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    const norm = s.norm(i);
    if (!s.claimed[i] && STRICT.some((re) => re.test(norm)) && /\d|[-_][a-z0-9]+[-_]/.test(norm)) s.claim({ kind: 'identifier', from: i, to: i + 1, value: s.tokens[i]!.text });
  }
}

export function recognizeLooseIds(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    if (s.claimed[i]) continue;
    const norm = s.norm(i);
    if (LOOSE.test(norm) || (NAMED.test(s.tokens[i]!.text.toLowerCase()) && NAMING_WORDS.has(s.norm(i - 1)))) s.claim({ kind: 'identifier', from: i, to: i + 1, value: s.tokens[i]!.text });
  }
}
