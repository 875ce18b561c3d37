/**
 * Axis scales with "nice" ticks (1, 2, 5 × 10^k steps; powers of ten on log axes), and the number format
 * used on ticks and labels. Pure functions: the same input gives the same SVG.
 */

export interface Scale {
  /** Data value → pixel. */
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  readonly ticks: readonly number[];
  readonly log: boolean;
}

/** Values spanning more than this ratio (two decades) get a log axis, when they are all positive. */
export const LOG_SPAN_RATIO = 100;

/** Step of about `span / count` rounded to 1, 2 or 5 × 10^k. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Ticks covering [min, max] at a nice step (the domain is widened to the outer ticks). */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const step = niceStep(max - min, count);
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 0.5 && ticks.length < 50; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

export function linearScale(min: number, max: number, range: readonly [number, number], count = 6): Scale {
  const ticks = niceTicks(min, max, count);
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const span = hi - lo || 1;
  const scale = (value: number) => range[0] + ((value - lo) / span) * (range[1] - range[0]);
  return Object.assign(scale, { domain: [lo, hi] as const, range, ticks, log: false });
}

/** Log10 scale over whole decades; ticks at powers of ten (with 2 and 5 too when there are few decades). */
export function logScale(min: number, max: number, range: readonly [number, number]): Scale {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) {
    ticks.push(Number((10 ** k).toPrecision(12)));
    if (hi - lo <= 3 && k < hi) ticks.push(Number((2 * 10 ** k).toPrecision(12)), Number((5 * 10 ** k).toPrecision(12)));
  }
  const span = hi - lo;
  const scale = (value: number) => range[0] + ((Math.log10(Math.max(value, 10 ** lo)) - lo) / span) * (range[1] - range[0]);
  return Object.assign(scale, { domain: [10 ** lo, 10 ** hi] as const, range, ticks, log: true });
}

/** Log when every value is positive and they span more than LOG_SPAN_RATIO, else linear. */
export function autoScale(values: readonly number[], range: readonly [number, number], count = 6): Scale {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return linearScale(0, 1, range, count);
  const [min, max] = extent(finite);
  return min > 0 && max / min > LOG_SPAN_RATIO ? logScale(min, max, range) : linearScale(min, max, range, count);
}

/** Short tick/label text: 1.5k, 0.001, 1e-6, 12.5. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toExponential(abs >= 1e6 ? 1 : 0).replace('e+', 'e');
  if (abs >= 1e4) return `${Number((value / 1000).toPrecision(3))}k`;
  return String(Number(value.toPrecision(4)));
}

/** [min, max] of the finite values without spreading them into Math.min (safe for any length); [NaN, NaN] when none. */
export function extent(values: Iterable<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? [NaN, NaN] : [min, max];
}
