import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { CanvasFrame, COLORS, drawAxes, px, py, textColor, type Rect } from './canvas-frame.ts';
import { chartElement, timed, type ChartOptions, type StudyChart } from './chart.ts';
import { extent, spansDecades, type Scale } from './scale.ts';
import { Tooltip, trialTooltipHtml } from './tooltip.ts';
import type { TrialIndex } from './trial-index.ts';

interface Panel {
  i: number;
  j: number;
  rect: Rect;
  xs: Scale;
  ys: Scale;
}

/** The objective pairs to plot: one for two objectives, every pair for three, the first six pairs beyond. */
export function objectivePairs(count: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) pairs.push([i, j]);
  return pairs.slice(0, 6);
}

/**
 * Pareto front scatter (canvas): complete trials for each pair of objectives, the front highlighted (and joined in
 * two dimensions), the recommended trial ringed, infeasible trials hollow. Hovering a point shows its trial number,
 * values and parameters.
 */
export class ParetoChart implements StudyChart {
  readonly kind = 'pareto' as const;
  readonly el = chartElement('pareto');
  private readonly frame: CanvasFrame;
  private readonly tooltip: Tooltip;
  private study: StudyViewJson | null = null;
  private points: TrialViewJson[] = [];
  private panels: Panel[] = [];

  constructor(private readonly options: ChartOptions) {
    this.frame = new CanvasFrame(this.el, options.height, (ctx, w, h) => this.draw(ctx, w, h));
    this.tooltip = new Tooltip(this.el);
    this.frame.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.frame.canvas.addEventListener('mouseleave', () => this.tooltip.hide());
  }

  update(study: StudyViewJson, trials: TrialIndex): void {
    this.study = study;
    timed(this.el, () => {
      this.points = trials.list().filter((t) => t.state === 'complete' && t.values !== null && t.values.every(Number.isFinite));
      // Panels stack on narrow screens: give each at least 170 px.
      const pairs = objectivePairs(study.objectives.length).length;
      const rows = Math.ceil(pairs / Math.max(1, Math.min(pairs, (this.el.clientWidth || 600) < 560 ? 1 : 3)));
      this.frame.height = Math.max(this.options.height, rows * 170);
      this.frame.redraw();
    });
    this.el.dataset.points = String(this.points.length);
    this.el.dataset.front = String(study.pareto.length);
  }

  private draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const study = this.study;
    if (!study) return;
    const pairs = objectivePairs(study.objectives.length);
    if (pairs.length === 0) {
      ctx.fillStyle = textColor(this.el);
      ctx.fillText('A Pareto front needs two or more objectives.', 12, 20);
      return;
    }
    const columns = Math.max(1, Math.min(pairs.length, width < 560 ? 1 : 3));
    const rows = Math.ceil(pairs.length / columns);
    const cellW = width / columns;
    const cellH = height / rows;
    const front = new Set(study.pareto);
    const color = textColor(this.el);
    this.panels = pairs.map(([i, j], k) => {
      const rect = { x: (k % columns) * cellW + 58, y: Math.floor(k / columns) * cellH + 8, w: cellW - 70, h: cellH - 50 };
      const xv = this.points.map((t) => t.values![i]!);
      const yv = this.points.map((t) => t.values![j]!);
      return { i, j, rect, xs: extent(xv, 0.05, spansDecades(xv)), ys: extent(yv, 0.05, spansDecades(yv)) };
    });
    for (const panel of this.panels) {
      const { i, j, rect, xs, ys } = panel;
      const o = study.objectives;
      drawAxes(ctx, rect, xs, ys, { x: `${o[i]!.metric} ${o[i]!.direction === 'minimize' ? '↓' : '↑'}`, y: `${o[j]!.metric} ${o[j]!.direction === 'minimize' ? '↓' : '↑'}`, color });
      const frontPoints: [number, number][] = [];
      for (const t of this.points) {
        const x = px(xs, rect, t.values![i]!);
        const y = py(ys, rect, t.values![j]!);
        if (front.has(t.number)) {
          frontPoints.push([x, y]);
          continue;
        }
        ctx.beginPath();
        ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
        if (t.feasible === false) {
          ctx.strokeStyle = COLORS.infeasible;
          ctx.stroke();
        } else {
          ctx.fillStyle = COLORS.point;
          ctx.fill();
        }
      }
      if (study.objectives.length === 2 && frontPoints.length > 1) {
        ctx.strokeStyle = COLORS.front;
        ctx.lineWidth = 1;
        ctx.beginPath();
        [...frontPoints].sort((a, b) => a[0] - b[0]).forEach(([x, y], n) => (n === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.stroke();
      }
      ctx.fillStyle = COLORS.front;
      for (const [x, y] of frontPoints) {
        ctx.beginPath();
        ctx.arc(x, y, 4, 0, 2 * Math.PI);
        ctx.fill();
      }
      const recommended = study.recommended !== null ? this.points.find((t) => t.number === study.recommended) : undefined;
      if (recommended) {
        ctx.strokeStyle = COLORS.recommended;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(px(xs, rect, recommended.values![i]!), py(ys, rect, recommended.values![j]!), 8, 0, 2 * Math.PI);
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    }
  }

  private hover(event: MouseEvent): void {
    const study = this.study;
    if (!study) return;
    const box = this.frame.canvas.getBoundingClientRect();
    const mx = event.clientX - box.left;
    const my = event.clientY - box.top;
    const panel = this.panels.find((p) => mx >= p.rect.x - 8 && mx <= p.rect.x + p.rect.w + 8 && my >= p.rect.y - 8 && my <= p.rect.y + p.rect.h + 8);
    if (!panel) return this.tooltip.hide();
    let best: TrialViewJson | null = null;
    let bestD = 100; // within 10 px
    for (const t of this.points) {
      const dx = px(panel.xs, panel.rect, t.values![panel.i]!) - mx;
      const dy = py(panel.ys, panel.rect, t.values![panel.j]!) - my;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = t;
      }
    }
    if (!best) return this.tooltip.hide();
    const note = best.number === study.recommended ? 'recommended' : study.pareto.includes(best.number) ? 'on the front' : '';
    this.tooltip.show(trialTooltipHtml(study, best, note), mx, my);
  }

  destroy(): void {
    this.frame.destroy();
    this.el.remove();
  }
}
