import {
  arima,
  autoArima,
  createModel,
  ensemble,
  gradientBoosting,
  historicAverage,
  holt,
  holtWinters,
  naive,
  ridge,
  seasonalNaive,
  seriesFromArrays,
  ses,
  theta,
  windowAverage,
} from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';
import { armaLogLik, difference, expandPolynomials, fitArima } from '../src/models/arima.js';
import { etsFilter, fitEts } from '../src/models/ets.js';
import { fc } from './helpers.js';

// Expected values below were computed with statsmodels 0.13.5 (Debian python3-statsmodels, /usr/bin/python3)
// by test/oracles/statsmodels_oracle.py; the values are committed so `npm test` never needs python.
const Y = [12, 15, 14, 20, 13, 16, 18, 22, 15, 19, 17, 24, 16, 21, 20, 26, 18, 22, 21, 28];
const one = (y: number[], ds?: number[]) =>
  seriesFromArrays([{ id: 'a', y, ds }], { freq: 'D', start: Date.UTC(2011, 0, 3) });

describe('baselines (hand-computed)', () => {
  it('naive, seasonal naive, historic and window averages', () => {
    expect(fc(naive(), one([1, 2, 3]), 2)).toEqual([3, 3]);
    expect(fc(seasonalNaive({ seasonLength: 2 }), one([1, 2, 3, 4]), 3)).toEqual([3, 4, 3]);
    expect(fc(historicAverage(), one([1, 2, 6]), 1)).toEqual([3]);
    expect(fc(windowAverage({ windowSize: 2 }), one([1, 2, 6]), 1)).toEqual([4]);
    expect(fc(windowAverage({ windowSize: 4, statistic: 'median' }), one([9, 1, 2, 6, 5]), 1)).toEqual([3.5]);
  });
});

describe('exponential smoothing (statsmodels ExponentialSmoothing)', () => {
  it('additive Holt-Winters with fixed parameters and known initial states', () => {
    const o = { trend: 'additive', seasonal: 'additive', seasonLength: 4, damped: false } as const;
    const p = { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 1, level0: 15, trend0: 0.5, season0: [-2, 0, -1, 3] };
    const st = etsFilter(Y, o, p);
    expect(st.sse).toBeCloseTo(25.5439792610771, 9);
  });
  it('damped multiplicative Holt-Winters with fixed parameters', () => {
    const o = { trend: 'additive', seasonal: 'multiplicative', seasonLength: 4, damped: true } as const;
    const p = { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9, level0: 15, trend0: 0.5, season0: [0.9, 1.0, 0.95, 1.2] };
    expect(etsFilter(Y, o, p).sse).toBeCloseTo(27.212101987636792, 9);
  });
  it('optimised fits reach at least statsmodels’ least-squares optimum', () => {
    const o = { trend: 'additive', seasonal: 'additive', seasonLength: 4, damped: false } as const;
    expect(fitEts(Y, o).sse).toBeLessThanOrEqual(7.500000111764116 + 1e-6);
    const s = fitEts(Y, { trend: 'none', seasonal: 'none', seasonLength: 1, damped: false });
    expect(s.sse).toBeLessThanOrEqual(276.47658676107733 + 1e-6);
  });
  it('SES with a fixed alpha and Holt on a line', () => {
    // statsmodels: ExponentialSmoothing(y, initialization_method='known', initial_level=12).fit(smoothing_level=0.4)
    const m = ses({ alpha: 0.4 });
    expect(fc(m, one(Y), 1)[0]).toBeCloseTo(23.842248050873152, 9);
    const h = fc(holt(), one([1, 2, 3, 4, 5, 6]), 2);
    expect(h[0]).toBeCloseTo(7, 4);
    expect(h[1]).toBeCloseTo(8, 4);
    expect(fc(holtWinters({ seasonLength: 4 }), one(Y), 4)).toHaveLength(4);
  });
});

