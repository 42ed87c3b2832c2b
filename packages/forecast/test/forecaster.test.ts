import { fromRows, sealArtifact } from '@retailkit/core';
import {
  buildSeries,
  type ConformalIntervals,
  type Forecaster,
  type ForecastOutput,
  type ForecastParams,
  fitForecaster,
  forecasterFromJSON,
  forecasterLoader,
  seriesFromArrays,
} from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';
import { intervalHalfWidths } from '../src/internal/interval-half-widths.js';

describe('fitForecaster and forecasterFromJSON', () => {
  const n = 120;
  const start = Date.UTC(2011, 0, 3);
  const ds: number[] = [];
  for (let day = 0; ds.length < n; day++) {
    const t = start + day * 86_400_000;
    if (new Date(t).getUTCDay() !== 6) ds.push(t);
  }
  const y = ds.map((_, t) => 100 + t + [10, 5, 0, -5, -10, 0][t % 6] + ((t * 7919) % 13) - 6);
  const series = seriesFromArrays([{ id: 'total', y, ds }], {
    freq: 'D',
    calendar: { closedWeekdays: [6], holidays: [] },
  });
  const { report: summary, model } = fitForecaster(series, { seed: 1, windows: 3, step: 8 });

  it('has the forecast.json shape, a leaky baseline row and a selection made by backtest', () => {
    expect(summary.series[0]).toMatchObject({ id: 'total', length: 120, train: 96, test: 24, seasonLength: 6 });
    const leaky = summary.evaluations.filter((e) => e.leaky);
    expect(leaky).toHaveLength(1);
    expect(leaky[0]).toMatchObject({ model: 'LeakyTestMean', window: 'test' });
    const bt = summary.evaluations.filter((e) => e.window === 'backtest');
    const best = [...bt].sort(
      (a, b) => a.rmse / bt[0].rmse + a.mape / bt[0].mape - (b.rmse / bt[0].rmse + b.mape / bt[0].mape),
    )[0];
    expect(summary.selected.model).toBe(best.model);
    for (const e of summary.evaluations)
      for (const k of ['series', 'model', 'window', 'leaky', 'horizon', 'rmse', 'mae', 'mape', 'mase', 'wape'])
        expect(e).toHaveProperty(k);
    expect(summary.forecasts).toHaveLength(24);
    expect(summary.forecasts.every((p) => p.lo <= p.yhat && p.yhat <= p.hi)).toBe(true);
    expect(summary.forecasts.some((p) => new Date(`${p.ds}T00:00:00Z`).getUTCDay() === 6)).toBe(false);
  });

  it('the forecaster round-trips through JSON and equals the report forecasts', () => {
    expect(model.name).toBe('forecast');
    expect(model.kind).toBe('forecast.model');
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const loaded = forecasterFromJSON(json);
    const out = loaded.predict({ horizon: 24 });
    expect(out.forecasts.map((f) => f.yhat)).toEqual(summary.forecasts.map((f) => f.yhat));
    expect(out.forecasts.map((f) => f.ds)).toEqual(summary.forecasts.map((f) => f.ds));
    const tampered = { ...json, params: { ...json.params, level: 0.5 } };
    expect(() => forecasterFromJSON(tampered)).toThrow(/checksum/);
    // the report's intervals equal the predictor's, whose half-width is q(h) · (mean |y| of the last 24 values)
    const full = loaded.predict({ horizon: 24 });
    expect(full.forecasts.map((f) => f.hi - f.yhat)).toEqual(summary.forecasts.map((f) => f.hi - f.yhat));
    const q = (json.params as { halfWidth: number[] }).halfWidth;
    const s = y.slice(-24).reduce((a, b) => a + Math.abs(b), 0) / 24; // independent: the scale by hand
    expect(full.forecasts[0].hi - full.forecasts[0].yhat).toBeCloseTo(q[0] * s, 9);
  });

  it('predictor half-widths are intervalHalfWidths on the same inputs (stored, passed-in and unscaled history)', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const p = json.params as ForecastParams;
    const ci = (scale: 'none' | 'series'): ConformalIntervals => ({
      level: p.level,
      halfWidth: Float64Array.from(p.halfWidth),
      samples: 0,
      scale,
      windowSize: p.intervalScale?.windowSize ?? 1,
      scalePower: 1,
      pooled: true,
    });
    const check = (
      predictor: Forecaster,
      history: number[],
      horizon: number,
      scale: 'none' | 'series',
      passHistory: boolean,
    ) => {
      const out: ForecastOutput = predictor.predict(passHistory ? { horizon, history: { y: history } } : { horizon });
      const want = intervalHalfWidths(ci(scale), seriesFromArrays([{ id: 'total', y: history }]), horizon);
      expect(out.forecasts.map((f) => f.hi)).toEqual(out.forecasts.map((f, k) => f.yhat + want[k]));
      expect(out.forecasts.map((f) => f.lo)).toEqual(out.forecasts.map((f, k) => f.yhat - want[k]));
    };
    expect(p.intervalScale).toBeDefined();
    // horizon 30 > the backtest horizon: steps beyond it reuse the last half-width in both
    check(model, y, 30, 'series', false);
    check(
      model,
      y.map((v) => v * 3 + 7),
      12,
      'series',
      true,
    );
    check(model, y.slice(0, 10), 12, 'series', true); // history shorter than the scale window
    // an artifact without intervalScale: absolute half-widths (scale 'none')
    const { checksum: _c, schemaVersion: _v, ...rest } = json;
    const { intervalScale: _s, ...params } = p;
    const unscaled = forecasterFromJSON(sealArtifact<ForecastParams>({ ...rest, params }));
    check(unscaled, y, 12, 'none', false);
  });

  it('scale-free intervals follow the level of the history passed in (×10 history → ×10 half-widths)', () => {
    const base = model.predict({ horizon: 6 });
    const scaled = model.predict({ horizon: 6, history: { y: y.map((v) => v * 10) } });
    for (let k = 0; k < 6; k++)
      expect(scaled.forecasts[k].hi - scaled.forecasts[k].yhat).toBeCloseTo(
        10 * (base.forecasts[k].hi - base.forecasts[k].yhat),
        6,
      );
  });

  it('fits a transaction frame through buildSeries (daily, closed on Saturdays, days without sales absent)', () => {
    const rows = ds.map((t, i) => ({ invoiceDate: new Date(t + 3_600_000), quantity: y[i] }));
    const fromFrame = fitForecaster(fromRows(rows), { seed: 1, windows: 3, step: 8 });
    expect(fromFrame.model.toJSON()).toEqual(model.toJSON());
    expect(fromFrame.report).toEqual(summary);
    const built = buildSeries(fromRows(rows), { freq: 'D', calendar: 'business', fill: 'absent' });
    expect(fitForecaster(built, { seed: 1, windows: 3, step: 8 }).model.toJSON()).toEqual(model.toJSON());
  });

  it('labels the series in the report and the artifact with `label`', () => {
    const { model: labelled, report } = fitForecaster(series, { seed: 1, windows: 3, step: 8, label: 'store 7' });
    expect(report.series[0].id).toBe('store 7');
    expect(report.selected.series).toBe('store 7');
    expect(new Set(report.evaluations.map((e) => e.series))).toEqual(new Set(['store 7']));
    expect(labelled.toJSON().params.series).toBe('store 7');
    expect(labelled.toJSON().params.history).toEqual(model.toJSON().params.history);
  });

  it('rejects inputs with other than one series, and series shorter than 30 rows', () => {
    const two = seriesFromArrays([
      { id: 'a', y: y.slice(0, 40) },
      { id: 'b', y: y.slice(0, 40) },
    ]);
    expect(() => fitForecaster(two)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    // issue 17 ("a run degrades"): no series at all is a series too short, which the CLI reports as a skipped step
    expect(() => fitForecaster(seriesFromArrays([]))).toThrow(
      expect.objectContaining({ code: 'FORECAST_SERIES_TOO_SHORT', details: expect.objectContaining({ received: 0 }) }),
    );
    const short = seriesFromArrays([{ id: 'a', y: y.slice(0, 29) }]);
    expect(() => fitForecaster(short)).toThrow(
      expect.objectContaining({ code: 'FORECAST_SERIES_TOO_SHORT', details: expect.objectContaining({ needed: 30 }) }),
    );
    expect(() => fitForecaster(fromRows([{ invoiceDate: new Date(0) }]))).toThrow(
      expect.objectContaining({ code: 'MISSING_COLUMN', message: expect.stringMatching(/^buildSeries: .*"quantity"/) }),
    );
  });

  it('forecasterFromJSON checks the parameters of a sealed artifact; forecasterLoader is its loader', () => {
    const { checksum: _c, schemaVersion: _v, ...rest } = model.toJSON();
    const params = rest.params;
    const reseal = (p: Record<string, unknown>) => sealArtifact({ ...rest, params: { ...params, ...p } });
    for (const bad of [
      { level: 1.5 },
      { freq: 'H' },
      { history: { ds: [1, 2], y: [1] } },
      { halfWidth: [] },
      { model: null },
      { intervalScale: { windowSize: 0 } },
    ])
      expect(() => forecasterFromJSON(reseal(bad)), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'ARTIFACT_INVALID' }),
      );
    expect(() => forecasterFromJSON(reseal({ model: { type: 'Prophet', alias: 'P', options: {} } }))).toThrow(
      expect.objectContaining({ code: 'FORECAST_UNKNOWN_MODEL' }),
    );
    expect(forecasterLoader.kind).toBe('forecast.model');
    expect(forecasterLoader.fromJSON(model.toJSON()).predict({ horizon: 3 })).toEqual(model.predict({ horizon: 3 }));
  });
});
