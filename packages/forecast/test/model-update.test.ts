import {
  type ArimaOrder,
  arima,
  autoArima,
  type ForecastModel,
  ridge,
  type SeriesData,
  seriesFromArrays,
} from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';
import { truncateSeries } from '../src/internal/series-subsets.js';
import type { ArimaCoefficients } from '../src/models/arima.js';
import { sarimaSeries, uniform } from './helpers.js';

/**
 * `FittedModel.update` of ARIMA, AutoARIMA and ridge: the fitted parameters are kept and the forecast starts at the end
 * of the new history. Same history → the fit's own forecast, bit for bit. Longer history → an independent
 * computation from the fitted parameters (the oracle is named in each test).
 */

/** A stationary AR(1) around 20: y(t) − 20 = 0.7 (y(t − 1) − 20) + 3 u(t). */
function ar1Series(n: number, seed: number): number[] {
  const u = uniform(seed);
  let x = 0;
  return Array.from({ length: n }, () => {
    x = 0.7 * x + 3 * u();
    return 20 + x;
  });
}

const one = (y: number[]): SeriesData => seriesFromArrays([{ id: 'a', y }]);

/** Fit on the first `n` values, then update on the first `m`: the updated fit, the original fit, and the params. */
function fitThenUpdate(model: ForecastModel, data: SeriesData, n: number, m: number) {
  const fitted = model.fit(truncateSeries(data, () => n));
  const updated = fitted.update?.(truncateSeries(data, () => m));
  if (!updated) throw new Error(`${model.alias} has no update`);
  return { fitted, updated, params: fitted.params[0] };
}

/**
 * Independent oracle for the ARIMA update: a textbook Kalman filter with plain arrays (Harvey's state space form,
 * no steady-state shortcut, the stationary P₀ as the fixed point of P ← T P Tᵀ + R Rᵀ reached by plain iteration, a₁ = 0)
 * over the differenced series minus μ; ŵ(n + j) = μ + [T^(j−1) a(n+1|n)]₀; differencing undone one stage at a time
 * (z_k(t + lag) = z_{k+1}(t) + z_k(t)).
 */
function oracleArimaForecast(y: number[], o: ArimaOrder, c: ArimaCoefficients, h: number): number[] {
  const lags = [...new Array(o.D).fill(o.s), ...new Array(o.d).fill(1)] as number[];
  const stages = [y];
  for (const lag of lags) {
    const z = stages[stages.length - 1];
    stages.push(z.slice(lag).map((v, i) => v - z[i]));
  }
  const w = stages[stages.length - 1].map((v) => v - c.constant);
  const conv = (p: number[], q: number[]): number[] => {
    const out = new Array(p.length + q.length - 1).fill(0);
    p.forEach((pv, i) => {
      q.forEach((qv, j) => {
        out[i + j] += pv * qv;
      });
    });
    return out;
  };
  const seasonal = (coefs: number[], sign: number): number[] => {
    const out = new Array(coefs.length * o.s + 1).fill(0);
    out[0] = 1;
    coefs.forEach((v, k) => {
      out[(k + 1) * o.s] = sign * v;
    });
    return out;
  };
  // φ(B)Φ(B^s) = 1 − Σ a_i B^i, θ(B)Θ(B^s) = 1 + Σ b_j B^j
  const arPoly = conv([1, ...c.ar.map((v) => -v)], seasonal(c.sar, -1));
  const maPoly = conv([1, ...c.ma], seasonal(c.sma, 1));
  const a = arPoly.slice(1).map((v) => -v);
  const b = maPoly.slice(1);
  const r = Math.max(a.length, b.length + 1);
  const T = Array.from({ length: r }, (_, i) =>
    Array.from({ length: r }, (_, j) => (j === 0 ? (a[i] ?? 0) : 0) + (j === i + 1 ? 1 : 0)),
  );
  const R = Array.from({ length: r }, (_, i) => (i === 0 ? 1 : (b[i - 1] ?? 0)));
  const mat = (A: number[][], B: number[][]) =>
    A.map((row) => B[0].map((_, j) => row.reduce((s, v, k) => s + v * B[k][j], 0)));
  const tr = (A: number[][]) => A[0].map((_, j) => A.map((row) => row[j]));
  const RRt = R.map((ri) => R.map((rj) => ri * rj));
  const step = (P: number[][]) => mat(mat(T, P), tr(T)).map((row, i) => row.map((v, j) => v + RRt[i][j]));
  let P = RRt;
  for (let it = 0; ; it++) {
    if (it === 100_000) throw new Error('oracle: P₀ did not converge (coefficients near a unit root)');
    const next = step(P);
    const change = Math.max(...next.flatMap((row, i) => row.map((v, j) => Math.abs(v - P[i][j]))));
    P = next;
    if (change < 1e-15 * Math.max(...P.flat().map(Math.abs))) break;
  }
  let x = new Array(r).fill(0);
  for (const wt of w) {
    const F = P[0][0];
    const v = wt - x[0];
    const K = P.map((row) => row[0] / F);
    x = x.map((xi, i) => xi + K[i] * v);
    P = P.map((row, i) => row.map((pij, j) => pij - K[i] * P[0][j]));
    x = T.map((row) => row.reduce((s, tv, k) => s + tv * x[k], 0));
    P = step(P);
  }
  let f: number[] = [];
  for (let j = 0; j < h; j++) {
    f.push(x[0] + c.constant);
    x = T.map((row) => row.reduce((s, tv, k) => s + tv * x[k], 0));
  }
  for (let k = lags.length - 1; k >= 0; k--) {
    const z = stages[k].slice();
    const len = z.length;
    for (let j = 0; j < h; j++) z.push(f[j] + z[len + j - lags[k]]);
    f = z.slice(len);
  }
  return f;
}