describe('Theta (statsmodels ThetaModel)', () => {
  it('deseasonalised (multiplicative, period 4)', () => {
    const exp = [
      18.524319000551923, 22.9497452284844, 22.005657321968393, 29.036241897527226, 19.237786716532966,
      23.825229229669784,
    ];
    const got = fc(theta({ seasonLength: 4 }), one(Y), 6);
    for (let i = 0; i < 6; i++) expect(got[i]).toBeCloseTo(exp[i], 4);
  });
  it('without seasonality', () => {
    const exp = [24.201512993464757, 24.462791188953478, 24.7240693844422];
    const got = fc(theta({ seasonLength: 1 }), one(Y), 3);
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(exp[i], 4);
  });
});

describe('seasonal ARIMA (statsmodels SARIMAX)', () => {
  const y = [
    5, 7, 6, 9, 8, 11, 10, 9, 12, 14, 13, 12, 15, 17, 16, 15, 18, 17, 20, 19, 21, 23, 22, 20, 24, 26, 25, 24, 27, 29,
  ];
  it('exact log-likelihood by the Kalman filter at fixed parameters', () => {
    // SARIMAX(y, order=(1,1,1), seasonal_order=(1,0,1,4), concentrate_scale=True).loglike([0.3,-0.5,0.2,0.1])
    const { a, b } = expandPolynomials({ ar: [0.3], ma: [-0.5], sar: [0.2], sma: [0.1], constant: 0, sigma2: 0 }, 4);
    expect(armaLogLik(difference(y, 1, 0, 4), a, b).loglik).toBeCloseTo(-57.92807115600884, 4);
  });
  it('ML estimates and forecasts of SARIMA(1,1,1)(1,0,1)[4]', () => {
    // statsmodels: params [-0.25036, -0.60271, 0.99754, -0.83104, sigma2 1.21196], llf -50.079958
    const f = fitArima(y, { order: { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 4 } });
    expect(f.loglik).toBeGreaterThanOrEqual(-50.079958065212956 - 1e-4);
    expect(f.coefficients.ar[0]).toBeCloseTo(-0.2503572697467761, 2);
    expect(f.coefficients.ma[0]).toBeCloseTo(-0.60271260423882, 2);
    const exp = [
      28.097956297074692, 27.521967964340032, 29.959928021333614, 31.65716434430582, 31.16885634422923,
      30.491258653953793,
    ];
    const got = f.forecast(6);
    for (let i = 0; i < 6; i++) expect(Math.abs(got[i] - exp[i])).toBeLessThan(0.02);
  });
  it('ARMA(2,1) with a mean (statsmodels trend="c": intercept = μ(1 − φ1 − φ2))', () => {
    const f = fitArima(y, { order: { p: 2, d: 0, q: 1, P: 0, D: 0, Q: 0, s: 1 }, includeConstant: true });
    expect(f.loglik).toBeCloseTo(-65.77228810340914, 4);
    const c = f.coefficients;
    expect(c.constant * (1 - c.ar[0] - c.ar[1])).toBeCloseTo(0.574854865529715, 3);
    expect(c.ma[0]).toBeCloseTo(0.7536475645631655, 3);
  });
  it('CSS reaches the minimum conditional sum of squares of an independent grid search (AR(1) on differences)', () => {
    // AR(1) on w: CSS residual e_t = w_t − φ w_{t−1}; the minimiser is Σ w_t w_{t−1} / Σ w_{t−1}² (closed form)
    const w = difference(y, 1, 0, 1);
    let num = 0;
    let den = 0;
    for (let t = 1; t < w.length; t++) {
      num += w[t] * w[t - 1];
      den += w[t - 1] * w[t - 1];
    }
    const f = fitArima(y, { order: { p: 1, d: 1, q: 0, P: 0, D: 0, Q: 0, s: 1 }, method: 'css' });
    expect(f.coefficients.ar[0]).toBeCloseTo(num / den, 5);
  });
  it('AutoARIMA picks a differenced model for a trending series and forecasts upward', () => {
    const f = fc(autoArima({ seasonLength: 4 }), one(y), 4);
    expect(f[3]).toBeGreaterThan(26);
  });
});

