/**
 * SVG → PNG with resvg (a Rust rasterizer, no browser). Text uses DejaVu Sans: its files are loaded directly when
 * present (fast: no scan of every system font at each render), else the system fonts are scanned. Rendering runs on
 * libuv's thread pool (`renderAsync`), so the event loop keeps serving while a chart is drawn.
 */
import { existsSync } from 'node:fs';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { CHART_WIDTH, FONT_FAMILY } from './svg.ts';

const DEJAVU_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];
/** Widest PNG produced (px): bounds memory (4 bytes a pixel) whatever the caller asks. */
export const MAX_PNG_WIDTH = 2400;

let fontOptions: ResvgRenderOptions['font'] | null = null;

/** Font options, found once per process. */
function fonts(): NonNullable<ResvgRenderOptions['font']> {
  if (fontOptions) return fontOptions;
  const files = DEJAVU_DIRS.flatMap((dir) => ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => `${dir}/${f}`)).filter((f) => existsSync(f));
  fontOptions = files.length > 0
    ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY }
    : { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY };
  return fontOptions;
}

/** Renders an SVG document to PNG bytes, `width` px wide (default 900, at most MAX_PNG_WIDTH). */
export async function svgToPng(svg: string, options: { width?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
  const width = Math.max(100, Math.min(MAX_PNG_WIDTH, Math.round(options.width ?? CHART_WIDTH)));
  const image = await renderAsync(svg, { font: fonts(), fitTo: { mode: 'width', value: width }, background: '#ffffff', logLevel: 'off' }, options.signal ?? null);
  return image.asPng();
}
