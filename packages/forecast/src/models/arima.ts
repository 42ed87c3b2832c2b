import { invalidArgument } from '@retailkit/core';
import { centredMovingAverage } from '../decompose.js';
import { checkPositiveInt, seriesTooShort } from '../errors.js';
import { nelderMead } from '../internal/optimize.js';
import { constant, type ForecastModel, type LocalFit, localModel } from './model.js';

/** A seasonal ARIMA order (p, d, q)(P, D, Q)[s]. */
export interface ArimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  readonly s: number;
}

/** Fitted seasonal ARIMA coefficients (Box–Jenkins signs: φ(B)Φ(B^s)(1−B)^d(1−B^s)^D (y − μ t-term) = θ(B)Θ(B^s) ε). */
export interface ArimaCoefficients {
  ar: number[];
  ma: number[];
  sar: number[];
  sma: number[];
  /** Mean of the differenced series (a drift when d + D = 1); 0 without a constant. */
  constant: number;
  sigma2: number;
}

/** Differencing: (1 − B)^d (1 − B^s)^D applied to y. */
export function difference(y: ArrayLike<number>, d: number, D: number, s: number): Float64Array {
  let w = Float64Array.from(y);
  for (let k = 0; k < D; k++) {
    const n = w.length - s;
    const out = new Float64Array(Math.max(0, n));
    for (let t = 0; t < n; t++) out[t] = w[t + s] - w[t];
    w = out;
  }
  for (let k = 0; k < d; k++) {
    const out = new Float64Array(Math.max(0, w.length - 1));
    for (let t = 0; t < out.length; t++) out[t] = w[t + 1] - w[t];
    w = out;
  }
  return w;
}

/** Multiply polynomials given as coefficient arrays c[0] + c[1] z + …. */
function polyMul(a: number[], b: number[]): number[] {
  const out = new Array(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  return out;
}

/** Expanded AR and MA coefficients of the multiplicative model: w(t) = Σ a_i w(t−i) + ε(t) + Σ b_j ε(t−j). */
export function expandPolynomials(c: ArimaCoefficients, s: number): { a: Float64Array; b: Float64Array } {
  const arPoly = [1, ...c.ar.map((v) => -v)];
  const sarPoly = [1];
  for (let k = 0; k < c.sar.length; k++) {
    for (let j = 1; j < s; j++) sarPoly.push(0);
    sarPoly.push(-c.sar[k]);
  }
  const maPoly = [1, ...c.ma];
  const smaPoly = [1];
  for (let k = 0; k < c.sma.length; k++) {
    for (let j = 1; j < s; j++) smaPoly.push(0);
    smaPoly.push(c.sma[k]);
  }
  const full = polyMul(arPoly, sarPoly);
  const fullMa = polyMul(maPoly, smaPoly);
  return { a: Float64Array.from(full.slice(1).map((v) => -v)), b: Float64Array.from(fullMa.slice(1)) };
}

/** Monahan's transform: unconstrained reals → coefficients of a stationary AR polynomial (via partial autocorrelations). */
export function constrainStationary(u: ArrayLike<number>): number[] {
  const k = u.length;
  const r = Array.from(u, (x) => x / Math.sqrt(1 + x * x));
  let phi: number[] = [];
  for (let j = 0; j < k; j++) {
    const next = new Array(j + 1);
    next[j] = r[j];
    for (let i = 0; i < j; i++) next[i] = phi[i] - r[j] * phi[j - 1 - i];
    phi = next;
  }
  return phi;
}

/** Stationary covariance of the Harvey state: solves P = T P Tᵀ + R Rᵀ by doubling. O(r³ log). */
function stationaryCov(a: Float64Array, b: Float64Array, r: number): Float64Array | null {
  // A = T (dense), Q = R Rᵀ
  let A = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    A[i * r] = i < a.length ? a[i] : 0;
    if (i + 1 < r) A[i * r + i + 1] = 1;
  }
  const R = new Float64Array(r);
  R[0] = 1;
  for (let i = 1; i < r; i++) R[i] = i - 1 < b.length ? b[i - 1] : 0;
  let P = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * r + j] = R[i] * R[j];
  const tmp = new Float64Array(r * r);
  for (let iter = 0; iter < 60; iter++) {
    // P = P + A P Aᵀ ; A = A A
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += A[i * r + k] * P[k * r + j];
        tmp[i * r + j] = s;
      }
    let change = 0;
    let size = 0;
    const nextP = new Float64Array(r * r);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += tmp[i * r + k] * A[j * r + k];
        nextP[i * r + j] = P[i * r + j] + s;
        change = Math.max(change, Math.abs(s));
        size = Math.max(size, Math.abs(nextP[i * r + j]));
      }
    P = nextP;
    if (!Number.isFinite(size) || size > 1e12) return null;
    if (change <= 1e-13 * size) return P;
    const A2 = new Float64Array(r * r);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += A[i * r + k] * A[k * r + j];
        A2[i * r + j] = s;
      }
    A = A2;
  }
  return P;
}

