import type { KnownTarget } from '../catalog.ts';
import { NUMBER, parseNumber } from '../normalize.ts';

type Entry = Record<string, unknown>;

/**
 * Search-space edits in words, applied to the target's default space (start_study's `space` replaces it whole):
 * "max_depth between 2 and 6", "learning rate from 0.01 to 0.1", "fix n_estimators at 100", "tree_method = hist".
 * Returns the full edited space, or null when the text edits nothing (or the target's space is unknown).
 */
export function parseSpaceEdits(text: string, target: KnownTarget | null): Record<string, Entry> | null {
  const space = target?.space;
  if (!space) return null;
  const edited: Record<string, Entry> = { ...space };
  let changed = false;
  for (const [name, entry] of Object.entries(space)) {
    // Parameter names come from registered targets (any string): escaped, so a name is never regex syntax.
    const said = name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/_/g, '[ _]');
    // "max_depth between 2 and 6", "let max_depth go from 3 to 6", "epochs range from 2 to 8".
    const range = new RegExp(`\\b${said}\\s+(?:(?:only\\s+)?(?:go|goes|range|ranges|vary|varies|run|runs|be|stay|stays|move|moves)\\s+)?(?:(?:to|into)\\s+)?(?:(?:between|from|in|within|range|over)\\s+)?${NUMBER}\\s*(?:and|to|-|–|\\.\\.)\\s*${NUMBER}`).exec(text);
    const fixed = new RegExp(`\\b(?:fix|set|keep|pin)\\s+(?:the\\s+)?${said}\\s+(?:at|to|=)\\s*([\\w.-]+)|\\b${said}\\s*(?:=|fixed at|fixed to)\\s*([\\w.-]+)`).exec(text);
    if (range) {
      const low = parseNumber(range[1] ?? '');
      const high = parseNumber(range[2] ?? '');
      if (Number.isFinite(low) && Number.isFinite(high) && low < high) {
        // "learning_rate to 0.01-0.2 on a log scale".
        const log = /^[^,;.]{0,6}\b(?:on a |in )?(?:log(?:arithmic)?[- ]?(?:scale|uniform)|log-scaled?)\b/.test(text.slice(range.index + range[0].length));
        edited[name] = withRange(log && low > 0 ? { ...entry, log: true } : entry, low, high);
        changed = true;
      }
    } else if (fixed) {
      const raw = fixed[1] ?? fixed[2] ?? '';
      const value = /^-?\d/.test(raw) ? parseNumber(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
      edited[name] = { type: 'categorical', choices: [value] };
      changed = true;
    }
  }
  return changed ? edited : null;
}

/** The same distribution over a new range: ints stay ints, log scale only while the range stays positive. */
function withRange(entry: Entry, low: number, high: number): Entry {
  const type = entry.type === 'int' || (Number.isInteger(low) && Number.isInteger(high) && entry.type !== 'float') ? 'int' : 'float';
  const out: Entry = { type, low: type === 'int' ? Math.round(low) : low, high: type === 'int' ? Math.round(high) : high };
  if (entry.log === true && low > 0) out.log = true;
  if (type === 'int' && typeof entry.step === 'number' && entry.step > 1 && !out.log) out.step = entry.step;
  return out;
}
