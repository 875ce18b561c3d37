import { NUMBER, parseNumber } from '../normalize.ts';
import { argvOf } from './targets.ts';

/**
 * bench_command arguments beside the command, runs and warmup: the other commands compared against the first
 * ("which is faster, `a` or `b`?"), parameter scans for `{name}` placeholders ("for batch in 8, 16 and 32",
 * "threads from 1 to 8 step 1") and ignore_failure ("even if it fails").
 */
export interface CommandSlots {
  commands?: string[][];
  parameters?: Array<{ name: string; values: (string | number)[] } | { name: string; min: number; max: number; step?: number }>;
  ignore_failure?: boolean;
}

/** Words that ask to compare several commands. */
export const COMPARE_WORDS = /\b(?:faster|slower|quicker|fastest|slowest|compare\w*|comparison|vs\.?|versus|against|which (?:is|one|of)|better|quickest)\b/;

/** Every command written in backticks, in order. */
export function backtickedCommands(raw: string): string[] {
  return [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim()).filter(Boolean);
}

/** "which is faster, `a` or `b`?", "compare `x` with `y`", "`a` vs `b`": two or more commands and a comparison word. */
export function isComparison(text: string, raw: string): boolean {
  const outside = text.replace(/`[^`]*`/g, ' ');
  return backtickedCommands(raw).length >= 2 && COMPARE_WORDS.test(outside) && !/\b(?:register\w*|targets?|rules?|alert)\b/.test(outside);
}

export function readCommandSlots(text: string, raw: string, first: string): CommandSlots {
  const slots: CommandSlots = {};
  const outside = text.replace(/`[^`]*`/g, ' ');
  const all = backtickedCommands(raw);
  if (all.length >= 2 && all[0] === first.trim() && COMPARE_WORDS.test(outside)) slots.commands = all.slice(1).map(argvOf);
  const parameters = readParameters(outside, all.length ? all : [first]);
  if (parameters.length) slots.parameters = parameters;
  if (IGNORE_FAILURE.test(outside)) slots.ignore_failure = true;
  return slots;
}

const IGNORE_FAILURE =
  /\b(?:don'?t|do not|never) (?:stop|abort|bail|give up)(?: the (?:runs?|timing|benchmark))? (?:if|when|because|on) (?:it|they|one|a run|some runs?|the command) (?:fails?|errors?|crash\w*)\b|\beven (?:if|when) (?:it|they|one|a run|some runs?|the command)\s+(?:fails?|errors?|crash\w*|exits? non-?(?:zero|0)|returns? non-?(?:zero|0))\b|\bignor\w* (?:any |all |the )?(?:non-?(?:zero|0) |failing |bad )?(?:exit (?:codes?|status\w*)|failures?|errors?|return codes?)\b|\b(?:don'?t|do not|never) (?:stop|abort|fail|bail) (?:on|at|because of) (?:a )?(?:failures?|errors?|non-?(?:zero|0))\b|\bfailures? (?:are|is) (?:fine|ok|okay|expected)\b|\bnon-?(?:zero|0) exit (?:codes? )?(?:is|are) (?:fine|ok|okay|expected)\b/;

const VALUE = String.raw`[a-z0-9][\w.-]*`;

/** Scans for the `{name}` placeholders of the commands: a list of values or a numeric range. */
function readParameters(text: string, commands: string[]): NonNullable<CommandSlots['parameters']> {
  const names = [...new Set(commands.flatMap((c) => [...c.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!)))];
  const out: NonNullable<CommandSlots['parameters']> = [];
  for (const name of names) {
    const n = name.toLowerCase().replace(/_/g, '[ _]');
    const range = new RegExp(String.raw`\b${n}\s+(?:(?:goes|going|ranging|varies|varying|runs?)\s+)?(?:from|between)\s+${NUMBER}\s+(?:to|and|through|till|until|-)\s+${NUMBER}(?:\s*,?\s*(?:(?:with a |in )?steps? (?:of |size )?|by |stepping )${NUMBER})?`).exec(text);
    if (range) {
      const scan: { name: string; min: number; max: number; step?: number } = { name, min: parseNumber(range[1]!), max: parseNumber(range[2]!) };
      if (range[3]) scan.step = parseNumber(range[3]);
      out.push(scan);
      continue;
    }
    const list = new RegExp(String.raw`\b${n}\s+(?:(?:in|=|of|over|across|taking|values?|set to|as|being)\s+)+(?:values?\s+)?[({\[]?(${VALUE}(?:\s*(?:,|\band\b|\bor\b|\/)\s*${VALUE})+)`).exec(text);
    if (list) {
      const values = list[1]!.split(/\s*(?:,|\band\b|\bor\b|\/)\s*/).map((v) => v.trim().replace(/[.)\]}]+$/, '')).filter((v) => v && v !== 'and' && v !== 'or');
      out.push({ name, values: values.map((v) => (/^-?\d+(?:\.\d+)?$/.test(v) ? Number(v) : v)) });
    }
  }
  return out;
}