/**
 * Exact Gaussian log-likelihood of a zero-mean ARMA on `w` by the Kalman filter (Harvey's state space form,
 * stationary initialisation), with σ² concentrated out (σ̂² = Σ v²/F / n). Returns the log-likelihood, σ̂², and the
 * predicted state after the last observation (for forecasting).
 */
export function armaLogLik(
  w: ArrayLike<number>,
  a: Float64Array,
  b: Float64Array,
): { loglik: number; sigma2: number; state: Float64Array; ok: boolean } {
  const r = Math.max(a.length, b.length + 1, 1);
  const n = w.length;
  const P0 = stationaryCov(a, b, r);
  if (!P0) return { loglik: Number.NEGATIVE_INFINITY, sigma2: Number.NaN, state: new Float64Array(r), ok: false };
  let P: Float64Array = P0;
  const st = new Float64Array(r);
  const R = new Float64Array(r);
  R[0] = 1;
  for (let i = 1; i < r; i++) R[i] = i - 1 < b.length ? b[i - 1] : 0;
  const T0 = new Float64Array(r);
  for (let i = 0; i < a.length; i++) T0[i] = a[i];
  const pz = new Float64Array(r);
  const X = new Float64Array(r * r);
  const M = new Float64Array(r * r);
  // two covariance buffers used alternately (no allocation per step)
  let next: Float64Array = new Float64Array(r * r);
  let sumLogF = 0;
  let ssq = 0;
  let steady = false;
  const K = new Float64Array(r); // T·P·Z/F at steady state
  for (let t = 0; t < n; t++) {
    if (steady) {
      const v = w[t] - st[0];
      ssq += v * v;
      // a ← T a + K v
      const a0 = st[0];
      for (let i = 0; i < r; i++) st[i] = T0[i] * a0 + (i + 1 < r ? st[i + 1] : 0) + K[i] * v;
      continue;
    }
    const F = P[0];
    if (!(F > 0)) return { loglik: Number.NEGATIVE_INFINITY, sigma2: Number.NaN, state: st, ok: false };
    const v = w[t] - st[0];
    sumLogF += Math.log(F);
    ssq += (v * v) / F;
    for (let i = 0; i < r; i++) pz[i] = P[i * r];
    // updated state and covariance
    for (let i = 0; i < r; i++) st[i] += (pz[i] * v) / F;
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) X[i * r + j] = P[i * r + j] - (pz[i] * pz[j]) / F;
    // predict: a ← T a ; P ← T X Tᵀ + R Rᵀ
    const a0 = st[0];
    for (let i = 0; i < r; i++) st[i] = T0[i] * a0 + (i + 1 < r ? st[i + 1] : 0);
    // M = T X
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) M[i * r + j] = T0[i] * X[j] + (i + 1 < r ? X[(i + 1) * r + j] : 0);
    // P = M Tᵀ + R Rᵀ
    let diff = 0;
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const val = M[i * r] * T0[j] + (j + 1 < r ? M[i * r + j + 1] : 0) + R[i] * R[j];
        next[i * r + j] = val;
        diff = Math.max(diff, Math.abs(val - P[i * r + j]));
      }
    const prev = P;
    P = next;
    next = prev === P0 ? new Float64Array(r * r) : prev;
    if (diff < 1e-10 && Math.abs(P[0] - 1) < 1e-10) {
      // steady state reached: F = 1 and a constant gain from here on
      steady = true;
      for (let i = 0; i < r; i++) {
        let s = 0;
        // K = T P Zᵀ / F computed from the converged P: (T P)[:,0]
        s = T0[i] * P[0] + (i + 1 < r ? P[(i + 1) * r] : 0);
        K[i] = s / P[0];
      }
      // the predicted covariance is P; the gain for the next update uses P[:,0]/F then T — rewrite state update:
      // a_{t+1} = T (a + P[:,0] v / F) = T a + (T P[:,0]) v / F, which is what K holds.
    }
  }
  const sigma2 = ssq / n;
  const loglik = -0.5 * n * (Math.log(2 * Math.PI) + Math.log(sigma2) + 1) - 0.5 * sumLogF;
  return { loglik, sigma2, state: st, ok: true };
}

