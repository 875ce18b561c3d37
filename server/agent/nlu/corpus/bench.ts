import type { Gen, Template } from './gen.ts';
import { benchDuration, count } from './lexicon.ts';
import { studyPrior } from './pieces.ts';
import type { PriorEntities } from '../types.ts';

/**
 * Benchmarks: HTTP load tests (URL with or without scheme, method, connections, duration, rate, total requests),
 * LLM server measurements (base URL, concurrency, requests, max tokens, model) and timing a command in backticks
 * (runs, warmup). Follow-ups repeat the previous benchmark with one setting changed ("again with 64 concurrent",
 * "same thing but POST", "do it again with 2 warmups"): prior.url (a plain URL: HTTP; an LLM base URL ending in /v1:
 * LLM) or prior.command decides which benchmark it is, and the changed setting is labelled as in a first request.
 */

const HOSTS = ['localhost', '127.0.0.1', 'localhost', '0.0.0.0', 'api.internal', 'my-service.local', 'staging.example.com', '10.0.0.12', 'host.docker.internal', 'svc', '192.168.1.20'];
const PATHS = ['/', '/health', '/api/predict', '/predict', '/item', '/v1/score', '/search?q=test', '/api/v2/users', '/infer', '', '', '/status', '/rank', '/graphql', '/metrics'];
const PORTS = [3000, 8080, 8000, 9000, 5000, 8081, 4000, 8888, 80, 443, 7070, 9090];

/** A URL as users write it: with or without scheme, host:port, a path. */
export function url(g: Gen, options: { llm?: boolean } = {}): string {
  const host = g.pick(HOSTS);
  const port = g.pick(options.llm ? [8000, 8001, 8080, 11434, 5000, 9000] : PORTS);
  const path = options.llm ? g.pick(['/v1', '/v1', '/v1/', '', '/openai/v1']) : g.pick(PATHS);
  const scheme = g.weighted<string>([['http://', 5], ['', 3], ['https://', 1]]);
  const withPort = port === 80 || port === 443 ? (g.chance(0.5) ? '' : `:${port}`) : `:${port}`;
  return `${scheme}${host}${withPort}${path}`;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'post', 'get'];

function httpParts(g: Gen) {
  const c = g.pick([1, 4, 8, 10, 16, 32, 50, 64, 100, 128, 200, 256]);
  const rate = g.pick([50, 100, 200, 300, 500, 1000, 2000, 5000, 10000]);
  const rateUnit = g.pick(['requests per second', 'rps', 'req/s', 'RPS', 'qps', 'requests/s', 'reqs per sec', 'requests a second']);
  const total = g.pick([100, 500, 1000, 5000, 10000, 20000, 50000, 100000]);
  const method = g.pick(METHODS);
  return {
    U: `[${url(g)}](url)`,
    C: g.pick([`[${count(g, c)} connections](connections)`, `[${count(g, c)} concurrent connections](connections)`, `[${c} conns](connections)`, `[${count(g, c)} parallel connections](connections)`, `[${c} clients](connections)`, `[${c} users](connections)`]),
    Ck: g.pick([`concurrency [${c}](connections)`, `-c [${c}](connections)`, `connections=[${c}](connections)`, `[${c}](connections) at a time`]),
    D: `[${benchDuration(g)}](duration)`,
    R: `[${count(g, rate)} ${rateUnit}](rate)`,
    N: `[${count(g, total)} requests](requests)`,
    M: `[${method}](method)`,
    method,
  };
}

