import { arima, seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';
import { fitArima } from '../src/models/arima.js';
import { sarimaSeries, uniform } from './helpers.js';

/**
 * The constant of a CSS fit is the OLS estimate of the mean of the differenced series, held fixed while CSS
 * estimates the ARMA part (see `fitArima`). As a free CSS parameter it would not be identified: the CSS residuals
 * depend on μ only through μ·φ(1)Φ(1), so on short, over-parameterised series whose fit ends at the stationarity
 * boundary (seasonal AR → 1, MA → −1, as on the 40 values of seed 171 below) any μ fits about as well.
 */

/** 40 noisy weekly values: level 100, drift 0.5, a season of 4, noise 15 · (a sum of three uniforms on (−1, 1)). */
function shortWeekly(seed: number): number[] {
  const u = uniform(seed);
  return Array.from({ length: 40 }, (_, t) => 100 + 0.5 * t + [6, -2, -6, 2][t % 4] + 15 * (u() + u() + u()));
}

const sarima = { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 4 };

/** OLS drift of a d = 1, D = 0 model: the mean of the first differences, which telescopes to (y_n − y_1)/(n − 1). */
const olsDrift = (y: number[]): number => (y[y.length - 1] - y[0]) / (y.length - 1);
/** Mean |Δy|: the scale the drift is judged against. */
const diffScale = (y: number[]): number => {
  let s = 0;
  for (let t = 1; t < y.length; t++) s += Math.abs(y[t] - y[t - 1]);
  return s / (y.length - 1);
};

function expectSaneForecast(y: number[], f: ArrayLike<number>): void {
  const lo = Math.min(...y);
  const hi = Math.max(...y);
  const range = hi - lo;
  for (let h = 0; h < f.length; h++) {
    expect(Number.isFinite(f[h])).toBe(true);
    expect(f[h]).toBeGreaterThan(lo - range);
    expect(f[h]).toBeLessThan(hi + range);
  }
}

describe('ARIMA CSS with a constant: the mean is estimated by OLS, not by CSS', () => {
  it('SARIMA(1,1,1)(1,0,1)[4] with drift at the stationarity boundary (40 noisy weekly values, seed 171) keeps the OLS drift', () => {
    const y = shortWeekly(171);
    const fit = fitArima(y, { order: sarima, method: 'css', includeConstant: true });
    const c = fit.coefficients;
    // this series does drive the fit to the boundary, where μ·φ(1)Φ(1) → 0
    expect(c.sar[0]).toBeGreaterThan(0.999);
    expect(c.ma[0]).toBeLessThan(-0.999);
    // independent: (y_40 − y_1) / 39 = 0.58775 by hand from the series
    expect(olsDrift(y)).toBeCloseTo(0.5877478446286076, 12);
    expect(Math.abs(c.constant - olsDrift(y))).toBeLessThan(3 * diffScale(y));
    expectSaneForecast(y, fit.forecast(8));
    expect(c.constant).toBeCloseTo(olsDrift(y), 12);
    // the model wrapper forecasts the same
    const data = seriesFromArrays([{ id: 'a', y }], { freq: 'W' });
    expectSaneForecast(y, arima({ order: sarima, method: 'css', includeConstant: true }).forecast(data, 8));
  });

  it('over 60 seeds of the same design every CSS drift is the OLS drift and every forecast is finite and in range', () => {
    for (const seed of [...Array.from({ length: 59 }, (_, i) => i + 1), 171]) {
      const y = shortWeekly(seed);
      const fit = fitArima(y, { order: sarima, method: 'css', includeConstant: true });
      expect(Number.isFinite(fit.loglik)).toBe(true);
      expect(Math.abs(fit.coefficients.constant - olsDrift(y))).toBeLessThan(3 * diffScale(y));
      expectSaneForecast(y, fit.forecast(8));
      expect(fit.coefficients.constant).toBeCloseTo(olsDrift(y), 12);
    }
  });

  it('AR(1) with a mean: φ̂ is the closed-form CSS minimiser around the sample mean (hand formula)', () => {
    // y(t) − 20 = 0.7 (y(t − 1) − 20) + 3 u(t); with μ = ȳ, e(t) = (y_t − ȳ) − φ (y_{t−1} − ȳ), minimised by
    // φ̂ = Σ (y_t − ȳ)(y_{t−1} − ȳ) / Σ (y_{t−1} − ȳ)²
    const u = uniform(3);
    let x = 0;
    const y = Array.from({ length: 50 }, () => {
      x = 0.7 * x + 3 * u();
      return 20 + x;
    });
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    let num = 0;
    let den = 0;
    for (let t = 1; t < y.length; t++) {
      num += (y[t] - mean) * (y[t - 1] - mean);
      den += (y[t - 1] - mean) ** 2;
    }
    const fit = fitArima(y, {
      order: { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 1 },
      method: 'css',
      includeConstant: true,
    });
    expect(fit.coefficients.constant).toBeCloseTo(mean, 12);
    expect(fit.coefficients.ar[0]).toBeCloseTo(num / den, 5);
  });

  it('on well-behaved series (simulated SARIMA, seeds 2, 3; 60 values) the OLS mean moves CSS and ML fits by little', () => {
    // pinned values, not an independent source: fitArima with μ as a free CSS parameter (commit 89595b0), same inputs
    const free = {
      2: {
        css: [0.599611340650356, 0.6765548285038976, 0.20271097481642644, 0.10899745736189587],
        ml: { loglik: -72.42749928797303, constant: 0.7398159973776093 },
      },
      3: {
        css: [0.456343881319341, 0.5549665961759902, 0.5070015805234513, 0.34077664491409976],
        ml: { loglik: -90.67947423510587, constant: 0.3604537735490913 },
      },
    } as const;
    for (const seed of [2, 3] as const) {
      const y = sarimaSeries(80, seed).slice(0, 60);
      const css = fitArima(y, { order: sarima, method: 'css', includeConstant: true }).coefficients;
      const got = [css.ar[0], css.sar[0], css.ma[0], css.sma[0]];
      for (let i = 0; i < 4; i++) expect(Math.abs(got[i] - free[seed].css[i])).toBeLessThan(0.002);
      const ml = fitArima(y, { order: sarima, method: 'ml', includeConstant: true });
      expect(ml.loglik).toBeCloseTo(free[seed].ml.loglik, 6);
      expect(ml.coefficients.constant).toBeCloseTo(free[seed].ml.constant, 5);
    }
  });

  it('exact ML still estimates the mean jointly, and starts from a boundary CSS estimate with a finite likelihood', () => {
    const y = shortWeekly(171);
    const fit = fitArima(y, { order: sarima, method: 'ml', includeConstant: true });
    expect(Number.isFinite(fit.loglik)).toBe(true);
    // ML moves μ off the OLS start (it is a free parameter of the likelihood)
    expect(Math.abs(fit.coefficients.constant - olsDrift(y))).toBeGreaterThan(1e-3);
    expect(Math.abs(fit.coefficients.constant)).toBeLessThan(3 * diffScale(y));
    expectSaneForecast(y, fit.forecast(8));
  });
});

describe('fitArima on a series too short for its orders', () => {
  // SARIMA(1,1,1)(1,0,1)[6] needs d + D·s + p + P·s + q + Q·s + 3 = 1 + 0 + 1 + 6 + 1 + 6 + 3 = 18 observations
  const order = { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 6 };

  it('throws FORECAST_SERIES_TOO_SHORT naming the function, the length, the need and the fix', () => {
    const y = Array.from({ length: 17 }, (_, t) => 10 + t);
    expect(() => fitArima(y, { order })).toThrow(
      expect.objectContaining({
        code: 'FORECAST_SERIES_TOO_SHORT',
        message: expect.stringMatching(/fitArima: the series has 17 observations, at least 18 .*fall back/),
      }),
    );
    expect(() => fitArima([...y, 27], { order, method: 'css' })).not.toThrow();
  });

  it('arima() keeps falling back to the mean of the last season instead', () => {
    const y = Array.from({ length: 17 }, (_, t) => 10 + t);
    const data = seriesFromArrays([{ id: 'a', y }], { freq: 'D' });
    // the fallback's forecast is the mean of the last s = 6 values 21 … 26 = 23.5 (hand-computed)
    const f = arima({ order }).forecast(data, 3);
    expect(Array.from(f)).toEqual([23.5, 23.5, 23.5]);
  });
});
