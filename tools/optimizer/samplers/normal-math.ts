/**
 * Normal-distribution numerics for samplers: erfc (W. J. Cody's rational approximations via the
 * Numerical Recipes erfc Chebyshev fit, relative error < 1.2e-7), the standard normal CDF, its inverse
 * (P. J. Acklam's algorithm with one Halley refinement step) and truncated-normal helpers.
 */

const SQRT2 = Math.SQRT2;
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Complementary error function (Numerical Recipes `erfcc`, fractional error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** Inverse standard normal CDF Φ⁻¹(p) for p in (0, 1). */
export function normalQuantile(p: number): number {
  return refineQuantile(p, acklamQuantile(p), normalCdf);
}

/** Acklam's rational approximation of Φ⁻¹(p) (relative error < 1.2e-9); ±Infinity at 0 and 1. */
export function acklamQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
}

/**
 * One Halley step on Φ(x) = p from the estimate `x`, with the given Φ: it brings the error to the precision of that Φ
 * (the GP uses a more accurate Φ in the tails than this module's).
 */
export function refineQuantile(p: number, x: number, cdf: (z: number) => number): number {
  if (!Number.isFinite(x)) return x;
  const e = cdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Φ(b) − Φ(a) for a < b, on the side of the distribution that keeps precision (1 when both ends are > 8.3 sd away). */
export function normalMass(a: number, b: number): number {
  if (a < -8.3 && b > 8.3) return 1;
  if (b > 8.3) return normalCdf(-a);
  if (a < -8.3) return normalCdf(b);
  return a > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a);
}

/** log(Φ(b) − Φ(a)) for a < b, computed on the side of the distribution that keeps precision. */
export function logNormalMass(a: number, b: number): number {
  // Beyond 8.3 standard deviations the missing tail mass is below 1e-16: the kernel is effectively untruncated.
  if (a < -8.3 && b > 8.3) return 0;
  // One tail beyond 8.3 sd: only the other end's tail matters (one erfc instead of two).
  if (b > 8.3) return a > 0 ? logUpperTail(a) : Math.log1p(-normalCdf(a));
  if (a < -8.3) return b < 0 ? logUpperTail(-b) : Math.log1p(-normalCdf(-b));
  const mass = a > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a);
  if (mass > 0) return Math.log(mass);
  // Far tail: log of the density at the nearer end times the width, a lower bound that keeps ordering.
  const near = a > 0 ? a : -b;
  return -0.5 * near * near - LOG_SQRT_2PI - Math.log(Math.max(near, 1));
}

/** log Φ(−z) for z > 0; past underflow, the Mills-ratio asymptote. */
function logUpperTail(z: number): number {
  const p = normalCdf(-z);
  return p > 0 ? Math.log(p) : -0.5 * z * z - LOG_SQRT_2PI - Math.log(z);
}

/** One draw from N(mu, sigma) truncated to [low, high], by inverse CDF on the numerically safe side. */
export function sampleTruncatedNormal(mu: number, sigma: number, low: number, high: number, u: number): number {
  let a = (low - mu) / sigma;
  let b = (high - mu) / sigma;
  let flip = false;
  if (a > 0) {
    [a, b] = [-b, -a];
    flip = true;
  }
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  let z: number;
  if (pb - pa < 1e-300) z = a + u * (b - a);
  else z = normalQuantile(pa + u * (pb - pa));
  if (!Number.isFinite(z)) z = Math.min(Math.max(a, -8), b);
  z = Math.min(Math.max(z, a), b);
  const x = mu + sigma * (flip ? -z : z);
  return Math.min(Math.max(x, low), high);
}
