import type { RunResult } from './run-result.ts';

/** The goal, as fractions. */
export const GOAL = Object.freeze({ violationRatio: 0.1, costRatio: 0.75 });

export interface PolicyVerdict {
  policy: string;
  violation_s: number;
  worker_s: number;
  /** The static run this policy's violations are compared with (see `GOAL_DEFINITION`). */
  comparator: string | null;
  comparator_violation_s: number | null;
  /** violation_s ≤ 10% of the comparator's. */
  violations_ok: boolean;
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
  'Goal (issue 15): the best policy has at most 10% of the SLO-violation seconds of the static configuration that is',
  'cheap enough, and uses at most 75% of the worker-seconds of the smallest static configuration that never violates.',
  '"Cheap enough" = a static configuration whose worker-seconds are at most the policy\'s (as cheap or cheaper).',
  'Of those we take the LARGEST (most workers: the best a static pool gets for the same cost), which is stricter than',
  'the smallest; when no static size is that cheap, the cheapest static size is the comparator.',
].join('\n');

/** Checks every policy run against the static runs. Pure: the runs are the only input. */
export function checkGoal(runs: readonly RunResult[]): GoalCheck {
  const statics = runs.filter((r) => r.kind === 'static').sort((a, b) => a.worker_s - b.worker_s);
  const policies = runs.filter((r) => r.kind === 'policy');
  const clean = statics.filter((r) => r.violation_s === 0);
  const reference = clean.length > 0 ? { name: clean[0]!.name, worker_s: clean[0]!.worker_s } : null;
  const verdicts = policies.map((p): PolicyVerdict => {
    const affordable = statics.filter((s) => s.worker_s <= p.worker_s);
    const comparator = affordable.at(-1) ?? statics[0] ?? null;
    const violationsOk = comparator !== null && p.violation_s <= GOAL.violationRatio * comparator.violation_s;
    const costOk = reference !== null && p.worker_s <= GOAL.costRatio * reference.worker_s;
    return {
      policy: p.name,
      violation_s: p.violation_s,
      worker_s: p.worker_s,
      comparator: comparator?.name ?? null,
      comparator_violation_s: comparator?.violation_s ?? null,
      violations_ok: violationsOk,
      cost_ok: costOk,
      met: violationsOk && costOk,
    };
  });
  const ranked = [...verdicts].sort((a, b) => Number(b.met) - Number(a.met) || Number(b.cost_ok) - Number(a.cost_ok) || a.violation_s - b.violation_s || a.worker_s - b.worker_s);
  const best = ranked[0] ?? null;
  let note: string | null = null;
  if (statics.length === 0) note = 'no static runs: nothing to compare with';
  else if (!reference) note = `no static size in the grid (${statics.map((s) => s.name).join(', ')}) kept the SLO every second: add larger sizes (--static) or run on a quieter machine`;
  else if (policies.length === 0) note = 'no policy runs';
  else if (!best?.met) note = 'no policy met both parts of the goal';
  return { reference, verdicts, best, met: best?.met ?? false, note };
}
