/**
 * Pareto front scatter: two objectives as one scatter (all complete trials, the front highlighted and joined, the
 * recommended trial ringed and labelled); three or more as pairwise panels of the first four objectives.
 */
import { ToolError } from '../common/errors.ts';
import { axes, legend, plotArea, type PlotArea } from './axes.ts';
import { downsample } from './downsample.ts';
import { autoScale } from './scale.ts';
import { CHART_WIDTH, circle, COLORS, emptyChart, path, svgDocument, text } from './svg.ts';
import { completeTrials, metricLabel, valueOf } from './trial-values.ts';
import type { ChartStudy, TrialViewJson } from './types.ts';

/** Objectives drawn pairwise at most (4 → 6 panels). */
const MAX_PARETO_OBJECTIVES = 4;

export function paretoSvg(study: ChartStudy, trials: readonly TrialViewJson[]): string {
  const count = study.objectives.length;
  if (count < 2) {
    throw new ToolError('unsupported', `a Pareto front needs at least 2 objectives, but study "${study.name}" has ${count} (${study.objectives.map((o) => o.metric).join(', ') || 'none'}); use the history chart`, {
      details: { study_id: study.id, objectives: count, rule: 'objectives >= 2' },
    });
  }
  const title = `${study.name}: Pareto front (${study.pareto.length} trial${study.pareto.length === 1 ? '' : 's'})`;
  const complete = completeTrials(trials).filter((t) => t.values!.length === count && t.values!.every(Number.isFinite));
  if (complete.length === 0) return emptyChart(title, 'No complete trial yet.');
  const front = new Set(study.pareto);
  const shown = downsample(complete, undefined, (t) => front.has(t.number) || t.number === study.recommended);

  if (count === 2) {
    const area = plotArea(CHART_WIDTH, 560);
    const body = panel(study, shown, front, area, 0, 1, true);
    body.push(...legend(area, [
      { color: COLORS.pointFaint, label: 'trial', shape: 'dot' },
      { color: COLORS.front, label: 'Pareto front', shape: 'dot' },
      { color: COLORS.recommended, label: 'recommended', shape: 'ring' },
    ]));
    return svgDocument(CHART_WIDTH, 560, title, body);
  }
  const used = Math.min(count, MAX_PARETO_OBJECTIVES);
  const pairs: [number, number][] = [];
  for (let i = 0; i < used; i++) for (let j = i + 1; j < used; j++) pairs.push([i, j]);
  const columns = Math.min(3, pairs.length);
  const rows = Math.ceil(pairs.length / columns);
  const cellW = CHART_WIDTH / columns;
  const cellH = 330;
  const height = 50 + rows * cellH;
  const body: string[] = [];
  pairs.forEach(([i, j], k) => {
    const left = (k % columns) * cellW;
    const top = 50 + Math.floor(k / columns) * cellH;
    const area: PlotArea = { left: left + 70, top: top + 16, right: left + cellW - 14, bottom: top + cellH - 54 };
    body.push(...panel(study, shown, front, area, i, j, false));
  });
  body.push(text(CHART_WIDTH - 12, 44, 'grey: trials · red: Pareto front · green ring: recommended', { anchor: 'end', size: 11, fill: COLORS.muted }));
  return svgDocument(CHART_WIDTH, height, title, body);
}

function panel(study: ChartStudy, trials: readonly TrialViewJson[], front: ReadonlySet<number>, area: PlotArea, i: number, j: number, labelRecommended: boolean): string[] {
  const x = autoScale(trials.map((t) => valueOf(t, i)), [area.left, area.right], 5);
  const y = autoScale(trials.map((t) => valueOf(t, j)), [area.bottom, area.top], 5);
  const body = axes(area, x, y, { x: metricLabel(study, i), y: metricLabel(study, j) });
  const onFront: TrialViewJson[] = [];
  let recommended: TrialViewJson | null = null;
  for (const t of trials) {
    if (front.has(t.number)) onFront.push(t);
    else body.push(circle(x(valueOf(t, i)), y(valueOf(t, j)), 2.5, t.feasible === false ? COLORS.infeasible : COLORS.pointFaint, { opacity: 0.8 }));
    if (t.number === study.recommended) recommended = t;
  }
  if (study.objectives.length === 2) {
    const sorted = [...onFront].sort((a, b) => valueOf(a, i) - valueOf(b, i));
    body.push(path(sorted.map((t) => [x(valueOf(t, i)), y(valueOf(t, j))] as [number, number]), COLORS.front, { width: 1, opacity: 0.6 }));
  }
  for (const t of onFront) body.push(circle(x(valueOf(t, i)), y(valueOf(t, j)), 3.5, COLORS.front));
  if (recommended) {
    const rx = x(valueOf(recommended, i));
    const ry = y(valueOf(recommended, j));
    body.push(`<circle cx="${rx.toFixed(1)}" cy="${ry.toFixed(1)}" r="8" fill="none" stroke="${COLORS.recommended}" stroke-width="2.5"/>`);
    if (labelRecommended) body.push(text(rx + 11, ry - 9, `#${recommended.number} recommended`, { size: 11, fill: COLORS.recommended, weight: 'bold', halo: true }));
  }
  return body;
}
