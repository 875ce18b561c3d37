/**
 * The controller's calls out to its plug-ins that need more than a line: the first read of the value the service
 * runs with (with its fallbacks, and starting a restart actuator's service), and a time limit whose reason says
 * what ran out ("no answer within the period of 1 s") rather than a bare "operation was aborted".
 */
import { formatNumber } from './analyzer.ts';
import { clampToBounds, type StepLimits } from './controller-step.ts';
import { errorText } from './sources/control-error.ts';
import type { Actuator } from './types.ts';

/** Longest wait for the actuator's answer when the loop starts; longest apply (a restart waits for health). */
export const START_READ_TIMEOUT_MS = 5000;
export const APPLY_TIMEOUT_MS = 60_000;

/** Runs `fn` with a signal that aborts on `outer` or after `ms` with `message` (the reason a read names). */
export async function withTimeout<T>(ms: number, message: string, outer: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error(message)), ms);
  try {
    return await fn(AbortSignal.any([outer, timeout.signal]));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The value to start from: the actuator's answer; else what the caller knows (a restart's finding, then the
 * initial value); else the lower bound, with a note saying which. A restart actuator that runs nothing yet is told
 * to start the service with that value (an error there fails the start).
 */
export async function readStartValue(options: { actuator: Actuator; parameter: string; limits: StepLimits; known: number | null; signal: AbortSignal }): Promise<{ value: number; note: string | null }> {
  const { actuator, parameter, limits, known } = options;
  let read: number | null = null;
  let why: string;
  try {
    read = await withTimeout(START_READ_TIMEOUT_MS, `no answer within ${START_READ_TIMEOUT_MS / 1000} s`, options.signal, (signal) => actuator.read(signal));
    why = `the ${actuator.kind} actuator cannot read ${parameter}`;
  } catch (error) {
    why = `could not read ${parameter}: ${errorText(error)}`;
  }
  if (read !== null) return { value: read, note: null };
  const min = limits.bounds.min;
  const value = known ?? min;
  if (actuator.kind === 'restart') {
    const start = clampToBounds(value, limits);
    await withTimeout(APPLY_TIMEOUT_MS, `the service did not start within ${APPLY_TIMEOUT_MS / 1000} s`, options.signal, (signal) => actuator.apply(start, signal));
    return { value: start, note: `started the service with ${parameter}=${formatNumber(start)}` };
  }
  return { value, note: known !== null ? `${why}; assuming ${parameter}=${formatNumber(known)}` : `${why}; assuming ${parameter}=${formatNumber(min)}, the lower bound` };
}
