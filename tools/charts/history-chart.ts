/**
 * Optimization history (as Optuna's plot_optimization_history): every complete trial's value by trial number and
 * the best-so-far step line; a log y axis when the values span more than two decades.
 */
import { axes, legend, plotArea } from './axes.ts';
import { downsample } from './downsample.ts';
import { autoScale, extent, linearScale } from './scale.ts';
import { CHART_HEIGHT, CHART_WIDTH, circle, COLORS, emptyChart, path, svgDocument } from './svg.ts';
import { bestSoFar, completeTrials, metricLabel, valueOf } from './trial-values.ts';
import type { ChartStudy, TrialViewJson } from './types.ts';

export function historySvg(study: ChartStudy, trials: readonly TrialViewJson[], objective = 0): string {
  const metric = study.objectives[objective]?.metric ?? 'value';
  const title = `${study.name}: optimization history (${metric})`;
  const complete = completeTrials(trials, objective);
  if (complete.length === 0) return emptyChart(title, 'No complete trial yet.');
  const steps = bestSoFar(study, trials, objective);
  const best = new Set(steps.map(([number]) => number));
  const shown = downsample(complete, undefined, (t) => best.has(t.number));

  const area = plotArea(CHART_WIDTH, CHART_HEIGHT);
  const [first, last] = extent(complete.map((t) => t.number));
  const x = linearScale(first, last, [area.left, area.right], 8);
  const y = autoScale(complete.map((t) => valueOf(t, objective)), [area.bottom, area.top]);
  const body = axes(area, x, y, { x: 'trial', y: `${metricLabel(study, objective)}${y.log ? ' · log scale' : ''}` });
  for (const t of shown) {
    const infeasible = t.feasible === false;
    body.push(circle(x(t.number), y(valueOf(t, objective)), 2.5, infeasible ? COLORS.infeasible : COLORS.point, { opacity: 0.7 }));
  }
  const line: [number, number][] = [];
  steps.forEach(([number, value], i) => {
    if (i > 0) line.push([x(number), y(steps[i - 1]![1])]);
    line.push([x(number), y(value)]);
  });
  body.push(path(line, COLORS.best, { width: 2 }));
  const entries: { color: string; label: string; shape: 'dot' | 'line' }[] = [
    { color: COLORS.point, label: `trial value (${complete.length})`, shape: 'dot' },
    { color: COLORS.best, label: 'best so far', shape: 'line' },
  ];
  if (complete.some((t) => t.feasible === false)) entries.splice(1, 0, { color: COLORS.infeasible, label: 'infeasible', shape: 'dot' });
  body.push(...legend(area, entries));
  return svgDocument(CHART_WIDTH, CHART_HEIGHT, title, body);
}
