/**
 * Parameter importance as horizontal bars, one block per objective, most important first, with the share in
 * percent at the end of each bar.
 */
import { CHART_WIDTH, COLORS, emptyChart, rect, svgDocument, text } from './svg.ts';
import type { ChartStudy, ImportanceJson } from './types.ts';

/** Parameters shown per objective (the rest are summed into "others"). */
export const MAX_IMPORTANCE_BARS = 20;
const BAR = 20;
const GAP = 6;

/** Importances of one objective, largest first, capped at MAX_IMPORTANCE_BARS with the rest as "(N others)". */
export function rankedImportances(importances: Record<string, number>): [string, number][] {
  const ranked = Object.entries(importances)
    .filter(([, v]) => Number.isFinite(v))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (ranked.length <= MAX_IMPORTANCE_BARS) return ranked;
  const rest = ranked.slice(MAX_IMPORTANCE_BARS - 1);
  return [...ranked.slice(0, MAX_IMPORTANCE_BARS - 1), [`(${rest.length} others)`, rest.reduce((s, [, v]) => s + v, 0)]];
}

export function importanceSvg(study: Pick<ChartStudy, 'name'>, importance: ImportanceJson): string {
  const title = `${study.name}: parameter importance`;
  const blocks = importance.objectives.map((o) => ({ metric: o.metric, bars: rankedImportances(o.importances) })).filter((b) => b.bars.length > 0);
  if (blocks.length === 0) return emptyChart(title, `Not enough complete trials yet (${importance.trialsUsed} used).`);
  const labelWidth = 220;
  const left = labelWidth + 20;
  const right = CHART_WIDTH - 70;
  const body: string[] = [];
  let y = 56;
  for (const block of blocks) {
    body.push(text(20, y + 12, `for ${block.metric}`, { size: 13, weight: 'bold', max: 80 }));
    y += 24;
    const max = Math.max(...block.bars.map(([, v]) => v), 1e-12);
    for (const [name, value] of block.bars) {
      const width = ((right - left) * Math.max(0, value)) / max;
      body.push(text(left - 8, y + BAR / 2 + 4, name, { anchor: 'end', size: 12, max: 32 }));
      body.push(rect(left, y, width, BAR, COLORS.point));
      body.push(text(left + width + 6, y + BAR / 2 + 4, `${(value * 100).toFixed(1)}%`, { size: 11, fill: COLORS.muted }));
      y += BAR + GAP;
    }
    y += 16;
  }
  body.push(text(CHART_WIDTH - 12, y + 4, `fANOVA over ${importance.trialsUsed} complete trials`, { anchor: 'end', size: 11, fill: COLORS.muted }));
  return svgDocument(CHART_WIDTH, y + 20, title, body);
}
