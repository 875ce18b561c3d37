/**
 * Dense Cholesky factorization and triangular solves on row-major Float64Array matrices. Hand-written rather than
 * ml-matrix: the GP works on n ≤ a few hundred, where avoiding ml-matrix's per-element accessors and allocations
 * makes factorization several times faster (see docs/samplers.md, "Linear algebra").
 */

/** Lower-triangular L with A = L·Lᵀ (A is read, a new array returned), or null if A is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let s = a[rowJ + j]!;
    for (let k = 0; k < j; k++) s -= l[rowJ + k]! * l[rowJ + k]!;
    if (!(s > 0)) return null;
    const d = Math.sqrt(s);
    l[rowJ + j] = d;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let t = a[rowI + j]!;
      for (let k = 0; k < j; k++) t -= l[rowI + k]! * l[rowJ + k]!;
      l[rowI + j] = t / d;
    }
  }
  return l;
}

/** Solves L·x = b (forward substitution), writing into `out`. */
export function solveLower(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[row + k]! * out[k]!;
    out[i] = s / l[row + i]!;
  }
  return out;
}

/** Solves Lᵀ·x = b (back substitution), writing into `out`. */
export function solveUpper(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * out[k]!;
    out[i] = s / l[i * n + i]!;
  }
  return out;
}

/** A⁻¹ from its Cholesky factor (symmetric, full matrix). */
export function inverseFromCholesky(l: Float64Array, n: number): Float64Array {
  // Linv: lower-triangular inverse of L.
  const linv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    linv[j * n + j] = 1 / l[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * linv[k * n + j]!;
      linv[i * n + j] = s / l[i * n + i]!;
    }
  }
  // A⁻¹ = Linvᵀ·Linv: (i, j) = Σ_{k ≥ max(i,j)} Linv[k,i]·Linv[k,j].
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const row = k * n;
    for (let i = 0; i <= k; i++) {
      const v = linv[row + i]!;
      if (v === 0) continue;
      const target = i * n;
      for (let j = 0; j <= i; j++) inv[target + j]! += v * linv[row + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j]!;
  return inv;
}
