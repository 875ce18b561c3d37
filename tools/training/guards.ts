/**
 * Reliability guards for training trials: a NaN loss, a wall-clock time limit and running out of memory each end the
 * trial with its own reason (`failTrial`), so the study records why and goes on.
 *
 * Each guard has a pure form that throws a `TrialFailure` (unit-testable) and a form that ends the process.
 * `runTrial(main)` is the usual entry: it turns a thrown TrialFailure or an allocation failure into `failTrial`.
 */
import { failTrial, TrialFailure } from './trial-io.ts';

/** Throws TrialFailure('nan_loss') when `loss` is NaN or infinite. */
export function checkFinite(loss: number, epoch: number, what = 'loss'): void {
  if (!Number.isFinite(loss)) {
    throw new TrialFailure('nan_loss', `${what} became ${loss} at epoch ${epoch} (try a lower learning rate)`, { epoch, [what]: String(loss) });
  }
}

/** Ends the trial with 'nan_loss' when `loss` is not finite. */
export function assertFinite(loss: number, epoch: number, what = 'loss'): void {
  try {
    checkFinite(loss, epoch, what);
  } catch (error) {
    const failure = error as TrialFailure;
    failTrial(failure.code, failure.message, failure.details);
  }
}

export interface TimeLimitOptions {
  /** Seconds; default: env `TUNECHAT_TRIAL_TIME_LIMIT_S`; none → no limit. */
  seconds?: number | undefined;
  /** Milliseconds clock (tests); default performance.now. */
  now?: () => number;
  /** End the process from a timer too, when the event loop gets a turn between steps. Default true. */
  timer?: boolean;
}

export interface TimeLimit {
  /** The limit in seconds, or null when there is none. */
  readonly seconds: number | null;
  elapsedSeconds(): number;
  /** Throws TrialFailure('time_limit') past the limit; `epoch` goes into the details. */
  check(epoch: number): void;
  /** Stops the backstop timer (call when training is done, before measuring). */
  stop(): void;
}

/** A wall-clock limit from `seconds` (e.g. a `time_limit_s` param) or `TUNECHAT_TRIAL_TIME_LIMIT_S`. */
export function startTimeLimit(options: TimeLimitOptions = {}): TimeLimit {
  const now = options.now ?? (() => performance.now());
  const fromEnv = Number(process.env.TUNECHAT_TRIAL_TIME_LIMIT_S);
  const seconds = options.seconds !== undefined && options.seconds > 0 ? options.seconds : fromEnv > 0 ? fromEnv : null;
  const started = now();
  const elapsedSeconds = () => (now() - started) / 1000;
  const failure = (epoch: number | null) =>
    new TrialFailure('time_limit', `trial exceeded its time limit of ${seconds} s (${elapsedSeconds().toFixed(1)} s elapsed${epoch === null ? '' : `, epoch ${epoch}`})`, {
      epoch,
      time_limit_s: seconds,
    });
  let timer: NodeJS.Timeout | null = null;
  if (seconds !== null && options.timer !== false) {
    timer = setTimeout(() => {
      const error = failure(null);
      failTrial(error.code, error.message, error.details);
    }, seconds * 1000);
    timer.unref();
  }
  return {
    seconds,
    elapsedSeconds,
    check(epoch) {
      if (seconds !== null && elapsedSeconds() > seconds) throw failure(epoch);
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}

export interface MemoryLimit {
  readonly megabytes: number | null;
  /** Throws TrialFailure('out_of_memory') when the process's resident memory is above the limit. */
  check(epoch: number): void;
}

/**
 * A resident-memory budget from `megabytes` (e.g. a `memory_limit_mb` param) or `TUNECHAT_TRIAL_MEMORY_LIMIT_MB`:
 * a trial that would grow past it fails as out_of_memory before the machine starts swapping or the OOM killer
 * picks a process.
 */
export function memoryLimit(megabytes?: number, rss: () => number = () => process.memoryUsage().rss): MemoryLimit {
  const fromEnv = Number(process.env.TUNECHAT_TRIAL_MEMORY_LIMIT_MB);
  const limit = megabytes !== undefined && megabytes > 0 ? megabytes : fromEnv > 0 ? fromEnv : null;
  return {
    megabytes: limit,
    check(epoch) {
      if (limit === null) return;
      const usedMb = rss() / 2 ** 20;
      if (usedMb > limit) {
        throw new TrialFailure('out_of_memory', `trial uses ${usedMb.toFixed(0)} MB, over its memory limit of ${limit} MB (epoch ${epoch})`, {
          epoch,
          rss_mb: Math.round(usedMb),
          memory_limit_mb: limit,
        });
      }
    },
  };
}

const OUT_OF_MEMORY = [
  /array buffer allocation failed/i,
  /invalid (typed )?array (buffer )?length/i,
  /out of memory/i,
  /\bOOM\b/,
  /cannot enlarge memory/i,
  /could not allocate memory/i,
  /WebAssembly\.Memory/i,
  /allocation failed/i,
  /failed to allocate/i,
  /Requested texture size/i,
];

/** True for the errors an allocation failure raises in V8 (RangeError), the wasm backend (Emscripten abort) and tfjs. */
export function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return OUT_OF_MEMORY.some((pattern) => pattern.test(message));
}

/**
 * Runs a trial's main function: a TrialFailure ends the process with its reason, an allocation failure with
 * 'out_of_memory'; any other error is printed and exits 1 (the command target keeps the stderr tail).
 */
export async function runTrial(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof TrialFailure) failTrial(error.code, error.message, error.details);
    if (isOutOfMemory(error)) failTrial('out_of_memory', `allocation failed: ${(error as Error).message ?? String(error)}`.slice(0, 500));
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