/** Conditional sum of squares residuals (pre-sample errors zero, starting after the AR lags). */
export function cssResiduals(w: ArrayLike<number>, a: Float64Array, b: Float64Array, mu: number): Float64Array {
  const n = w.length;
  const e = new Float64Array(n);
  const p = a.length;
  for (let t = p; t < n; t++) {
    let v = w[t] - mu;
    for (let i = 0; i < p; i++) v -= a[i] * (w[t - 1 - i] - mu);
    for (let j = 0; j < b.length && j < t; j++) v -= b[j] * e[t - 1 - j];
    e[t] = v;
  }
  return e;
}

/** Options of {@link arima}. */
export interface ArimaOptions {
  readonly order: ArimaOrder;
  /** `ml` (exact likelihood by the Kalman filter, statsmodels SARIMAX's default) or `css`. Default `ml`. */
  readonly method?: 'ml' | 'css';
  /** Estimate a constant (mean of the differenced series). Default false (statsmodels SARIMAX's `trend='n'`). */
  readonly includeConstant?: boolean;
  /** Default `ARIMA(p,d,q)(P,D,Q)[s]`. */
  readonly alias?: string;
}

/** Options of {@link fitArima}. */
export interface ArimaFitOptions extends Omit<ArimaOptions, 'alias'> {
  /** Nelder–Mead restarts of the ML stage (of the CSS stage with `method: 'css'`). Default 2 (CSS: 1). */
  readonly restarts?: number;
}

/** A fitted seasonal ARIMA. */
export interface ArimaFit {
  readonly order: ArimaOrder;
  readonly method: 'ml' | 'css';
  readonly coefficients: ArimaCoefficients;
  readonly loglik: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  readonly nobs: number;
  forecast(horizon: number): Float64Array;
}

function unpack(x: ArrayLike<number>, o: ArimaOrder, withConst: boolean, scale: number, transform: boolean) {
  let k = 0;
  const take = (n: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(x[k++]);
    return out;
  };
  const arU = take(o.p);
  const maU = take(o.q);
  const sarU = take(o.P);
  const smaU = take(o.Q);
  const c = withConst ? x[k++] * scale : 0;
  if (!transform) return { ar: arU, ma: maU, sar: sarU, sma: smaU, constant: c, sigma2: 0 };
  return {
    ar: constrainStationary(arU),
    ma: constrainStationary(maU).map((v) => -v),
    sar: constrainStationary(sarU),
    sma: constrainStationary(smaU).map((v) => -v),
    constant: c,
    sigma2: 0,
  };
}

/** Observations an ARIMA fit of `o` needs: differencing + AR and MA lags + 3. */
export function minimumLength(o: ArimaOrder): number {
  return o.d + o.D * o.s + o.p + o.P * o.s + o.q + o.Q * o.s + 3;
}

