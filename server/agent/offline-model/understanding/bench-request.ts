import type { StructuredRequest } from '../../nlu/read-request.ts';
import { lastExchange } from '../conversation.ts';
import { textPlan, type Plan, type PlanInput } from '../plan.ts';
import { benchPlan, commandArgs, findCommand, findUrl, httpArgs, llmArgs } from '../intents/bench.ts';
import { benchArithmetic, SAME_WAY } from '../intents/bench-follow-up.ts';
import { settleRoles } from '../intents/bench-slots.ts';
import { thanksPlan, unknownPlan } from '../intents/help.ts';
import { keywordMatch } from './keyword-understanding.ts';

/**
 * bench_command: the command named now (with the others compared against it), else the one timed before ("do it
 * again with 2 warmups", "now try `cmd2` the same way": its settings with the new command).
 */
export function commandRequestPlan(request: StructuredRequest, input: PlanInput): Plan {
  // "do it again with 2 warmups": the command timed before, with what is named now (the server still only runs
  // an argv the operator typed or registered).
  const before = request.command || findCommand(input.raw) ? null : lastExchange(input.conversation, 'bench_command')?.input ?? null;
  // "thnaks a lot mate!" after a timing: a re-run needs words that ask for one.
  if (before && !RERUN.test(input.text)) return keywordMatch(input) ?? thanksOrUnknown(input);
  const command = request.command ?? findCommand(input.raw);
  if (before && Array.isArray(before.command)) {
    const args: Record<string, unknown> = { ...before, ...commandArgs(input.text, before.command.join(' ')), command: before.command };
    if (request.runs !== undefined) args.runs = request.runs;
    if (request.warmup !== undefined) args.warmup = request.warmup;
    // "double the runs", "5 more warmups".
    return benchPlan('bench_command', { ...args, ...benchArithmetic(input.text, 'bench_command', before) });
  }
  // "now try `cmd2` the same way": the previous timing's settings (runs, warmup…) with the command named now.
  const previous = command ? lastExchange(input.conversation, 'bench_command')?.input ?? null : null;
  if (command && previous && SAME_WAY.test(input.text)) {
    const { command: _c, commands: _cs, parameters: _p, ...settings } = previous;
    const args: Record<string, unknown> = { ...settings, ...commandArgs(input.text, command, input.raw) };
    if (request.runs !== undefined) args.runs = request.runs;
    if (request.warmup !== undefined) args.warmup = request.warmup;
    return benchPlan('bench_command', args);
  }
  if (!command) return textPlan('bench_command-clarify', 'Which command should I time? Write it in backticks exactly as it should run, e.g. "time `python3 predict.py` 10 times". I only run commands you typed or targets you registered.');
  const args = commandArgs(input.text, command, input.raw);
  // "threads from 1 to 8": a number of a parameter scan is a run count only when a word says runs.
  if (request.runs !== undefined && (!args.parameters || /\b(?:times|runs?|repeats?|repetitions|iterations|twice|thrice)\b/.test(input.text.replace(/`[^`]*`/g, ' ')))) args.runs = request.runs;
  // "x10", "10x": that many runs.
  const times = args.runs === undefined ? /(?:^|\s)x\s?(\d+)\b|\b(\d+)\s?x(?:\s|$)/.exec(input.text.replace(/`[^`]*`/g, ' ')) : null;
  if (times) args.runs = Number(times[1] ?? times[2]);
  if (request.warmup !== undefined) args.warmup = request.warmup;
  // "hyperfine --runs 25 --warmup 2": the flags as typed win over any reading of the numbers.
  const flags = input.text.replace(/`[^`]*`/g, ' ');
  const runsFlag = /(?:^|\s)(?:--runs|-r|--min-runs)[ =](\d+)\b/.exec(flags)?.[1];
  const warmupFlag = /(?:^|\s)(?:--warmup|-w)[ =](\d+)\b/.exec(flags)?.[1];
  if (runsFlag) args.runs = Number(runsFlag);
  if (warmupFlag) args.warmup = Number(warmupFlag);
  // "no warmup", "without warm-up runs": none.
  if (args.warmup === undefined && /\b(?:no|without|skip(?:ping)?(?: the)?|zero)\s+warm[- ]?ups?\b/.test(input.text)) args.warmup = 0;
  return benchPlan('bench_command', args);
}

const SERVERS = /^(?:vllm|ollama|llama\.?cpp|tgi|sglang|triton|lm ?studio|openai|localai)$/i;
/** An OpenAI-compatible base URL (…/v1) or its completion endpoints. */
const LLM_BASE = /\/v1\/?(?:(?:chat\/)?completions\/?)?$/;
const HTTP_LOAD_WORDS = /\b(?:load[- ]?test\w*|stress[- ]?test\w*|hammer\w*|wrk|connections?|get|post|put|patch|delete|head|status(?: codes?)?|endpoint|route|path|api)\b/;
const LLM_WORDS = /\b(ttft|llm|tokens?|vllm|ollama|llama|completions?|inference server|model server|chat model|tpot|itl)\b/;

/**
 * bench_http / bench_llm: the URL named now, else the one benchmarked before ("run that again but with POST"), whose
 * settings carry over unless named again.
 */
export function urlBenchPlan(request: StructuredRequest, input: PlanInput): Plan {
  // An LLM benchmark needs an LLM server: a /v1 URL or words about tokens, TTFT or models; else it is a load test.
  const namedUrl = request.url ?? findUrl(input.raw);
  // "again with 64 concurrent" after an LLM benchmark: the same kind of benchmark, whichever the encoder leaned to.
  const lastBench = [...input.conversation.turns.slice(0, -1)].reverse().flatMap((t) => [...t.exchanges].reverse()).find((e) => e.toolName === 'bench_llm' || e.toolName === 'bench_http');
  if (!namedUrl && lastBench?.toolName === 'bench_llm' && request.intent === 'bench_http') request = { ...request, intent: 'bench_llm', concurrency: request.concurrency ?? request.connections };
  // "send the LLM at localhost:9000/v1 …": a /v1 base URL with words about an LLM is an LLM benchmark.
  // "benchmark http://…/v1" with no word of an HTTP load test: an OpenAI-compatible base URL is an LLM server.
  if (request.intent === 'bench_http' && namedUrl && /\/v1\/?$/.test(namedUrl) && (LLM_WORDS.test(input.text) || !HTTP_LOAD_WORDS.test(input.text))) request = { ...request, intent: 'bench_llm', concurrency: request.concurrency ?? request.connections };
  // "/v1/models" is an HTTP endpoint of the server, not its base URL: an LLM benchmark only with words about one.
  const llm = request.intent === 'bench_llm' && (LLM_BASE.test(namedUrl ?? '') || (!namedUrl && /\/v1\b/.test(input.raw)) || LLM_WORDS.test(input.text) || (!namedUrl && lastExchange(input.conversation, 'bench_llm') !== undefined));
  request = llm || request.intent !== 'bench_llm' ? request : { ...request, intent: 'bench_http', connections: request.connections ?? request.concurrency };
  const tool = request.intent === 'bench_llm' ? 'bench_llm' : 'bench_http';
  const named = request.url ?? findUrl(input.raw);
  const before = named ? null : lastExchange(input.conversation, tool)?.input ?? null;
  const url = named ?? (typeof before?.url === 'string' ? before.url : typeof before?.base_url === 'string' ? before.base_url : null);
  if (!url) return textPlan(`${request.intent}-clarify`, 'Which URL should I load? Give me the address (for example http://127.0.0.1:8080/ or localhost:3000/api); by default I only send load to this machine.');
  if (request.intent === 'bench_llm') {
    const reader = llmArgs(input.text, input.raw, url);
    const args: Record<string, unknown> = { ...before, ...reader };
    if (request.concurrency !== undefined) args.concurrency = request.concurrency;
    // "now do it with 32": a bare count in a re-run is the concurrency, the setting people vary.
    const bare = before && request.concurrency === undefined && request.requests === undefined && request.rate === undefined ? /\bwith (\d+)\s*(?:$|[,.!?]|this time|instead|now|please)/.exec(input.text) : null;
    if (bare) args.concurrency = Number(bare[1]);
    if (request.requests !== undefined) args.requests = request.requests;
    // "24 sequences at once", "16 requests in flight": that many at the same time is the concurrency, not a total.
    const atOnce = /\b(\d+)\s+(?:\w+\s+)?(?:at once|at a time|(?:at|in) (?:the )?same time|in parallel|in flight|concurrently|simultaneously)\b/.exec(input.text)
      ?? /\b(\d+)\s+(?:concurrent|simultaneous|parallel)\s+(?:requests|streams|users|clients|sequences|generations)\b/.exec(input.text);
    if (atOnce) {
      args.concurrency = Number(atOnce[1]);
      if (args.requests === args.concurrency) delete args.requests;
    }
    if (request.rate !== undefined) args.rate = request.rate;
    if (request.maxTokens !== undefined) args.max_tokens = request.maxTokens;
    // "Llama 3 behind vLLM": the serving engine is no model name.
    if (request.model !== undefined && args.model === undefined && !SERVERS.test(request.model)) args.model = request.model;
    settleRoles(args, reader, before, ['concurrency', 'requests', 'rate', 'max_tokens']);
    return benchPlan('bench_llm', withArithmetic(args, reader, before, input.text, 'bench_llm', ['concurrency', 'requests', 'rate', 'max_tokens']));
  }
  const reader = httpArgs(input.text, input.raw, url);
  const args: Record<string, unknown> = { ...before, ...reader };
  if (request.connections !== undefined) args.connections = request.connections;
  if (request.durationS !== undefined) args.duration_s = request.durationS;
  if (request.rate !== undefined) args.rate = request.rate;
  if (request.requests !== undefined) args.requests = request.requests;
  // "GET localhost:3000/health 500 times": a count of times is a count of requests.
  const times = args.requests === undefined ? /\b(\d+)\s*(?:times|x)\b(?!\s*(?:per|a|an|each|every)\s)/.exec(input.text) : null;
  if (times) args.requests = Number(times[1]);
  if (request.method !== undefined) args.method = request.method;
  settleRoles(args, reader, before, ['connections', 'duration_s', 'rate', 'requests']);
  return benchPlan('bench_http', withArithmetic(args, reader, before, input.text, 'bench_http', ['connections', 'duration_s', 'rate', 'requests']));
}

/**
 * "double the rate", "10 more connections", "twice as long": the previous call's values changed accordingly. The
 * numbers of such a phrase are no settings of their own: a role that read one ("10" as requests) falls back.
 */
function withArithmetic(args: Record<string, unknown>, reader: Record<string, unknown>, before: Record<string, unknown> | null, text: string, tool: 'bench_http' | 'bench_llm', roleKeys: string[]): Record<string, unknown> {
  const changed = before ? benchArithmetic(text, tool, before) : {};
  if (!before || Object.keys(changed).length === 0) return args;
  const out: Record<string, unknown> = { ...args, ...changed };
  for (const key of roleKeys) {
    if (key in changed || out[key] === before[key] || reader[key] !== undefined) continue;
    if (before[key] === undefined) delete out[key];
    else out[key] = before[key];
  }
  return out;
}

/**
 * "double the rate", "half the connections", "10 more connections" right after a benchmark: that benchmark again with
 * the value changed, whichever reading the encoder gave the words ("10 more" reads like more trials). Null when the
 * latest call was no benchmark, a URL or command is named, or no setting of it changes.
 */
export function benchFollowUpPlan(request: StructuredRequest, input: PlanInput): Plan | null {
  if (findUrl(input.raw) || findCommand(input.raw)) return null;
  const latest = [...input.conversation.turns.slice(0, -1)].reverse().flatMap((t) => [...t.exchanges].reverse()).find((e) => !e.failed)?.toolName;
  if (latest !== 'bench_http' && latest !== 'bench_llm' && latest !== 'bench_command') return null;
  const before = lastExchange(input.conversation, latest)?.input;
  if (!before || Object.keys(benchArithmetic(input.text, latest, before)).length === 0) return null;
  if (request.intent === latest) return null;
  const plain: StructuredRequest = { ...request, intent: latest, url: undefined, command: undefined, connections: undefined, concurrency: undefined, requests: undefined, rate: undefined, durationS: undefined, runs: undefined, warmup: undefined, maxTokens: undefined };
  return latest === 'bench_command' ? commandRequestPlan(plain, input) : urlBenchPlan(plain, input);
}

/** Words that ask to time a command again. */
const RERUN = /\b(?:again|re-?run|re-?time|repeat|redo|more|same|another|once|runs?|times?|warm ?ups?|warmups?|with|now|\d+)\b/;

function thanksOrUnknown(input: PlanInput): Plan {
  return /\b(?:th\w*nks?|thx|ty|cheers|ta|appreciated?)\b/.test(input.text) ? thanksPlan() : unknownPlan(input.conversation);
}