function benchHttp(g: Gen): string {
  const p = httpParts(g);
  const verb = g.pick(['benchmark', 'load test', 'load-test', 'stress test', 'hammer', 'bench', 'hit', 'blast', 'measure the throughput of', 'check how fast', 'test the latency of', 'run a load test on', 'fire requests at', 'ping', 'pound on']);
  const core = g.weighted<string>([
    [`${verb} ${p.U}`, 6],
    [`can you ${verb} ${p.U}?`, 1],
    [`I want to ${verb} ${p.U}`, 1],
    [`how does ${p.U} hold up under load`, 1],
    [`how fast is ${p.U}?`, 1],
    [`what's the latency of ${p.U}`, 1],
    [`send ${p.M} requests to ${p.U}`, 2],
    [`${p.M} ${p.U}`, 1],
    [`${verb} ${p.U} using ${p.M}`, 2],
    [`${verb} ${p.U} with ${p.M} requests`, 2],
    [`${verb} the ${p.M} endpoint ${p.U}`, 1],
    [`run a load test against ${p.U}`, 1],
    [`how many requests per second can ${p.U} take?`, 1],
    [`measure latency and throughput of ${p.U}`, 1],
    [`I need a benchmark of ${p.U}`, 1],
  ]);
  const extras = g.sample([
    () => g.pick([`with ${p.C}`, p.C, `using ${p.C}`, p.Ck]),
    () => g.pick([`for ${p.D}`, p.D, `over ${p.D}`, `during ${p.D}`, `lasting ${p.D}`]),
    () => g.pick([`at ${p.R}`, p.R, `with a rate of ${p.R}`, `at a steady ${p.R}`, `capped at ${p.R}`]),
    () => g.pick([`${p.N}`, `send ${p.N}`, `${p.N} total`, `for ${p.N}`]),
    () => (core.includes('](method)') ? '' : g.pick([`using ${p.M}`, `with ${p.M} requests`, `method ${p.M}`, `as ${p.M}`, `${p.M} only`])),
  ], g.weighted<number>([[0, 1], [1, 3], [2, 5], [3, 3]]));
  let out = core.replace(/\?$/, '');
  for (const extra of extras) {
    const phrase = extra();
    if (phrase) out += g.pick([' ', ', ', ' and ', ' ']) + phrase;
  }
  return core.endsWith('?') ? `${out}?` : out;
}

const LLM_MODELS = ['llama-3-8b', 'mistral-7b-instruct', 'qwen2.5-7b', 'gpt-oss-20b', 'phi-3-mini', 'meta-llama/Llama-3.1-8B-Instruct', 'gemma-2-9b', 'tinyllama'];

function benchLlm(g: Gen): string {
  const U = `[${url(g, { llm: true })}](url)`;
  const conc = g.pick([1, 2, 4, 8, 16, 32, 64]);
  const C = g.pick([`[${count(g, conc)} concurrent requests](concurrency)`, `[${conc} concurrent users](concurrency)`, `concurrency [${conc}](concurrency)`, `[${conc} parallel streams](concurrency)`, `[${conc} at a time](concurrency)`, `[${conc} simultaneous requests](concurrency)`]);
  const N = `[${count(g, g.pick([10, 20, 50, 100, 200, 500, 1000]))} ${g.pick(['requests', 'prompts', 'completions', 'queries'])}](requests)`;
  const mt = g.pick([16, 32, 64, 128, 256, 512, 1024]);
  const T = g.pick([`[${mt} max tokens](max_tokens)`, `max_tokens [${mt}](max_tokens)`, `[${mt} tokens](max_tokens) per response`, `up to [${mt} tokens](max_tokens)`, `[${mt} output tokens](max_tokens)`, `max tokens [${mt}](max_tokens)`]);
  const M = `model [${g.pick(LLM_MODELS)}](model_name)`;
  const server = g.pick(['LLM server', 'vLLM server', 'llm endpoint', 'inference server', 'model server', 'TGI server', 'ollama server', 'OpenAI-compatible server', 'chat endpoint', 'llama.cpp server']);
  const metric = g.pick(['time to first token', 'TTFT', 'tokens per second', 'generation throughput', 'inter-token latency', 'token latency', 'first-token latency', 'decode speed', 'tok/s']);
  const core = g.pick([
    `measure ${metric} of the ${server} at ${U}`, `benchmark the ${server} at ${U}`, `what's the ${metric} of ${U}?`, `how fast does the ${server} at ${U} generate?`,
    `load test the ${server} ${U}`, `check ${metric} on ${U}`, `bench the ${server} ${U}`, `how many tokens per second does ${U} do?`, `measure ${metric} for ${U}`,
    `test my ${server} at ${U}`, `run an LLM benchmark against ${U}`, `profile the ${server} on ${U}`, `I want ${metric} numbers for ${U}`, `stress the ${server} at ${U}`,
  ]);
  const extras = g.sample([() => g.pick([`with ${C}`, C]), () => g.pick([N, `send ${N}`, `${N} total`]), () => g.pick([`with ${T}`, T]), () => g.pick([`using ${M}`, M, `for ${M}`])], g.weighted<number>([[0, 1], [1, 3], [2, 3], [3, 2]]));
  let out = core.replace(/\?$/, '');
  for (const extra of extras) out += g.pick([' ', ', ', ' and ']) + extra();
  return core.endsWith('?') ? `${out}?` : out;
}