/**
 * Fit a seasonal ARIMA with fixed orders by exact maximum likelihood (Kalman filter; stationarity and invertibility
 * enforced through Monahan's partial-autocorrelation transform, like statsmodels SARIMAX) or by conditional sum of
 * squares. Differencing is applied first; the likelihood is that of the differenced series (equal to the exact
 * diffuse likelihood statsmodels reports). O(iterations × n × r²), r = max(p + sP, q + sQ + 1).
 *
 * The constant μ (the mean of the differenced series w, a drift when d + D = 1) is estimated first by regression, as
 * R's `arima` does with its xreg: the OLS coefficient of w on the intercept column, i.e. the sample mean w̄. CSS then
 * estimates the ARMA coefficients with μ held at w̄ (with `method: 'css'` the reported constant is w̄); the ML stage
 * starts from there and estimates μ jointly with the rest. Why μ is not a free CSS parameter: the CSS residuals
 * depend on μ only through μ·φ(1)Φ(1), so when the fit of a short, over-parameterised series drifts to the edge of
 * the stationary region (a seasonal AR → 1 or an AR → 1, where φ(1)Φ(1) → 0) the mean is not identified and the
 * constant ran off (−26,857 for a drift of 0.59 on a 40-value series, forecasts of −4·10⁵ for a level of 120).
 * Monahan's transform already keeps the estimates inside the (open) stationary region, but cannot keep them away
 * from its boundary, and bounding μ would need an arbitrary bound. The sample mean does not involve
 * φ(1) and, for a stationary ARMA, is asymptotically as efficient as the GLS mean (Grenander; Brockwell & Davis
 * §7.1), so well-behaved CSS fits move by little (ARMA coefficients by < 0.002 on the simulated SARIMA test series)
 * and exact ML fits only within the optimiser's tolerance. An ML start on the boundary (no stationary covariance, so
 * no finite likelihood anywhere in the first simplex) is pulled inside first.
 *
 * @throws RetailKitError `FORECAST_SERIES_TOO_SHORT` when fewer than (orders + differencing + 3) observations remain.
 * @example
 * fitArima(y, { order: { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 6 } }).forecast(10)
 */
