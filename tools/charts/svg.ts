/**
 * Minimal SVG writing for the server-side charts: every piece of text goes through `escapeXml` (study names,
 * metric and parameter names come from users), numbers are rounded so documents stay small, and the font is the
 * one the PNG rasterizer has (DejaVu Sans, see png.ts).
 */

export const FONT_FAMILY = 'DejaVu Sans';

/** Default drawing size (px); the PNG is rendered at this width unless asked otherwise. */
export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 520;

/** Colors shared by the charts (one palette, so PNGs look alike). */
export const COLORS = {
  text: '#1f2328',
  muted: '#656d76',
  grid: '#e6e8eb',
  axis: '#8c959f',
  point: '#4c78a8',
  pointFaint: '#9ecae9',
  best: '#e45756',
  front: '#e45756',
  recommended: '#2ca02c',
  infeasible: '#bab0ac',
  pruned: '#f58518',
  failed: '#b279a2',
  running: '#54a24b',
  background: '#ffffff',
} as const;

/** Longest text drawn (names are cut with an ellipsis beyond this). */
const MAX_TEXT_CHARS = 120;

/**
 * Escapes text for an XML text node or attribute value, and drops characters XML 1.0 forbids (control
 * characters, lone surrogates), which would make the rasterizer reject the whole document.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Cuts text to `max` characters with an ellipsis (labels must not run over the plot). */
export function clip(value: string, max = MAX_TEXT_CHARS): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join('')}…` : value;
}

/** A coordinate with at most one decimal. */
export function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export interface TextOptions {
  anchor?: 'start' | 'middle' | 'end';
  size?: number;
  weight?: 'normal' | 'bold';
  fill?: string;
  /** Degrees, around (x, y). */
  rotate?: number;
  /** Cut to this many characters. */
  max?: number;
  /** A white outline under the glyphs, so a label stays readable over points. */
  halo?: boolean;
}

export function text(x: number, y: number, content: string, options: TextOptions = {}): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`];
  if (options.anchor && options.anchor !== 'start') attrs.push(`text-anchor="${options.anchor}"`);
  if (options.size) attrs.push(`font-size="${options.size}"`);
  if (options.weight === 'bold') attrs.push('font-weight="bold"');
  attrs.push(`fill="${options.fill ?? COLORS.text}"`);
  if (options.halo) attrs.push(`stroke="${COLORS.background}" stroke-width="3" paint-order="stroke"`);
  if (options.rotate) attrs.push(`transform="rotate(${options.rotate} ${n(x)} ${n(y)})"`);
  return `<text ${attrs.join(' ')}>${escapeXml(clip(content, options.max))}</text>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, dash?: string): string {
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

/** A polyline as one path (`M x y L x y …`). Empty for fewer than two points. */
export function path(points: readonly (readonly [number, number])[], stroke: string, options: { width?: number; dash?: string; opacity?: number } = {}): string {
  if (points.length < 2) return '';
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${n(x)} ${n(y)}`).join('');
  const extra = `${options.dash ? ` stroke-dasharray="${options.dash}"` : ''}${options.opacity !== undefined ? ` stroke-opacity="${options.opacity}"` : ''}`;
  return `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${options.width ?? 1.5}"${extra}/>`;
}

export function circle(x: number, y: number, r: number, fill: string, options: { stroke?: string; opacity?: number } = {}): string {
  const extra = `${options.stroke ? ` stroke="${options.stroke}" stroke-width="1.5"` : ''}${options.opacity !== undefined ? ` fill-opacity="${options.opacity}"` : ''}`;
  return `<circle cx="${n(x)}" cy="${n(y)}" r="${r}" fill="${fill}"${extra}/>`;
}

export function rect(x: number, y: number, width: number, height: number, fill: string, extra = ''): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, width))}" height="${n(Math.max(0, height))}" fill="${fill}"${extra ? ` ${extra}` : ''}/>`;
}

/**
 * A whole document: white background, the title on top (escaped), then the body. `title` is also the
 * accessible name (`<title>`), so screen readers and Slack's alt text agree with what is drawn.
 */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" font-size="12">`,
    `<title>${escapeXml(clip(title))}</title>`,
    rect(0, 0, width, height, COLORS.background),
    text(width / 2, 26, title, { anchor: 'middle', size: 16, weight: 'bold' }),
    ...body,
    '</svg>',
  ].join('\n');
}

/** A chart with nothing to draw yet says so in its middle, instead of empty axes. */
export function emptyChart(title: string, message: string, width = CHART_WIDTH, height = 240): string {
  return svgDocument(width, height, title, [text(width / 2, height / 2, message, { anchor: 'middle', size: 14, fill: COLORS.muted })]);
}
