/**
 * Maximizes an acquisition function over the encoded space: random candidates plus Gaussian perturbations of
 * the best observed points (multi-start), then a pattern search (coordinate moves with halving steps;
 * categoricals try every other choice) from the best few. Every point is snapped to the evaluable grid
 * before it is scored, so int/step parameters are scored where they will be evaluated.
 */
import type { Rng } from '../../../common/rng.ts';
import type { SpaceEncoding } from './space-encoding.ts';

export interface AcquisitionSearch {
  encoding: SpaceEncoding;
  score: (x: Float64Array) => number;
  rng: Rng;
  /** Points to perturb (best observations), best first. */
  anchors: Float64Array[];
  candidates: number;
  localStarts: number;
  /** Budget of scored points in the local phase, per start. */
  localEvaluations: number;
}

export function maximizeAcquisition(search: AcquisitionSearch): Float64Array {
  const { encoding, score, rng } = search;
  const pool: Array<{ x: Float64Array; value: number }> = [];
  const consider = (x: Float64Array) => pool.push({ x, value: score(encoding.snap(x)) });
  for (let i = 0; i < search.candidates; i++) consider(randomPoint(encoding, rng));
  const perAnchor = Math.ceil(search.candidates / 4 / Math.max(1, search.anchors.length));
  for (const anchor of search.anchors) {
    for (let i = 0; i < perAnchor; i++) {
      const x = Float64Array.from(anchor);
      const sigma = [0.02, 0.05, 0.15][i % 3]!;
      for (const p of encoding.params) {
        if (p.distribution.type === 'categorical') {
          if (rng.next() < 0.2) setCategory(x, p.offset, p.width, Math.floor(rng.next() * p.width));
        } else {
          x[p.offset] = x[p.offset]! + sigma * rng.normal();
        }
      }
      consider(x);
    }
  }
  pool.sort((a, b) => b.value - a.value);
  let best = pool[0]!;
  for (let s = 0; s < Math.min(search.localStarts, pool.length); s++) {
    const result = patternSearch(pool[s]!, search);
    if (result.value > best.value) best = result;
  }
  return best.x;
}

function patternSearch(start: { x: Float64Array; value: number }, search: AcquisitionSearch): { x: Float64Array; value: number } {
  const { encoding, score } = search;
  let x = start.x;
  let value = start.value;
  let step = 0.05;
  let used = 0;
  while (step > 1e-4 && used < search.localEvaluations) {
    let improved = false;
    for (const p of encoding.params) {
      if (p.distribution.type === 'categorical') {
        for (let c = 0; c < p.width; c++) {
          if (x[p.offset + c] === 1) continue;
          const y = Float64Array.from(x);
          setCategory(y, p.offset, p.width, c);
          const v = score(encoding.snap(y));
          used++;
          if (v > value) [x, value, improved] = [y, v, true];
        }
        continue;
      }
      for (const sign of [1, -1]) {
        const y = Float64Array.from(x);
        y[p.offset] = y[p.offset]! + sign * step;
        encoding.snap(y);
        if (y[p.offset] === x[p.offset]) continue;
        const v = score(y);
        used++;
        if (v > value) {
          [x, value, improved] = [y, v, true];
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return { x, value };
}

function randomPoint(encoding: SpaceEncoding, rng: Rng): Float64Array {
  const x = new Float64Array(encoding.dimension);
  for (const p of encoding.params) {
    if (p.distribution.type === 'categorical') setCategory(x, p.offset, p.width, Math.floor(rng.next() * p.width));
    else x[p.offset] = rng.next();
  }
  return x;
}

function setCategory(x: Float64Array, offset: number, width: number, index: number): void {
  for (let i = 0; i < width; i++) x[offset + i] = i === index ? 1 : 0;
}
