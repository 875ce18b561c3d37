/**
 * Limited-memory BFGS with box bounds by projection (a simple L-BFGS-B substitute: steps are projected onto
 * the box and the line search backtracks on the projected point). Minimizes f; `fg` returns f and writes
 * its gradient. Used for the GP's kernel hyperparameters in log space.
 */
export interface LbfgsOptions {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  maxIterations: number;
  memory?: number;
  tolerance?: number;
}

export function minimizeLbfgs(fg: (x: Float64Array, grad: Float64Array) => number, x0: ArrayLike<number>, options: LbfgsOptions): { x: Float64Array; f: number } {
  const n = x0.length;
  const project = (x: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) x[i] = Math.min(options.upper[i]!, Math.max(options.lower[i]!, x[i]!));
    return x;
  };
  let x = project(Float64Array.from(x0));
  let g = new Float64Array(n);
  let f = fg(x, g);
  if (!Number.isFinite(f)) return { x, f };
  const m = options.memory ?? 6;
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const tol = options.tolerance ?? 1e-6;
  for (let iter = 0; iter < options.maxIterations; iter++) {
    // Two-loop recursion for direction = -H·g.
    const q = Float64Array.from(g);
    const alphas: number[] = [];
    for (let k = sList.length - 1; k >= 0; k--) {
      const rho = 1 / dot(yList[k]!, sList[k]!);
      const a = rho * dot(sList[k]!, q);
      alphas[k] = a;
      axpy(-a, yList[k]!, q);
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const scale = dot(sList[last]!, yList[last]!) / dot(yList[last]!, yList[last]!);
      for (let i = 0; i < n; i++) q[i]! *= scale;
    }
    for (let k = 0; k < sList.length; k++) {
      const rho = 1 / dot(yList[k]!, sList[k]!);
      const b = rho * dot(yList[k]!, q);
      axpy(alphas[k]! - b, sList[k]!, q);
    }
    const direction = q.map((v) => -v);
    if (dot(direction, g) >= 0) {
      // Not a descent direction: restart with steepest descent.
      sList.length = 0;
      yList.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]!;
    }
    let step = sList.length === 0 ? Math.min(1, 1 / Math.max(1e-12, Math.sqrt(dot(g, g)))) : 1;
    let accepted = false;
    const gNew = new Float64Array(n);
    let xNew = x;
    let fNew = f;
    for (let ls = 0; ls < 20; ls++) {
      xNew = project(x.map((v, i) => v + step * direction[i]!));
      fNew = fg(xNew, gNew);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += g[i]! * (xNew[i]! - x[i]!);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const s = xNew.map((v, i) => v - x[i]!);
    const y = gNew.map((v, i) => v - g[i]!);
    const improvement = f - fNew;
    x = xNew;
    g = gNew;
    f = fNew;
    if (dot(s, y) > 1e-10) {
      sList.push(s);
      yList.push(y);
      if (sList.length > m) {
        sList.shift();
        yList.shift();
      }
    }
    if (improvement < tol * Math.max(1, Math.abs(f))) break;
  }
  return { x, f };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: ArrayLike<number>, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}
