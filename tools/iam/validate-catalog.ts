/**
 * The action catalog, indexed for the validator: which actions a pattern names, which resource forms and context
 * keys each has. Action names and context keys compare case-insensitively (as IAM); a catalog key written with a
 * placeholder (`tunechat:PrincipalTag/${TagKey}`) or a `*` stands for every key of that form.
 */
import { compilePattern } from './patterns.ts';
import type { ActionSpec, ContextKeySpec } from './types.ts';
import { globMatches, tokenize, type GlobToken } from './validate-globs.ts';

export interface KeyEntry {
  spec: ContextKeySpec;
  lower: string;
  /** Set when the key is a family (`…/${TagKey}`, `…/*`). */
  pattern: GlobToken[] | null;
}

export interface ActionEntry {
  spec: ActionSpec;
  lower: string;
  service: string;
  /** Resource forms as patterns: `${name}` placeholders (and `*`) match anything. Empty: any resource. */
  forms: GlobToken[][];
  keys: KeyEntry[];
}

export interface CatalogIndex {
  actions: ActionEntry[];
  /** Service prefixes, lower-cased. */
  services: Set<string>;
  globalKeys: KeyEntry[];
  /** The action's spec for a key of any action, first one found. */
  actionKeys: KeyEntry[];
}

function keyEntry(spec: ContextKeySpec): KeyEntry {
  const lower = spec.key.toLowerCase();
  const isFamily = lower.includes('${') || lower.includes('*') || lower.includes('?');
  return { spec, lower, pattern: isFamily ? tokenize(lower, { variables: true }) : null };
}

export function indexCatalog(actions: readonly ActionSpec[], contextKeys: readonly ContextKeySpec[]): CatalogIndex {
  const entries = actions.map((spec): ActionEntry => {
    const lower = spec.action.toLowerCase();
    return {
      spec,
      lower,
      service: lower.slice(0, Math.max(0, lower.indexOf(':'))),
      forms: spec.resources.map((form) => tokenize(form, { variables: true })),
      keys: spec.contextKeys.map(keyEntry),
    };
  });
  const actionKeys = new Map<string, KeyEntry>();
  for (const entry of entries) for (const key of entry.keys) if (!actionKeys.has(key.lower)) actionKeys.set(key.lower, key);
  return {
    actions: entries,
    services: new Set(entries.map((entry) => entry.service)),
    globalKeys: contextKeys.map(keyEntry),
    actionKeys: [...actionKeys.values()],
  };
}

/** The entry a condition key (as written) refers to, or null. */
export function findKey(entries: readonly KeyEntry[], key: string): KeyEntry | null {
  const lower = key.toLowerCase();
  for (const entry of entries) if (entry.pattern === null && entry.lower === lower) return entry;
  for (const entry of entries) if (entry.pattern !== null && globMatches(entry.pattern, lower)) return entry;
  return null;
}

/** Catalog actions an Action pattern names, matched exactly as the evaluator matches (patterns.ts, case-insensitive). */
export function actionsMatching(catalog: CatalogIndex, pattern: string): ActionEntry[] {
  const matches = compilePattern(pattern, { ignoreCase: true });
  return catalog.actions.filter((entry) => matches(entry.lower));
}

/** The closest of `candidates` to `word` by edit distance, if close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | null {
  const target = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(target.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it must reach `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit || a.length > 200 || b.length > 200) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length]!;
}
