import { invalidArgument } from '@retailkit/core';
import type { Decomposition } from './decompose.js';
import { checkPositiveInt, seriesTooShort } from './errors.js';

/** Options of {@link stlDecomposition} (names of statsmodels' `STL` in brackets). */
export interface StlOptions {
  /** Period m of the season, ≥ 2 (`period`). */
  readonly seasonLength: number;
  /** n_s: span of the cycle-subseries LOESS, odd ≥ 3 (`seasonal`). Default 7. */
  readonly seasonalWindow?: number;
  /** n_t: span of the trend LOESS, odd ≥ 3 (`trend`). Default the smallest odd ≥ ⌈1.5m / (1 − 1.5 / n_s)⌉. */
  readonly trendWindow?: number;
  /** n_l: span of the low-pass LOESS, odd ≥ 3 (`low_pass`). Default m + 1, or m + 2 when m + 1 is even. */
  readonly lowPassWindow?: number;
  /** Local polynomial degrees, 0 or 1 (`seasonal_deg`, `trend_deg`, `low_pass_deg`). Default 1 each. */
  readonly seasonalDegree?: 0 | 1;
  readonly trendDegree?: 0 | 1;
  readonly lowPassDegree?: 0 | 1;
  /** Bisquare robustness weights from outer iterations (`robust`). Default false. */
  readonly robust?: boolean;
  /** n_i: passes of the inner loop (`inner_iter`). Default 2 when robust, else 5. */
  readonly innerIterations?: number;
  /** n_o: robustness iterations (`outer_iter`). Default 15 when robust, else 0. */
  readonly outerIterations?: number;
}

/**
 * STL: Seasonal-Trend decomposition by LOESS (Cleveland, Cleveland, McRae & Terpenning 1990, J. Official
 * Statistics 6(1)), ported from the authors' Fortran `stl.f` as statsmodels' `STL` uses it (all jumps 1).
 * Additive: y = T + S + R. Inner loop, n_i passes, starting from T = 0:
 * 1. detrend: y − T;
 * 2. cycle-subseries smoothing: each of the m subseries (values t ≡ k mod m) is smoothed by LOESS of span n_s and
 *    extrapolated one period at each end, giving C of length n + 2m;
 * 3. low-pass filter of C: moving averages of lengths m, m and 3, then LOESS of span n_l → L (length n);
 * 4. S = C(t + m) − L(t);
 * 5. deseasonalise: y − S;
 * 6. T = LOESS of y − S with span n_t.
 * LOESS: tricube weights (1 − (d/h)³)³ over the span's nearest points (h = the largest distance, widened by
 * (span − n)/2 when the span exceeds n), degree 0 or 1. Outer loop (robust): after each inner loop, residuals
 * r = y − T − S give bisquare weights ρ = (1 − (r / 6·median|r|)²)² (1 for |r| ≤ 0.001·h, 0 beyond 0.999·h), which
 * multiply the LOESS weights of steps 2 and 6 in the next pass. `weights` are ρ (all 1 when not robust).
 * O((n_i) (n_o + 1) · n · (n_s + n_l + n_t)).
 *
 * @throws RetailKitError `FORECAST_SERIES_TOO_SHORT` when n < 2m; `INVALID_ARGUMENT` for even or < 3 windows.
 * @example
 * // a season of period 4 on a straight line is recovered (to 1e-14; statsmodels gives the same)
 * const y = Array.from({ length: 12 }, (_, t) => 10 + t + [3, -1, -2, 0][t % 4]);
 * stlDecomposition(y, { seasonLength: 4 }).seasonalIndex // [3, -1, -2, -0] (to 1e-6)
 */
