import { randomUUID } from 'node:crypto';
import { ToolError } from '../common/errors.ts';
import type { Clock } from '../common/clock.ts';
import type { HostResolver } from '../common/host-policy.ts';
import type { ProcessGroupRecorder } from '../common/process-group-recorder.ts';
import type { BenchStore } from '../../db/bench-store.ts';
import { runCommandBench } from './command/command-runner.ts';
import { compareRuns, type BenchComparison } from './compare.ts';
import { runHttpBench } from './http/http-runner.ts';
import type { CommandBenchInput, HttpBenchInput, LlmBenchInput, RunContext, StabilityBenchInput } from './inputs.ts';
import { runLlmBench } from './llm/llm-runner.ts';
import { resolveCommandOptions, resolveHttpOptions, resolveLlmOptions, resolveStabilityOptions, type LoadResolveDeps } from './resolve-options.ts';
import { runStabilityBench } from './stability/stability-runner.ts';
import type { BenchEvent, BenchKind, BenchListener, BenchProgress, BenchResult, BenchRun } from './types.ts';

export interface BenchServiceDeps {
  store: BenchStore;
  clock: Clock;
  /** Hosts besides loopback that load may be sent to (Config.allowedHosts; see tools/common/host-policy.ts). */
  allowedHosts: readonly string[];
  /** Resolves host names for the host policy (tests inject one; default: the system resolver). */
  resolveHost?: HostResolver;
  /** Records the process groups of command benchmark runs, so a restarted server can stop orphans (default: not recorded). */
  processGroups?: ProcessGroupRecorder;
}

/**
 * `Services.bench` (contract 7): runs command, HTTP, LLM and stability benchmarks, stores every result,
 * compares runs, and publishes `bench-start` / `bench-progress` / `bench-end` events (the rule engine
 * subscribes to `bench-end`). Progress also goes to the caller's `onProgress` (the agent's streaming tools).
 */
export class BenchService {
  private readonly listeners = new Set<BenchListener>();
  private readonly running = new Set<AbortController>();

  constructor(private readonly deps: BenchServiceDeps) {}

  /** Hosts besides loopback that load may go to (the agent's tool descriptions name them). */
  get allowedHosts(): readonly string[] {
    return this.deps.allowedHosts;
  }

  on(listener: BenchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  runCommand(input: CommandBenchInput, context: RunContext = {}, onProgress?: (p: BenchProgress) => void): Promise<BenchRun> {
    const options = resolveCommandOptions(input, { clock: this.deps.clock, agent: context.agent === true });
    const label = options.commands.map((c) => c.name ?? c.argv.join(' ')).join(' | ');
    const recorder = this.deps.processGroups;
    return this.execute('command', label, input, context, onProgress, (signal, progress, runId) =>
      runCommandBench({ ...options, signal, onProgress: progress, ...(recorder ? { processGroups: { recorder, owner: { kind: 'bench', runId } } } : {}) }),
    );
  }

  async runHttp(input: HttpBenchInput, context: RunContext = {}, onProgress?: (p: BenchProgress) => void): Promise<BenchRun> {
    const options = await resolveHttpOptions(input, this.loadDeps(context));
    return this.execute('http', `${options.method} ${options.url} ${options.rate === null ? 'closed' : `rate=${options.rate}`}`, input, context, onProgress, (signal, progress) => runHttpBench({ ...options, signal, onProgress: progress }));
  }

  async runLlm(input: LlmBenchInput, context: RunContext = {}, onProgress?: (p: BenchProgress) => void): Promise<BenchRun> {
    const options = await resolveLlmOptions(input, this.loadDeps(context));
    const { api_key: _secret, ...config } = input;
    return this.execute('llm', `${options.endpoint} ${options.baseUrl} ${options.model ?? '(server default)'}`, config, context, onProgress, (signal, progress) => runLlmBench({ ...options, signal, onProgress: progress }));
  }

  async runStability(input: StabilityBenchInput, context: RunContext = {}, onProgress?: (p: BenchProgress) => void): Promise<BenchRun> {
    const options = await resolveStabilityOptions(input, this.loadDeps(context));
    return this.execute('stability', `${options.method} ${options.url} ${options.rate === null ? 'closed' : `rate=${options.rate}`}`, input, context, onProgress, (signal, progress) => runStabilityBench({ ...options, signal, onProgress: progress }));
  }

  /** Host policy inputs and bounds for load runs (URLs are checked, and their addresses pinned, before a run starts). */
  private loadDeps(context: RunContext): LoadResolveDeps {
    return { clock: this.deps.clock, allowedHosts: this.deps.allowedHosts, ...(this.deps.resolveHost ? { resolveHost: this.deps.resolveHost } : {}), agent: context.agent === true };
  }

  get(id: string): BenchRun | null {
    return this.deps.store.get(id);
  }

  list(filter: { kind?: BenchKind; label?: string; sessionId?: string; limit?: number } = {}): BenchRun[] {
    return this.deps.store.list(filter);
  }

  /** Compares run `runId` with `to`: another run id, or `'previous'` (the latest earlier run with the same kind and label). */
  compare(runId: string, to: string = 'previous'): BenchComparison {
    const current = this.require(runId, 'run_id');
    const baseline = to === 'previous' ? this.deps.store.previous(current) : this.require(to, 'compare_to');
    if (!baseline) {
      throw new ToolError('not_found', `no earlier ${current.kind} run labelled "${current.label}" to compare run ${runId} with`, { details: { parameter: 'compare_to', label: current.label } });
    }
    return compareRuns(baseline, current);
  }

  /** Aborts running benchmarks (process shutdown). */
  close(): void {
    for (const controller of this.running) controller.abort(new ToolError('unavailable', 'benchmark stopped: the server is shutting down'));
  }

  private require(id: string, parameter: string): BenchRun {
    const run = this.deps.store.get(id);
    if (!run) throw new ToolError('not_found', `no benchmark run with id "${id}"`, { details: { parameter, value: id } });
    return run;
  }

  private emit(event: BenchEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not break the benchmark or the other subscribers.
      }
    }
  }

  private async execute(
    kind: BenchKind,
    label: string,
    config: object,
    context: RunContext,
    onProgress: ((p: BenchProgress) => void) | undefined,
    run: (signal: AbortSignal, progress: (p: BenchProgress) => void, runId: string) => Promise<BenchResult>,
  ): Promise<BenchRun> {
    const id = randomUUID();
    const sessionId = context.sessionId ?? null;
    const controller = new AbortController();
    const forward = () => controller.abort(context.signal?.reason);
    context.signal?.addEventListener('abort', forward, { once: true });
    this.running.add(controller);
    this.emit({ type: 'bench-start', runId: id, kind, label, sessionId, at: this.deps.clock.now() });
    try {
      const result = await run(controller.signal, (progress) => {
        onProgress?.(progress);
        this.emit({ type: 'bench-progress', runId: id, kind, progress, at: this.deps.clock.now() });
      }, id);
      const record: BenchRun = { id, kind, label, sessionId, config: config as Record<string, unknown>, result, createdAt: this.deps.clock.now() };
      this.deps.store.insert(record);
      this.emit({ type: 'bench-end', runId: id, kind, label, sessionId, result, at: record.createdAt });
      return record;
    } finally {
      this.running.delete(controller);
      context.signal?.removeEventListener('abort', forward);
    }
  }
}
