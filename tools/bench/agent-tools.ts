import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { ToolError, type ToolFailure } from '../common/errors.ts';
import { checkCommandPermission, type CommandGate } from '../common/command-permission.ts';
import { registeredCommands, type TargetLister } from '../common/registered-commands.ts';
import type { BenchService } from './bench-service.ts';
import type { BenchComparison } from './compare.ts';
import { compactResult } from './present.ts';
import { runsShell as runsShellOf } from '../common/command-line.ts';
import { progressStream } from './progress-stream.ts';
import type { BenchProgress, BenchRun } from './types.ts';

/** What the bench tools need from the toolset context. */
export interface BenchToolsContext {
  /** `targets` (the target registry) supplies registered command targets, which may run without being typed. */
  services: { bench: BenchService; targets?: TargetLister };
  sessionId: string;
  /** What this turn may run: commands the user typed, confirmations, shells (tools/common/command-permission.ts). */
  commands: CommandGate;
  /** Commands of the user's registered targets (they may be run without being typed in this message); default: from `services.targets`. */
  registeredCommands?: () => Promise<string[][]>;
}

const compareTo = z.union([z.literal('previous'), z.string().min(1)]).optional().describe("compare with the previous run of the same benchmark ('previous') or with a run id");

const commandInput = z.object({
  command: z.array(z.string()).min(1).describe('argument array exactly as the user typed it in backticks, e.g. ["sleep","0.1"] for `sleep 0.1`; a shell only as the user wrote it, e.g. ["sh","-c","echo hi"]'),
  commands: z.array(z.array(z.string()).min(1)).optional().describe('further commands to compare against the first'),
  runs: z.number().int().min(1).optional(),
  warmup: z.number().int().min(0).optional(),
  parameters: z.array(z.union([
    z.object({ name: z.string(), values: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.object({ name: z.string(), min: z.number(), max: z.number(), step: z.number().optional() }),
  ])).optional().describe('parameter scan: {name} in the command takes each value (cross product)'),
  ignore_failure: z.boolean().optional(),
  compare_to: compareTo,
});

const httpInput = z.object({
  url: z.string().describe('http URL on loopback or an allowed host'),
  connections: z.number().int().min(1).optional(),
  duration_s: z.number().positive().optional(),
  rate: z.number().positive().optional().describe('open loop: constant requests/s, latency from the intended send time'),
  method: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  requests: z.number().int().min(1).optional(),
  pipelining: z.number().int().min(1).optional(),
  threads: z.number().int().min(1).max(64).optional().describe('generator threads (wrk -t)'),
  compare_to: compareTo,
});

const llmInput = z.object({
  base_url: z.string().describe('OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1'),
  model: z.string().optional(),
  endpoint: z.enum(['chat', 'completions']).optional(),
  concurrency: z.number().int().min(1).optional(),
  requests: z.number().int().min(1).optional(),
  rate: z.number().positive().optional().describe('open loop requests/s (gamma gaps)'),
  burstiness: z.number().positive().optional(),
  max_tokens: z.number().int().min(1).optional(),
  prompt_tokens: z.number().int().min(1).optional(),
  slo_ttft_ms: z.number().positive().optional(),
  slo_tpot_ms: z.number().positive().optional(),
  slo_e2el_ms: z.number().positive().optional(),
  compare_to: compareTo,
});

type Yielded = { ok: true; status: 'starting'; will_run: string[][] } | { ok: true; status: 'running'; progress: BenchProgress } | { ok: true; status: 'done'; run_id: string; result: Record<string, unknown>; comparison: BenchComparison | null; comparison_error?: string } | ToolFailure;

async function* stream(
  bench: BenchService,
  start: (emit: (p: BenchProgress) => void) => Promise<BenchRun>,
  compare: string | undefined,
): AsyncGenerator<Yielded> {
  try {
    for await (const item of progressStream(start)) {
      if ('progress' in item) {
        yield { ok: true, status: 'running', progress: item.progress };
        continue;
      }
      const run = item.done;
      let comparison: BenchComparison | null = null;
      let comparisonError: string | undefined;
      if (compare) {
        try {
          comparison = bench.compare(run.id, compare);
        } catch (error) {
          if (!ToolError.isInstance(error)) throw error;
          comparisonError = error.message;
        }
      }
      yield { ok: true, status: 'done', run_id: run.id, result: compactResult(run.result), comparison, ...(comparisonError ? { comparison_error: comparisonError } : {}) };
    }
  } catch (error) {
    if (ToolError.isInstance(error)) yield { ok: false, error: error.toJSON() };
    else throw error;
  }
}

/** How the bench tools' descriptions name the hosts load may go to: "Hosts allowed here: loopback, *.internal." */
export const ALLOWED_HOSTS_LEAD = 'Hosts allowed here: ';

/** The agent's benchmark tools: `bench_command`, `bench_http`, `bench_llm` (stable names, contract 4). */
export function createBenchTools(context: BenchToolsContext): ToolSet {
  const { bench } = context.services;
  const runContext = { sessionId: context.sessionId, agent: true } as const;
  // The hosts load may go to, named for the model (it can decline a public host instead of calling to be refused).
  const hosts = ` ${ALLOWED_HOSTS_LEAD}${['loopback', ...bench.allowedHosts].join(', ')}.`;
  return {
    bench_command: tool({
      description:
        'Benchmark commands like hyperfine: warmup, runs, mean/stddev/median/min/max, user/system CPU, peak memory, outliers, comparison relative to the fastest. Only registered targets\' commands, or an argv the user typed exactly in backticks in this message, can run; destructive-looking ones (rm, dd, …) need the user\'s "yes" in a following message (the error says so: ask, then call again with the same argv). Streams progress, first the exact argvs it runs.',
      inputSchema: commandInput,
      execute: async function* (input, { abortSignal }): AsyncGenerator<Yielded> {
        const { compare_to, commands, ...rest } = input;
        const all = [input.command, ...(commands ?? [])];
        try {
          const registered = await (context.registeredCommands ?? (() => registeredCommands(context.services.targets)))();
          if (input.parameters?.length && all.some(runsShellOf)) {
            throw new ToolError('forbidden', 'a parameter scan cannot fill values into a shell script (the values would be read as shell code); scan the program directly as an argument array', { details: { parameter: 'parameters', rule: 'no-shell-scan' } });
          }
          for (const argv of all) checkCommandPermission(argv, context.commands, { registered, parameter: 'command' });
        } catch (error) {
          if (!ToolError.isInstance(error)) throw error;
          yield { ok: false, error: error.toJSON() };
          return;
        }
        // The exact argvs, before anything runs: the chat shows what will execute.
        yield { ok: true, status: 'starting', will_run: all };
        yield* stream(bench, (emit) => bench.runCommand({ ...rest, commands: all }, { ...runContext, ...(abortSignal ? { signal: abortSignal } : {}) }, emit), compare_to);
      },
    }),
    bench_http: tool({
      description:
        'HTTP load test (wrk/autocannon-like): N keep-alive connections (closed loop) or a constant rate (open loop, latency from the intended send time, no coordinated omission). Returns requests_per_s, latency_ms {mean,p50,p90,p99,max}, status_counts, errors, timeouts. Loopback or allowed hosts only. Streams progress every second.' + hosts,
      inputSchema: httpInput,
      execute: async function* (input, { abortSignal }): AsyncGenerator<Yielded> {
        const { compare_to, ...rest } = input;
        yield* stream(bench, (emit) => bench.runHttp(rest, { ...runContext, ...(abortSignal ? { signal: abortSignal } : {}) }, emit), compare_to);
      },
    }),
    bench_llm: tool({
      description:
        'Benchmark an OpenAI-compatible LLM server (vLLM benchmark_serving definitions): TTFT, TPOT, ITL, E2E latency, token and request throughput, goodput against SLOs; fixed concurrency or an open-loop request rate. Streams progress.' + hosts,
      inputSchema: llmInput,
      execute: async function* (input, { abortSignal }): AsyncGenerator<Yielded> {
        const { compare_to, ...rest } = input;
        yield* stream(bench, (emit) => bench.runLlm(rest, { ...runContext, ...(abortSignal ? { signal: abortSignal } : {}) }, emit), compare_to);
      },
    }),
  };
}