export function stlDecomposition(
  y: ArrayLike<number>,
  options: StlOptions,
): Decomposition & { readonly weights: Float64Array } {
  const fn = 'stlDecomposition';
  const np = checkPositiveInt(fn, 'seasonLength', options.seasonLength, 2);
  const n = y.length;
  if (n < 2 * np) throw seriesTooShort(fn, n, 2 * np, 'Pass at least two full seasons.');
  const odd = (name: string, v: number): number => {
    if (!Number.isInteger(v) || v < 3 || v % 2 === 0) throw invalidArgument(fn, name, v, 'an odd integer >= 3');
    return v;
  };
  const ns = odd('seasonalWindow', options.seasonalWindow ?? 7);
  let ntDefault = Math.ceil((1.5 * np) / (1 - 1.5 / ns));
  if (ntDefault % 2 === 0) ntDefault++;
  const nt = odd('trendWindow', options.trendWindow ?? ntDefault);
  const nl = odd('lowPassWindow', options.lowPassWindow ?? ((np + 1) % 2 === 0 ? np + 2 : np + 1));
  const isdeg = options.seasonalDegree ?? 1;
  const itdeg = options.trendDegree ?? 1;
  const ildeg = options.lowPassDegree ?? 1;
  for (const [k, v] of [
    ['seasonalDegree', isdeg],
    ['trendDegree', itdeg],
    ['lowPassDegree', ildeg],
  ] as const)
    if (v !== 0 && v !== 1) throw invalidArgument(fn, k, v, '0 or 1');
  const robust = options.robust ?? false;
  const ni = checkPositiveInt(fn, 'innerIterations', options.innerIterations ?? (robust ? 2 : 5));
  const no = checkPositiveInt(fn, 'outerIterations', options.outerIterations ?? (robust ? 15 : 0), 0);
  const yy = Float64Array.from(y);
  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  const rw = new Float64Array(n).fill(1);
  let userw = false;
  for (let k = 0; ; k++) {
    innerLoop(yy, np, ns, nt, nl, isdeg, itdeg, ildeg, ni, userw, rw, season, trend);
    if (k >= no) break;
    robustnessWeights(yy, trend, season, rw);
    userw = true;
  }
  if (no <= 0) rw.fill(1);
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) remainder[t] = yy[t] - trend[t] - season[t];
  const seasonalIndex = new Float64Array(np);
  const cnt = new Float64Array(np);
  for (let t = 0; t < n; t++) {
    seasonalIndex[t % np] += season[t];
    cnt[t % np]++;
  }
  for (let k = 0; k < np; k++) seasonalIndex[k] /= cnt[k];
  return { trend, seasonal: season, remainder, seasonalIndex, model: 'additive', weights: rw };
}

/** One call of the Fortran `stlstp`: `ni` passes of steps 1–6, updating `season` and `trend` in place. */
function innerLoop(
  y: Float64Array,
  np: number,
  ns: number,
  nt: number,
  nl: number,
  isdeg: number,
  itdeg: number,
  ildeg: number,
  ni: number,
  userw: boolean,
  rw: Float64Array,
  season: Float64Array,
  trend: Float64Array,
): void {
  const n = y.length;
  const detr = new Float64Array(n);
  const c = new Float64Array(n + 2 * np);
  for (let pass = 0; pass < ni; pass++) {
    for (let i = 0; i < n; i++) detr[i] = y[i] - trend[i];
    cycleSubseries(detr, np, ns, isdeg, userw, rw, c);
    const low = movingAverage(movingAverage(movingAverage(c, np), np), 3);
    const l = loess(low, nl, ildeg, false, rw);
    for (let i = 0; i < n; i++) season[i] = c[np + i] - l[i];
    const des = new Float64Array(n);
    for (let i = 0; i < n; i++) des[i] = y[i] - season[i];
    trend.set(loess(des, nt, itdeg, userw, rw));
  }
}

/**
 * `stlss`: LOESS of each cycle-subseries at its own points and one step beyond each end; C(j·m + k) holds the value
 * of subseries k at its position j − 1 (j = 0 … count + 1), so C is the season extended one period each side.
 */
