import { readFileSync } from 'node:fs';
import { sealArtifact } from '@retailkit/core';
import {
  type ForecastParams,
  fitForecaster,
  forecasterFromJSON,
  type SeriesData,
  seriesFromArrays,
} from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

/** A weekly series with exog.price: list price steps at `steps` ([week, price]), y = 80 − 15 · log p + noise. */
function planted(steps: [number, number][]): { data: SeriesData; price: number[]; y: number[] } {
  const price = Array.from({ length: 104 }, (_, t) => (steps.filter((s) => s[0] <= t).at(-1) as [number, number])[1]);
  const noise = (t: number) => (((t * 7919) % 17) - 8) / 8; // deterministic, in [−1, 1]
  const y = price.map((p, t) => 80 - 15 * Math.log(p) + noise(t));
  const base = seriesFromArrays([{ id: 'mug', y }], { freq: 'W', start: Date.UTC(2011, 0, 3) });
  return { data: { ...base, exog: { price: Float64Array.from(price) } }, price, y };
}

/** OLS slope of y on log p with an intercept: cov(log p, y) / var(log p) (what ARIMAX(1,0,0)'s β must equal). */
function olsSlope(price: number[], y: number[]): number {
  const x = price.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < x.length; t++) {
    sxy += (x[t] - mx) * (y[t] - my);
    sxx += (x[t] - mx) ** 2;
  }
  return sxy / sxx;
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('fitForecaster and the served forecast with a planned price path', () => {
  // price steps before the backtest windows (weeks 10, 20, 31) and in the test window (84, 94): the backtest
  // (last price held after each cutoff) selects the regression on log price over every model without price
  const a = planted([
    [0, 2.5],
    [10, 2.0],
    [20, 3.0],
    [31, 2.2],
    [84, 2.8],
    [94, 2.4],
  ]);
  const { model, report } = fitForecaster(a.data, { seed: 1, horizon: 8 });
  const params = model.toJSON().params;

  it('offers price-aware candidates, selects one by backtest, and reports and stores its slope on log price', () => {
    expect(report.price?.candidates).toEqual(['ARIMAX(1,0,0)(0,0,0)[1]', 'ARIMAX(1,1,1)(1,0,1)[4]']);
    expect(report.selected.model).toBe('ARIMAX(1,0,0)(0,0,0)[1]');
    const backtest = report.evaluations.filter((e) => e.window === 'backtest');
    expect(backtest).toHaveLength(21 + 2);
    expect(report.price?.selected).toBe(true);
    // oracles: the OLS slope computed here from its formula (to 1e-9), and the planted −15 (within 0.5)
    expect(report.price?.beta).toBeCloseTo(olsSlope(a.price, a.y), 9);
    expect(Math.abs((report.price?.beta as number) + 15)).toBeLessThan(0.5);
    expect(params.history.price).toEqual(a.price);
    expect(params.priceTerm).toEqual({ regressor: 'price', transform: 'log', beta: report.price?.beta });
  });

  it('a 10 % higher planned price lowers every step by the planted 15 · ln 1.1 (within 0.1), exactly β · ln 1.1', () => {
    const at = (price: number[]) => model.predict({ horizon: 4, price }).forecasts.map((f) => f.yhat);
    const low = at([2.5, 2.5, 2.5, 2.5]);
    const high = at([2.75]); // a one-value path holds its price to the horizon
    for (let k = 0; k < 4; k++) {
      expect(Math.abs(high[k] - low[k] - -15 * Math.log(1.1))).toBeLessThan(0.1);
      expect(high[k] - low[k]).toBeCloseTo((report.price?.beta as number) * Math.log(1.1), 9);
    }
    // without a path the last observed price (2.4) is held: the report's forecasts
    expect(at([2.4])).toEqual(model.predict({ horizon: 4 }).forecasts.map((f) => f.yhat));
    expect(model.predict({ horizon: 4 }).forecasts.map((f) => f.yhat)).toEqual(
      report.forecasts.slice(0, 4).map((f) => f.yhat),
    );
    // a path that changes in week 3 moves weeks 3 and 4 only
    const step = at([2.4, 2.4, 2.75]);
    expect(step.slice(0, 2)).toEqual(at([2.4]).slice(0, 2));
    expect(step[3] - at([2.4])[3]).toBeCloseTo((report.price?.beta as number) * Math.log(2.75 / 2.4), 9);
  });

  it('a history passed in needs its price history; with the stored one it gives the stored forecasts', () => {
    const { y, price } = params.history as { y: number[]; price: number[] };
    expect(() => model.predict({ horizon: 2, history: { y } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/history\.price/) }),
    );
    expect(() => model.predict({ horizon: 2, history: { y, price: price.slice(1) } })).toThrow(
      code('INVALID_ARGUMENT'),
    );
    const viaHistory = model.predict({ horizon: 3, history: { y, price }, price: [2.6] });
    expect(viaHistory).toEqual(model.predict({ horizon: 3, price: [2.6] }));
  });

  it('refuses a path longer than the horizon, a price ≤ 0 or not finite; cost counts the path', () => {
    expect(() => model.predict({ horizon: 2, price: [2, 2, 2] })).toThrow(code('INVALID_ARGUMENT'));
    expect(() => model.predict({ horizon: 2, price: [] })).toThrow(code('INVALID_ARGUMENT'));
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => model.predict({ horizon: 2, price: [2, bad] })).toThrow(code('INVALID_ARGUMENT'));
    const plain = model.cost({ horizon: 100 });
    expect(model.cost({ horizon: 100, price: [2] })).toBeGreaterThan(plain);
    expect(model.inputSchema.properties?.price).toMatchObject({ maxItems: 366, items: { exclusiveMinimum: 0 } });
  });

  it('the served ARIMAX equals statsmodels: an artifact of ARIMAX(1,0,0) on the oracle series, under its path', () => {
    // test/oracles/arimax.json (statsmodels 0.13.5): 80 weeks with a price history and a 6-week planned path
    const oracle = JSON.parse(readFileSync(new URL('./oracles/arimax.json', import.meta.url), 'utf8'));
    const { checksum: _c, schemaVersion: _v, ...rest } = model.toJSON();
    const ds = Array.from({ length: 80 }, (_, t) => Date.UTC(2011, 0, 3) + t * 7 * 86_400_000);
    const served = forecasterFromJSON(
      sealArtifact<ForecastParams>({
        ...rest,
        params: { ...rest.params, history: { ds, y: oracle.y, price: oracle.price } },
      }),
    );
    const path = served.predict({ horizon: 6, price: oracle.path }).forecasts;
    const hold = served.predict({ horizon: 6 }).forecasts;
    for (let h = 0; h < 6; h++) {
      expect(Math.abs(path[h].yhat - oracle.forecastPath[h])).toBeLessThan(1e-4);
      expect(Math.abs(hold[h].yhat - oracle.forecastHold[h])).toBeLessThan(1e-4);
    }
    const noPrice = { ...rest.params, history: { ds, y: oracle.y } };
    expect(() => forecasterFromJSON(sealArtifact({ ...rest, params: noPrice }))).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_INVALID', message: expect.stringMatching(/history\.price/) }),
    );
  });
});

