import type { Gen, Template } from './gen.ts';
import { benchDuration, count } from './lexicon.ts';

/**
 * Benchmarks: HTTP load tests (URL with or without scheme, method, connections, duration, rate, total requests),
 * LLM server measurements (base URL, concurrency, requests, max tokens, model) and timing a command in backticks
 * (runs, warmup).
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

export const BENCH_TEMPLATES: Template[] = [
  { intent: 'bench_http', make: (g) => ({ markup: benchHttp(g) }) },
  { intent: 'bench_llm', make: (g) => ({ markup: benchLlm(g) }) },
  { intent: 'bench_command', make: (g) => ({ markup: benchCommand(g) }) },
];
