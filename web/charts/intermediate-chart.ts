import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { CanvasFrame, COLORS, drawAxes, px, py, textColor } from './canvas-frame.ts';
import { chartElement, timed, type ChartOptions, type StudyChart } from './chart.ts';
import { extent, spansDecades } from './scale.ts';
import type { TrialIndex } from './trial-index.ts';

/**
 * Intermediate values (canvas): one line per trial over its reported steps; pruned trials in orange, running ones
 * in full color, complete ones faded, so where the pruner cut is visible.
 */
export class IntermediateChart implements StudyChart {
  readonly kind = 'intermediate' as const;
  readonly el = chartElement('intermediate');
  private readonly frame: CanvasFrame;
  private study: StudyViewJson | null = null;
  private curves: TrialViewJson[] = [];

  constructor(options: ChartOptions) {
    this.frame = new CanvasFrame(this.el, options.height, (ctx, w, h) => this.draw(ctx, w, h));
  }

  update(study: StudyViewJson, trials: TrialIndex): void {
    this.study = study;
    timed(this.el, () => {
      this.curves = trials.list().filter((t) => t.intermediate.length > 0);
      this.frame.redraw();
    });
    this.el.dataset.points = String(this.curves.length);
  }

  private draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const study = this.study;
    if (!study) return;
    const color = textColor(this.el);
    if (this.curves.length === 0) {
      ctx.fillStyle = color;
      ctx.fillText('No trial has reported intermediate values (targets report them per step or epoch).', 12, 20);
      return;
    }
    const steps: number[] = [];
    const values: number[] = [];
    for (const t of this.curves) for (const [s, v] of t.intermediate) (steps.push(s), values.push(v));
    const rect = { x: 58, y: 8, w: width - 70, h: height - 50 };
    const xs = extent(steps, 0.02);
    const ys = extent(values, 0.05, spansDecades(values));
    drawAxes(ctx, rect, xs, ys, { x: 'step', y: study.objectives[0]?.metric ?? 'value', color });
    // Complete first, then pruned, then running on top.
    const order = { complete: 0, failed: 0, waiting: 0, pruned: 1, running: 2 } as const;
    const sorted = [...this.curves].sort((a, b) => order[a.state] - order[b.state]);
    const faded = this.curves.length > 500 ? 0.15 : 0.45;
    for (const t of sorted) {
      ctx.strokeStyle = t.state === 'pruned' ? COLORS.pruned : t.state === 'running' ? COLORS.best : `rgba(47, 111, 237, ${faded})`;
      ctx.lineWidth = t.state === 'running' ? 2 : 1;
      ctx.beginPath();
      t.intermediate.forEach(([s, v], k) => (k === 0 ? ctx.moveTo(px(xs, rect, s), py(ys, rect, v)) : ctx.lineTo(px(xs, rect, s), py(ys, rect, v))));
      ctx.stroke();
    }
  }

  destroy(): void {
    this.frame.destroy();
    this.el.remove();
  }
}
