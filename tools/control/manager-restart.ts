/**
 * What a controller finds when tunechat starts again. A crash of tunechat never touches the service (and a graceful
 * shutdown leaves it as it was too), so before the loop resumes the actuator reads the value the service runs with now,
 * and the note says what was found: the value last set, someone else's change (the loop continues from it), or no
 * answer (the controller holds until the service answers).
 */
import type { Actuator } from './types.ts';

/** Longest wait for the service's answer when reading its value on restart. */
export const RESTART_READ_TIMEOUT_MS = 5_000;

export interface RestartFinding {
  /** The value the service reported, or null when it could not be read. */
  found: number | null;
  /** False when the service did not answer: the controller starts holding. */
  reachable: boolean;
  note: string;
}

const show = (value: number | null) => (value === null ? 'unknown' : String(value));

export async function inspectOnRestart(actuator: Actuator, parameter: string, lastSet: number | null): Promise<RestartFinding> {
  let found: number | null;
  try {
    found = await actuator.read(AbortSignal.timeout(RESTART_READ_TIMEOUT_MS));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { found: null, reachable: false, note: `could not read ${parameter} on restart (${why}); holding at the last set value ${show(lastSet)} until the service answers` };
  }
  if (found === null) {
    return { found: null, reachable: true, note: `the ${actuator.kind} actuator cannot read ${parameter}; on restart the controller assumes the last set value ${show(lastSet)}` };
  }
  if (lastSet === null || found === lastSet) return { found, reachable: true, note: `found ${parameter}=${found} on restart (last set ${show(lastSet)})` };
  return { found, reachable: true, note: `found ${parameter}=${found}, expected ${lastSet}: someone changed it; continuing from ${found}` };
}
