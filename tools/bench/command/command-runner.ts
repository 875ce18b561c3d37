import { loadavg, cpus } from 'node:os';
import { ToolError } from '../../common/errors.ts';
import type { Clock } from '../../common/clock.ts';
import type { ProcessGroupOwner, ProcessGroupRecorder } from '../../common/process-group-recorder.ts';
import { round } from '../stats.ts';
import type { BenchProgress, CommandBenchResult, CommandResult } from '../types.ts';
import { aggregateCommand, relativeToFastest } from './aggregate.ts';
import { expandParameters, substitute, type ParameterScan } from './parameter-scan.ts';
import { findRusageWrapper, spawnMeasured, type Measurement } from './spawn-measured.ts';

/**
 * Fully resolved options (defaults already applied at the edge). With `runs` set, exactly that many
 * measured runs; otherwise like hyperfine: as many runs as fit in `minTimeSeconds`, within [minRuns, maxRuns].
 */
export interface CommandBenchOptions {
  /** Argument arrays; with `shell`, each is `[commandLine]` run by `/bin/sh -c` (only when the user asked for a shell). */
  commands: { argv: string[]; name?: string }[];
  shell: boolean;
  warmup: number;
  runs: number | null;
  minRuns: number;
  maxRuns: number;
  minTimeSeconds: number;
  /** Run once per command (and parameter combination) before its runs; `prepare` before every run; `cleanup` after all runs. */
  setup?: string[];
  prepare?: string[];
  cleanup?: string[];
  parameters: ParameterScan[];
  ignoreFailure: boolean;
  timeoutSeconds: number;
  cwd?: string;
  env?: Record<string, string>;
  /** Measure CPU and peak RSS with the wait4 wrapper (compiled C, else python3) when one is available. */
  rusage: boolean;
  clock: Clock;
  signal?: AbortSignal;
  onProgress?: (progress: BenchProgress) => void;
  /** Records every spawned run's process group while it runs (default: not recorded). */
  processGroups?: { recorder: ProcessGroupRecorder; owner: ProcessGroupOwner };
}

function toArgv(argv: string[], shell: boolean): string[] {
  return shell ? ['/bin/sh', '-c', argv.join(' ')] : argv;
}

/** Benchmarks every command (× every parameter combination) and compares them relative to the fastest. */
export async function runCommandBench(options: CommandBenchOptions): Promise<CommandBenchResult> {
  const startedAt = options.clock.now();
  const t0 = options.clock.monotonic();
  const rusage = options.rusage && findRusageWrapper() !== null;
  const combos = expandParameters(options.parameters);
  const results: CommandResult[] = [];
  const warnings: string[] = [];
  const [load1] = loadavg();
  const cores = cpus().length;
  if (load1! > cores * 0.75) warnings.push(`The system load average is ${load1!.toFixed(2)} on ${cores} cores: other work competes for the CPU and results may be noisy.`);
  if (options.rusage && !rusage) warnings.push('neither a C compiler nor python3 was found: user/system CPU time and peak memory are not measured (wall time only).');

  const runOnce = (argv: string[], captureOutput: boolean): Promise<Measurement> =>
    spawnMeasured({
      argv,
      timeoutMs: options.timeoutSeconds * 1000,
      rusage,
      captureOutput,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.processGroups ? { processGroups: options.processGroups } : {}),
    });
  const hook = async (which: 'setup' | 'prepare' | 'cleanup', params: Record<string, string>) => {
    const argv = options[which];
    if (!argv) return;
    const m = await runOnce(toArgv(substitute(argv, params), options.shell), true);
    if (m.exitCode !== 0) {
      throw new ToolError('invalid_argument', `the ${which} command exited with status ${m.exitCode ?? m.signal}: ${argv.join(' ')}\n${m.output.slice(-500)}`, { details: { parameter: which, argv } });
    }
  };

  for (const command of options.commands) {
    for (const params of combos) {
      const argv = toArgv(substitute(command.argv, params), options.shell);
      const display = command.name ? substitute([command.name], params)[0]! : options.shell ? substitute(command.argv, params).join(' ') : argv.join(' ');
      await hook('setup', params);
      const check = (m: Measurement) => {
        if (m.exitCode !== 0 && !options.ignoreFailure) {
          throw new ToolError('invalid_argument', `command terminated with non-zero exit status ${m.exitCode ?? `signal ${m.signal}`}: ${display}. Set ignore_failure (CLI -i/--ignore-failure) to benchmark it anyway.\n${m.output.slice(-500)}`, {
            details: { command: display, exit_code: m.exitCode, output_tail: m.output.slice(-500) },
          });
        }
      };
      for (let i = 0; i < options.warmup; i++) {
        await hook('prepare', params);
        check(await runOnce(argv, true));
      }
      const runs: Measurement[] = [];
      let target = options.runs ?? options.minRuns;
      const runStart = options.clock.monotonic();
      for (let i = 0; i < target; i++) {
        await hook('prepare', params);
        const m = await runOnce(argv, !options.ignoreFailure);
        check(m);
        runs.push(m);
        if (i === 0 && options.runs === null) {
          // hyperfine: the first run estimates how many runs fit in the minimum time.
          const estimate = Math.ceil((options.minTimeSeconds * 1000) / Math.max(m.wallMs, 1e-3));
          target = Math.min(options.maxRuns, Math.max(options.minRuns, estimate));
        }
        const mean = runs.reduce((a, r) => a + r.wallMs, 0) / runs.length;
        options.onProgress?.({ kind: 'command', command: display, run: i + 1, runs: target, last_ms: round(m.wallMs, 3), mean_ms: round(mean, 3) });
        if (options.runs === null && i + 1 >= options.minRuns && options.clock.monotonic() - runStart > options.minTimeSeconds * 1000 * 20) break;
      }
      await hook('cleanup', params);
      results.push(aggregateCommand({ argv, display, shell: options.shell, parameters: params, runs, resourceMethod: rusage ? 'wait4' : 'none' }));
    }
  }
  return {
    kind: 'command',
    results,
    relative: relativeToFastest(results),
    warnings,
    started_at: startedAt,
    duration_s: round((options.clock.monotonic() - t0) / 1000, 3),
  };
}
