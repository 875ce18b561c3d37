import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolError } from '../../common/errors.ts';
import type { ProcessGroupOwner, ProcessGroupRecorder } from '../../common/process-group-recorder.ts';

/** One measured execution of a command. */
export interface Measurement {
  wallMs: number;
  userMs: number | null;
  systemMs: number | null;
  maxRssKb: number | null;
  /** Exit status, or null when killed by a signal. */
  exitCode: number | null;
  signal: string | number | null;
  /** Captured output tail (only when `captureOutput`). */
  output: string;
}

export interface SpawnOptions {
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Keep the last 4 KiB of stdout+stderr (for failures); otherwise output is discarded like hyperfine's default. */
  captureOutput?: boolean;
  /** Measure CPU/RSS with the wait4 wrapper (C, else python3); false gives wall time only. */
  rusage: boolean;
  /** Records the child's process group while it runs (default: not recorded), as `owner`. */
  processGroups?: { recorder: ProcessGroupRecorder; owner: ProcessGroupOwner };
}

const C_SOURCE = fileURLToPath(new URL('./rusage-wrapper.c', import.meta.url));
const PY_WRAPPER = fileURLToPath(new URL('./rusage-wrapper.py', import.meta.url));
const PYTHON_CANDIDATES = ['/usr/bin/python3', '/usr/local/bin/python3'];
const CC_CANDIDATES = ['/usr/bin/cc', '/usr/bin/gcc', '/usr/local/bin/cc'];

let cached: string[] | null | undefined;

/** Compiles rusage-wrapper.c once into the temp folder (keyed by its source hash); null without a C compiler. */
function compiledWrapper(): string | null {
  const cc = CC_CANDIDATES.find((p) => existsSync(p));
  if (!cc) return null;
  const hash = createHash('sha256').update(readFileSync(C_SOURCE)).digest('hex').slice(0, 12);
  const binary = join(tmpdir(), `tunechat-rusage-${hash}`);
  if (existsSync(binary)) return binary;
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync(cc, ['-O2', '-o', partial, C_SOURCE], { stdio: 'ignore', timeout: 60_000 });
    renameSync(partial, binary);
    return binary;
  } catch {
    return null;
  }
}

/**
 * The command prefix that measures a child with wait4: the compiled C wrapper (small, so it does not inflate
 * the child's peak RSS, and starts in about a millisecond), else the python3 wrapper (its ~10 MB RSS is a floor
 * on the reported peak RSS, since the child is cloned from it), else null (then CPU/RSS are not measured).
 */
export function findRusageWrapper(): string[] | null {
  if (cached !== undefined) return cached;
  const binary = compiledWrapper();
  const python = PYTHON_CANDIDATES.find((p) => existsSync(p));
  cached = binary ? [binary] : python ? [python, PY_WRAPPER] : null;
  return cached;
}

/**
 * Runs `argv` once (argument array, no shell) and measures it. With `rusage`, wall time comes from the
 * wrapper (spawn → reap, in ns; see findRusageWrapper) and CPU/RSS from wait4; otherwise wall time is measured here from spawn to
 * exit with `performance.now()` and CPU/RSS are null. A missing executable throws `not_found`.
 */
export function spawnMeasured(options: SpawnOptions): Promise<Measurement> {
  const wrapper = options.rusage ? findRusageWrapper() : null;
  const [file, ...args] = wrapper ? [...wrapper, ...options.argv] : options.argv;
  const capture = options.captureOutput === true;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file!, args, {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore', ...(wrapper ? ['pipe' as const] : [])],
      detached: true,
    });
    // Recorded while the child runs; forgotten only after the wall time is taken, so the bookkeeping is not measured.
    let forget = options.processGroups && child.pid !== undefined ? options.processGroups.recorder.record(child.pid, options.processGroups.owner) : null;
    const release = () => {
      forget?.();
      forget = null;
    };
    let output = '';
    let report = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4096);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    (child.stdio[3] as NodeJS.ReadableStream | undefined)?.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      release();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const code = error.code === 'ENOENT' ? 'not_found' : 'internal';
      reject(new ToolError(code, `cannot run "${options.argv[0]}": ${error.message}`, { details: { argv: options.argv }, cause: error }));
    });
    child.on('close', (exitCode, signal) => {
      const wallMs = performance.now() - started;
      release();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(options.signal.reason ?? new ToolError('timeout', 'benchmark aborted'));
      if (timedOut) {
        return reject(new ToolError('timeout', `command ran longer than its timeout of ${options.timeoutMs / 1000} s: ${options.argv.join(' ')}`, { details: { argv: options.argv, timeout_s: options.timeoutMs / 1000 } }));
      }
      if (!wrapper) return resolve({ wallMs, userMs: null, systemMs: null, maxRssKb: null, exitCode, signal, output });
      let parsed: Record<string, number | string | null>;
      try {
        parsed = JSON.parse(report) as Record<string, number | string | null>;
      } catch (error) {
        return reject(new ToolError('internal', `rusage wrapper gave no report (exit ${exitCode}): ${output.slice(-300)}`, { cause: error }));
      }
      if (typeof parsed.spawn_error === 'string') {
        return reject(new ToolError('not_found', `cannot run "${options.argv[0]}": ${parsed.spawn_error}`, { details: { argv: options.argv } }));
      }
      resolve({
        wallMs: Number(parsed.wall_ns) / 1e6,
        userMs: Number(parsed.user_us) / 1000,
        systemMs: Number(parsed.system_us) / 1000,
        maxRssKb: Number(parsed.max_rss_kb),
        exitCode: parsed.exit_code === null ? null : Number(parsed.exit_code),
        signal: parsed.signal ?? null,
        output,
      });
    });
  });
}
