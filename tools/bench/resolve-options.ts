import { ToolError } from '../common/errors.ts';
import type { Clock } from '../common/clock.ts';
import { checkHostUrl, type HostResolver } from '../common/host-policy.ts';
import { createRng } from '../common/rng.ts';
import type { CommandBenchOptions } from './command/command-runner.ts';
import { BENCH_DEFAULTS, BENCH_LIMITS } from './defaults.ts';
import type { HttpBenchOptions } from './http/http-runner.ts';
import type { CommandBenchInput, HttpBenchInput, LlmBenchInput, StabilityBenchInput } from './inputs.ts';
import type { LlmBenchOptions } from './llm/llm-runner.ts';
import type { StabilityOptions } from './stability/stability-runner.ts';

/** Checks `value` is a number in [min, max] (integer when asked); names the parameter in the error. */
export function bounded(parameter: string, value: number | undefined, fallback: number, min: number, max: number, integer = true): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new ToolError('invalid_argument', `${parameter} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${value}`, { details: { parameter, value, min, max } });
  }
  return v;
}

export function resolveCommandOptions(input: CommandBenchInput, deps: { clock: Clock; agent: boolean }): Omit<CommandBenchOptions, 'onProgress' | 'signal'> {
  const d = BENCH_DEFAULTS.command;
  const commands = input.commands ?? (input.command ? [input.command] : []);
  if (commands.length === 0 || commands.some((c) => c.length === 0)) {
    throw new ToolError('invalid_argument', 'command must be a non-empty argument array, e.g. ["sleep", "0.1"]', { details: { parameter: 'command' } });
  }
  if (input.shell && commands.some((c) => c.length !== 1)) {
    throw new ToolError('invalid_argument', 'with shell: true each command must be one command-line string, e.g. ["sleep 0.1 && echo hi"]', { details: { parameter: 'command' } });
  }
  const maxRuns = deps.agent ? BENCH_LIMITS.agentMaxRuns : BENCH_LIMITS.maxRuns;
  const runs = input.runs === undefined ? null : bounded('runs', input.runs, d.runs, 1, maxRuns);
  const minRuns = bounded('min_runs', input.min_runs, d.minRuns, 1, maxRuns);
  return {
    commands: commands.map((argv, i) => ({ argv, ...(input.names?.[i] ? { name: input.names[i] } : {}) })),
    shell: input.shell === true,
    warmup: bounded('warmup', input.warmup, d.warmup, 0, BENCH_LIMITS.maxWarmup),
    runs,
    minRuns,
    maxRuns: bounded('max_runs', input.max_runs, Math.max(minRuns, Math.min(d.maxRuns, maxRuns)), minRuns, maxRuns),
    minTimeSeconds: bounded('min_time_s', input.min_time_s, d.minTimeSeconds, 0, BENCH_LIMITS.maxDurationSeconds, false),
    ...(input.setup ? { setup: input.setup } : {}),
    ...(input.prepare ? { prepare: input.prepare } : {}),
    ...(input.cleanup ? { cleanup: input.cleanup } : {}),
    parameters: input.parameters ?? [],
    ignoreFailure: input.ignore_failure === true,
    timeoutSeconds: bounded('timeout_s', input.timeout_s, d.timeoutSeconds, 0.001, BENCH_LIMITS.maxDurationSeconds, false),
    ...(input.cwd ? { cwd: input.cwd } : {}),
    rusage: true,
    clock: deps.clock,
  };
}

/** What resolving load options needs: the host policy's inputs (tools/common/host-policy.ts) and who asks. */
export interface LoadResolveDeps {
  clock: Clock;
  allowedHosts: readonly string[];
  /** Default: the system resolver. */
  resolveHost?: HostResolver;
  agent: boolean;
  /** The field the URL came from, named in errors; default `url` / `base_url` (a service target says `load.url`). */
  urlParameter?: string;
}

/** The URL must pass the host policy; the runner then connects only to the checked addresses (`connectTo`). */
async function checkLoadUrl(url: string, parameter: string, deps: LoadResolveDeps): Promise<readonly string[]> {
  const checked = await checkHostUrl(url, { allowedHosts: deps.allowedHosts, parameter, ...(deps.resolveHost ? { resolve: deps.resolveHost } : {}) });
  return checked.addresses;
}