export function fitArima(y: ArrayLike<number>, options: ArimaFitOptions): ArimaFit {
  const o = options.order;
  const method = options.method ?? 'ml';
  const need = minimumLength(o);
  if (y.length < need)
    throw seriesTooShort(
      'fitArima',
      y.length,
      need,
      'Use lower orders, a shorter season, or a model for short series (arima() and autoArima() fall back to a seasonal average).',
    );
  const w = difference(y, o.d, o.D, o.s);
  const withConst = options.includeConstant ?? false;
  const npar = o.p + o.q + o.P + o.Q + (withConst ? 1 : 0);
  let scale = 0;
  for (let i = 0; i < w.length; i++) scale += Math.abs(w[i]);
  scale = scale / Math.max(1, w.length) || 1;
  let wMean = 0;
  for (let i = 0; i < w.length; i++) wMean += w[i];
  wMean /= Math.max(1, w.length);

  // CSS over the ARMA coefficients only: μ stays at its OLS estimate w̄ (see the doc comment)
  const mu0 = withConst ? wMean : 0;
  const cssObjective = (x: Float64Array): number => {
    const c = unpack(x, o, false, scale, true);
    const { a, b } = expandPolynomials(c, o.s);
    const e = cssResiduals(w, a, b, mu0);
    let s = 0;
    for (let t = a.length; t < e.length; t++) s += e[t] * e[t];
    return s;
  };
  const mlObjective = (x: Float64Array): number => {
    const c = unpack(x, o, withConst, scale, true);
    const { a, b } = expandPolynomials(c, o.s);
    const centred = withConst ? w.map((v) => v - c.constant) : w;
    const r = armaLogLik(centred, a, b);
    return r.ok ? -r.loglik : Number.MAX_VALUE;
  };
  const nArma = o.p + o.q + o.P + o.Q;
  let x: Float64Array = new Float64Array(npar);
  if (withConst) x[npar - 1] = mu0 / scale;
  if (npar > 0) {
    if (nArma > 0) {
      const start = nelderMead(cssObjective, x.subarray(0, nArma), {
        maxIter: 100 * npar + 200,
        tol: 1e-9,
        step: 0.3,
        restarts: method === 'css' ? (options.restarts ?? 1) : 1,
      });
      x.set(start.x);
    }
    if (method === 'ml') {
      // a CSS estimate on the stationarity boundary (|partial autocorrelation| → 1) has no stationary covariance, so
      // every simplex point would score MAX_VALUE: pull the ARMA part in until the exact likelihood is finite
      for (const bound of [20, 7, 3, 1, 0]) {
        if (mlObjective(x) < Number.MAX_VALUE) break;
        for (let i = 0; i < nArma; i++) x[i] = Math.max(-bound, Math.min(bound, x[i]));
      }
      const res = nelderMead(mlObjective, x, {
        maxIter: 200 * npar,
        tol: 1e-10,
        step: 0.1,
        restarts: options.restarts ?? 2,
      });
      x = res.x;
    }
  }
  const c = unpack(x, o, withConst, scale, true);
  const { a, b } = expandPolynomials(c, o.s);
  let loglik: number;
  let sigma2: number;
  // ML's final filter pass is the forecaster's (same centred w, same polynomials): its state is kept for forecasts
  let mlState: Float64Array | undefined;
  if (method === 'ml') {
    const kf = armaLogLik(withConst ? w.map((v) => v - c.constant) : w, a, b);
    loglik = kf.loglik;
    sigma2 = kf.sigma2;
    mlState = kf.state;
  } else {
    const e = cssResiduals(w, a, b, c.constant);
    let s = 0;
    for (let t = a.length; t < e.length; t++) s += e[t] * e[t];
    const m = e.length - a.length;
    sigma2 = s / m;
    loglik = -0.5 * m * (Math.log(2 * Math.PI * sigma2) + 1);
  }
  const k = npar + 1;
  const nobs = w.length;
  const aic = -2 * loglik + 2 * k;
  const aicc = nobs - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (nobs - k - 1) : Number.POSITIVE_INFINITY;
  const bic = -2 * loglik + Math.log(nobs) * k;
  const coefficients: ArimaCoefficients = { ...c, sigma2 };
  const yArr = Float64Array.from(y);
  // a CSS fit filters on its first forecast only (the order search's CSS fits never forecast)
  let forecast: ((h: number) => Float64Array) | undefined =
    mlState && ((h: number) => arimaForecast(yArr, o, a, mlState, c.constant, h));
  return Object.freeze({
    order: o,
    method,
    coefficients,
    loglik,
    aic,
    aicc,
    bic,
    nobs,
    forecast: (h: number) => {
      forecast ??= arimaForecaster(yArr, o, coefficients);
      return forecast(h);
    },
  });
}

/**
 * Forecasts of a seasonal ARIMA with known coefficients from the end of the history y; nothing is estimated (a fit's
 * own forecast, and the history update of statsforecast's `forward`). Both CSS and ML fits forecast this way:
 * w = (1 − B)^d (1 − B^s)^D y; the Kalman filter of {@link armaLogLik} (Harvey form, stationary start) over w − μ
 * gives the predicted state a(n+1|n); ŵ(n+h) = μ + [T^(h−1) a(n+1|n)]₀; then y(t) = ŵ(t) − Σ_{k≥1} δ_k y(t−k) with
 * δ(B) = (1 − B)^d (1 − B^s)^D. O(n r²), r = max(p + sP, q + sQ + 1).
 */
export function arimaForecaster(y: Float64Array, o: ArimaOrder, c: ArimaCoefficients): (h: number) => Float64Array {
  const { a, b } = expandPolynomials(c, o.s);
  const w = difference(y, o.d, o.D, o.s);
  const { state } = armaLogLik(c.constant === 0 ? w : w.map((v) => v - c.constant), a, b);
  return (h) => arimaForecast(y, o, a, state, c.constant, h);
}