function cycleSubseries(
  detr: Float64Array,
  np: number,
  ns: number,
  isdeg: number,
  userw: boolean,
  rw: Float64Array,
  c: Float64Array,
): void {
  const n = detr.length;
  for (let j = 0; j < np; j++) {
    const k = Math.floor((n - 1 - j) / np) + 1; // points in subseries j
    const sub = new Float64Array(k);
    const w = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      sub[i] = detr[i * np + j];
      w[i] = rw[i * np + j];
    }
    const sm = loess(sub, ns, isdeg, userw, w);
    // positions are 1-based in `loessAt`: 0 is one step before the first point, k + 1 one after the last
    const first = loessAt(sub, ns, isdeg, 0, 1, Math.min(ns, k), userw, w);
    const last = loessAt(sub, ns, isdeg, k + 1, Math.max(1, k - ns + 1), k, userw, w);
    c[j] = Number.isNaN(first) ? sm[0] : first;
    for (let i = 0; i < k; i++) c[(i + 1) * np + j] = sm[i];
    c[(k + 1) * np + j] = Number.isNaN(last) ? sm[k - 1] : last;
  }
}

/** `stless` with jump 1: LOESS of span `len` at every point; the window slides once past the first half span. */
function loess(y: Float64Array, len: number, deg: number, userw: boolean, rw: Float64Array): Float64Array {
  const n = y.length;
  const ys = new Float64Array(n);
  if (len >= n) {
    for (let i = 1; i <= n; i++) {
      const v = loessAt(y, len, deg, i, 1, n, userw, rw);
      ys[i - 1] = Number.isNaN(v) ? y[i - 1] : v;
    }
    return ys;
  }
  const nsh = (len + 1) >> 1;
  let nleft = 1;
  let nright = len;
  for (let i = 1; i <= n; i++) {
    if (i > nsh && nright !== n) {
      nleft++;
      nright++;
    }
    const v = loessAt(y, len, deg, i, nleft, nright, userw, rw);
    ys[i - 1] = Number.isNaN(v) ? y[i - 1] : v;
  }
  return ys;
}

/**
 * `stlest`: the LOESS value at 1-based position xs from points nleft…nright (1-based) of y; NaN when every weight is
 * zero (the caller then keeps the data value, as the Fortran's `ok = .false.`).
 */
function loessAt(
  y: Float64Array,
  len: number,
  deg: number,
  xs: number,
  nleft: number,
  nright: number,
  userw: boolean,
  rw: Float64Array,
): number {
  const n = y.length;
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  const w = new Float64Array(nright - nleft + 1);
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    let wj = 0;
    if (r <= h9) {
      wj = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      if (userw) wj *= rw[j - 1];
    }
    w[j - nleft] = wj;
    a += wj;
  }
  if (a <= 0) return Number.NaN;
  for (let j = 0; j < w.length; j++) w[j] /= a;
  if (h > 0 && deg > 0) {
    let mean = 0;
    for (let j = nleft; j <= nright; j++) mean += w[j - nleft] * j;
    let b = xs - mean;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - nleft] * (j - mean) ** 2;
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j - nleft] *= b * (j - mean) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - nleft] * y[j - 1];
  return ys;
}

/** `stlma`: moving average of length `len`; output length n − len + 1. */
function movingAverage(x: Float64Array, len: number): Float64Array {
  const out = new Float64Array(x.length - len + 1);
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  out[0] = v / len;
  for (let j = 1; j < out.length; j++) {
    v += x[len + j - 1] - x[j - 1];
    out[j] = v / len;
  }
  return out;
}

/** `stlrwt`: bisquare weights of r = |y − T − S| with h = 6 · median(r) (mean of the two middle values). */
function robustnessWeights(y: Float64Array, trend: Float64Array, season: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i] - trend[i] - season[i]);
  const sorted = Float64Array.from(r).sort();
  const mid1 = Math.floor(n / 2); // 0-based index of the Fortran's n/2 + 1
  const mid2 = n - mid1 - 1;
  const cmad = 3 * (sorted[mid1] + sorted[mid2]);
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    if (r[i] <= c1) rw[i] = 1;
    else if (r[i] <= c9) rw[i] = (1 - (r[i] / cmad) ** 2) ** 2;
    else rw[i] = 0;
  }
}
