/**
 * Relative search spaces for joint samplers (Optuna's IntersectionSearchSpace and _SearchSpaceGroup):
 * the parameters every finished trial has with the same distribution, or, for conditional spaces, the
 * decomposition into groups of parameters that always appear together.
 */
import { sameDistribution } from '../distributions.ts';
import { FINISHED_STATES } from '../types.ts';
import type { Distribution, SamplerStudyView, Trial } from '../types.ts';

const USED: readonly Trial['state'][] = ['complete', 'pruned'];

/** Parameters present, with one distribution, in every complete or pruned trial (ordered as in the space). */
export function intersectionSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
  let common: Map<string, Distribution> | null = null;
  for (const trial of study.trials(USED)) common = foldIntersection(common, trial);
  return ordered(study, common ?? new Map());
}

/** Disjoint groups of parameters; each group's parameters always occur together in finished trials. */
export function groupDecomposedSearchSpace(study: SamplerStudyView): Record<string, Distribution>[] {
  let groups: Map<string, Distribution>[] = [];
  for (const trial of study.trials(USED)) groups = foldGroups(groups, trial);
  return groups.map((group) => ordered(study, group));
}

/**
 * Both spaces kept across asks (as Optuna's IntersectionSearchSpace caches them): the trials up to the first one
 * not finished are folded once, since finished trials are immutable and numbers dense and 0-based (storage.ts);
 * each call folds only the rest, in number order, so the result equals the functions above.
 */
export class SearchSpaceCache {
  private studyId: string | null = null;
  /** Trials [0, prefix) are finished and folded into `common` and `groups`. */
  private prefix = 0;
  private common: Map<string, Distribution> | null = null;
  private groups: Map<string, Distribution>[] = [];

  intersection(study: SamplerStudyView): Record<string, Distribution> {
    const all = this.advance(study);
    if (!all) return intersectionSearchSpace(study);
    let common = this.common && new Map(this.common);
    for (let i = this.prefix; i < all.length; i++) if (USED.includes(all[i]!.state)) common = foldIntersection(common, all[i]!);
    return ordered(study, common ?? new Map());
  }

  groupDecomposed(study: SamplerStudyView): Record<string, Distribution>[] {
    const all = this.advance(study);
    if (!all) return groupDecomposedSearchSpace(study);
    let groups = this.groups;
    for (let i = this.prefix; i < all.length; i++) if (USED.includes(all[i]!.state)) groups = foldGroups(groups, all[i]!);
    return groups.map((group) => ordered(study, group));
  }

  /** Folds the newly finished prefix; null when numbers are not dense (the caller reads every trial). */
  private advance(study: SamplerStudyView): readonly Trial[] | null {
    const all = study.trials();
    if (study.studyId !== this.studyId || all.length < this.prefix) {
      this.studyId = study.studyId;
      this.prefix = 0;
      this.common = null;
      this.groups = [];
    }
    for (; this.prefix < all.length; this.prefix++) {
      const trial = all[this.prefix]!;
      if (trial.number !== this.prefix) return (this.studyId = null);
      if (!FINISHED_STATES.includes(trial.state)) break;
      if (!USED.includes(trial.state)) continue;
      this.common = foldIntersection(this.common, trial);
      this.groups = foldGroups(this.groups, trial);
    }
    return all;
  }
}

/** `common` narrowed to the parameters `trial` has with the same distribution (mutates `common`). */
function foldIntersection(common: Map<string, Distribution> | null, trial: Trial): Map<string, Distribution> {
  const current = new Map(Object.entries(trial.distributions));
  if (common === null) return current;
  for (const [name, distribution] of common) {
    const other = current.get(name);
    if (!other || !sameDistribution(other, distribution)) common.delete(name);
  }
  return common;
}

/** The groups split by `trial`'s parameters, plus its new ones as a group (new maps; `groups` is left as it is). */
function foldGroups(groups: readonly Map<string, Distribution>[], trial: Trial): Map<string, Distribution>[] {
  const names = new Set(Object.keys(trial.distributions));
  if (names.size === 0) return groups as Map<string, Distribution>[];
  const next: Map<string, Distribution>[] = [];
  const rest = new Map(Object.entries(trial.distributions));
  for (const group of groups) {
    const inside = new Map([...group].filter(([name]) => names.has(name)));
    const outside = new Map([...group].filter(([name]) => !names.has(name)));
    if (inside.size > 0) next.push(inside);
    if (outside.size > 0) next.push(outside);
    for (const name of group.keys()) rest.delete(name);
  }
  if (rest.size > 0) next.push(rest);
  return next;
}

function ordered(study: SamplerStudyView, found: Map<string, Distribution>): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  for (const definition of study.space) {
    const distribution = found.get(definition.name);
    if (distribution) out[definition.name] = distribution;
  }
  return out;
}