/** ARIMA params → coefficients (the model's params hold them flat). */
function coefficientsOf(p: Readonly<Record<string, unknown>>): ArimaCoefficients {
  const { ar, ma, sar, sma, constant, sigma2 } = p as unknown as ArimaCoefficients;
  return { ar, ma, sar, sma, constant, sigma2 };
}

const expectClose = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(tol);
};

describe('ARIMA update keeps the coefficients and filters the new history', () => {
  const Y = sarimaSeries(80, 2);
  const data = one(Y);
  const sarima = { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 4 };

  for (const method of ['ml', 'css'] as const) {
    it(`AR(1) with a mean (${method}): ŷ(T + h) = μ + φ^h (y_T − μ), the hand formula, on a longer history`, () => {
      const y = ar1Series(50, 3);
      const model = arima({ order: { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 1 }, method, includeConstant: true });
      const { fitted, updated, params } = fitThenUpdate(model, one(y), 30, 50);
      const { ar, constant: mu } = coefficientsOf(params);
      const hand = Array.from({ length: 5 }, (_, i) => mu + ar[0] ** (i + 1) * (y[49] - mu));
      expectClose(updated.predict(5), hand, 1e-12);
      expect(updated.params).toEqual(fitted.params); // nothing re-estimated
      // the refit estimates other coefficients, so the update is not a refit in disguise
      expect(coefficientsOf(model.fit(one(y)).params[0]).ar[0]).not.toBeCloseTo(ar[0], 6);
    });

    it(`SARIMA(1,1,1)(1,0,1)[4] (${method}): same history gives the fit's forecast exactly`, () => {
      const model = arima({ order: sarima, method, includeConstant: method === 'css' });
      const { fitted, updated } = fitThenUpdate(model, data, 60, 60);
      expect(Array.from(updated.predict(8))).toEqual(Array.from(fitted.predict(8)));
    });

    it(`SARIMA(1,1,1)(1,0,1)[4] (${method}): a longer history matches the plain Kalman-filter oracle`, () => {
      const model = arima({ order: sarima, method, includeConstant: method === 'css' });
      for (const m of [61, 70, 80]) {
        const { updated, params } = fitThenUpdate(model, data, 60, m);
        const c = coefficientsOf(params);
        if (method === 'css') expect(c.constant).not.toBe(0); // the drift is kept too
        expectClose(updated.predict(8), oracleArimaForecast(Y.slice(0, m), sarima, c, 8), 1e-9);
      }
    });
  }

  it('the oracle reproduces the fit itself (so it computes the same quantity)', () => {
    const model = arima({ order: sarima });
    const fitted = model.fit(truncateSeries(data, () => 60));
    expectClose(
      fitted.predict(8),
      oracleArimaForecast(Y.slice(0, 60), sarima, coefficientsOf(fitted.params[0]), 8),
      1e-9,
    );
  });

  it('a fit too short for the orders falls back, and its update falls back on the new history', () => {
    const model = arima({ order: sarima });
    const { updated, params } = fitThenUpdate(model, data, 8, 12);
    expect(params).toEqual({ fallback: 'window-average' });
    expectClose(updated.predict(2), [(Y[8] + Y[9] + Y[10] + Y[11]) / 4, (Y[8] + Y[9] + Y[10] + Y[11]) / 4], 1e-12);
  });
});

