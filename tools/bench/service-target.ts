/**
 * Optimizer target kind `service`: tune a live server with load. For every trial it
 * 1. starts the user's server from an argument-array template (`{param}` placeholders; `{port}` is a free
 *    loopback port chosen per trial), in its own process group,
 * 2. waits until `health_url` answers 2xx (or fails the trial when the process exits or the wait times out),
 *    after checking both URLs with the host policy (tools/common/host-policy.ts) before anything starts; the health
 *    checks and the load then connect only to the checked addresses,
 * 3. runs an HTTP (closed or open loop) or LLM load profile against it and returns the metrics,
 * 4. always stops the server: SIGTERM to the group, SIGKILL after a grace period, also on failure or abort.
 *
 * Spec: `{"kind":"service","command":["node","server.js","--workers","{workers}","--port","{port}"],
 * "health_url":"http://127.0.0.1:{port}/health","load":{"type":"http","url":"http://127.0.0.1:{port}/",
 * "connections":20,"duration_s":3,"rate"?:500},"startup_timeout_s"?:15,"warmup_s"?:0.5,"cwd"?,"env"?}`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ToolError } from '../common/errors.ts';
import { noProcessGroupRecorder, recordChildGroup, type ProcessGroupRecorder } from '../common/process-group-recorder.ts';
import type { Clock } from '../common/clock.ts';
import { checkHostUrl, precheckHostUrl, type CheckedUrl, type HostPolicyOptions, type HostResolver } from '../common/host-policy.ts';
import { pinnedRequest } from '../common/pinned-request.ts';
import type { EvaluationContext, Params, Target, TargetSpec } from '../optimizer/types.ts';
import { runHttpBench } from './http/http-runner.ts';
import type { HttpBenchInput, LlmBenchInput } from './inputs.ts';
import { runLlmBench } from './llm/llm-runner.ts';
import { resolveHttpOptions, resolveLlmOptions } from './resolve-options.ts';
import { serviceMetricsFromHttp, serviceMetricsFromLlm } from './service-metrics.ts';

export interface ServiceTargetSpec {
  kind: 'service';
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  health_url: string;
  load: ({ type: 'http' } & HttpBenchInput) | ({ type: 'llm' } & LlmBenchInput);
  startup_timeout_s?: number;
  /** Load before measuring (fills caches, JIT); not recorded. */
  warmup_s?: number;
}

const STOP_GRACE_MS = 3000;

/** Ends the trial as pruned: the optimizer recognises errors named `TrialPrunedError` (tools/optimizer/trial-pruned.ts). */
class ServiceTrialPruned extends Error {
  override name = 'TrialPrunedError';
}

export function validateServiceSpec(spec: TargetSpec): ServiceTargetSpec {
  const s = spec as Partial<ServiceTargetSpec>;
  if (!Array.isArray(s.command) || s.command.length === 0 || !s.command.every((a) => typeof a === 'string')) {
    throw new ToolError('invalid_argument', `command must be a non-empty argument array (no shell), got ${JSON.stringify(s.command ?? null)}`, { details: { parameter: 'command' } });
  }
  if (typeof s.health_url !== 'string') throw new ToolError('invalid_argument', 'health_url must be a URL the server answers 2xx on when ready, e.g. http://127.0.0.1:{port}/health', { details: { parameter: 'health_url' } });
  if (!s.load || (s.load.type !== 'http' && s.load.type !== 'llm')) {
    throw new ToolError('invalid_argument', `load.type must be "http" or "llm", got ${JSON.stringify((s.load as { type?: unknown } | undefined)?.type ?? null)}`, { details: { parameter: 'load.type' } });
  }
  return s as ServiceTargetSpec;
}

/** Replaces `{name}` with the trial's values (and `{port}`) in every string. */
function fill(value: string, vars: Record<string, string>): string {
  return value.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => vars[name] ?? whole);
}
function fillDeep<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return fill(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, vars)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, vars)])) as T;
  return value;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(health: CheckedUrl, child: ChildProcess, exited: () => string | null, timeoutMs: number, clock: Clock, signal: AbortSignal): Promise<void> {
  const deadline = clock.monotonic() + timeoutMs;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const exit = exited();
    if (exit !== null) throw new ToolError('unavailable', `the service exited before it became healthy (${exit})`, { details: { pid: child.pid } });
    try {
      const res = await pinnedRequest({ target: health, method: 'GET', signal: AbortSignal.timeout(1000) });
      if (res.status >= 200 && res.status <= 299) return;
    } catch {
      // Not listening yet.
    }
    if (clock.monotonic() > deadline) throw new ToolError('timeout', `the service did not answer 2xx on ${health.url.href} within ${timeoutMs / 1000} s`, { details: { health_url: health.url.href } });
    await clock.sleep(50);
  }
}

