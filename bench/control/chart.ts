import { linearScale, logScale, formatNumber } from '../../tools/charts/scale.ts';
import { COLORS, line, path, rect, svgDocument, text } from '../../tools/charts/svg.ts';
import type { RunResult } from './run-result.ts';

const PANEL = { width: 460, height: 230, margin: { top: 34, right: 44, bottom: 30, left: 50 } };
const COLUMNS = 2;
const P99_COLOR = COLORS.point;
const WORKERS_COLOR = COLORS.pruned;
const VIOLATION_COLOR = COLORS.best;

/**
 * One SVG with a panel per run (small multiples, the same axes everywhere so runs compare at a glance): the
 * per-second client p99 (log axis, left), the SLO line, the seconds in violation (red marks along the bottom),
 * the pool size (step line, right axis) and the load steps (dashed lines with their rates).
 */
export function controlRunsChart(runs: readonly RunResult[], sloP99Ms: number, title = 'Step-load experiment: p99 per second and workers'): string {
  const rowsCount = Math.ceil(runs.length / COLUMNS);
  const width = PANEL.width * COLUMNS + 20;
  const height = 70 + rowsCount * PANEL.height + 20;
  const p99Max = Math.max(sloP99Ms * 2.5, ...runs.flatMap((r) => r.seconds.map((s) => s.p99_ms ?? 0)));
  const workersMax = Math.max(4, ...runs.map((r) => r.max_workers)) * 1.1;
  const tMax = Math.max(1, ...runs.flatMap((r) => r.seconds.map((s) => s.t_s)));
  const body: string[] = [
    text(20, 50, `blue: p99/s (ms, log) · red dashes: SLO ${sloP99Ms} ms · red marks: violated seconds · orange: workers (right)`, { size: 11, fill: COLORS.muted }),
  ];
  runs.forEach((run, index) => {
    const x0 = 10 + (index % COLUMNS) * PANEL.width;
    const y0 = 64 + Math.floor(index / COLUMNS) * PANEL.height;
    body.push(...panel(run, { x0, y0, p99Max, workersMax, tMax, sloP99Ms }));
  });
  return svgDocument(width, height, title, body);
}

interface PanelFrame {
  x0: number;
  y0: number;
  p99Max: number;
  workersMax: number;
  tMax: number;
  sloP99Ms: number;
}

function panel(run: RunResult, frame: PanelFrame): string[] {
  const { margin } = PANEL;
  const left = frame.x0 + margin.left;
  const right = frame.x0 + PANEL.width - margin.right;
  const top = frame.y0 + margin.top;
  const bottom = frame.y0 + PANEL.height - margin.bottom;
  const x = linearScale(0, frame.tMax, [left, right], 6);
  const y = logScale(1, frame.p99Max, [bottom, top]);
  const w = linearScale(0, frame.workersMax, [bottom, top], 4);
  const out: string[] = [];
  const heading = `${run.kind === 'static' ? run.name : `policy ${run.name}`}: ${run.violation_s} s in violation, ${run.worker_s} worker-s, p99 ${run.p99_ms} ms`;
  out.push(text(left, frame.y0 + 20, heading, { size: 12, weight: 'bold', max: 70 }));
  out.push(rect(left, top, right - left, bottom - top, 'none', `stroke="${COLORS.axis}" stroke-width="1"`));
  for (const tick of y.ticks.filter((t) => t >= y.domain[0] && t <= y.domain[1])) {
    out.push(line(left, y(tick), right, y(tick), COLORS.grid));
    out.push(text(left - 4, y(tick) + 4, formatNumber(tick), { anchor: 'end', size: 10, fill: COLORS.muted }));
  }
  for (const tick of w.ticks.filter((t) => t <= w.domain[1])) {
    out.push(text(right + 4, w(tick) + 4, formatNumber(tick), { size: 10, fill: WORKERS_COLOR }));
  }
  for (const tick of x.ticks.filter((t) => t <= x.domain[1])) {
    out.push(text(x(tick), bottom + 14, formatNumber(tick), { anchor: 'middle', size: 10, fill: COLORS.muted }));
  }
  out.push(text((left + right) / 2, bottom + 27, 'seconds', { anchor: 'middle', size: 10, fill: COLORS.muted }));
  // Load steps: a dashed line where the rate changes, the rate above.
  let previousRate: number | null = null;
  let stepStart = 0;
  for (const second of run.seconds) {
    if (second.rate !== previousRate) {
      const at = previousRate === null ? 0 : stepStart;
      if (previousRate !== null) out.push(line(x(at), top, x(at), bottom, COLORS.axis, 1, '2 3'));
      out.push(text(x(at) + 3, top + 11, `${second.rate} req/s`, { size: 10, fill: COLORS.muted }));
      previousRate = second.rate;
    }
    stepStart = second.t_s;
  }
  out.push(line(left, y(frame.sloP99Ms), right, y(frame.sloP99Ms), VIOLATION_COLOR, 1, '5 3'));
  // Seconds in violation: a short red mark each along the bottom.
  for (const second of run.seconds.filter((s) => s.violated)) out.push(line(x(second.t_s - 0.5), bottom - 1, x(second.t_s - 0.5), bottom - 7, VIOLATION_COLOR, 2));
  // Workers as a step line (the value holds until the next second).
  const steps: [number, number][] = [];
  run.seconds.forEach((second, i) => {
    const start = i === 0 ? 0 : run.seconds[i - 1]!.t_s;
    steps.push([x(start), w(second.workers)], [x(second.t_s), w(second.workers)]);
  });
  out.push(path(steps, WORKERS_COLOR, { width: 1.5 }));
  // p99 per second; a second with no answer is drawn at the top.
  const p99 = run.seconds.map((s): [number, number] => [x(s.t_s), y(Math.min(frame.p99Max, s.p99_ms ?? frame.p99Max))]);
  out.push(path(p99, P99_COLOR, { width: 1.2 }));
  return out;
}
