import type { Gen } from './gen.ts';
import type { Labelled } from './markup.ts';
import type { Role } from '../types.ts';

/**
 * Typos as people make them: a dropped letter, two letters swapped, a neighbouring key, a doubled letter, in words
 * of 5+ letters (short words are rarely mistyped in ways a reader cannot undo). Domain words (xgboost, latency,
 * benchmark, …) and labelled words are preferred, since those are the ones the fuzzy layer must recover. Spans are
 * moved with the edit, so labels stay on the same words.
 */

const NEIGHBOURS: Record<string, string> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'adwx', d: 'sfec', f: 'dgrv', g: 'fhtb', h: 'gjyn', j: 'hkum', k: 'jli', l: 'kop',
  z: 'xas', x: 'zcs', c: 'xvd', v: 'cbf', b: 'vng', n: 'bmh', m: 'nj',
};

const DOMAIN = new Set([
  'xgboost', 'latency', 'accuracy', 'benchmark', 'parameters', 'parameter', 'trials', 'minimize', 'maximize', 'minimise', 'maximise', 'optimize', 'optimise',
  'throughput', 'connections', 'requests', 'seconds', 'minutes', 'percent', 'branin', 'hartmann6', 'rosenbrock', 'ackley', 'sampler', 'hyperband', 'pruning',
  'evaluations', 'concurrent', 'warmup', 'session', 'sessions', 'conversations', 'targets', 'importance', 'settings', 'alert', 'notify', 'study', 'status',
  'previous', 'register', 'delete', 'remove', 'rules', 'median', 'percentile', 'error', 'accurate', 'faster', 'quicker', 'service', 'server', 'model', 'models',
  'hyperparameters', 'matter', 'important', 'measure', 'tokens', 'memory', 'training', 'validation', 'example', 'parallel', 'workers', 'budget', 'search',
]);

/** Roles whose text must stay exact (a typo in a URL or command changes what is run). */
const PROTECTED: ReadonlySet<Role> = new Set<Role>(['url', 'command', 'rule_id', 'method', 'session_ref', 'model_name']);

export type TypoKind = 'deletion' | 'transposition' | 'substitution' | 'doubling';

/** One typo in one word, or null when the text has no word that may be edited. */
export function injectTypo(g: Gen, example: Labelled): Labelled | null {
  const { text, spans } = example;
  const candidates: Array<{ start: number; end: number; weight: number }> = [];
  const ticks = [...text.matchAll(/`[^`]*`/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
  for (const match of text.matchAll(/[A-Za-z][A-Za-z0-9]{4,}/g)) {
    const start = match.index!;
    const end = start + match[0].length;
    const before = text[start - 1] ?? ' ';
    const after = text[end] ?? ' ';
    if (/[/:.@_\-=]/.test(before) || /[/:@_\-=]/.test(after) || (after === '.' && /\w/.test(text[end + 1] ?? ''))) continue; // part of a URL, path or identifier
    if (ticks.some(([a, b]) => start >= a && end <= b)) continue;
    const inSpans = spans.filter((s) => s.start < end && s.end > start);
    if (inSpans.some((s) => PROTECTED.has(s.role))) continue;
    const word = match[0].toLowerCase();
    if (/\d/.test(word) && word !== 'hartmann6') continue;
    const weight = DOMAIN.has(word) ? 4 : inSpans.length > 0 ? 3 : 1;
    candidates.push({ start, end, weight });
  }
  if (candidates.length === 0) return null;
  const chosen = g.weighted(candidates.map((c) => [c, c.weight] as const));
  const word = text.slice(chosen.start, chosen.end);
  const edited = editWord(g, word);
  if (edited === word) return null;
  const delta = edited.length - word.length;
  return {
    text: text.slice(0, chosen.start) + edited + text.slice(chosen.end),
    spans: spans.map((s) => ({
      role: s.role,
      start: s.start >= chosen.end ? s.start + delta : s.start,
      end: s.end >= chosen.end ? s.end + delta : s.end,
    })),
  };
}

/** Edits one letter away from the first (people rarely mistype the first letter). */
export function editWord(g: Gen, word: string, kind: TypoKind = g.pick(['deletion', 'transposition', 'substitution', 'doubling'] as const)): string {
  const i = g.int(1, word.length - 2);
  const ch = word[i]!;
  switch (kind) {
    case 'deletion':
      return word.slice(0, i) + word.slice(i + 1);
    case 'transposition': {
      const next = word[i + 1]!;
      if (next === ch) return word.slice(0, i) + word.slice(i + 1); // swapping equal letters changes nothing: drop one
      return word.slice(0, i) + next + ch + word.slice(i + 2);
    }
    case 'substitution': {
      const around = NEIGHBOURS[ch.toLowerCase()];
      if (!around) return word.slice(0, i) + word.slice(i + 1);
      const sub = g.pick(around.split(''));
      return word.slice(0, i) + (ch === ch.toUpperCase() ? sub.toUpperCase() : sub) + word.slice(i + 1);
    }
    case 'doubling':
      return word.slice(0, i + 1) + ch + word.slice(i + 1);
  }
}
