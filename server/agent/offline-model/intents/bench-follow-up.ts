import { BENCH_DEFAULTS } from '../../../../tools/bench/defaults.ts';
import { NUMBER, parseNumber } from '../normalize.ts';

export type BenchTool = 'bench_http' | 'bench_llm' | 'bench_command';

/** How people name each setting of the previous benchmark, per tool. */
const SLOT_WORDS: Record<BenchTool, Array<[string, string]>> = {
  bench_http: [
    ['connections', String.raw`(?:concurrent )?connections?|conns?|clients?|users?|concurrency`],
    ['rate', String.raw`rate|rps|request rate|load|qps|throughput`],
    ['duration_s', String.raw`duration|test length|time|seconds|minutes`],
    ['requests', String.raw`requests|request count`],
    ['threads', String.raw`threads?`],
    ['pipelining', String.raw`pipelin\w*`],
  ],
  bench_llm: [
    ['concurrency', String.raw`concurrency|concurrent (?:requests|users|streams)|connections?|users|clients|streams|parallel requests`],
    ['rate', String.raw`rate|rps|request rate|load|qps`],
    ['requests', String.raw`requests|prompts|request count`],
    ['prompt_tokens', String.raw`prompt (?:length|size|tokens)|prompts? length`],
    ['max_tokens', String.raw`max tokens|max_tokens|output tokens|output length|tokens`],
  ],
  bench_command: [
    ['runs', String.raw`runs|iterations|repetitions|times`],
    ['warmup', String.raw`warm-?ups?(?: runs)?`],
  ],
};

/** The defaults the benchmark used when the previous call did not name the setting. */
const DEFAULTS: Record<string, number> = {
  connections: BENCH_DEFAULTS.http.connections,
  duration_s: BENCH_DEFAULTS.http.durationSeconds,
  threads: BENCH_DEFAULTS.http.threads,
  pipelining: BENCH_DEFAULTS.http.pipelining,
  concurrency: BENCH_DEFAULTS.llm.concurrency,
  requests_llm: BENCH_DEFAULTS.llm.requests,
  max_tokens: BENCH_DEFAULTS.llm.maxTokens,
  prompt_tokens: BENCH_DEFAULTS.llm.promptTokens,
  runs: BENCH_DEFAULTS.command.runs,
  warmup: BENCH_DEFAULTS.command.warmup,
};

const FACTORS: Record<string, number> = { double: 2, triple: 3, quadruple: 4, halve: 0.5, half: 0.5, twice: 2, thrice: 3, '2x': 2, '3x': 3, '4x': 4, '10x': 10 };
const INTEGER_KEYS = new Set(['connections', 'concurrency', 'requests', 'threads', 'pipelining', 'max_tokens', 'prompt_tokens', 'runs', 'warmup']);

type Change = { key: string; apply: (before: number) => number };

/**
 * "double the rate", "half the connections", "twice as long", "10 more connections", "increase the rate by 50%":
 * the previous benchmark's settings changed accordingly. Returns only the settings changed (empty when none).
 */
export function benchArithmetic(text: string, tool: BenchTool, before: Record<string, unknown>): Record<string, number> {
  const changes: Change[] = [];
  for (const [key, words] of SLOT_WORDS[tool]) {
    const slot = String.raw`(?:the )?(?:number of |amount of |count of )?(?:${words})`;
    const factor = (word: string) => FACTORS[word.toLowerCase()] ?? Number(word.replace(/x$/, ''));
    const patterns: Array<[RegExp, (m: RegExpExecArray) => Change['apply']]> = [
      [new RegExp(String.raw`\b(double|triple|quadruple|halve|half)\s+${slot}\b`), (m) => (v) => v * factor(m[1]!)],
      [new RegExp(String.raw`\b(?:cut|split)\s+${slot}\s+in half\b`), () => (v) => v / 2],
      [new RegExp(String.raw`\b(?:${words})\s+(doubled|tripled|halved)\b`), (m) => (v) => v * (m[1] === 'halved' ? 0.5 : m[1] === 'tripled' ? 3 : 2)],
      [new RegExp(String.raw`\b(twice|thrice|2x|3x|4x|10x|\d+ times)\s+(?:as many|as much|the|more)\s+(?:${words})\b`), (m) => (v) => v * (FACTORS[m[1]!] ?? parseNumber(m[1]!))],
      [new RegExp(String.raw`\bhalf\s+(?:as many|as much|the)\s+(?:${words})\b`), () => (v) => v / 2],
      [new RegExp(String.raw`\b${NUMBER}\s+(more|extra|additional|fewer|less)\s+(?:${words})\b`), (m) => (v) => v + (/^(?:fewer|less)$/.test(m[2]!) ? -1 : 1) * parseNumber(m[1]!)],
      [new RegExp(String.raw`\b(increase|raise|bump|up|add to|decrease|reduce|lower|drop|cut)\s+${slot}\s+by\s+${NUMBER}\s*(%)?`), (m) => {
        const sign = /^(?:decrease|reduce|lower|drop|cut)$/.test(m[1]!) ? -1 : 1;
        const amount = parseNumber(m[2]!);
        return m[3] ? (v) => v * (1 + (sign * amount) / 100) : (v) => v + sign * amount;
      }],
    ];
    for (const [pattern, make] of patterns) {
      const m = pattern.exec(text);
      if (m) {
        changes.push({ key, apply: make(m) });
        break;
      }
    }
  }
  // "twice as long", "half as long", "run it 3 times as long": the duration.
  const longer = /\b(twice|thrice|2x|3x|4x|\d+ times|half)\s+as long\b/.exec(text);
  if (longer && tool === 'bench_http' && !changes.some((c) => c.key === 'duration_s')) {
    const f = longer[1] === 'half' ? 0.5 : FACTORS[longer[1]!] ?? parseNumber(longer[1]!);
    changes.push({ key: 'duration_s', apply: (v) => v * f });
  }
  if (longer && tool === 'bench_command' && !changes.some((c) => c.key === 'runs')) {
    const f = longer[1] === 'half' ? 0.5 : FACTORS[longer[1]!] ?? parseNumber(longer[1]!);
    changes.push({ key: 'runs', apply: (v) => v * f });
  }
  const out: Record<string, number> = {};
  for (const { key, apply } of changes) {
    const prior = before[key];
    const base = typeof prior === 'number' ? prior : key === 'requests' && tool === 'bench_llm' ? DEFAULTS.requests_llm : DEFAULTS[key];
    if (base === undefined) continue;
    const value = apply(base);
    if (!(value > 0) && !(key === 'warmup' && value === 0)) continue;
    out[key] = INTEGER_KEYS.has(key) ? Math.max(key === 'warmup' ? 0 : 1, Math.round(value)) : Number(value.toFixed(3));
  }
  return out;
}

/** "now try `cmd2` the same way", "do `b` likewise": a new command timed with the previous one's settings. */
export const SAME_WAY = /\b(?:the same way|same way|same settings|same options|likewise|as well|too|same as before|like before|with the same|same (?:number of )?(?:runs|repeats|repetitions|iterations|warm-?ups?|count))\b/;
