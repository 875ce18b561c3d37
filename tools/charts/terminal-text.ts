/**
 * Text renderings of the charts for terminals (`tunechat ask`) and for the model to read: a unicode sparkline of
 * the best so far, bars for importance, small tables for the front and the top trials.
 */
import { rankedImportances } from './importance-chart.ts';
import { formatNumber } from './scale.ts';
import { bestSoFar, completeTrials, metricLabel, valueOf } from './trial-values.ts';
import { topTrials, trialTableRows } from './trials-table-chart.ts';
import type { ChartStudy, ImportanceJson, StudyChartKind, TrialViewJson } from './types.ts';

const SPARKS = '▁▂▃▄▅▆▇█';
const SPARK_WIDTH = 48;
const BAR_WIDTH = 30;

/** One character per value (resampled to `width`), ▁ lowest … █ highest. Empty for no values. */
export function sparkline(values: readonly number[], width = SPARK_WIDTH): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const sampled = finite.length <= width ? finite : Array.from({ length: width }, (_, i) => finite[Math.round((i * (finite.length - 1)) / (width - 1))]!);
  let min = Infinity;
  let max = -Infinity;
  for (const v of sampled) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return sampled.map((v) => SPARKS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))]).join('');
}

/** `name  ███████▌  42.0%` lines, longest bar = largest value. */
export function bars(entries: readonly [string, number][], width = BAR_WIDTH): string {
  const max = Math.max(1e-12, ...entries.map(([, v]) => v));
  const labelWidth = Math.min(24, Math.max(...entries.map(([k]) => k.length), 1));
  return entries
    .map(([name, value]) => {
      const cells = (Math.max(0, value) / max) * width;
      const bar = '█'.repeat(Math.floor(cells)) + (cells % 1 >= 0.5 ? '▌' : '');
      return `${name.slice(0, labelWidth).padEnd(labelWidth)}  ${bar.padEnd(width)}  ${(value * 100).toFixed(1)}%`;
    })
    .join('\n');
}

/** A plain monospace table with a header rule. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [format(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}

export function historyText(study: ChartStudy, trials: readonly TrialViewJson[]): string {
  const steps = bestSoFar(study, trials);
  if (steps.length === 0) return 'no complete trial yet';
  // The best so far at every complete trial (not only at improvements), so the sparkline's x axis is trials.
  const byNumber = completeTrials(trials).sort((a, b) => a.number - b.number);
  const series: number[] = [];
  let k = 0;
  for (const t of byNumber) {
    while (k + 1 < steps.length && steps[k + 1]![0] <= t.number) k++;
    if (steps[k]![0] <= t.number) series.push(steps[k]![1]);
  }
  const first = steps[0]!;
  const last = steps[steps.length - 1]!;
  return `best ${metricLabel(study, 0)} over ${byNumber.length} trials\n${sparkline(series)}  ${formatNumber(first[1])} → ${formatNumber(last[1])}`;
}

export function importanceText(importance: ImportanceJson): string {
  const blocks = importance.objectives.filter((o) => Object.keys(o.importances).length > 0);
  if (blocks.length === 0) return `not enough complete trials for importance (${importance.trialsUsed})`;
  return blocks.map((o) => `importance for ${o.metric}\n${bars(rankedImportances(o.importances).slice(0, 12))}`).join('\n\n');
}

export function paretoText(study: ChartStudy, trials: readonly TrialViewJson[]): string {
  const front = new Set(study.pareto);
  const all = completeTrials(trials).filter((t) => front.has(t.number)).sort((a, b) => valueOf(a) - valueOf(b));
  const rows = all.slice(0, 12);
  // The recommended trial is always listed, even when it is not among the first rows.
  const recommended = all.find((t) => t.number === study.recommended);
  if (recommended && !rows.includes(recommended)) rows.push(recommended);
  if (rows.length === 0) return 'no Pareto front yet';
  const { header, cells } = trialTableRows(study, rows);
  const more = study.pareto.length > rows.length ? `\n… ${study.pareto.length - rows.length} more on the front` : '';
  return `Pareto front (${study.pareto.length} trials; † recommended)\n${table(header, cells)}${more}`;
}

export function trialsText(study: ChartStudy, trials: readonly TrialViewJson[], limit = 10): string {
  const rows = topTrials(study, trials, limit);
  if (rows.length === 0) return 'no complete trial yet';
  const { header, cells } = trialTableRows(study, rows);
  return table(header, cells);
}

export function intermediateText(trials: readonly TrialViewJson[], limit = 8): string {
  const reporting = trials.filter((t) => t.intermediate.length > 0).sort((a, b) => a.number - b.number).slice(-limit);
  if (reporting.length === 0) return 'no trial has reported intermediate values';
  return reporting
    .map((t) => `#${String(t.number).padEnd(5)} ${t.state.padEnd(8)} ${sparkline(t.intermediate.map(([, v]) => v), 32)}  last ${formatNumber(t.intermediate[t.intermediate.length - 1]![1])} @ step ${t.intermediate[t.intermediate.length - 1]![0]}`)
    .join('\n');
}

/** The terminal rendering of a chart kind. */
export function chartText(kind: StudyChartKind, study: ChartStudy, trials: readonly TrialViewJson[], importance?: ImportanceJson): string {
  switch (kind) {
    case 'history':
      return historyText(study, trials);
    case 'pareto':
      return paretoText(study, trials);
    case 'importance':
      return importanceText(importance ?? { studyId: study.id, objectives: [], trialsUsed: 0 });
    case 'intermediate':
      return intermediateText(trials);
    case 'parallel':
    case 'trials':
      return trialsText(study, trials);
  }
}
