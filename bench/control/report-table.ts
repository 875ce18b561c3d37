import { GOAL, GOAL_DEFINITION, type GoalCheck } from './goal.ts';
import type { RunResult } from './run-result.ts';

const cell = (value: string | number) => String(value).replace(/\|/g, '\\|');

/** The runs as a markdown table (one row per run). */
export function runsTable(runs: readonly RunResult[], sloP99Ms: number): string {
  const head = ['run', `violation s (p99 ≥ ${sloP99Ms} ms)`, 'p99 ms', 'errors', 'dropped', 'worker-s', 'mean workers', 'max', 'decisions', 'changes'];
  const rows = runs.map((r) => [
    r.kind === 'static' ? r.name : `policy ${r.name}${r.policy_options && Object.keys(r.policy_options).length ? ` (${Object.entries(r.policy_options).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`,
    `${r.violation_s} / ${r.seconds.length}`,
    r.p99_ms,
    r.errors,
    r.dropped,
    r.worker_s,
    r.mean_workers,
    r.max_workers,
    r.kind === 'static' ? '–' : r.decisions,
    r.kind === 'static' ? '–' : r.changes,
  ]);
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

/** The goal check in words: each policy's comparison, then the verdict. */
export function goalReport(check: GoalCheck): string {
  const lines = [GOAL_DEFINITION, ''];
  if (check.reference) {
    lines.push(`Smallest static size that never violates: ${check.reference.name}, ${check.reference.worker_s} worker-s → cost budget ${Math.round(GOAL.costRatio * check.reference.worker_s * 10) / 10} worker-s (75%).`);
  }
  const allowed = (violations: number | null) => (violations === null ? 'n/a' : Math.floor(GOAL.violationRatio * violations * 10) / 10);
  for (const v of check.verdicts) {
    lines.push(
      `- ${v.policy}: ${v.violation_s} violation s vs ${v.comparator ?? 'n/a'} (${v.comparator_violation_s ?? 'n/a'} s; ≤ ${allowed(v.comparator_violation_s)} allowed) ${v.violations_ok ? 'ok' : 'NO'}; ` +
        `${v.worker_s} worker-s ${v.cost_ok ? 'ok' : 'NO'}${v.met ? ' → meets the goal' : ''}; ` +
        `strict: vs ${v.strict_comparator ?? 'n/a'} (${v.strict_comparator_violation_s ?? 'n/a'} s; ≤ ${allowed(v.strict_comparator_violation_s)}) ${v.strict_violations_ok ? 'ok' : 'no'}`,
    );
  }
  if (check.note) lines.push('', check.note);
  lines.push('', check.met ? `GOAL MET by ${check.best!.policy}.` : `GOAL NOT MET${check.best ? ` (closest: ${check.best.policy})` : ''}.`);
  return lines.join('\n');
}
