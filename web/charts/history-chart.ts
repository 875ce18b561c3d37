import uPlot from 'uplot';
import type { StudyViewJson } from '../../server/studies-protocol.ts';
import { chartElement, timed, type ChartOptions, type StudyChart } from './chart.ts';
import { COLORS, textColor } from './canvas-frame.ts';
import { HistoryData } from './history-data.ts';
import { formatValue, spansDecades } from './scale.ts';
import type { TrialIndex } from './trial-index.ts';

/** On a log axis, grid lines at powers of ten only (uPlot also draws 2…9 between them; its labels are filtered already). */
const decadesOnly = (_u: uPlot, splits: number[]): (number | null)[] => splits.map((v) => (v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));

/**
 * Optimization history (uPlot): every finished trial by number, complete values as points, pruned trials at their
 * last intermediate value, failed trials as red ticks on the x axis, and the best-so-far step line. One objective at a
 * time (a picker for several). The y axis turns logarithmic when the values span more than two decades (a toggle
 * overrides). New trials are appended to the columns and uPlot redraws from them: no DOM is rebuilt.
 */
export class HistoryChart implements StudyChart {
  readonly kind = 'history' as const;
  readonly el = chartElement('history');
  private readonly toolbar = document.createElement('div');
  private readonly plotBox = document.createElement('div');
  private plot: uPlot | null = null;
  private data: HistoryData | null = null;
  private objective = 0;
  private logMode: 'auto' | 'on' | 'off' = 'auto';
  private usingLog = false;
  private study: StudyViewJson | null = null;
  private trials: TrialIndex | null = null;
  private version = -1;
  private readonly observer: ResizeObserver | null;
  /** Milliseconds of the last synchronous update, and when uPlot's deferred draw started. */
  private syncMs = 0;
  private drawStart = 0;

  constructor(private readonly options: ChartOptions) {
    this.toolbar.className = 'chart-toolbar';
    this.plotBox.className = 'chart-plot';
    this.el.append(this.toolbar, this.plotBox);
    this.toolbar.addEventListener('change', (event) => {
      const target = event.target as HTMLInputElement | HTMLSelectElement;
      if (target.name === 'objective') this.objective = Number(target.value);
      if (target.name === 'log') this.logMode = (target as HTMLInputElement).checked ? 'on' : 'off';
      this.rebuild();
    });
    this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : null;
    this.observer?.observe(this.el);
  }

  update(study: StudyViewJson, trials: TrialIndex): void {
    const first = this.study === null || this.study.objectives.length !== study.objectives.length;
    this.study = study;
    this.trials = trials;
    if (first) return this.rebuild();
    if (trials.version === this.version) return;
    this.version = trials.version;
    this.syncMs = timed(this.el, () => {
      if (!this.data!.update(trials.lastChanged, () => trials.list())) return;
      const log = this.wantLog();
      if (log !== this.usingLog) return this.rebuild();
      this.plot!.setData(this.columns());
      this.el.dataset.points = String(this.data!.x.length);
    });
  }

  private wantLog(): boolean {
    return this.logMode === 'on' ? spansDecades(this.data!.values(), 0) : this.logMode === 'off' ? false : spansDecades(this.data!.values());
  }

  private columns(): uPlot.AlignedData {
    const d = this.data!;
    return [d.x, d.complete, d.pruned, d.best, d.failed] as uPlot.AlignedData;
  }

  /** Recreates the plot (objective, scale or objective count changed). */
  private rebuild(): void {
    const study = this.study;
    const trials = this.trials;
    if (!study || !trials) return;
    this.syncMs = timed(this.el, () => {
      this.objective = Math.min(this.objective, study.objectives.length - 1);
      const objective = study.objectives[this.objective]!;
      this.data = new HistoryData(this.objective, objective.direction);
      this.data.rebuild(trials.list());
      this.version = trials.version;
      this.usingLog = this.wantLog();
      this.renderToolbar(study);
      this.plot?.destroy();
      this.plot = new uPlot(this.plotOptions(objective.metric), this.columns(), this.plotBox);
      this.el.dataset.points = String(this.data.x.length);
      this.el.dataset.log = String(this.usingLog);
    });
  }