describe('AutoARIMA update keeps the selected orders and coefficients', () => {
  const Y = sarimaSeries(80, 2);
  const data = one(Y);
  const model = autoArima({ seasonLength: 4 });

  it('same history: the fit forecast exactly; longer history: the Kalman-filter oracle with the selected orders', () => {
    const same = fitThenUpdate(model, data, 60, 60);
    expect(Array.from(same.updated.predict(6))).toEqual(Array.from(same.fitted.predict(6)));
    const { fitted, updated, params } = fitThenUpdate(model, data, 60, 76);
    const order = params.order as ArimaOrder;
    expect(order).toEqual({ p: 2, d: 1, q: 1, P: 1, D: 0, Q: 0, s: 4 }); // selected on y[0 .. 60)
    expect(updated.params).toEqual(fitted.params); // same orders, same coefficients: no new search
    expectClose(updated.predict(6), oracleArimaForecast(Y.slice(0, 76), order, coefficientsOf(params), 6), 1e-9);
  });
});

describe('ridge update keeps β and the feature layout', () => {
  // business days (Sundays closed) from Monday 2024-01-01; weekday effect + trend + noise
  const DAY = 86_400_000;
  const monday = Date.UTC(2024, 0, 1);
  const ds: number[] = [];
  for (let d = 0; ds.length < 70; d++) if (d % 7 !== 6) ds.push(monday + d * DAY);
  const u = uniform(5);
  const Y = Array.from(ds, (_, i) => 100 + 0.5 * i + [0, 4, 6, -3, 8, 12][i % 6] + 3 * u());
  const data = seriesFromArrays([{ id: 'a', y: Y, ds }], { calendar: { closedWeekdays: [7], holidays: [] } });
  /** ISO weekday written out: 1970-01-01 was a Thursday (4). */
  const weekday = (ms: number) => ((((Math.floor(ms / DAY) + 3) % 7) + 7) % 7) + 1;

  const cases = [
    { name: 'day-of-week dummies, trailing window of 30', options: { windowSize: 30 } },
    {
      name: 'Fourier terms and log1p target',
      options: { seasonal: 'none', fourier: [{ period: 6, k: 2 }], target: 'log1p' },
    },
  ] as const;

  for (const { name, options } of cases)
    it(`${name}: same history gives the fit; a longer one gives x(n′ + i)ᵀβ by hand`, () => {
      const model = ridge(options);
      const same = fitThenUpdate(model, data, 48, 48);
      expect(Array.from(same.updated.predict(7))).toEqual(Array.from(same.fitted.predict(7)));
      const n = 48;
      const m = 60;
      const { fitted, updated, params } = fitThenUpdate(model, data, n, m);
      expect(updated.params).toEqual(fitted.params);
      const { beta, dummies, windowStart } = params as { beta: number[]; dummies: number[]; windowStart: number };
      const fourier = 'fourier' in options ? options.fourier : [];
      const log = 'target' in options;
      // hand computation: features at t = m + i and the (Sunday-skipping) date of that row, the fit's trend scale
      const hand = Array.from({ length: 7 }, (_, i) => {
        const t = m + i;
        const x = [1, (t - windowStart) / (n - windowStart)];
        for (const d of dummies) x.push(weekday(ds[t]) === d ? 1 : 0);
        for (const f of fourier)
          for (let k = 1; k <= f.k; k++)
            x.push(Math.sin((2 * Math.PI * k * t) / f.period), Math.cos((2 * Math.PI * k * t) / f.period));
        expect(x.length).toBe(beta.length);
        const v = x.reduce((s, xj, j) => s + xj * beta[j], 0);
        return log ? Math.expm1(v) : v;
      });
      expectClose(updated.predict(7), hand, 1e-9);
    });
});