async function stop(child: ChildProcess, isExited: () => boolean): Promise<void> {
  if (isExited() || !child.pid) return;
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), STOP_GRACE_MS).unref());
  if ((await Promise.race([exited, grace])) === 'late') {
    signalGroup('SIGKILL');
    await exited;
  }
}

/**
 * Refuses, when the target is built and without a DNS lookup, a health or load URL whose host the policy refuses
 * whatever the trial's values are. A host that depends on a placeholder other than `{port}` is checked per trial.
 */
function precheckServiceUrls(options: ServiceTargetSpec, policy: HostPolicyOptions): void {
  const urls: [string, unknown][] = [['health_url', options.health_url], options.load.type === 'http' ? ['load.url', options.load.url] : ['load.base_url', options.load.base_url]];
  for (const [parameter, raw] of urls) {
    if (typeof raw !== 'string') continue;
    const probe = raw.replaceAll('{port}', '1');
    if (/^[^:/?#]*:\/\/[^/?#]*\{/.test(probe)) continue;
    precheckHostUrl(probe, { ...policy, parameter });
  }
}

export function createServiceTarget(spec: TargetSpec, deps: { clock: Clock; allowedHosts: readonly string[]; processGroups?: ProcessGroupRecorder; resolveHost?: HostResolver }): Target {
  const options = validateServiceSpec(spec);
  const policy: HostPolicyOptions = { allowedHosts: deps.allowedHosts, ...(deps.resolveHost ? { resolve: deps.resolveHost } : {}) };
  precheckServiceUrls(options, policy);
  return {
    kind: 'service',
    async evaluate(params: Params, context: EvaluationContext): Promise<Record<string, number>> {
      const port = await freePort();
      const vars: Record<string, string> = { port: String(port), ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) };
      const argv = options.command.map((a) => fill(a, vars));
      const load = fillDeep(options.load, vars);
      const env = options.env ? fillDeep(options.env, vars) : {};
      // Both URLs pass the host policy before the service starts: a refused host never spawns anything.
      const health = await checkHostUrl(fill(options.health_url, vars), { ...policy, parameter: 'health_url' });
      const resolveDeps = { clock: deps.clock, allowedHosts: deps.allowedHosts, ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}), agent: false };
      const { type: _type, ...input } = load;
      const http = load.type === 'http' ? await resolveHttpOptions(input as HttpBenchInput, { ...resolveDeps, urlParameter: 'load.url' }) : null;
      const llm = load.type === 'llm' ? await resolveLlmOptions(input as LlmBenchInput, { ...resolveDeps, urlParameter: 'load.base_url' }) : null;
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: options.cwd,
        env: { ...process.env, ...env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      recordChildGroup(deps.processGroups ?? noProcessGroupRecorder, child, { kind: 'trial', studyId: context.studyId ?? null, trialNumber: context.trialNumber });
      let stderr = '';
      let exit: string | null = null;
      child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
      child.on('exit', (code, sig) => (exit = `exit ${code ?? sig}`));
      const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new ToolError('not_found', `cannot start the service "${argv[0]}": ${e.message}`, { cause: e }))));
      spawnError.catch(() => {});
      const controller = new AbortController();
      const onAbort = () => controller.abort(context.signal.reason);
      context.signal.addEventListener('abort', onAbort, { once: true });
      try {
        await Promise.race([waitHealthy(health, child, () => exit, (options.startup_timeout_s ?? 15) * 1000, deps.clock, controller.signal), spawnError]);
        if (http) {
          if (options.warmup_s) await runHttpBench({ ...http, durationSeconds: options.warmup_s, requests: null, signal: controller.signal });
          let step = 0;
          const result = await runHttpBench({
            ...http,
            signal: controller.signal,
            onProgress: (p) => {
              if (p.kind !== 'http' || controller.signal.aborted) return;
              if (context.report(step++, { latency_p99_ms: p.point.p99_ms, requests_per_s: p.point.requests_per_s })) controller.abort(new ServiceTrialPruned(`pruned at second ${step}: p99 ${p.point.p99_ms} ms`));
            },
          });
          if (controller.signal.aborted) throw controller.signal.reason;
          if (exit !== null) throw new ToolError('unavailable', `the service exited during the load test (${exit}): ${stderr.slice(-500)}`);
          return serviceMetricsFromHttp(result);
        }
        const result = await runLlmBench({ ...llm!, signal: controller.signal });
        if (controller.signal.aborted) throw controller.signal.reason;
        return serviceMetricsFromLlm(result);
      } catch (error) {
        if (ToolError.isInstance(error) && stderr) error.message += `\nservice stderr: ${stderr.slice(-500)}`;
        throw error;
      } finally {
        context.signal.removeEventListener('abort', onAbort);
        await stop(child, () => exit !== null);
      }
    },
  };
}