const COMMANDS = [
  'python3 predict.py', 'python3 predict.py --batch 32', 'python train.py --epochs 1', 'node build.js', 'node build.js --mode prod', 'npm run build', 'make test', './run.sh',
  'cargo run --release', 'go test ./...', 'python3 -m pytest -q', 'java -jar app.jar', 'python3 infer.py --model small', 'bash bench.sh 100', './bin/score --fast', 'ruby script.rb',
  'python3 x.py', "node build.js --mode 'prod build'", 'python3 resize.py --size 256', 'deno run main.ts', 'python -c "import torch"', './a.out input.txt', 'sleep 1', 'ls -la',
];

function benchCommand(g: Gen): string {
  const C = `[\`${g.pick(COMMANDS)}\`](command)`;
  const n = g.pick([3, 5, 10, 20, 30, 50, 100]);
  const w = g.pick([1, 2, 3, 5]);
  const runs = g.pick([`[${count(g, n)} times](runs)`, `[${n} runs](runs)`, `[${n} iterations](runs)`, `[${n} repetitions](runs)`, `[${count(g, n)} times over](runs)`]);
  const warm = g.pick([`[${w} warmup runs](warmup)`, `[${w} warm-up runs](warmup)`, `[${w} warmups](warmup)`, `[${count(g, w)} warmup iterations](warmup)`, `warmup [${w}](warmup)`, `[${w} runs](warmup) of warmup`]);
  const core = g.pick([
    `time ${C}`, `how long does ${C} take?`, `benchmark ${C}`, `measure ${C}`, `how fast is ${C}?`, `time the command ${C}`, `run ${C} and time it`, `profile ${C}`,
    `what's the runtime of ${C}?`, `clock ${C}`, `measure how long ${C} takes`, `bench ${C}`, `can you time ${C}?`, `I want to know how long ${C} runs`, `get timings for ${C}`,
    `hyperfine ${C}`, `check the wall time of ${C}`, `how slow is ${C}`,
  ]);
  const extras = g.sample([() => g.pick([runs, `run it ${runs}`, `over ${runs}`, `repeat ${runs}`, `do ${runs}`]), () => g.pick([`with ${warm}`, `after ${warm}`, warm, `and ${warm} first`])], g.weighted<number>([[0, 2], [1, 4], [2, 3]]));
  let out = core;
  for (const extra of extras) out += g.pick([' ', ', ', ' and ', '. ', ' ']) + extra();
  return out;
}

/** An LLM benchmark that names the model: "benchmark llama3 on localhost:8000/v1". */
const NAMED_MODELS = ['llama3', 'llama3.1', 'mistral', 'mistral-7b', 'qwen2.5', 'phi3', 'gemma2', 'deepseek-r1', 'mixtral', 'llama-3-8b', 'tinyllama', 'gpt-oss-20b', 'codellama', 'Llama-3.1-8B-Instruct'];

function benchNamedModel(g: Gen): string {
  const U = `[${url(g, { llm: true })}](url)`;
  const M = `[${g.pick(NAMED_MODELS)}](model_name)`;
  const tail = g.pick(['', '', ` with [${g.pick([4, 8, 16, 32])} concurrent requests](concurrency)`, `, [${g.pick([50, 100, 200])} requests](requests)`, ` with [${g.pick([128, 256, 512])} max tokens](max_tokens)`]);
  return g.pick([
    `benchmark ${M} on ${U}`, `bench ${M} at ${U}`, `how fast is ${M} on ${U}?`, `measure TTFT of ${M} served at ${U}`, `test ${M} on ${U}`, `load test ${M} running at ${U}`,
    `what's the tokens per second of ${M} at ${U}?`, `how many tokens/s does ${M} get on ${U}`, `benchmark the ${M} model at ${U}`, `run an LLM benchmark of ${M} on ${U}`,
    `check time to first token for ${M} on ${U}`, `I'm serving ${M} on ${U}, benchmark it`, `${M} is up at ${U}, how fast is it?`, `profile ${M} behind ${U}`,
  ]) + tail;
}

