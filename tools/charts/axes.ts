/**
 * The plot frame shared by the x/y charts: grid lines and ticks from the scales, metric names as axis labels.
 */
import type { Scale } from './scale.ts';
import { formatNumber } from './scale.ts';
import { COLORS, line, text } from './svg.ts';

/** The plot's inner rectangle in pixels. */
export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function plotArea(width: number, height: number, margin = { top: 48, right: 24, bottom: 56, left: 76 }): PlotArea {
  return { left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom };
}

/** Grid, tick labels and axis labels. `xFormat` overrides the x tick text (e.g. percentiles). */
export function axes(area: PlotArea, x: Scale, y: Scale, labels: { x: string; y: string }, xFormat: (v: number) => string = formatNumber): string[] {
  const out: string[] = [];
  for (const t of y.ticks) {
    const py = y(t);
    out.push(line(area.left, py, area.right, py, COLORS.grid));
    out.push(text(area.left - 6, py + 4, formatNumber(t), { anchor: 'end', size: 11, fill: COLORS.muted }));
  }
  for (const t of x.ticks) {
    const px = x(t);
    out.push(line(px, area.top, px, area.bottom, COLORS.grid));
    out.push(text(px, area.bottom + 16, xFormat(t), { anchor: 'middle', size: 11, fill: COLORS.muted }));
  }
  out.push(line(area.left, area.bottom, area.right, area.bottom, COLORS.axis));
  out.push(line(area.left, area.top, area.left, area.bottom, COLORS.axis));
  out.push(text((area.left + area.right) / 2, area.bottom + 40, labels.x, { anchor: 'middle', size: 12, max: 80 }));
  const midY = (area.top + area.bottom) / 2;
  out.push(text(area.left - 58, midY, labels.y, { anchor: 'middle', size: 12, rotate: -90, max: 60 }));
  return out;
}

/** A one-line legend at the top right: [color, label, shape] entries. */
export function legend(area: PlotArea, entries: readonly { color: string; label: string; shape: 'dot' | 'line' | 'ring' }[]): string[] {
  const out: string[] = [];
  let x = area.right;
  const y = area.top - 10;
  for (const entry of [...entries].reverse()) {
    const width = entry.label.length * 6.5 + 22;
    x -= width;
    if (entry.shape === 'line') out.push(line(x, y - 4, x + 14, y - 4, entry.color, 2));
    else out.push(`<circle cx="${x + 7}" cy="${y - 4}" r="4" fill="${entry.shape === 'ring' ? 'none' : entry.color}" stroke="${entry.color}" stroke-width="1.5"/>`);
    out.push(text(x + 18, y, entry.label, { size: 11, fill: COLORS.muted, max: 40 }));
  }
  return out;
}
