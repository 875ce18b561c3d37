import type { RunResult } from './run-result.ts';

/** The goal, as fractions. */
export const GOAL = Object.freeze({ violationRatio: 0.1, costRatio: 0.75 });

export interface PolicyVerdict {
  policy: string;
  violation_s: number;
  worker_s: number;
  /** The static run this policy's violations are compared with (see `GOAL_DEFINITION`): the smallest as-cheap one. */
  comparator: string | null;
  comparator_violation_s: number | null;
  /** violation_s ≤ 10% of the comparator's. */
  violations_ok: boolean;
  /** Stricter, for information: the largest static run as cheap as the policy (the best a static pool buys for its cost). */
  strict_comparator: string | null;
  strict_comparator_violation_s: number | null;
  strict_violations_ok: boolean;
  /** worker_s ≤ 75% of the cheapest never-violating static run's. */
  cost_ok: boolean;
  met: boolean;
}

export interface GoalCheck {
  /** The cheapest static run with no violation second; null when every static size violated at some second. */
  reference: { name: string; worker_s: number } | null;
  verdicts: PolicyVerdict[];
  /** The best policy: one that meets the goal (fewest violations, then fewest worker-seconds), else the closest. */
  best: PolicyVerdict | null;
  met: boolean;
  /** Why not, in words, when the check cannot be made or fails. */
  note: string | null;
}

export const GOAL_DEFINITION = [
  'Goal (issue 15): the best policy has at most 10% of the SLO-violation seconds of the smallest static configuration',
  'that is cheap enough, and uses at most 75% of the worker-seconds of the smallest static configuration that never violates.',
  '"Cheap enough" = its worker-seconds are at most the policy\'s (as cheap or cheaper). The smallest such configuration is the',
  'comparator (when no static size is that cheap: the cheapest static size). For information, "strict" compares with the',
  'LARGEST as-cheap static size instead (the best a static pool buys for the same cost); the verdict does not use it.',
].join('\n');

/** Checks every policy run against the static runs. Pure: the runs are the only input. */
export function checkGoal(runs: readonly RunResult[]): GoalCheck {
  const statics = runs.filter((r) => r.kind === 'static').sort((a, b) => a.worker_s - b.worker_s);
  const policies = runs.filter((r) => r.kind === 'policy');
  const clean = statics.filter((r) => r.violation_s === 0);
  const reference = clean.length > 0 ? { name: clean[0]!.name, worker_s: clean[0]!.worker_s } : null;
  const verdicts = policies.map((p): PolicyVerdict => {
    const affordable = statics.filter((s) => s.worker_s <= p.worker_s);
    const comparator = affordable[0] ?? statics[0] ?? null;
    const strict = affordable.at(-1) ?? statics[0] ?? null;
    const violationsOk = comparator !== null && p.violation_s <= GOAL.violationRatio * comparator.violation_s;
    const costOk = reference !== null && p.worker_s <= GOAL.costRatio * reference.worker_s;
    return {
      policy: p.name,
      violation_s: p.violation_s,
      worker_s: p.worker_s,
      comparator: comparator?.name ?? null,
      comparator_violation_s: comparator?.violation_s ?? null,
      violations_ok: violationsOk,
      strict_comparator: strict?.name ?? null,
      strict_comparator_violation_s: strict?.violation_s ?? null,
      strict_violations_ok: strict !== null && p.violation_s <= GOAL.violationRatio * strict.violation_s,
      cost_ok: costOk,
      met: violationsOk && costOk,
    };
  });
  // Closest = smallest overshoot of the two limits, each relative to its limit (a policy 9% over the cost budget is
  // closer than one with no violation at 2.6× the budget).
  const budget = reference ? GOAL.costRatio * reference.worker_s : null;
  const overshoot = (v: PolicyVerdict): number => {
    const allowed = v.comparator_violation_s === null ? null : GOAL.violationRatio * v.comparator_violation_s;
    const over = (value: number, limit: number | null) => (limit === null ? 1 : limit <= 0 ? (value > 0 ? 1 : 0) : Math.max(0, value / limit - 1));
    return over(v.violation_s, allowed) + over(v.worker_s, budget);
  };
  const ranked = [...verdicts].sort((a, b) => Number(b.met) - Number(a.met) || overshoot(a) - overshoot(b) || a.violation_s - b.violation_s || a.worker_s - b.worker_s);
  const best = ranked[0] ?? null;
  let note: string | null = null;
  if (statics.length === 0) note = 'no static runs: nothing to compare with';
  else if (!reference) note = `no static size in the grid (${statics.map((s) => s.name).join(', ')}) kept the SLO every second: add larger sizes (--static) or run on a quieter machine`;
  else if (policies.length === 0) note = 'no policy runs';
  else if (!best?.met) note = 'no policy met both parts of the goal';
  return { reference, verdicts, best, met: best?.met ?? false, note };
}
