import { formatValue, ticks, unit, type Scale } from './scale.ts';

/** Plot area inside a canvas, in CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Colors shared by every chart (readable on the light and the dark theme). */
export const COLORS = {
  point: 'rgba(47, 111, 237, 0.75)',
  best: '#1f8a4c',
  pruned: 'rgba(178, 106, 0, 0.8)',
  failed: '#c62828',
  front: '#e8590c',
  recommended: '#c2255c',
  infeasible: 'rgba(128, 128, 128, 0.6)',
  grid: 'rgba(128, 128, 128, 0.22)',
};

/**
 * A HiDPI canvas that fills its parent's width at a fixed CSS height. `draw` is called with a context scaled to
 * CSS pixels after every `resize` and whenever the owner asks (`redraw`).
 */
export class CanvasFrame {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  width = 0;
  height: number;
  private readonly observer: ResizeObserver | null;

  constructor(
    parent: HTMLElement,
    height: number,
    private readonly draw: (ctx: CanvasRenderingContext2D, width: number, height: number) => void,
  ) {
    this.height = height;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'chart-canvas';
    parent.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.redraw()) : null;
    this.observer?.observe(parent);
  }

  redraw(): void {
    const parent = this.canvas.parentElement;
    const width = Math.max(200, Math.floor(parent?.clientWidth ?? 400));
    const dpr = window.devicePixelRatio || 1;
    if (width !== this.width || this.canvas.height !== Math.round(this.height * dpr)) {
      this.width = width;
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(this.height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${this.height}px`;
    }
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.ctx.clearRect(0, 0, this.width, this.height);
    this.draw(this.ctx, this.width, this.height);
  }

  setHeight(height: number): void {
    this.height = height;
    this.redraw();
  }

  destroy(): void {
    this.observer?.disconnect();
    this.canvas.remove();
  }
}

/**
 * The text color of the element (follows the theme). Canvas has no `currentColor`: charts read the resolved color.
 * An element not in the page yet has none: a grey readable on both themes.
 */
export function textColor(el: Element): string {
  return (el.isConnected && getComputedStyle(el).color) || '#8a8a94';
}

export const px = (scale: Scale, rect: Rect, v: number): number => rect.x + unit(scale, v) * rect.w;
export const py = (scale: Scale, rect: Rect, v: number): number => rect.y + rect.h - unit(scale, v) * rect.h;

/** Grid lines, tick labels and axis titles of an x/y plot. */
export function drawAxes(ctx: CanvasRenderingContext2D, rect: Rect, xs: Scale, ys: Scale, labels: { x: string; y: string; color: string }): void {
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = labels.color;
  ctx.strokeStyle = COLORS.grid;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks(xs, Math.max(2, Math.floor(rect.w / 80)))) {
    const x = Math.round(px(xs, rect, t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, rect.y);
    ctx.lineTo(x, rect.y + rect.h);
    ctx.stroke();
    ctx.fillText(formatValue(t), x, rect.y + rect.h + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks(ys, Math.max(3, Math.floor(rect.h / 30)))) {
    const y = Math.round(py(ys, rect, t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(rect.x, y);
    ctx.lineTo(rect.x + rect.w, y);
    ctx.stroke();
    ctx.fillText(formatValue(t), rect.x - 4, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(labels.x, rect.x + rect.w / 2, rect.y + rect.h + 30);
  ctx.translate(12, rect.y + rect.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();
}

/** A color along a blue → yellow ramp for t in [0, 1] (parallel coordinates, by objective value). */
export function ramp(t: number, alpha = 1): string {
  const c = Math.max(0, Math.min(1, t));
  const r = Math.round(40 + 200 * c);
  const g = Math.round(60 + 150 * c);
  const b = Math.round(200 - 170 * c);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