/** Capacity questions about a plain URL are HTTP load tests: only /v1, tokens, TTFT and LLM words make an LLM benchmark. */
function httpCapacity(g: Gen): string {
  const U = `[${url(g)}](url)`;
  return g.pick([
    `how many requests per second can ${U} handle`, `how many requests per second can ${U} handle?`, `how much traffic can ${U} take?`, `what's the max rps of ${U}?`,
    `what throughput does ${U} get?`, `how many rps can ${U} do`, `can ${U} handle [${count(g, g.pick([500, 1000, 2000, 5000]))} rps](rate)?`, `how much load can ${U} take before it breaks`,
    `what's the latency of ${U} under load?`, `find the max throughput of ${U}`, `how many users can ${U} handle at once?`, `what qps does ${U} sustain?`, `is ${U} fast?`,
    `how quick is ${U}`, `what are the p99 numbers for ${U}?`, `how does ${U} perform?`,
  ]);
}

/** The LLM base URLs and HTTP URLs a benchmark follow-up refers back to (the front end tells them apart by the /v1 path). */
export function llmBaseUrl(g: Gen): string {
  const u = url(g, { llm: true });
  return /^https?:\/\//.test(u) ? u.replace(/\/$/, '').replace(/(\/v1)?$/, '/v1') : `http://${u.replace(/\/$/, '').replace(/(\/v1)?$/, '/v1')}`;
}

export function httpUrl(g: Gen): string {
  const u = url(g);
  return /^https?:\/\//.test(u) ? u : `http://${u}`;
}

/** "the same", "that", "it": what a benchmark follow-up calls the previous benchmark. */
const BENCH_REFS = ['it', 'it', 'that', 'the same', 'the same thing', 'same thing', 'that one', 'the benchmark', 'this', 'that test', 'the last one', 'the bench'];
const KIND_REFS: Record<'http' | 'llm' | 'command', string[]> = {
  http: ['the load test', 'the load test', 'that endpoint', 'the url'],
  llm: ['the LLM bench', 'the server', 'that endpoint', 'the model'],
  command: ['the command', 'the timing', 'that command', 'the script'],
};

function benchRef(g: Gen, kind: 'http' | 'llm' | 'command'): string {
  return `[${g.chance(0.75) ? g.pick(BENCH_REFS) : g.pick(KIND_REFS[kind])}](reference)`;
}

/** The shapes of "again, with one setting changed". */
function againShape(g: Gen, change: string, kind: 'http' | 'llm' | 'command'): string {
  const R = benchRef(g, kind);
  return g.pick([
    `again with ${change}`, `again with ${change}`, `now do ${R} with ${change}`, `now do the same with ${change}`, `do ${R} again with ${change}`, `same thing but ${change}`,
    `run ${R} again with ${change}`, `${R} again but ${change}`, `repeat ${R} with ${change}`, `rerun ${R} with ${change}`, `one more time with ${change}`, `now try ${change}`,
    `and with ${change}?`, `what about with ${change}?`, `try ${change} now`, `redo ${R} with ${change}`, `same but ${change}`, `same again with ${change}`, `ok now ${change}`,
    `can you rerun ${R} with ${change}?`, `again, ${change} this time`, `${change} this time`, `let's see ${R} with ${change}`, `once more, ${change}`, `again w/ ${change}`,
  ]);
}

/** HTTP benchmark follow-ups: prior.url is a plain URL. */
function httpAgain(g: Gen): { markup: string; prior: PriorEntities } {
  const p = httpParts(g);
  const c = g.pick([8, 16, 32, 64, 100, 128, 200, 256, 500]);
  const change = g.weighted<string>([
    [g.pick([`[${c} concurrent](connections)`, `[${c} connections](connections)`, `[${c} conns](connections)`, `[${c} concurrent connections](connections)`, `[${c} clients](connections)`, `[${c} users](connections)`, p.C]), 4],
    [p.D, 2],
    [p.R, 2],
    [g.pick([p.N, `${p.N} total`]), 1],
    [g.pick([p.M, `${p.M} requests`]), 2],
  ]);
  const extra = g.chance(0.2) ? g.pick([` for ${p.D}`, ` at ${p.R}`, ` using ${p.M}`]) : '';
  const markup = g.weighted<string>([
    [againShape(g, change, 'http') + (change.includes('(duration)') || change.includes('(rate)') || change.includes('(method)') ? '' : extra), 8],
    [g.pick([`same thing but ${p.M}`, `same thing but ${p.M}`, `same but with ${p.M}`, `now ${p.M} instead`, `${p.M} this time`, `do ${benchRef(g, 'http')} again as ${p.M}`]), 1.5],
    [g.pick([`run ${benchRef(g, 'http')} again for ${p.D}`, `run [that](reference) again for [a minute](duration)`, `again for ${p.D}`, `let ${benchRef(g, 'http')} run for ${p.D} this time`, `longer, ${p.D}`]), 1.5],
    [g.pick([`hit ${benchRef(g, 'http')} harder: ${p.C}`, `more load: ${p.C}`, `double the connections to [${c * 2} connections](connections)`, `crank it up to ${p.C}`, `push ${benchRef(g, 'http')} to ${p.R}`]), 1],
  ]);
  return { markup, prior: { url: httpUrl(g), ...(g.chance(0.15) ? studyPrior(g) : {}) } };
}