/** Forecast the differenced series from the filtered state, then undo the differencing. */
function arimaForecast(
  y: Float64Array,
  o: ArimaOrder,
  a: Float64Array,
  state: Float64Array,
  mu: number,
  h: number,
): Float64Array {
  const r = state.length;
  const st = Float64Array.from(state);
  const wf = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    wf[i] = st[0] + mu;
    const a0 = st[0];
    for (let j = 0; j < r; j++) st[j] = (j < a.length ? a[j] : 0) * a0 + (j + 1 < r ? st[j + 1] : 0);
  }
  // δ(B) = (1 − B)^d (1 − B^s)^D; y(t) = w(t) − Σ_{k≥1} δ_k y(t−k)
  let delta = [1];
  for (let k = 0; k < o.d; k++) delta = polyMul(delta, [1, -1]);
  for (let k = 0; k < o.D; k++) {
    const sp = new Array(o.s + 1).fill(0);
    sp[0] = 1;
    sp[o.s] = -1;
    delta = polyMul(delta, sp);
  }
  if (delta.length === 1) return wf;
  const n = y.length;
  const ext = new Float64Array(n + h);
  ext.set(y);
  for (let i = 0; i < h; i++) {
    let v = wf[i];
    for (let k = 1; k < delta.length; k++) v -= delta[k] * ext[n + i - k];
    ext[n + i] = v;
  }
  return ext.slice(n);
}

export function checkOrder(fn: string, o: ArimaOrder): ArimaOrder {
  for (const key of ['p', 'd', 'q', 'P', 'D', 'Q'] as const)
    if (!Number.isInteger(o[key]) || o[key] < 0 || o[key] > 10)
      throw invalidArgument(fn, `order.${key}`, o[key], 'an integer in [0, 10]');
  checkPositiveInt(fn, 'order.s', o.s);
  return o;
}

/**
 * Seasonal ARIMA with fixed orders as a model. Alias `ARIMA(p,d,q)(P,D,Q)[s]` unless given. Series too short for
 * the orders fall back to the mean of the last season (recorded in params). `FittedModel.update` (used by
 * `crossValidation` with `refit: false | n`) keeps the estimated coefficients and reruns the Kalman filter over the
 * new history, forecasting from its end (statsforecast's `forward`).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for orders outside [0, 10].
 * @example
 * // (1 − B)(1 − B⁴) y = ε: next = the value a season ago + the last yearly change
 * const y = Array.from({ length: 40 }, (_, t) => 100 + 2 * t + [5, -3, 0, -2][t % 4]);
 * arima({ order: { p: 0, d: 1, q: 0, P: 0, D: 1, Q: 0, s: 4 } }).forecast(seriesFromArrays([{ id: 'a', y }]), 4)
 * // Float64Array [185, 179, 184, 184]
 */
export function arima(options: ArimaOptions): ForecastModel {
  const o = checkOrder('arima', options.order);
  const alias = options.alias ?? `ARIMA(${o.p},${o.d},${o.q})(${o.P},${o.D},${o.Q})[${o.s}]`;
  const method = options.method ?? 'ml';
  if (method !== 'ml' && method !== 'css') throw invalidArgument('arima', 'method', method, "'ml' or 'css'");
  return localModel(
    { type: 'ARIMA', alias, options: { order: o, method, includeConstant: options.includeConstant ?? false } },
    (y): LocalFit => {
      if (y.length < minimumLength(o)) return fallback(y, o.s);
      const fit = fitArima(y, { order: o, method, includeConstant: options.includeConstant });
      return arimaLocalFit(
        y,
        o,
        fit.coefficients,
        { ...fit.coefficients, loglik: fit.loglik, aicc: fit.aicc },
        fit.forecast,
      );
    },
  );
}

/**
 * One series' fitted ARIMA: forecasts from the end of y (see {@link arimaForecaster}; a fit passes its own
 * forecaster, whose ML filter pass is already done). `update` keeps the order and every coefficient (AR, MA,
 * seasonal AR and MA, constant or drift, σ²) and filters the new history; nothing is re-estimated, so the params
 * stay those of the fit. A history of fewer than d + sD values (too short to undo the
 * differencing) gets the fallback.
 */
function arimaLocalFit(
  y: Float64Array,
  o: ArimaOrder,
  c: ArimaCoefficients,
  params: Readonly<Record<string, unknown>>,
  predict = arimaForecaster(Float64Array.from(y), o, c),
): LocalFit {
  return {
    predict,
    params,
    update: (y2) => (y2.length < o.d + o.D * o.s ? fallback(y2, o.s) : arimaLocalFit(y2, o, c, params)),
  };
}

