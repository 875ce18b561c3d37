/**
 * Relative search spaces for joint samplers (Optuna's IntersectionSearchSpace and _SearchSpaceGroup):
 * the parameters every finished trial has with the same distribution, or, for conditional spaces, the
 * decomposition into groups of parameters that always appear together.
 */
import { sameDistribution } from '../distributions.ts';
import type { Distribution, SamplerStudyView, Trial } from '../types.ts';

const USED: readonly Trial['state'][] = ['complete', 'pruned'];

/** Parameters present, with one distribution, in every complete or pruned trial (ordered as in the space). */
export function intersectionSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
  let common: Map<string, Distribution> | null = null;
  for (const trial of study.trials(USED)) {
    const current = new Map(Object.entries(trial.distributions));
    if (common === null) common = current;
    else for (const [name, distribution] of common) {
      const other = current.get(name);
      if (!other || !sameDistribution(other, distribution)) common.delete(name);
    }
  }
  return ordered(study, common ?? new Map());
}

/** Disjoint groups of parameters; each group's parameters always occur together in finished trials. */
export function groupDecomposedSearchSpace(study: SamplerStudyView): Record<string, Distribution>[] {
  let groups: Map<string, Distribution>[] = [];
  for (const trial of study.trials(USED)) {
    const names = new Set(Object.keys(trial.distributions));
    if (names.size === 0) continue;
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
    groups = next;
  }
  return groups.map((group) => ordered(study, group));
}

function ordered(study: SamplerStudyView, found: Map<string, Distribution>): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  for (const definition of study.space) {
    const distribution = found.get(definition.name);
    if (distribution) out[definition.name] = distribution;
  }
  return out;
}