describe('ridge and gradient boosting', () => {
  it('ridge extrapolates a line exactly (least squares, λ = 0)', () => {
    const got = fc(ridge({ seasonal: 'none' }), one([1, 3, 5, 7, 9]), 2);
    expect(got[0]).toBeCloseTo(11, 9);
    expect(got[1]).toBeCloseTo(13, 9);
    const lg = fc(ridge({ seasonal: 'none', target: 'log1p' }), one([1, 3, 7, 15, 31].map((v) => v)), 1);
    expect(lg[0]).toBeCloseTo(63, 6); // log1p(y) = t·ln 2 + ln 2 is linear: next value 2^6 − 1
  });
  it("refuses a value ≤ −1 with target 'log1p' (its log would be NaN), naming the series and the fix", () => {
    const data = one([5, 3, -4, 6, 2, 7, 4, 5, 6, 3]);
    expect(() => fc(gradientBoosting({ target: 'log1p', minSamplesLeaf: 1 }), data, 1)).toThrow(
      /GBT\.fit: y of series "\w+" at 2 must be a value > −1 for target 'log1p'; received -4\. Returns/,
    );
    expect(fc(gradientBoosting({ target: 'scale', minSamplesLeaf: 1, nTrees: 5 }), data, 1)).toHaveLength(1);
  });
  it('the global GBT learns a shared pattern across series (direct and recursive)', () => {
    const series = Array.from({ length: 20 }, (_, k) => ({
      id: `s${k}`,
      y: Array.from({ length: 40 }, (_, t) => (k + 1) * (t % 2 === 0 ? 10 : 20)),
    }));
    const data = seriesFromArrays(series, { freq: 'W' });
    for (const m of [
      gradientBoosting({ nTrees: 50, minSamplesLeaf: 5 }),
      gradientBoosting({ strategy: 'direct', horizon: 2, nTrees: 50, minSamplesLeaf: 5 }),
    ]) {
      const p = m.forecast(data, 2);
      expect(p[0]).toBeCloseTo(10, 0);
      expect(p[1]).toBeCloseTo(20, 0);
    }
  });
});

describe('the shared model contract', () => {
  const data = seriesFromArrays(
    [
      { id: 'a', y: Y },
      { id: 'b', y: Y.map((v, i) => v * 2 + i) },
    ],
    { freq: 'D', start: Date.UTC(2011, 0, 3) },
  );
  const models = [
    naive(),
    seasonalNaive({ seasonLength: 4 }),
    historicAverage(),
    windowAverage({ windowSize: 4 }),
    ses(),
    holt({ damped: true }),
    holtWinters({ seasonLength: 4, seasonal: 'multiplicative', damped: true }),
    theta({ seasonLength: 4 }),
    arima({ order: { p: 1, d: 1, q: 0, P: 0, D: 0, Q: 0, s: 1 }, method: 'css' }),
    ridge({ windowSize: 12 }),
    gradientBoosting({ nTrees: 10, minSamplesLeaf: 3 }),
    ensemble({ models: [naive(), historicAverage()], statistic: 'median' }),
  ];
  it.each(models.map((m) => [m.alias, m] as const))(
    '%s: forecast equals fit then predict, is deterministic, has a unique alias',
    (_a, m) => {
      const f = m.forecast(data, 5);
      const p = m.fit(data).predict(5);
      expect(Array.from(f)).toEqual(Array.from(p));
      expect(f).toHaveLength(10);
      expect(f.every(Number.isFinite)).toBe(true);
      expect(Array.from(createModel(m.spec).forecast(data, 5))).toEqual(Array.from(f));
    },
  );
  it('aliases are unique', () => {
    expect(new Set(models.map((m) => m.alias)).size).toBe(models.length);
  });
  it('mean ensemble averages its members', () => {
    expect(fc(ensemble({ models: [naive(), historicAverage()] }), one([1, 3]), 1)).toEqual([2.5]);
  });
});
