import type { Objective, Trial } from '../../tools/optimizer/types.ts';

/** What the Slack status message shows at the end of a study. */
export interface StudySummary {
  /** Feasible, complete, non-dominated trials (one trial for a single objective), best first. */
  front: Trial[];
  /** The trial to use: the best one, or for several objectives the front's point nearest the ideal point. */
  recommended: Trial | null;
}

/**
 * Computes the Pareto front of the finished trials and a recommendation. Infeasible trials (a constraint
 * violated) never count. For several objectives each one is scaled to [0, 1] over the front, oriented so 0 is
 * best, and the trial with the smallest Euclidean distance to the ideal point (0, …, 0) is recommended
 * (the usual "knee" heuristic of multi-objective decision making).
 */
export function summarizeStudy(objectives: readonly Objective[], trials: readonly Trial[]): StudySummary {
  const sign = objectives.map((o) => (o.direction === 'minimize' ? 1 : -1));
  const feasible = trials.filter(
    (t) => t.state === 'complete' && t.values !== null && t.values.length === objectives.length && (t.constraintViolations ?? []).every((v) => v <= 0),
  );
  const score = (t: Trial) => (t.values as number[]).map((v, i) => v * (sign[i] as number));
  const dominates = (a: number[], b: number[]) => a.every((v, i) => v <= (b[i] as number)) && a.some((v, i) => v < (b[i] as number));
  const front = feasible
    .filter((t) => !feasible.some((other) => dominates(score(other), score(t))))
    .sort((a, b) => (score(a)[0] as number) - (score(b)[0] as number) || a.number - b.number);
  if (objectives.length <= 1) return { front: front.slice(0, 1), recommended: front[0] ?? null };
  const scores = front.map(score);
  const low = objectives.map((_, i) => Math.min(...scores.map((s) => s[i] as number)));
  const high = objectives.map((_, i) => Math.max(...scores.map((s) => s[i] as number)));
  let recommended: Trial | null = null;
  let nearest = Infinity;
  front.forEach((trial, index) => {
    const distance = Math.hypot(
      ...(scores[index] as number[]).map((v, i) => (high[i] === low[i] ? 0 : (v - (low[i] as number)) / ((high[i] as number) - (low[i] as number)))),
    );
    if (distance < nearest) [nearest, recommended] = [distance, trial];
  });
  return { front, recommended };
}

/** A monospace table (Slack code block) of the front: trial number, objective values, parameters. */
export function formatFrontTable(objectives: readonly Objective[], front: readonly Trial[], limit = 10): string {
  const params = [...new Set(front.flatMap((t) => Object.keys(t.params)))];
  const header = ['#', ...objectives.map((o) => `${o.metric} (${o.direction === 'minimize' ? 'min' : 'max'})`), ...params];
  const rows = front.slice(0, limit).map((t) => [String(t.number), ...(t.values ?? []).map(formatNumber), ...params.map((p) => formatValue(t.params[p]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  const more = front.length > limit ? `\n… ${front.length - limit} more on the front` : '';
  return ['```', line(header), ...rows.map(line), '```'].join('\n') + more;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs >= 1e6 || abs < 1e-3) ? value.toExponential(3) : String(Number(value.toPrecision(5)));
}

function formatValue(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : value === undefined ? '' : String(value);
}
