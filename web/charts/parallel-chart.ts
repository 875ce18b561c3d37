import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { CanvasFrame, COLORS, ramp, textColor } from './canvas-frame.ts';
import { chartElement, timed, type ChartOptions, type StudyChart } from './chart.ts';
import { extent, formatValue, spansDecades, unit, type Scale } from './scale.ts';
import { paramNames } from './trial-index.ts';
import type { TrialIndex } from './trial-index.ts';

/** One vertical axis: a numeric scale, or categories spread evenly. */
export interface ParallelAxis {
  label: string;
  value(t: TrialViewJson): unknown;
  scale: Scale | null;
  categories: string[] | null;
}

/** Position in [0, 1] of a trial on an axis (0 = bottom), or null when it has no value there. */
export function axisPosition(axis: ParallelAxis, t: TrialViewJson): number | null {
  const v = axis.value(t);
  if (axis.categories) {
    const k = axis.categories.indexOf(String(v));
    return k < 0 ? null : axis.categories.length === 1 ? 0.5 : k / (axis.categories.length - 1);
  }
  return typeof v === 'number' && Number.isFinite(v) && axis.scale ? unit(axis.scale, v) : null;
}

/** Axes for the complete trials: every parameter (numeric or categorical), then every objective. */
export function parallelAxes(study: StudyViewJson, trials: readonly TrialViewJson[]): ParallelAxis[] {
  const axis = (label: string, value: (t: TrialViewJson) => unknown): ParallelAxis => {
    const values = trials.map(value).filter((v) => v !== undefined && v !== null);
    if (values.length > 0 && values.every((v) => typeof v === 'number')) {
      const nums = values as number[];
      return { label, value, scale: extent(nums, 0, spansDecades(nums)), categories: null };
    }
    const categories = [...new Set(values.map(String))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    return { label, value, scale: null, categories };
  };
  return [
    ...paramNames(trials).map((name) => axis(name, (t) => t.params[name])),
    ...study.objectives.map((o, i) => axis(o.metric, (t) => t.values?.[i])),
  ];
}

/**
 * Parallel coordinates (canvas): one axis per parameter and objective, one line per complete trial colored by the
 * first objective (the best end of the ramp is yellow), categorical axes with their labels.
 */
export class ParallelChart implements StudyChart {
  readonly kind = 'parallel' as const;
  readonly el = chartElement('parallel');
  private readonly frame: CanvasFrame;
  private study: StudyViewJson | null = null;
  private trials: TrialViewJson[] = [];

  constructor(options: ChartOptions) {
    this.frame = new CanvasFrame(this.el, options.height, (ctx, w, h) => this.draw(ctx, w, h));
  }

  update(study: StudyViewJson, trials: TrialIndex): void {
    this.study = study;
    timed(this.el, () => {
      this.trials = trials.list().filter((t) => t.state === 'complete' && t.values !== null);
      this.frame.redraw();
    });
    this.el.dataset.points = String(this.trials.length);
  }

  private draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const study = this.study;
    if (!study) return;
    const color = textColor(this.el);
    if (this.trials.length === 0) {
      ctx.fillStyle = color;
      ctx.fillText('No complete trials yet.', 12, 20);
      return;
    }
    const axes = parallelAxes(study, this.trials);
    const top = 28;
    const bottom = height - 22;
    const left = 40;
    const step = axes.length > 1 ? (width - 2 * left) / (axes.length - 1) : 0;
    const xOf = (k: number) => left + k * step;
    const colorAxis = axes[axes.length - study.objectives.length]!;
    const maximize = study.objectives[0]!.direction === 'maximize';
    ctx.lineWidth = 1;
    const alpha = this.trials.length > 2000 ? 0.15 : this.trials.length > 300 ? 0.3 : 0.6;
    for (const t of this.trials) {
      const c = axisPosition(colorAxis, t) ?? 0;
      ctx.strokeStyle = t.feasible === false ? COLORS.infeasible : ramp(maximize ? c : 1 - c, alpha);
      ctx.beginPath();
      let drawing = false;
      axes.forEach((axis, k) => {
        const p = axisPosition(axis, t);
        if (p === null) {
          drawing = false;
          return;
        }
        const y = bottom - p * (bottom - top);
        if (drawing) ctx.lineTo(xOf(k), y);
        else ctx.moveTo(xOf(k), y);
        drawing = true;
      });
      ctx.stroke();
    }
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    axes.forEach((axis, k) => {
      const x = xOf(k);
      ctx.beginPath();
      ctx.moveTo(x + 0.5, top);
      ctx.lineTo(x + 0.5, bottom);
      ctx.stroke();
      ctx.textAlign = k === 0 ? 'left' : k === axes.length - 1 ? 'right' : 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(axis.label.length > 16 ? `${axis.label.slice(0, 15)}…` : axis.label, x, top - 10);
      ctx.textBaseline = 'middle';
      const labels: [number, string][] = axis.categories
        ? axis.categories.slice(0, 12).map((c, n) => [axis.categories!.length === 1 ? 0.5 : n / (axis.categories!.length - 1), c])
        : [[0, formatValue(axis.scale!.min)], [1, formatValue(axis.scale!.max)]];
      ctx.textAlign = 'left';
      for (const [p, text] of labels) ctx.fillText(text.length > 10 ? `${text.slice(0, 9)}…` : text, x + 3, bottom - p * (bottom - top));
    });
  }

  destroy(): void {
    this.frame.destroy();
    this.el.remove();
  }
}
