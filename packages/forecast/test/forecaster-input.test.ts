import { sealArtifact } from '@retailkit/core';
import {
  type ForecastOutput,
  type ForecastParams,
  fitForecaster,
  forecasterFromJSON,
  seriesFromArrays,
} from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

// issue 17, findings 1 and 9 (the forecast predictor's input and output) and 10 (artifact parameters)

describe('the forecast predictor on hostile input', () => {
  const start = Date.UTC(2011, 0, 3); // a Monday
  const ds: number[] = [];
  for (let day = 0; ds.length < 90; day++) {
    const t = start + day * 86_400_000;
    if (new Date(t).getUTCDay() !== 6) ds.push(t); // closed on Saturdays
  }
  const y = ds.map((_, t) => 100 + t + [10, 5, 0, -5, -10, 0][t % 6] + ((t * 7919) % 13) - 6);
  const data = seriesFromArrays([{ id: 'total', y, ds }], { calendar: { closedWeekdays: [6], holidays: [] } });
  const { model, report } = fitForecaster(data, { seed: 1, windows: 2, step: 8 });
  const finite = (out: ForecastOutput) =>
    out.forecasts.every((f) => [f.yhat, f.lo, f.hi].every((v) => typeof v === 'number' && Number.isFinite(v)));

  it('bounds every array and string of its input schema', () => {
    const history = (model.inputSchema.properties as Record<string, { properties: Record<string, unknown> }>).history;
    expect(history.properties.y).toMatchObject({ maxItems: 5000, minItems: 3 });
    expect(history.properties.ds).toMatchObject({ maxItems: 5000, items: { maxLength: 10 } });
    expect(model.inputSchema.properties?.horizon).toMatchObject({ maximum: 366 });
    expect(() => model.predict({ horizon: 1, history: { y: new Array(5001).fill(1) } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => model.predict({ horizon: 367 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('refuses dates that are impossible, not increasing, duplicated or on a closed day with FORECAST_INVALID_DATES', () => {
    const yy = [1, 2, 3];
    for (const bad of [
      ['x', 'y', 'z'],
      ['2011-02-28', '2011-02-29', '2011-03-01'], // 2011 is not a leap year
      ['2011-03-03', '2011-03-02', '2011-03-01'], // descending
      ['2011-03-01', '2011-03-01', '2011-03-02'], // duplicated
      ['2011-03-03', '2011-03-04', '2011-03-05'], // 2011-03-05 is a Saturday, closed
      ['2011-03-01T00:00', '2011-03-02', '2011-03-03'],
    ])
      expect(() => model.predict({ horizon: 2, history: { y: yy, ds: bad } }), bad.join()).toThrow(
        expect.objectContaining({ code: 'FORECAST_INVALID_DATES' }),
      );
    expect(() => model.predict({ horizon: 2, history: { y: yy, ds: ['2011-03-01'] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    const ok = model.predict({ horizon: 2, history: { y: yy, ds: ['2011-03-02', '2011-03-03', '2011-03-04'] } });
    expect(ok.forecasts.map((f) => f.ds)).toEqual(['2011-03-06', '2011-03-07']); // Friday, then Saturday skipped
  });

  it('never answers null or a non-finite number where its output schema says number', () => {
    expect(finite(model.predict({ horizon: 366 }))).toBe(true);
    expect(finite(model.predict({ horizon: 30, history: { y: [0, 0, 0] } }))).toBe(true);
    expect(finite(model.predict({ horizon: 30, history: { y: y.map((v) => v * 1e6) } }))).toBe(true);
    // a JSON body cannot carry NaN, but a library caller can: coded errors, never NaN in the output
    for (const bad of [Number.NaN, Infinity])
      expect(() => model.predict({ horizon: 3, history: { y: [1, bad, 3] } })).toThrow(
        expect.objectContaining({ code: 'FORECAST_NON_FINITE' }),
      );
    expect(() => model.predict({ horizon: 3, history: { y: [1e308, 1e308, 1e308, 1e308] } })).toThrow(
      expect.objectContaining({ code: 'FORECAST_NON_FINITE' }),
    );
  });

  it('a history passed in runs the fitted parameters over it: the stored history gives the report forecasts', () => {
    const stored = model.toJSON().params.history;
    const dates = stored.ds.map((t) => new Date(t).toISOString().slice(0, 10));
    const viaHistory = model.predict({ horizon: 12, history: { y: stored.y, ds: dates } });
    const withoutDates = model.predict({ horizon: 12, history: { y: stored.y } });
    const expected = report.forecasts.slice(0, 12);
    expect(viaHistory.forecasts).toEqual(expected.map(({ ds, yhat, lo, hi }) => ({ ds, yhat, lo, hi })));
    expect(withoutDates.forecasts).toEqual(viaHistory.forecasts);
  });

  it('the maximum history costs one pass over it, and cost(input) grows with history and horizon', () => {
    const long = Array.from({ length: 5000 }, (_, i) => 100 + 10 * Math.sin(i / 3) + ((i * 7919) % 13));
    const out = model.predict({ horizon: 366, history: { y: long } });
    expect(out.forecasts).toHaveLength(366);
    expect(finite(out)).toBe(true);
    const small = model.cost({ horizon: 1, history: { y: [1, 2, 3] } });
    const big = model.cost({ horizon: 366, history: { y: long } });
    expect(small).toBeGreaterThan(0);
    expect(big).toBeGreaterThan(small);
    expect(model.cost({ horizon: 366, history: { y: long.concat(long) } })).toBeGreaterThan(big);
  });

  it('forecasterFromJSON names the bad field of sealed parameters (never a TypeError)', () => {
    const { checksum: _c, schemaVersion: _v, ...rest } = model.toJSON();
    const seal = (params: unknown) => sealArtifact({ ...rest, params: params as ForecastParams });
    const cases: [unknown, RegExp][] = [
      [{}, /params\.series/],
      [null, /params\. must be an object/],
      [{ ...rest.params, model: { type: 'Ensemble', alias: 'E', options: {} } }, /params\.model\.options\.models/],
      [{ ...rest.params, model: { type: 'Ensemble', alias: 'E', options: { models: [null] } } }, /models\[0\]/],
      [{ ...rest.params, model: { type: 'Naive', alias: 'N', options: null } }, /params\.model/],
      [{ ...rest.params, calendar: { closedWeekdays: [9], holidays: [] } }, /params\.calendar/],
      [{ ...rest.params, history: { ds: [2, 1], y: [1, 2] } }, /params\.history\.ds\[1\]/],
      [{ ...rest.params, halfWidth: [-1] }, /params\.halfWidth/],
    ];
    for (const [params, message] of cases)
      expect(() => forecasterFromJSON(seal(params)), JSON.stringify(params)?.slice(0, 80)).toThrow(
        expect.objectContaining({ code: 'ARTIFACT_INVALID', message: expect.stringMatching(message) }),
      );
  });
});
