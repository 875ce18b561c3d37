/** A documented default search space for a model family, used when a target names its family but no space. */
export interface SpaceTemplate {
  /** Registry name (`family` / `template` of a target). */
  name: string;
  /** One line: what it tunes and for which library. */
  description: string;
  /** Parameter → distribution, in the optimizer's JSON vocabulary (tools/optimizer/search-space.ts). */
  space: Record<string, Record<string, unknown>>;
  /** Parameter → why this range (shown in docs and to the model). */
  notes: Record<string, string>;
  /**
   * A known-good configuration (Optuna's `study.enqueue_trial`): a study on a target that uses this template's space
   * runs it as trial 0, before the sampler's own picks, unless the study gives its own space or `enqueue`
   * (tools/optimizer/baseline.ts). Usually the target's own defaults.
   */
  baseline?: Record<string, number | string | boolean>;
}
