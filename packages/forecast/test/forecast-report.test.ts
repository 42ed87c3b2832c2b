import { sealArtifact } from '@retailkit/core';
import {
  type ConformalIntervals,
  type ForecastOutput,
  type ForecastParams,
  forecastPredictor,
  forecastReport,
  intervalHalfWidths,
  seriesFromArrays,
} from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

describe('forecastReport and the forecast Predictor', () => {
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
  const { summary, model } = forecastReport({ length: 0, columns: {} }, { series, seed: 1, windows: 3, step: 8 });

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

  it('the predictor round-trips through JSON and equals the report forecasts', () => {
    expect(model.name).toBe('forecast');
    expect(model.kind).toBe('forecast.model');
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const loaded = forecastPredictor(json);
    const out = loaded.predict({ horizon: 24 }) as { forecasts: { yhat: number; ds: string }[] };
    expect(out.forecasts.map((f) => f.yhat)).toEqual(summary.forecasts.map((f) => f.yhat));
    expect(out.forecasts.map((f) => f.ds)).toEqual(summary.forecasts.map((f) => f.ds));
    const tampered = { ...json, params: { ...json.params, level: 0.5 } };
    expect(() => forecastPredictor(tampered)).toThrow(/checksum/);
    // the report's intervals equal the predictor's, whose half-width is q(h) · (mean |y| of the last 24 values)
    const full = loaded.predict({ horizon: 24 }) as { forecasts: { yhat: number; lo: number; hi: number }[] };
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
      pooled: true,
    });
    const check = (
      predictor: ReturnType<typeof forecastPredictor>,
      history: number[],
      horizon: number,
      scale: 'none' | 'series',
      passHistory: boolean,
    ) => {
      const out = predictor.predict(passHistory ? { horizon, history: { y: history } } : { horizon }) as ForecastOutput;
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
    const unscaled = forecastPredictor(sealArtifact<ForecastParams>({ ...rest, params }));
    check(unscaled, y, 12, 'none', false);
  });

  it('scale-free intervals follow the level of the history passed in (×10 history → ×10 half-widths)', () => {
    const base = model.predict({ horizon: 6 }) as { forecasts: { yhat: number; hi: number }[] };
    const scaled = model.predict({ horizon: 6, history: { y: y.map((v) => v * 10) } }) as {
      forecasts: { yhat: number; hi: number }[];
    };
    for (let k = 0; k < 6; k++)
      expect(scaled.forecasts[k].hi - scaled.forecasts[k].yhat).toBeCloseTo(
        10 * (base.forecasts[k].hi - base.forecasts[k].yhat),
        6,
      );
  });
});
