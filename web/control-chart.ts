import uPlot from 'uplot';
import type { ControllerPointJson } from '../server/protocol.ts';
import type { Slo } from '../tools/control/types.ts';
import { COLORS, textColor } from './charts/canvas-frame.ts';
import { formatValue } from './charts/scale.ts';
import { clockTime, signalName } from './control-text.ts';

/**
 * A controller's live chart (uPlot): the SLO signal against its limit (dashed) on the left axis, the parameter's value
 * as a step line on the right axis, over time. `update` replaces the columns and uPlot redraws; the plot is built once
 * (on the first update, when the element is in the page and has a width). `data-points` holds the points drawn.
 */
export class ControlChart {
  readonly el = document.createElement('div');
  private plot: uPlot | null = null;
  private readonly observer: ResizeObserver | null;

  constructor(
    private readonly slo: Slo,
    private readonly parameter: string,
    private readonly height = 160,
  ) {
    this.el.className = 'chart chart-control';
    this.el.dataset.points = '0';
    this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : null;
    this.observer?.observe(this.el);
  }

  update(points: readonly ControllerPointJson[]): void {
    const columns = this.columns(points);
    if (!this.plot) {
      if (!this.el.isConnected) return;
      this.plot = new uPlot(this.options(), columns, this.el);
    } else {
      this.plot.setData(columns);
    }
    this.el.dataset.points = String(points.length);
  }

  private columns(points: readonly ControllerPointJson[]): uPlot.AlignedData {
    const xs = points.map((p) => p.at / 1000);
    return [xs, points.map((p) => p.slo_value), points.map(() => this.slo.value), points.map((p) => p.value)] as uPlot.AlignedData;
  }

  private width(): number {
    return Math.max(240, Math.floor(this.el.clientWidth || this.el.parentElement?.clientWidth || 480));
  }

  private resize(): void {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 4) this.plot.setSize({ width: this.width(), height: this.height });
  }

  private options(): uPlot.Options {
    const ink = textColor(this.el);
    const grid = { stroke: 'rgba(128,128,128,.2)' };
    const name = signalName(this.slo.metric);
    const number = (_u: uPlot, v: number | null) => (v == null ? '–' : formatValue(v));
    return {
      width: this.width(),
      height: this.height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, slo: { range: (_u, min, max) => [0, Math.max(max ?? 0, this.slo.value) * 1.15 || 1] }, param: { range: (_u, min, max) => [0, Math.max(1, (max ?? 1) * 1.2)] } },
      axes: [
        // One line of clock time per tick ("10:02:03"): uPlot's default time labels take two lines.
        { stroke: ink, grid, ticks: { show: false }, size: 28, space: 70, values: (_u, vals) => vals.map((v) => (v == null ? '' : clockTime(v * 1000))) },
        { scale: 'slo', label: name, stroke: ink, grid, ticks: { show: false }, size: 52, values: (_u, vals) => vals.map((v) => formatValue(v)) },
        { scale: 'param', label: this.parameter, side: 1, stroke: ink, grid: { show: false }, ticks: { show: false }, size: 44, values: (_u, vals) => vals.map((v) => formatValue(v)) },
      ],
      series: [
        { label: 'time', value: (_u, v) => (v == null ? '–' : clockTime(v * 1000)) },
        { label: name, scale: 'slo', stroke: COLORS.point, width: 2, spanGaps: false, value: number },
        { label: `SLO ${this.slo.op} ${formatValue(this.slo.value)}`, scale: 'slo', stroke: COLORS.failed, width: 1, dash: [6, 4], points: { show: false }, value: number },
        { label: this.parameter, scale: 'param', stroke: COLORS.best, width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false }, value: number },
      ],
    };
  }

  destroy(): void {
    this.observer?.disconnect();
    this.plot?.destroy();
    this.plot = null;
    this.el.remove();
  }
}
