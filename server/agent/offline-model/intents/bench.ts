import { countAfter, countBefore, findDuration } from '../normalize.ts';
import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { writeBenchResult } from '../writers/bench.ts';
import { argvOf } from './targets.ts';
import { maxTokensIn, readHttpSlots, readLlmSlots } from './bench-slots.ts';
import { isComparison, readCommandSlots } from './command-slots.ts';

const BENCH_VERB = /\b(bench(?:mark)?\w*|load ?test\w*|stress ?test\w*|hammer|hit|measure|time|how (?:fast|long)|throughput|latency of|profile|rps)\b/;
const LLM_CUE = /\b(ttft|llm|tokens?|vllm|ollama|llama\.?cpp|completions?|inference server|model server|chat model)\b|\/v1\b/;
const URL = /\b(?:https?:\/\/[^\s,;'"`)]+|(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0|[a-z0-9-]+(?:\.[a-z0-9-]+)+):\d{2,5}(?:\/[^\s,;'"`)]*)?)/i;

/** HTTP load tests (wrk/autocannon-like), command timing (hyperfine-like) and LLM server benchmarks (TTFT, tokens/s). */
export function matchBench(input: PlanInput): Plan | null {
  const { text, raw } = input;
  const command = /`([^`]+)`/.exec(raw)?.[1];
  if (command && (BENCH_VERB.test(text) || /\b\d+ times\b/.test(text) || isComparison(text, raw))) return benchPlan('bench_command', commandArgs(text, command, raw));
  const fullUrl = findUrl(raw);
  if (!fullUrl || !(BENCH_VERB.test(text) || LLM_CUE.test(text) || /\bconnections?\b|\bconcurren/.test(text))) return null;
  return LLM_CUE.test(text) ? benchPlan('bench_llm', llmArgs(text, raw, fullUrl)) : benchPlan('bench_http', httpArgs(text, raw, fullUrl));
}

/** The first URL or host:port of the text, with http:// when it has no scheme. */
export function findUrl(raw: string): string | null {
  const url = URL.exec(raw)?.[0];
  if (!url) return null;
  // "http://localhost:8080/v1: 200 requests": trailing punctuation is not the URL's.
  const clean = url.replace(/[.:,;!?)]+$/, '');
  return /^https?:\/\//i.test(clean) ? clean : `http://${clean}`;
}

/** The command in backticks, if any. */
export function findCommand(raw: string): string | null {
  return /`([^`]+)`/.exec(raw)?.[1] ?? null;
}

/**
 * bench_command input: the argv exactly as typed, runs and warmup named in the text; with the raw message, the other
 * commands compared, parameter scans and ignore_failure (command-slots.ts).
 */
export function commandArgs(text: string, command: string, raw?: string): Record<string, unknown> {
  const args: Record<string, unknown> = { command: argvOf(command), ...(raw === undefined ? {} : readCommandSlots(text, raw, command)) };
  text = text.replace(/`[^`]*`/g, ' ');
  const runs = countBefore(text, 'times|runs|iterations|repetitions') ?? countAfter(text, 'runs');
  if (runs !== null) args.runs = runs;
  const warmup = countBefore(text, 'warm-?up(?: runs?)?') ?? countAfter(text, 'warm-?up(?: runs?)?');
  if (warmup !== null) args.warmup = warmup;
  return args;
}

/** bench_http input read from the text (keyword parsers). */
export function httpArgs(text: string, raw: string, url: string): Record<string, unknown> {
  // Threads, pipelining, body and headers first: a number they read ("using 4 threads") is no connection count.
  const extra = readHttpSlots(text, raw);
  text = extra.rest;
  const args: Record<string, unknown> = { url };
  const connections = countBefore(text, '(?:concurrent |parallel |simultaneous )?(?:connections?|conns?|clients?|users?)') ?? countAfter(text, 'connections|concurrency');
  if (connections !== null) args.connections = connections;
  const duration = findDuration(text.replace(URL, ' '));
  if (duration) args.duration_s = duration.seconds;
  // "autocannon -c 64 -d 10", "wrk -d30s": the tools' own flags.
  const flagged = /(?:^|\s)(?:-d|--duration)[ =]?(\d+)(s|m)?\b/.exec(text);
  if (flagged) args.duration_s = Number(flagged[1]) * (flagged[2] === 'm' ? 60 : 1);
  const connectionsFlag = flagCount(text, 'c');
  if (connectionsFlag !== null) args.connections = connectionsFlag;
  const rate = countBefore(text, 'rps') ?? countAfter(text, 'rate(?: of)?');
  if (rate !== null) args.rate = rate;
  // "300 requests a second" is a rate, not a count.
  const requests = /\b\d+\s*requests? (?:a|per|each|every) (?:second|sec|s)\b/.test(text) ? null : countBefore(text, '(?:total )?requests');
  if (requests !== null) args.requests = requests;
  const method = /\b(GET|POST|PUT|PATCH|DELETE|HEAD)\b/.exec(raw)?.[1];
  if (method) args.method = method;
  return { ...args, ...extra.values };
}

/** bench_llm input read from the text (keyword parsers). */
export function llmArgs(text: string, raw: string, baseUrl: string): Record<string, unknown> {
  // Endpoint, prompt length, SLOs, burstiness and model first: "512-token prompts" is no max_tokens.
  const extra = readLlmSlots(text, raw);
  text = extra.rest;
  const args: Record<string, unknown> = { base_url: baseUrl };
  const concurrency = countBefore(text, '(?:concurrent|parallel|simultaneous) (?:requests?|users?|clients?|streams?)|concurrent|users|clients|streams|(?:requests? )?in flight|requests? (?:at once|at a time)|users? (?:at )?(?:the )?same time|(?:at )?(?:the )?same time') ?? countAfter(text, 'concurrency') ?? flagCount(text, 'c');
  if (concurrency !== null) args.concurrency = concurrency;
  // "400 requests overall", "500 in total" before any other count of requests.
  const requests = countBefore(text, '(?:(?:requests|prompts) )?(?:overall|in total|total|altogether)') ?? flagCount(text, 'n') ?? countBefore(text, '(?:total )?(?:requests|prompts)');
  if (requests !== null && requests !== concurrency) args.requests = requests;
  const rate = countBefore(text, 'rps') ?? countAfter(text, 'rate(?: of)?');
  if (rate !== null) args.rate = rate;
  const maxTokens = maxTokensIn(text);
  if (maxTokens !== null) args.max_tokens = maxTokens;
  return { ...args, ...extra.values };
}

export function benchPlan(tool: string, args: Record<string, unknown>): Plan {
  return {
    intent: tool,
    // The exact argv is shown before it runs (the server refuses anything but what the user typed).
    steps: [{ tool, input: () => args, ...(Array.isArray(args.command) ? { say: () => `Running exactly \`${JSON.stringify(args.command)}\`.` } : {}) }],
    write: (done) => {
      const output = done[0]?.output;
      if (isRecord(output) && output.dry_run === true) return `Dry run: nothing was executed. I would call \`${tool}\` with ${JSON.stringify(args)}.`;
      return writeBenchResult(tool, args, output);
    },
  };
}

/** "c=64 n=500", "-c 64 -n 500" (hey / ab style flags). */
function flagCount(text: string, flag: string): number | null {
  const m = new RegExp(String.raw`(?:^|\s)(?:-${flag}\s*=?\s*|${flag}\s*=\s*)(\d+)\b`).exec(text);
  return m ? Number(m[1]) : null;
}
