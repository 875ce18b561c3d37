/**
 * The top trials as a table image: best first for one objective; for several, the Pareto front first (by the first
 * objective), then the rest. Columns: trial, objective values with metric names, parameters.
 */
import { clip, CHART_WIDTH, COLORS, line, rect, svgDocument, text } from './svg.ts';
import { better, completeTrials, formatParam, valueOf } from './trial-values.ts';
import { formatNumber } from './scale.ts';
import type { ChartStudy, TrialViewJson } from './types.ts';

export const TABLE_ROWS = 15;
const MAX_PARAM_COLUMNS = 8;
const ROW = 22;

/** The trials the table shows, in order. Also used by the chart tool's summary and terminal text. */
export function topTrials(study: ChartStudy, trials: readonly TrialViewJson[], limit = TABLE_ROWS): TrialViewJson[] {
  const complete = completeTrials(trials).filter((t) => t.feasible !== false);
  const front = new Set(study.pareto);
  const byFirst = (a: TrialViewJson, b: TrialViewJson) => (better(study, 0, valueOf(a), valueOf(b)) ? -1 : better(study, 0, valueOf(b), valueOf(a)) ? 1 : a.number - b.number);
  if (study.objectives.length > 1) {
    return [...complete].sort((a, b) => Number(front.has(b.number)) - Number(front.has(a.number)) || byFirst(a, b)).slice(0, limit);
  }
  return [...complete].sort(byFirst).slice(0, limit);
}

/** Header and cell texts of the table (shared with the terminal rendering). */
export function trialTableRows(study: ChartStudy, rows: readonly TrialViewJson[]): { header: string[]; cells: string[][] } {
  const params = [...new Set(rows.flatMap((t) => Object.keys(t.params)))].slice(0, MAX_PARAM_COLUMNS);
  const front = new Set(study.pareto);
  const header = ['#', ...study.objectives.map((o) => `${o.metric} (${o.direction === 'minimize' ? 'min' : 'max'})`), ...params];
  const cells = rows.map((t) => [
    `${t.number}${front.has(t.number) && study.objectives.length > 1 ? '*' : ''}${t.number === study.recommended ? '†' : ''}`,
    ...study.objectives.map((_, i) => formatNumber(valueOf(t, i))),
    ...params.map((p) => clip(formatParam(t.params[p]), 18)),
  ]);
  return { header, cells };
}

export function trialsTableSvg(study: ChartStudy, trials: readonly TrialViewJson[]): string {
  const rows = topTrials(study, trials);
  const complete = completeTrials(trials).length;
  const title = `${study.name}: top ${rows.length} of ${complete} complete trials`;
  const { header, cells } = trialTableRows(study, rows);
  const widths = header.map((h, i) => Math.min(26, Math.max(clip(h, 26).length, ...cells.map((r) => (r[i] ?? '').length))) * 7.2 + 16);
  const total = widths.reduce((s, w) => s + w, 0);
  const width = Math.max(CHART_WIDTH, Math.ceil(total + 40));
  const height = 70 + (rows.length + 1) * ROW + 30;
  const body: string[] = [];
  const left = 20;
  let y = 50;
  body.push(rect(left, y, total, ROW, '#f0f3f6'));
  let x = left;
  header.forEach((h, i) => {
    body.push(text(x + 8, y + 15, h, { size: 12, weight: 'bold', max: 26 }));
    x += widths[i]!;
  });
  y += ROW;
  cells.forEach((row, r) => {
    if (r % 2 === 1) body.push(rect(left, y, total, ROW, '#f8f9fa'));
    x = left;
    row.forEach((cell, i) => {
      body.push(text(x + 8, y + 15, cell, { size: 12, fill: i === 0 ? COLORS.muted : COLORS.text }));
      x += widths[i]!;
    });
    y += ROW;
  });
  body.push(line(left, y, left + total, y, COLORS.grid));
  const note = study.objectives.length > 1 ? '* on the Pareto front · † recommended' : `sorted by ${study.objectives[0]?.metric ?? 'value'}, best first`;
  body.push(text(left, y + 20, rows.length === 0 ? 'No complete trial yet.' : note, { size: 11, fill: COLORS.muted }));
  return svgDocument(width, height, title, body);
}
