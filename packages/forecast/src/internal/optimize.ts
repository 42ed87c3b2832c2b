/**
 * Nelder–Mead simplex minimisation (Lagarias et al. 1998 coefficients: reflection 1, expansion 2,
 * contraction 0.5, shrink 0.5), with restarts from the best point until no progress. Deterministic.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: { maxIter?: number; tol?: number; step?: number; restarts?: number } = {},
): { x: Float64Array; fx: number; iterations: number } {
  const n = x0.length;
  const maxIter = options.maxIter ?? 200 * n;
  const tol = options.tol ?? 1e-10;
  const step = options.step ?? 0.1;
  let best: Float64Array = Float64Array.from(x0);
  let fBest = safe(f(best));
  let total = 0;
  for (let r = 0; r <= (options.restarts ?? 2); r++) {
    const res = simplexRun(f, best, maxIter, tol, step);
    total += res.iterations;
    const improved = res.fx < fBest - Math.abs(fBest) * 1e-12;
    if (res.fx <= fBest) {
      best = res.x;
      fBest = res.fx;
    }
    if (!improved) break;
  }
  return { x: best, fx: fBest, iterations: total };
}

function safe(v: number): number {
  return Number.isFinite(v) ? v : Number.MAX_VALUE;
}

function simplexRun(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  maxIter: number,
  tol: number,
  step: number,
): { x: Float64Array; fx: number; iterations: number } {
  const n = x0.length;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i] = p[i] !== 0 ? p[i] * (1 + step) : step * 0.25;
    if (p[i] === x0[i]) p[i] += step;
    pts.push(p);
  }
  const fv = pts.map((p) => safe(f(p)));
  const idx = pts.map((_, i) => i);
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  let it = 0;
  for (; it < maxIter; it++) {
    idx.sort((a, b) => fv[a] - fv[b]);
    const lo = idx[0];
    const hi = idx[n];
    const nh = idx[n - 1];
    if (Math.abs(fv[hi] - fv[lo]) <= tol * (Math.abs(fv[lo]) + tol)) {
      let spread = 0;
      for (let i = 0; i <= n; i++)
        for (let k = 0; k < n; k++) spread = Math.max(spread, Math.abs(pts[i][k] - pts[lo][k]));
      if (spread < 1e-8 || Math.abs(fv[hi] - fv[lo]) === 0) break;
    }
    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const p = pts[idx[i]];
      for (let k = 0; k < n; k++) centroid[k] += p[k] / n;
    }
    const ph = pts[hi];
    for (let k = 0; k < n; k++) xr[k] = centroid[k] + (centroid[k] - ph[k]);
    const fr = safe(f(xr));
    if (fr < fv[lo]) {
      for (let k = 0; k < n; k++) xe[k] = centroid[k] + 2 * (centroid[k] - ph[k]);
      const fe = safe(f(xe));
      if (fe < fr) {
        pts[hi].set(xe);
        fv[hi] = fe;
      } else {
        pts[hi].set(xr);
        fv[hi] = fr;
      }
      continue;
    }
    if (fr < fv[nh]) {
      pts[hi].set(xr);
      fv[hi] = fr;
      continue;
    }
    const outside = fr < fv[hi];
    for (let k = 0; k < n; k++)
      xc[k] = outside ? centroid[k] + 0.5 * (xr[k] - centroid[k]) : centroid[k] + 0.5 * (ph[k] - centroid[k]);
    const fc = safe(f(xc));
    if (fc < (outside ? fr : fv[hi])) {
      pts[hi].set(xc);
      fv[hi] = fc;
      continue;
    }
    const pl = pts[lo];
    for (let i = 1; i <= n; i++) {
      const p = pts[idx[i]];
      for (let k = 0; k < n; k++) p[k] = pl[k] + 0.5 * (p[k] - pl[k]);
      fv[idx[i]] = safe(f(p));
    }
  }
  let b = 0;
  for (let i = 1; i <= n; i++) if (fv[i] < fv[b]) b = i;
  return { x: pts[b], fx: fv[b], iterations: it };
}

/** Golden-section / Brent-style 1-D minimisation on [a, b] (golden section, `iterations` steps). */
export function minimize1d(f: (x: number) => number, a: number, b: number, tol = 1e-10): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = a;
  let hi = b;
  let c = hi - g * (hi - lo);
  let d = lo + g * (hi - lo);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 200 && hi - lo > tol; i++) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = f(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = f(d);
    }
  }
  const x = (lo + hi) / 2;
  const candidates = [a, b, x];
  let best = x;
  let fb = f(x);
  for (const v of candidates) {
    const fv = f(v);
    if (fv < fb) {
      fb = fv;
      best = v;
    }
  }
  return best;
}

/** Logistic map R → (lo, hi). */
export function toBounded(u: number, lo: number, hi: number): number {
  return lo + (hi - lo) / (1 + Math.exp(-u));
}
/** Inverse of {@link toBounded}. */
export function fromBounded(v: number, lo: number, hi: number): number {
  const p = Math.min(1 - 1e-9, Math.max(1e-9, (v - lo) / (hi - lo)));
  return Math.log(p / (1 - p));
}
