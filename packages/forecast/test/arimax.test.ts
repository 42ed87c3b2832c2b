import { readFileSync } from 'node:fs';
import { arimax, createModel, type SeriesData, seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

// statsmodels oracle (test/oracles/arimax_oracle.py → arimax.json): 80 weeks, y = 60 − 12·log p + AR(1) noise
const oracle = JSON.parse(readFileSync(new URL('./oracles/arimax.json', import.meta.url), 'utf8')) as {
  y: number[];
  price: number[];
  beta: number;
  intercept: number;
  ar: number;
  path: number[];
  forecastPath: number[];
  forecastHold: number[];
  joint: { beta: number; betaSe: number; ar: number };
};
const base = seriesFromArrays([{ id: 'p', y: oracle.y }], { freq: 'W', start: Date.UTC(2011, 0, 3) });
const data: SeriesData = { ...base, exog: { price: Float64Array.from(oracle.price) } };
const order = { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 1 };

describe('arimax (regression with ARIMA errors) against statsmodels', () => {
  const model = arimax({ order, regressors: ['price'] });
  const fitted = model.fit(data);
  const params = fitted.params[0] as { beta: number[]; intercept: number; ar: number[] };

  it('the regression step equals NumPy least squares on [log p, 1] to 1e-8', () => {
    expect(Math.abs(params.beta[0] - oracle.beta)).toBeLessThan(1e-8);
    expect(Math.abs(params.intercept - oracle.intercept)).toBeLessThan(1e-8);
  });

  it('the AR(1) of the residuals matches SARIMAX exact ML to 1e-4 (both optimise numerically), forecasts to 1e-4', () => {
    expect(Math.abs(params.ar[0] - oracle.ar)).toBeLessThan(1e-4);
    const hold = fitted.predict(6);
    const path = fitted.predict(6, { price: oracle.path });
    for (let h = 0; h < 6; h++) {
      expect(Math.abs(hold[h] - oracle.forecastHold[h])).toBeLessThan(1e-4);
      expect(Math.abs(path[h] - oracle.forecastPath[h])).toBeLessThan(1e-4);
    }
  });

  it('the two-step slope is within 2 standard errors of the joint ML slope (SARIMAX with exog)', () => {
    // a different estimator of the same β: they differ by sampling error of the order of the joint fit's s.e.
    expect(Math.abs(params.beta[0] - oracle.joint.beta)).toBeLessThan(2 * oracle.joint.betaSe);
  });

  it('a planned price cut raises the forecast by β · Δlog p; the spec rebuilds the same model', () => {
    const hold = fitted.predict(1, { price: [2.5] })[0];
    const cut = fitted.predict(1, { price: [2.25] })[0];
    expect(cut - hold).toBeCloseTo(params.beta[0] * Math.log(2.25 / 2.5), 10);
    expect(Array.from(createModel(model.spec).forecast(data, 3))).toEqual(Array.from(fitted.predict(3)));
  });

  it('refuses data without the regressor and a malformed planned path; a constant price gives β = 0', () => {
    expect(() => model.fit(base)).toThrow(/price/);
    expect(() => fitted.predict(2, { price: [1] })).toThrow(/future\.price/);
    const flat: SeriesData = { ...base, exog: { price: new Float64Array(80).fill(2) } };
    expect((model.fit(flat).params[0] as { beta: number[] }).beta).toEqual([0]);
  });

  it('update keeps β, the intercept and φ and filters the new history: AR(1) forecasts φ^h · u(T) (by hand)', () => {
    // for an AR(1) without differencing the Kalman filter's predicted state is φ · u(T) exactly, so the forecast is
    // intercept + β · log p(T) + φ^h · u(T) with u = y − β · log p − intercept over the new (shorter) history
    const n = 60;
    const short: SeriesData = {
      ...seriesFromArrays([{ id: 'p', y: oracle.y.slice(0, n) }], { freq: 'W', start: Date.UTC(2011, 0, 3) }),
      exog: { price: Float64Array.from(oracle.price.slice(0, n)) },
    };
    const updated = fitted.update?.(short);
    const b = params.beta[0];
    const uT = oracle.y[n - 1] - b * Math.log(oracle.price[n - 1]) - params.intercept;
    const out = updated?.predict(3) ?? new Float64Array(3);
    for (let h = 1; h <= 3; h++)
      expect(out[h - 1]).toBeCloseTo(params.intercept + b * Math.log(oracle.price[n - 1]) + params.ar[0] ** h * uT, 9);
    expect(updated?.params).toEqual(fitted.params);
    // the same history gives the fit's own forecasts; a history without the regressor is refused
    expect(Array.from(fitted.update?.(data).predict(4) ?? [])).toEqual(Array.from(fitted.predict(4)));
    expect(() => fitted.update?.(base)).toThrow(/price/);
  });
});
