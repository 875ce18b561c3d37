/**
 * Latency by percentile, HDR-histogram style: x is log10 of 1/(1−p), so 90%, 99%, 99.9%, 99.99% are evenly spaced and
 * the tail gets the room it deserves; y is latency in ms (log when it spans more than two decades). The max
 * (p = 100, infinitely far on that axis) is drawn one decade past the last finite percentile.
 */
import { axes, legend, plotArea } from './axes.ts';
import { autoScale, extent, logScale } from './scale.ts';
import { CHART_HEIGHT, CHART_WIDTH, circle, emptyChart, path, svgDocument } from './svg.ts';
import type { LatencyCurve } from './types.ts';

const CURVE_COLORS = ['#4c78a8', '#e45756', '#54a24b', '#f58518', '#b279a2', '#72b7b2'];
/** Curves drawn at most (a comparison of a few runs). */
export const MAX_CURVES = CURVE_COLORS.length;

/** 1/(1−p) for a percentile in [0, 100); Infinity at 100. */
export function tailRatio(percentile: number): number {
  return percentile >= 100 ? Infinity : 100 / (100 - percentile);
}

/** Tick text for a 1/(1−p) value: 1 → 0%, 10 → 90%, 1000 → 99.9%. */
export function percentileLabel(ratio: number): string {
  if (ratio <= 1) return '0%';
  const p = 100 * (1 - 1 / ratio);
  return `${Number(p.toPrecision(Math.max(2, Math.ceil(Math.log10(ratio)) + 1)))}%`;
}

export function latencyCurveSvg(title: string, curves: readonly LatencyCurve[], unit = 'ms'): string {
  const drawn = curves.slice(0, MAX_CURVES).filter((c) => c.points.length > 0);
  if (drawn.length === 0) return emptyChart(title, 'No latency recorded.');
  const finiteRatios = drawn.flatMap((c) => c.points.filter(([p]) => p < 100).map(([p]) => tailRatio(p)));
  const [, lastRatio] = extent(finiteRatios.length ? finiteRatios : [10]);
  const maxRatio = 10 ** (Math.ceil(Math.log10(Math.max(10, lastRatio))) + 1);
  const at = (p: number) => Math.min(tailRatio(p), maxRatio);
  const area = plotArea(CHART_WIDTH, CHART_HEIGHT);
  const x = logScale(1, maxRatio, [area.left, area.right]);
  const decades = { ...x, ticks: x.ticks.filter((t) => Math.log10(t) % 1 === 0) };
  const xAxis = Object.assign((v: number) => x(v), decades);
  const y = autoScale(drawn.flatMap((c) => c.points.map(([, ms]) => ms)), [area.bottom, area.top]);
  const body = axes(area, xAxis, y, { x: 'percentile (log scale of 1/(1−p); max at the right end)', y: `latency (${unit})${y.log ? ' · log scale' : ''}` }, (v) =>
    v >= maxRatio ? 'max' : percentileLabel(v),
  );
  drawn.forEach((curve, i) => {
    const color = CURVE_COLORS[i]!;
    const points = curve.points.map(([p, ms]) => [x(at(p)), y(ms)] as [number, number]);
    body.push(path(points, color, { width: 2 }));
    for (const [px, py] of points) body.push(circle(px, py, 2.5, color));
  });
  body.push(...legend(area, drawn.map((c, i) => ({ color: CURVE_COLORS[i]!, label: c.label, shape: 'line' as const }))));
  return svgDocument(CHART_WIDTH, CHART_HEIGHT, title, body);
}
