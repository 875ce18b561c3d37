/**
 * Scales and ticks for the canvas charts (uPlot has its own). Pure functions, no DOM: tested in node.
 */

/** A one-dimensional mapping from data values to pixels. `log` needs positive values (others map to the bottom). */
export interface Scale {
  min: number;
  max: number;
  log: boolean;
}

/** Whether a value range deserves a log axis: all values positive and spanning more than two decades. */
export function spansDecades(values: Iterable<number>, decades = 2): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return false;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > lo && Math.log10(hi / lo) > decades;
}

/** The extent of finite values, padded by `pad` of the span (a flat range gets ±1 or ±10%). */
export function extent(values: Iterable<number>, pad = 0.05, log = false): Scale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return { min: log ? 1 : 0, max: log ? 10 : 1, log };
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const p = Math.max((b - a) * pad, 0.05);
    return { min: 10 ** (a - p), max: 10 ** (b + p), log };
  }
  if (lo === hi) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return { min: lo - d, max: hi + d, log };
  }
  const p = (hi - lo) * pad;
  return { min: lo - p, max: hi + p, log };
}

/** Position of `v` in [0, 1] along the scale (0 = min). */
export function unit(scale: Scale, v: number): number {
  if (scale.log) {
    if (!(v > 0)) return 0;
    const a = Math.log10(scale.min);
    return (Math.log10(v) - a) / (Math.log10(scale.max) - a || 1);
  }
  return (v - scale.min) / (scale.max - scale.min || 1);
}

/** About `count` round tick values inside the scale (powers of ten on a log scale). */
export function ticks(scale: Scale, count = 5): number[] {
  if (scale.log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(scale.min)); e <= Math.ceil(Math.log10(scale.max)); e++) {
      const v = 10 ** e;
      if (v >= scale.min && v <= scale.max) out.push(v);
    }
    if (out.length >= 2) return out;
    return ticks({ ...scale, log: false }, count);
  }
  const span = scale.max - scale.min;
  if (!(span > 0)) return [scale.min];
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(scale.min / step) * step; v <= scale.max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** A short label for a number: integers as is, 4 significant digits otherwise, exponents for very large or small. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
