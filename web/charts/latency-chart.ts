import uPlot from 'uplot';
import { hdrLabel, hdrX, type LatencyCurve, type SeriesPointJson } from './bench-data.ts';
import { COLORS, textColor } from './canvas-frame.ts';
import { formatValue, spansDecades } from './scale.ts';

const axisStyle = (parent: HTMLElement) => ({ stroke: textColor(parent), grid: { stroke: 'rgba(128,128,128,.2)' }, ticks: { show: false } });

function widthOf(parent: HTMLElement): number {
  return Math.max(240, Math.floor(parent.clientWidth || 480));
}

/**
 * The latency percentile curve, HDR-histogram style: x is 1/(1−p) on a log axis, so 50%, 90%, 99%, 99.9% are evenly
 * spaced and the tail gets as much room as the median. Returns the chart's element (`.chart-latency`).
 */
export function latencyCurveChart(parent: HTMLElement, curve: LatencyCurve, height = 200): HTMLElement {
  const el = document.createElement('div');
  el.className = 'chart chart-latency';
  el.dataset.points = String(curve.length);
  parent.appendChild(el);
  const xs = curve.map(([p]) => hdrX(p));
  const ys = curve.map(([, ms]) => ms);
  const maxX = Math.max(...xs);
  const splits: number[] = [];
  for (let x = 2; x <= maxX * 1.0001; x *= x === 2 ? 5 : 10) splits.push(x);
  new uPlot(
    {
      width: widthOf(parent),
      height,
      legend: { show: true, live: true },
      scales: { x: { time: false, distr: 3, range: [Math.min(...xs, 2) / 1.2, maxX * 1.5] }, y: { distr: spansDecades(ys) ? 3 : 1 } },
      axes: [
        { ...axisStyle(parent), label: 'percentile', splits: () => splits, values: (_u, vals) => vals.map((v) => hdrLabel(v)) },
        { ...axisStyle(parent), label: 'latency ms', size: 56, values: (_u, vals) => vals.map((v) => formatValue(v)) },
      ],
      series: [
        { label: 'percentile', value: (_u, v) => (v == null ? '' : hdrLabel(v)) },
        { label: 'ms', stroke: COLORS.point, width: 2, points: { show: true, size: 6 }, value: (_u, v) => formatValue(v) },
      ],
    },
    [xs, ys],
    el,
  );
  return el;
}

/** The per-second series of a load or stability run: requests/s on the left axis, p50/p99 ms on the right. */
export function benchSeriesChart(parent: HTMLElement, series: SeriesPointJson[], height = 180): HTMLElement {
  const el = document.createElement('div');
  el.className = 'chart chart-series';
  el.dataset.points = String(series.length);
  parent.appendChild(el);
  const col = (k: keyof SeriesPointJson) => series.map((p) => (typeof p[k] === 'number' ? (p[k] as number) : null));
  new uPlot(
    {
      width: widthOf(parent),
      height,
      legend: { show: true, live: true },
      scales: { x: { time: false } },
      axes: [
        { ...axisStyle(parent), label: 's' },
        { ...axisStyle(parent), label: 'req/s', size: 56, values: (_u, vals) => vals.map((v) => formatValue(v)) },
        { ...axisStyle(parent), label: 'ms', side: 1, scale: 'ms', size: 56, grid: { show: false }, values: (_u, vals) => vals.map((v) => formatValue(v)) },
      ],
      series: [
        { label: 't' },
        { label: 'req/s', stroke: COLORS.point, width: 2, value: (_u, v) => formatValue(v) },
        { label: 'p50 ms', stroke: COLORS.best, scale: 'ms', value: (_u, v) => formatValue(v) },
        { label: 'p99 ms', stroke: COLORS.pruned, scale: 'ms', value: (_u, v) => formatValue(v) },
      ],
    },
    [col('t_s') as number[], col('requests_per_s'), col('p50_ms'), col('p99_ms')] as uPlot.AlignedData,
    el,
  );
  return el;
}
