/**
 * Warm start from a known-good configuration (Optuna's `study.enqueue_trial`): a target or its space template may
 * declare `baseline` params, which `start_study` copies into `StudySpec.baseline` when the study uses the target's
 * own space. When the study starts, the baseline is fitted to the space here and enqueued as trial 0, so it is
 * evaluated before anything the sampler picks; a study that gives its own `enqueue` does not get it.
 */
import { contains, snap } from './distributions.ts';
import { compileSpace, indexSpace } from './search-space.ts';
import type { Params, StudySpec } from './types.ts';

/** System attribute (`true`) of the trial that runs the study's baseline. */
export const BASELINE_ATTR = 'baseline';

/** The baseline as it will run, with what had to change; or why it was left out. */
export type FittedBaseline = { params: Params; note: string | null } | { params: null; note: string };

/**
 * Fits `baseline` to `space`: a number outside its range (or off its step grid) is clipped onto it, a parameter the
 * space does not have is dropped (the target then uses its own default for it); a value of the wrong type, or a
 * category the space does not offer, leaves the whole baseline out. Never throws for a bad baseline.
 */
export function fitBaseline(baseline: unknown, space: Record<string, unknown>): FittedBaseline {
  if (typeof baseline !== 'object' || baseline === null || Array.isArray(baseline)) {
    return { params: null, note: `baseline skipped: it must be an object of parameter values, got ${JSON.stringify(baseline)}` };
  }
  const byName = indexSpace(compileSpace(space));
  const params: Params = {};
  const changes: string[] = [];
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(baseline as Record<string, unknown>)) {
    const definition = byName.get(name);
    if (!definition) {
      dropped.push(name);
      continue;
    }
    const { distribution } = definition;
    if (contains(distribution, value as Params[string])) {
      params[name] = value as Params[string];
      continue;
    }
    if (distribution.type === 'categorical' || typeof value !== 'number' || !Number.isFinite(value)) {
      return { params: null, note: `baseline skipped: ${name} = ${JSON.stringify(value)} is not in the search space` };
    }
    const fitted = snap(distribution, value);
    if (!contains(distribution, fitted)) return { params: null, note: `baseline skipped: ${name} = ${value} cannot be fitted into its distribution` };
    params[name] = fitted;
    changes.push(`${name} ${value} → ${fitted}`);
  }
  if (Object.keys(params).length === 0) return { params: null, note: `baseline skipped: none of its parameters (${dropped.join(', ')}) is in the search space` };
  const notes = [
    changes.length ? `clipped into the search space: ${changes.join(', ')}` : null,
    dropped.length ? `not in the search space, left to the target's default: ${dropped.join(', ')}` : null,
  ].filter((n) => n !== null);
  return { params, note: notes.length ? `baseline ${notes.join('; ')}` : null };
}

/**
 * At a study's start (StudyManager.start only: a resumed or continued study never enqueues it again): fits the spec's
 * baseline to its space, in place (`baseline` becomes the params as run, `baselineNote` says what changed or why it
 * was left out), and returns the params to enqueue as trial 0, or null. A spec with its own `enqueue` runs that instead.
 */
export function warmStart(spec: StudySpec): Params | null {
  if (spec.baseline === undefined) return null;
  if (spec.enqueue?.length) {
    delete spec.baseline;
    spec.baselineNote = 'baseline not run: the study gives its own first trials (enqueue)';
    return null;
  }
  const fitted = fitBaseline(spec.baseline, spec.space);
  if (fitted.note) spec.baselineNote = fitted.note;
  if (fitted.params) spec.baseline = fitted.params;
  else delete spec.baseline;
  return fitted.params;
}