/** Too short to fit: the mean of the last season; a history update does the same on the new history. */
function fallback(y: Float64Array, s: number): LocalFit {
  const k = Math.min(y.length, s);
  let sum = 0;
  for (let i = y.length - k; i < y.length; i++) sum += y[i];
  const v = sum / k;
  return { predict: (h) => constant(v, h), params: { fallback: 'window-average' }, update: (y2) => fallback(y2, s) };
}

/** KPSS level-stationarity statistic with Schwert's lag rule (Newey–West long-run variance). */
export function kpssStatistic(y: ArrayLike<number>): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) e[i] = y[i] - mean;
  let s = 0;
  let eta = 0;
  for (let i = 0; i < n; i++) {
    s += e[i];
    eta += s * s;
  }
  eta /= n * n;
  const lags = Math.trunc(4 * (n / 100) ** 0.25);
  let lrv = 0;
  for (let i = 0; i < n; i++) lrv += e[i] * e[i];
  lrv /= n;
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let i = l; i < n; i++) c += e[i] * e[i - l];
    lrv += (2 * (1 - l / (lags + 1)) * c) / n;
  }
  return eta / lrv;
}

/** Options of {@link autoArima}. */
export interface AutoArimaOptions {
  readonly seasonLength?: number;
  readonly maxP?: number;
  readonly maxQ?: number;
  readonly maxSeasonalP?: number;
  readonly maxSeasonalQ?: number;
  readonly alias?: string;
}

/**
 * Choose d by repeated KPSS tests at 5% (statistic > 0.463 → difference again, at most 2), D by the seasonal
 * strength of an STL-like split (> 0.64 → D = 1), then the Hyndman–Khandakar stepwise search over (p, q, P, Q) by
 * AICc of CSS fits, refitting the winner by exact ML.
 */