describe('price that the backtest does not select, and models without price', () => {
  it('reports the candidates, stores the price history, and refuses a path with FORECAST_NO_PRICE_TERM', () => {
    // price steps inside the backtest windows: holding the last price loses to a seasonal ARIMA without price
    const b = planted([
      [0, 2.5],
      [12, 3.0],
      [24, 2.0],
      [36, 2.6],
      [86, 3.1],
    ]);
    const { model, report } = fitForecaster(b.data, { seed: 1, horizon: 8 });
    expect(report.price).toEqual({
      candidates: ['ARIMAX(1,0,0)(0,0,0)[1]', 'ARIMAX(1,1,1)(1,0,1)[4]'],
      selected: false,
      beta: null,
    });
    expect(model.toJSON().params.history.price).toEqual(b.price);
    expect(model.toJSON().params.priceTerm).toBeUndefined();
    expect(() => model.predict({ horizon: 2, price: [3] })).toThrow(code('FORECAST_NO_PRICE_TERM'));
    expect(() => model.predict({ horizon: 2, history: { y: b.y, price: b.price } })).toThrow(
      expect.objectContaining({
        code: 'FORECAST_NO_PRICE_TERM',
        details: expect.objectContaining({ field: 'history.price' }),
      }),
    );
  });

  it('a series whose price is missing somewhere gets no price candidate', () => {
    const c = planted([[0, 2.5]]);
    const price = Float64Array.from(c.price);
    price[5] = Number.NaN;
    const { report, model } = fitForecaster({ ...c.data, exog: { price } }, { seed: 1, horizon: 4 });
    expect(report.price).toEqual({ candidates: [], selected: false, beta: null });
    expect(model.toJSON().params.history.price).toBeUndefined();
  });

  it('an artifact written before price support loads, forecasts as it did, and refuses a price path', () => {
    // test/fixtures/forecast-model-before-price.json: fitForecaster before this version; the forecasts its code
    // served then were recorded with it
    const json = JSON.parse(
      readFileSync(new URL('./fixtures/forecast-model-before-price.json', import.meta.url), 'utf8'),
    );
    const old = forecasterFromJSON(json);
    expect(old.predict({ horizon: 3 })).toEqual({
      model: 'HoltWintersDampedDowLog1p',
      level: 0.9,
      forecasts: [
        { ds: '2011-08-15', yhat: 30.714651618362716, lo: 27.41926040953829, hi: 34.01004282718714 },
        { ds: '2011-08-22', yhat: 28.88996550972319, lo: 25.594574300898763, hi: 32.18535671854762 },
        { ds: '2011-08-29', yhat: 27.038286032157444, lo: 23.742894823333017, hi: 30.33367724098187 },
      ],
    });
    expect(() => old.predict({ horizon: 3, price: [2] })).toThrow(
      expect.objectContaining({
        code: 'FORECAST_NO_PRICE_TERM',
        message: expect.stringMatching(/price was given.*Drop price/),
      }),
    );
  });

  it('a series without exog.price gets no price key in the report and no price in the artifact', () => {
    const y = Array.from({ length: 40 }, (_, t) => 50 + [4, 1, -2, -3][t % 4] + ((t * 7919) % 5));
    const { model, report } = fitForecaster(seriesFromArrays([{ id: 'x', y }], { freq: 'W' }), { windows: 2, step: 4 });
    expect('price' in report).toBe(false);
    expect(Object.keys(model.toJSON().params.history)).toEqual(['ds', 'y']);
    expect('priceTerm' in model.toJSON().params).toBe(false);
  });
});