export async function resolveHttpOptions(input: HttpBenchInput, deps: LoadResolveDeps): Promise<Omit<HttpBenchOptions, 'onProgress' | 'signal'>> {
  const d = BENCH_DEFAULTS.http;
  const connectTo = await checkLoadUrl(input.url, deps.urlParameter ?? 'url', deps);
  const maxDuration = deps.agent ? BENCH_LIMITS.agentMaxDurationSeconds : BENCH_LIMITS.maxDurationSeconds;
  return {
    url: input.url,
    connectTo,
    method: input.method ?? d.method,
    ...(input.headers ? { headers: input.headers } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
    connections: bounded('connections', input.connections, d.connections, 1, BENCH_LIMITS.maxConnections),
    pipelining: bounded('pipelining', input.pipelining, d.pipelining, 1, 1000),
    threads: bounded('threads', input.threads, d.threads, 1, 64),
    rate: input.rate === undefined ? null : bounded('rate', input.rate, 1, 0.001, BENCH_LIMITS.maxRate, false),
    durationSeconds: bounded('duration_s', input.duration_s, d.durationSeconds, 0.1, maxDuration, false),
    requests: input.requests === undefined ? null : bounded('requests', input.requests, 1, 1, BENCH_LIMITS.maxRequests),
    timeoutSeconds: bounded('timeout_s', input.timeout_s, d.timeoutSeconds, 0.01, 600, false),
    clock: deps.clock,
  };
}

export async function resolveLlmOptions(input: LlmBenchInput, deps: LoadResolveDeps): Promise<Omit<LlmBenchOptions, 'onProgress' | 'signal'>> {
  const d = BENCH_DEFAULTS.llm;
  const connectTo = await checkLoadUrl(input.base_url, deps.urlParameter ?? 'base_url', deps);
  if (input.rate !== undefined && input.concurrency !== undefined && input.max_concurrency === undefined) {
    throw new ToolError('invalid_argument', 'give either concurrency (closed loop) or rate (open loop, optionally with max_concurrency), not both', { details: { parameter: 'rate' } });
  }
  const maxRequests = deps.agent ? BENCH_LIMITS.agentMaxLlmRequests : BENCH_LIMITS.maxLlmRequests;
  const rate = input.rate === undefined ? null : bounded('rate', input.rate, 1, 0.001, BENCH_LIMITS.maxRate, false);
  const slos = { ...(input.slo_ttft_ms !== undefined ? { ttft_ms: input.slo_ttft_ms } : {}), ...(input.slo_tpot_ms !== undefined ? { tpot_ms: input.slo_tpot_ms } : {}), ...(input.slo_e2el_ms !== undefined ? { e2el_ms: input.slo_e2el_ms } : {}) };
  return {
    baseUrl: input.base_url.replace(/\/$/, ''),
    connectTo,
    endpoint: input.endpoint ?? 'chat',
    // null: ask the server (GET /models) when the run starts.
    model: input.model ?? null,
    ...(input.api_key ? { apiKey: input.api_key } : {}),
    concurrency: rate === null ? bounded('concurrency', input.concurrency, d.concurrency, 1, BENCH_LIMITS.maxLlmConcurrency) : null,
    rate,
    burstiness: bounded('burstiness', input.burstiness, d.burstiness, 0.01, 100, false),
    maxConcurrency: input.max_concurrency === undefined ? null : bounded('max_concurrency', input.max_concurrency, 1, 1, BENCH_LIMITS.maxLlmConcurrency),
    requests: bounded('requests', input.requests, d.requests, 1, maxRequests),
    maxTokens: bounded('max_tokens', input.max_tokens, d.maxTokens, 1, 1_000_000),
    promptTokens: { mean: bounded('prompt_tokens', input.prompt_tokens, d.promptTokens, 1, 1_000_000), stddev: bounded('prompt_tokens_stddev', input.prompt_tokens_stddev, d.promptTokensStddev, 0, 1_000_000, false) },
    ...(input.prompts ? { prompts: input.prompts } : {}),
    slos: Object.keys(slos).length ? slos : null,
    timeoutSeconds: bounded('timeout_s', input.timeout_s, d.timeoutSeconds, 0.01, 3600, false),
    rng: createRng(input.seed ?? 0),
    clock: deps.clock,
  };
}

export async function resolveStabilityOptions(input: StabilityBenchInput, deps: LoadResolveDeps): Promise<Omit<StabilityOptions, 'onProgress' | 'signal'>> {
  const d = BENCH_DEFAULTS.stability;
  const http = await resolveHttpOptions({ ...input, duration_s: input.duration_s ?? d.durationSeconds }, deps);
  const pid = input.pid === 'self' ? process.pid : input.pid === undefined ? null : bounded('pid', input.pid, 1, 1, 2 ** 31);
  return {
    ...http,
    pid,
    slo: {
      p99Ms: bounded('slo_p99_ms', input.slo_p99_ms, d.sloP99Ms, 0, 3_600_000, false),
      errorRate: bounded('slo_error_rate', input.slo_error_rate, d.sloErrorRate, 0, 1, false),
      driftPercent: bounded('slo_drift_percent', input.slo_drift_percent, d.sloDriftPercent, 0, 100_000, false),
    },
  };
}