/** LLM benchmark follow-ups: prior.url is an LLM base URL (…/v1). */
function llmAgain(g: Gen): { markup: string; prior: PriorEntities } {
  const conc = g.pick([1, 2, 4, 8, 16, 32, 64, 128]);
  const mt = g.pick([64, 128, 256, 512, 1024, 2048]);
  const change = g.weighted<string>([
    [g.pick([`[${conc} concurrent](concurrency)`, `[${conc} concurrent](concurrency)`, `[${conc} concurrent](concurrency)`, `[${conc} concurrent requests](concurrency)`, `[${conc} concurrent users](concurrency)`, `concurrency [${conc}](concurrency)`, `[${conc} parallel streams](concurrency)`, `[${conc} at a time](concurrency)`, `[${conc} connections](concurrency)`]), 4],
    [g.pick([`[${mt} max tokens](max_tokens)`, `max_tokens [${mt}](max_tokens)`, `[${mt} tokens](max_tokens)`, `up to [${mt} tokens](max_tokens)`, `[${mt} output tokens](max_tokens)`]), 2],
    [`[${count(g, g.pick([20, 50, 100, 200, 500]))} ${g.pick(['requests', 'prompts', 'completions'])}](requests)`, 1.5],
    [`model [${g.pick([...LLM_MODELS, ...NAMED_MODELS])}](model_name)`, 1.5],
  ]);
  const markup = g.weighted<string>([
    [againShape(g, change, 'llm'), 8],
    [g.pick([`now measure TTFT with ${change}`, `check tokens per second again with ${change}`, `same LLM bench with ${change}`, `and the TTFT at ${change}?`]), 1],
  ]);
  return { markup, prior: { url: llmBaseUrl(g), ...(g.chance(0.15) ? studyPrior(g) : {}) } };
}

/** Command timing follow-ups: prior.command is the command timed before. */
function commandAgain(g: Gen): { markup: string; prior: PriorEntities } {
  const n = g.pick([3, 5, 10, 20, 30, 50, 100]);
  const w = g.pick([1, 2, 3, 5]);
  const runs = g.pick([`[${count(g, n)} times](runs)`, `[${n} runs](runs)`, `[${n} iterations](runs)`, `[${n} repetitions](runs)`, `[${n} reps](runs)`]);
  const warm = g.pick([`[${w} warmups](warmup)`, `[${w} warmup runs](warmup)`, `[${w} warm-up runs](warmup)`, `[${count(g, w)} warmup iterations](warmup)`, `warmup [${w}](warmup)`, `[${w} warm-ups](warmup)`]);
  const change = g.weighted<string>([[runs, 3], [warm, 3], [`${runs} and ${warm}`, 1], [`${warm} and ${runs}`, 0.5]]);
  const markup = g.weighted<string>([
    [againShape(g, change, 'command'), 8],
    [g.pick([`time ${benchRef(g, 'command')} again, ${change}`, `time it again with ${change}`, `re-time ${benchRef(g, 'command')} with ${change}`, `clock ${benchRef(g, 'command')} again with ${change}`, `run the command again ${runs}`]), 1.5],
  ]);
  return { markup, prior: { command: g.pick(COMMANDS), ...(g.chance(0.15) ? studyPrior(g) : {}) } };
}

export const BENCH_TEMPLATES: Template[] = [
  { intent: 'bench_http', make: (g) => ({ markup: benchHttp(g) }) },
  { intent: 'bench_llm', make: (g) => ({ markup: benchLlm(g) }) },
  { intent: 'bench_command', make: (g) => ({ markup: benchCommand(g) }) },
  { intent: 'bench_llm', weight: 0.3, make: (g) => ({ markup: benchNamedModel(g) }) },
  { intent: 'bench_http', weight: 0.2, make: (g) => ({ markup: httpCapacity(g) }) },
  { intent: 'bench_http', weight: 0.35, make: httpAgain },
  { intent: 'bench_llm', weight: 0.5, make: llmAgain },
  { intent: 'bench_command', weight: 0.4, make: commandAgain },
];