  private renderToolbar(study: StudyViewJson): void {
    const picker = study.objectives.length > 1
      ? `<select name="objective" aria-label="objective">${study.objectives.map((o, i) => `<option value="${i}"${i === this.objective ? ' selected' : ''}>${o.metric}</option>`).join('')}</select>`
      : '';
    this.toolbar.innerHTML = `${picker}<label class="chart-toggle"><input type="checkbox" name="log"${this.usingLog ? ' checked' : ''}> log scale</label>`;
    // Option text comes from metric names: set it as text, never as HTML.
    this.toolbar.querySelectorAll('option').forEach((o, i) => (o.textContent = study.objectives[i]!.metric));
  }

  private plotOptions(metric: string): uPlot.Options {
    const failed = (u: uPlot) => {
      const xs = u.data[0];
      const marks = u.data[4];
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = COLORS.failed;
      ctx.lineWidth = 1.5 * devicePixelRatio;
      const bottom = u.bbox.top + u.bbox.height;
      for (let i = 0; i < xs.length; i++) {
        if (marks[i] == null) continue;
        const x = u.valToPos(xs[i]!, 'x', true);
        ctx.beginPath();
        ctx.moveTo(x, bottom);
        ctx.lineTo(x, bottom - 6 * devicePixelRatio);
        ctx.stroke();
      }
      ctx.restore();
    };
    const none = () => null;
    const ink = textColor(this.el);
    const grid = { stroke: 'rgba(128,128,128,.2)' };
    // The compact card has no room for an x-axis title: the legend names the trial.
    const compact = this.options.height < 240;
    return {
      width: this.width(),
      height: this.options.height,
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: { distr: this.usingLog ? 3 : 1 }, flag: { range: [0, 1] } },
      axes: [
        { label: compact ? undefined : 'trial', size: compact ? 28 : 50, stroke: ink, grid, ticks: { show: false } },
        { label: metric, stroke: ink, grid: this.usingLog ? { ...grid, filter: decadesOnly } : grid, ticks: { show: false }, size: 56, values: (_u, vals) => vals.map((v) => (v == null ? '' : formatValue(v))) },
      ],
      series: [
        { label: 'trial' },
        { label: metric, stroke: COLORS.point, paths: none, points: { show: true, size: 5, fill: COLORS.point, stroke: COLORS.point }, value: (_u, v) => formatValue(v) },
        { label: 'pruned', stroke: COLORS.pruned, paths: none, points: { show: true, size: 5, fill: 'transparent', stroke: COLORS.pruned }, value: (_u, v) => formatValue(v) },
        { label: 'best', stroke: COLORS.best, width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false }, value: (_u, v) => formatValue(v) },
        { label: 'failed', stroke: COLORS.failed, paths: none, points: { show: false }, scale: 'flag', value: (_u, v) => (v == null ? '' : 'failed') },
      ],
      hooks: {
        drawClear: [() => void (this.drawStart = performance.now())],
        draw: [failed, (u) => {
          this.el.dataset.renderMs = (this.syncMs + performance.now() - this.drawStart).toFixed(1);
          this.el.dataset.drawMs = (performance.now() - this.drawStart).toFixed(1);
          this.el.dataset.drawn = String(u.data[0].length);
        }],
      },
    };
  }

  private width(): number {
    return Math.max(240, Math.floor(this.el.clientWidth || this.el.parentElement?.clientWidth || 480));
  }

  private resize(): void {
    if (!this.plot) return;
    const width = this.width();
    if (Math.abs(width - this.plot.width) > 2) this.plot.setSize({ width, height: this.options.height });
  }

  destroy(): void {
    this.observer?.disconnect();
    this.plot?.destroy();
    this.plot = null;
    this.el.remove();
  }
}
