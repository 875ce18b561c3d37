/**
 * Standard normal functions in double precision, and the numerically safe log expected improvement of
 * Ament et al. 2023 ("Unexpected Improvements to Expected Improvement for Bayesian Optimization", LogEI):
 * log h(z) with h(z) = φ(z) + zΦ(z), accurate far into the tail where EI itself underflows to 0.
 */

import { acklamQuantile, refineQuantile } from '../normal-math.ts';

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_PI = Math.sqrt(Math.PI);

/** erfc for x ≥ 0 (series below 2, continued fraction above). Relative error ~1e-14. */
function erfcPositive(x: number): number {
  if (x < 2) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / SQRT_PI) * sum;
  }
  return Math.exp(-x * x) * erfcxLarge(x);
}

/** exp(x²)·erfc(x) for x ≥ 2 by Lentz's continued fraction. */
function erfcxLarge(x: number): number {
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + a / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (SQRT_PI * f);
}

/** exp(x²)·erfc(x) for x ≥ 0. */
export function erfcx(x: number): number {
  if (x < 2) return Math.exp(x * x) * erfcPositive(x);
  return erfcxLarge(x);
}

export function erfc(x: number): number {
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log Φ(z), accurate for very negative z. */
export function logNormalCdf(z: number): number {
  if (z > -5) return Math.log(normalCdf(z));
  const x = -z / SQRT2;
  return Math.log(0.5 * erfcx(x)) - x * x;
}

/** Φ⁻¹(p) by Acklam's rational approximation refined with one Halley step on this module's Φ (|error| < 1e-13). */
export function normalQuantile(p: number): number {
  return refineQuantile(p, acklamQuantile(p), normalCdf);
}

/**
 * log h(z), h(z) = φ(z) + zΦ(z) (EI = σ·h((best − μ)/σ) for minimization). For z ≤ −1 it uses
 * h(z) = φ(z)·(1 − |z|·erfcx(|z|/√2)·√(π/2)) evaluated in log space (LogEI, Ament et al. 2023, eq. 9).
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  const logPdf = -0.5 * z * z - LOG_SQRT_2PI;
  if (z < -1e3) return logPdf - 2 * Math.log(-z) + Math.log1p(-3 / (z * z)); // asymptote: h ≈ φ(z)(1 − 3/z²)/z²
  const t = -z * erfcx(-z / SQRT2) * Math.sqrt(Math.PI / 2); // in (0, 1), → 1 as z → −∞
  return logPdf + Math.log1p(-t);
}
