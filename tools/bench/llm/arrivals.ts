import type { Rng } from '../../common/rng.ts';

/**
 * Gamma(shape, scale) variate (Marsaglia & Tsang 2000, "A simple method for generating gamma variables";
 * shape < 1 via the boost X·U^(1/shape)).
 */
export function sampleGamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    return sampleGamma(rng, shape + 1, scale) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * Send offsets (ms from the start) for `count` open-loop requests at `rate` requests/s, with vLLM's
 * burstiness: gaps ~ Gamma(shape = burstiness, scale = 1 / (rate · burstiness)), so the mean gap is 1/rate;
 * burstiness 1 is a Poisson process, below 1 burstier, above 1 more regular. The first request goes at 0.
 */
export function arrivalOffsetsMs(options: { rng: Rng; rate: number; burstiness: number; count: number }): number[] {
  const offsets: number[] = [];
  let t = 0;
  for (let i = 0; i < options.count; i++) {
    offsets.push(t);
    t += sampleGamma(options.rng, options.burstiness, 1 / (options.rate * options.burstiness)) * 1000;
  }
  return offsets;
}
