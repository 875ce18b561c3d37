/**
 * Intermediate values (as Optuna's plot_intermediate_values): one line per trial over its reported steps; complete
 * trials in blue, pruned ones in orange ending with a cross where they were stopped, running ones in green.
 */
import { axes, legend, plotArea } from './axes.ts';
import { MAX_POINTS } from './downsample.ts';
import { autoScale, extent, linearScale } from './scale.ts';
import { CHART_HEIGHT, CHART_WIDTH, COLORS, emptyChart, line, path, svgDocument } from './svg.ts';
import { metricLabel } from './trial-values.ts';
import type { ChartStudy, TrialViewJson } from './types.ts';

/** Trials drawn at most: the most recent ones (the pruned ones among them always shown). */
export const MAX_INTERMEDIATE_LINES = 300;

export function intermediateSvg(study: ChartStudy, trials: readonly TrialViewJson[]): string {
  const title = `${study.name}: intermediate values`;
  const reporting = trials.filter((t) => t.intermediate.length > 0 && (t.state === 'complete' || t.state === 'pruned' || t.state === 'running'));
  if (reporting.length === 0) return emptyChart(title, 'No trial has reported intermediate values.');
  const lines = [...reporting].sort((a, b) => a.number - b.number).slice(-MAX_INTERMEDIATE_LINES);
  const perLine = Math.max(2, Math.floor(MAX_POINTS / lines.length));
  const series = lines.map((t) => ({ trial: t, points: thin(t.intermediate.filter(([s, v]) => Number.isFinite(s) && Number.isFinite(v)), perLine) }));
  const steps = series.flatMap((s) => s.points.map(([step]) => step));
  const values = series.flatMap((s) => s.points.map(([, v]) => v));
  const area = plotArea(CHART_WIDTH, CHART_HEIGHT);
  const [firstStep, lastStep] = extent(steps);
  const x = linearScale(firstStep, lastStep, [area.left, area.right], 8);
  const y = autoScale(values, [area.bottom, area.top]);
  const body = axes(area, x, y, { x: 'step', y: `${metricLabel(study, 0)} (intermediate)${y.log ? ' · log scale' : ''}` });
  // Pruned last, so they stay visible over the complete ones.
  const order = { complete: 0, running: 1, pruned: 2 } as Record<string, number>;
  series.sort((a, b) => (order[a.trial.state] ?? 0) - (order[b.trial.state] ?? 0));
  for (const { trial, points } of series) {
    const color = trial.state === 'pruned' ? COLORS.pruned : trial.state === 'running' ? COLORS.running : COLORS.point;
    const pixels = points.map(([s, v]) => [x(s), y(v)] as [number, number]);
    body.push(path(pixels, color, { width: trial.state === 'pruned' ? 1.4 : 1, opacity: trial.state === 'complete' ? 0.45 : 0.9 }));
    const end = pixels[pixels.length - 1];
    if (trial.state === 'pruned' && end) body.push(line(end[0] - 3, end[1] - 3, end[0] + 3, end[1] + 3, color, 1.5), line(end[0] - 3, end[1] + 3, end[0] + 3, end[1] - 3, color, 1.5));
  }
  const count = (state: string) => lines.filter((t) => t.state === state).length;
  body.push(...legend(area, [
    { color: COLORS.point, label: `complete (${count('complete')})`, shape: 'line' },
    { color: COLORS.pruned, label: `pruned (${count('pruned')})`, shape: 'line' },
    { color: COLORS.running, label: `running (${count('running')})`, shape: 'line' },
  ]));
  return svgDocument(CHART_WIDTH, CHART_HEIGHT, title, body);
}

/** At most `max` points of a line, evenly, first and last kept. */
function thin(points: readonly [number, number][], max: number): [number, number][] {
  if (points.length <= max) return [...points];
  const stride = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * stride)]!);
}
