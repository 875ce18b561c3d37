/**
 * Parallel coordinates: one vertical axis per parameter (numeric: linear or log; categorical: its choices) and a
 * last axis for the objective; one line per complete trial, darker and on top the better its value.
 */
import { downsample } from './downsample.ts';
import { autoScale, formatNumber, type Scale } from './scale.ts';
import { CHART_WIDTH, COLORS, emptyChart, line, path, svgDocument, text } from './svg.ts';
import { better, completeTrials, formatParam, metricLabel, valueOf } from './trial-values.ts';
import type { ChartStudy, TrialViewJson } from './types.ts';

/** Lines drawn at most (each is a path with one point per axis). */
export const MAX_PARALLEL_LINES = 1000;
const MAX_AXES = 12;
const MAX_CATEGORIES = 40;
const HEIGHT = 520;

interface Axis {
  label: string;
  position: (trial: TrialViewJson) => number | null;
  ticks: { at: number; label: string }[];
}

export function parallelSvg(study: ChartStudy, trials: readonly TrialViewJson[], objective = 0): string {
  const title = `${study.name}: parallel coordinates`;
  const complete = completeTrials(trials, objective);
  if (complete.length === 0) return emptyChart(title, 'No complete trial yet.');
  const top = 70;
  const bottom = HEIGHT - 60;
  const params = [...new Set(complete.flatMap((t) => Object.keys(t.params)))].slice(0, MAX_AXES);
  const axesList: Axis[] = params.map((name) => paramAxis(name, complete, [bottom, top]));
  const values = complete.map((t) => valueOf(t, objective));
  const yScale = autoScale(values, [bottom, top], 5);
  axesList.push({ label: metricLabel(study, objective), position: (t) => yScale(valueOf(t, objective)), ticks: scaleTicks(yScale) });

  const left = 60;
  const right = CHART_WIDTH - 60;
  const step = axesList.length > 1 ? (right - left) / (axesList.length - 1) : 0;
  // Worst first so the best lines are drawn last (on top); rank gives the color.
  const ranked = [...complete].sort((a, b) => (better(study, objective, valueOf(a, objective), valueOf(b, objective)) ? 1 : -1));
  const bestCut = Math.max(1, Math.ceil(ranked.length * 0.1));
  const bestSet = new Set(ranked.slice(ranked.length - bestCut));
  const shown = downsample(ranked, MAX_PARALLEL_LINES, (t) => bestSet.has(t));
  const body: string[] = [];
  shown.forEach((trial) => {
    const points: [number, number][] = [];
    axesList.forEach((axis, a) => {
      const y = axis.position(trial);
      if (y !== null && Number.isFinite(y)) points.push([left + a * step, y]);
    });
    const good = bestSet.has(trial);
    body.push(path(points, good ? COLORS.best : COLORS.point, { width: good ? 1.6 : 1, opacity: good ? 0.9 : 0.25 }));
  });
  axesList.forEach((axis, a) => {
    const x = left + a * step;
    body.push(line(x, top, x, bottom, COLORS.axis, 1.5));
    for (const tick of axis.ticks) body.push(text(x + 4, tick.at + 4, tick.label, { size: 10, fill: COLORS.muted, max: 14 }));
    body.push(text(x, bottom + 22, axis.label, { anchor: 'middle', size: 11, weight: 'bold', max: 18 }));
  });
  body.push(text(CHART_WIDTH - 12, 48, `${complete.length} trials · red: best 10%`, { anchor: 'end', size: 11, fill: COLORS.muted }));
  return svgDocument(CHART_WIDTH, HEIGHT, title, body);
}

function paramAxis(name: string, trials: readonly TrialViewJson[], range: readonly [number, number]): Axis {
  const raw = trials.map((t) => t.params[name]);
  if (raw.every((v) => typeof v === 'number' || v === undefined)) {
    const scale = autoScale(raw.filter((v): v is number => typeof v === 'number'), range, 5);
    return { label: name, position: (t) => (typeof t.params[name] === 'number' ? scale(t.params[name] as number) : null), ticks: scaleTicks(scale) };
  }
  const choices = [...new Set(raw.filter((v) => v !== undefined).map(formatParam))].sort().slice(0, MAX_CATEGORIES);
  const at = (index: number) => (choices.length === 1 ? (range[0] + range[1]) / 2 : range[0] + (index / (choices.length - 1)) * (range[1] - range[0]));
  const index = new Map(choices.map((c, i) => [c, i]));
  return {
    label: name,
    position: (t) => {
      const i = t.params[name] === undefined ? undefined : index.get(formatParam(t.params[name]));
      return i === undefined ? null : at(i);
    },
    ticks: choices.length <= 12 ? choices.map((c, i) => ({ at: at(i), label: c })) : [],
  };
}

function scaleTicks(scale: Scale): { at: number; label: string }[] {
  return scale.ticks.map((t) => ({ at: scale(t), label: formatNumber(t) }));
}