export function selectArimaOrder(
  y: ArrayLike<number>,
  options: AutoArimaOptions = {},
): { order: ArimaOrder; includeConstant: boolean; tried: number } {
  const s = options.seasonLength ?? 1;
  const n = y.length;
  const seasonal = s > 1 && n >= 3 * s;
  let D = 0;
  if (seasonal && seasonalStrength(y, s) > 0.64) D = 1;
  let d = 0;
  let w = difference(y, 0, D, s);
  while (d < 2 && w.length > 10 && kpssStatistic(w) > 0.463) {
    d++;
    w = difference(y, d, D, s);
  }
  const maxP = options.maxP ?? 2;
  const maxQ = options.maxQ ?? 2;
  const maxSP = seasonal ? (options.maxSeasonalP ?? 1) : 0;
  const maxSQ = seasonal ? (options.maxSeasonalQ ?? 1) : 0;
  const allowConst = d + D <= 1;
  const cache = new Map<string, number>();
  const score = (p: number, q: number, P: number, Q: number, c: boolean): number => {
    const key = `${p},${q},${P},${Q},${c}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const order = { p, d, q, P, D, Q, s: seasonal ? s : 1 };
    const need = d + D * s + p + P * s + q + Q * s + 5;
    let v = Number.POSITIVE_INFINITY;
    if (n >= need) v = fitArima(y, { order, method: 'css', includeConstant: c, restarts: 0 }).aicc;
    if (!Number.isFinite(v)) v = Number.POSITIVE_INFINITY;
    cache.set(key, v);
    return v;
  };
  const starts: [number, number, number, number][] = [
    [Math.min(2, maxP), Math.min(2, maxQ), Math.min(1, maxSP), Math.min(1, maxSQ)],
    [0, 0, 0, 0],
    [Math.min(1, maxP), 0, Math.min(1, maxSP), 0],
    [0, Math.min(1, maxQ), 0, Math.min(1, maxSQ)],
  ];
  let best = { p: 0, q: 0, P: 0, Q: 0, c: allowConst, v: Number.POSITIVE_INFINITY };
  for (const [p, q, P, Q] of starts)
    for (const c of allowConst ? [true, false] : [false]) {
      const v = score(p, q, P, Q, c);
      if (v < best.v) best = { p, q, P, Q, c, v };
    }
  for (let iter = 0; iter < 50; iter++) {
    let improved = false;
    const moves: [number, number, number, number][] = [];
    for (const dp of [-1, 0, 1]) for (const dq of [-1, 0, 1]) if (dp !== 0 || dq !== 0) moves.push([dp, dq, 0, 0]);
    for (const dP of [-1, 0, 1]) for (const dQ of [-1, 0, 1]) if (dP !== 0 || dQ !== 0) moves.push([0, 0, dP, dQ]);
    for (const [dp, dq, dP, dQ] of moves) {
      const p = best.p + dp;
      const q = best.q + dq;
      const P = best.P + dP;
      const Q = best.Q + dQ;
      if (p < 0 || q < 0 || P < 0 || Q < 0 || p > maxP || q > maxQ || P > maxSP || Q > maxSQ) continue;
      for (const c of allowConst ? [best.c, !best.c] : [false]) {
        const v = score(p, q, P, Q, c);
        if (v < best.v - 1e-9) {
          best = { p, q, P, Q, c, v };
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return {
    order: { p: best.p, d, q: best.q, P: best.P, D, Q: best.Q, s: seasonal ? s : 1 },
    includeConstant: best.c,
    tried: cache.size,
  };
}

/** Seasonal strength max(0, 1 − Var(remainder) / Var(season + remainder)) from a classical split. */
function seasonalStrength(y: ArrayLike<number>, s: number): number {
  const n = y.length;
  const trend = centredMovingAverage(y, s);
  const avg = new Float64Array(s);
  const cnt = new Float64Array(s);
  for (let t = 0; t < n; t++)
    if (!Number.isNaN(trend[t])) {
      avg[t % s] += y[t] - trend[t];
      cnt[t % s]++;
    }
  let mean = 0;
  for (let k = 0; k < s; k++) {
    avg[k] /= cnt[k] || 1;
    mean += avg[k] / s;
  }
  const rem: number[] = [];
  const sr: number[] = [];
  for (let t = 0; t < n; t++)
    if (!Number.isNaN(trend[t])) {
      const season = avg[t % s] - mean;
      const detr = y[t] - trend[t];
      rem.push(detr - season);
      sr.push(detr);
    }
  const variance = (v: number[]): number => {
    const m = v.reduce((x, z) => x + z, 0) / v.length;
    return v.reduce((x, z) => x + (z - m) ** 2, 0) / v.length;
  };
  const vs = variance(sr);
  return vs > 0 ? Math.max(0, 1 - variance(rem) / vs) : 0;
}

/**
 * Automatic seasonal ARIMA (stepwise search, see {@link selectArimaOrder}), final fit by exact ML.
 * Alias `AutoARIMA`. `FittedModel.update` keeps the selected orders and the coefficients (no new search) and reruns
 * the Kalman filter over the new history, as {@link arima} does.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when seasonLength is not an integer ≥ 1.
 * @example
 * autoArima({ seasonLength: 4 }).forecast(seriesFromArrays([{ id: 'a', y }]), 2) // [183.946807, 175.971285] (to 1e-6)
 */
export function autoArima(options: AutoArimaOptions = {}): ForecastModel {
  const alias = options.alias ?? 'AutoARIMA';
  const s = options.seasonLength ?? 1;
  checkPositiveInt('autoArima', 'seasonLength', s);
  return localModel({ type: 'AutoARIMA', alias, options: { ...options } }, (y): LocalFit => {
    if (y.length < 8) return fallback(y, s);
    const sel = selectArimaOrder(y, options);
    if (y.length < minimumLength(sel.order)) return fallback(y, s);
    // one Nelder–Mead run from the CSS estimate (a restart reached the same optimum on the daily series of the forecast benchmark)
    const fit = fitArima(y, { order: sel.order, method: 'ml', includeConstant: sel.includeConstant, restarts: 0 });
    // a history update keeps the selected orders and the coefficients: no new search, no new estimate
    return arimaLocalFit(
      y,
      sel.order,
      fit.coefficients,
      { order: sel.order, includeConstant: sel.includeConstant, ...fit.coefficients, aicc: fit.aicc },
      fit.forecast,
    );
  });
}
