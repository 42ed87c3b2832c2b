import {
  conformalIntervals,
  coverage,
  crossValidation,
  type ForecastModel,
  mae,
  mape,
  mase,
  naive,
  pinball,
  rmse,
  rmsse,
  scoreBacktest,
  seasonalNaive,
  selectModel,
  seriesFromArrays,
  smape,
  wape,
  windowAverage,
} from '@retailkit/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bias } from '../src/metrics.js';

describe('metrics (hand-computed)', () => {
  const y = [2, 4, 0, 8];
  const p = [1, 5, 1, 6];
  it('values', () => {
    expect(mae(y, p)).toBe(1.25);
    expect(rmse(y, p)).toBeCloseTo(Math.sqrt((1 + 1 + 1 + 4) / 4), 12);
    expect(mape(y, p)).toBeCloseTo((0.5 + 0.25 + 0.25) / 3, 12); // y = 0 skipped
    expect(smape(y, p)).toBeCloseTo((2 / 3 + 2 / 9 + 2 + 4 / 14) / 4, 12);
    expect(wape(y, p)).toBeCloseTo(5 / 14, 12);
    expect(bias(y, p)).toBeCloseTo(-0.25, 12);
    expect(pinball([2], [1], 0.9)).toBeCloseTo(0.9, 12);
    expect(pinball([1], [2], 0.9)).toBeCloseTo(0.1, 12);
    expect(mase([3], [2], [1, 2, 3], 1)).toBe(1);
    expect(rmsse([3], [1], [1, 3, 5], 1)).toBe(1);
  });
});

describe('crossValidation', () => {
  /** A model that records, for each fit, the largest date and length it saw; forecasts the last value. */
  function spy(log: { maxDs: number; len: number }[]): ForecastModel {
    const base = naive({ alias: 'Spy' });
    return {
      alias: 'Spy',
      spec: base.spec,
      fit(data) {
        let maxDs = Number.NEGATIVE_INFINITY;
        for (const d of data.ds) maxDs = Math.max(maxDs, d);
        log.push({ maxDs, len: data.y.length });
        return base.fit(data);
      },
      forecast(data, h) {
        return this.fit(data).predict(h);
      },
    };
  }
  it('property: never trains on data at or after its cutoff', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 12, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (n, h, windows, step) => {
          const y = Array.from({ length: n }, (_, i) => i);
          const data = seriesFromArrays([{ id: 'a', y }], { freq: 'D' });
          const log: { maxDs: number; len: number }[] = [];
          const cv = crossValidation(data, [spy(log)], { horizon: h, windows, step });
          for (let w = 0; w < windows; w++) {
            const cut = cv.cutoffs[w];
            if (cut < 2) continue;
            for (let k = 0; k < h; k++) {
              const o = w * h + k;
              expect(cv.actual[o]).toBe(cut + k); // y = index
              expect(cv.ds[o]).toBeGreaterThan(log.find((l) => l.len === cut)?.maxDs ?? Number.POSITIVE_INFINITY);
              expect(cv.forecasts.Spy[o]).toBe(cut - 1); // naive = last training value
            }
          }
          for (const l of log) expect(l.len).toBeLessThanOrEqual(n - h);
        },
      ),
    );
  });
  it('cutoffs follow Nixtla: n − horizon − step·(windows − 1 − w)', () => {
    const data = seriesFromArrays([{ id: 'a', y: Array.from({ length: 20 }, (_, i) => i) }]);
    const cv = crossValidation(data, [naive()], { horizon: 3, windows: 3, step: 2 });
    expect(Array.from(cv.cutoffs)).toEqual([13, 15, 17]);
  });
  it('scores, selection by backtest and conformal intervals with coverage', () => {
    const y = Array.from({ length: 60 }, (_, i) => 10 + (i % 2 === 0 ? 1 : -1));
    const data = seriesFromArrays([{ id: 'a', y }]);
    const cv = crossValidation(data, [naive(), windowAverage({ windowSize: 2 })], { horizon: 2, windows: 10, step: 2 });
    const scores = scoreBacktest(cv);
    expect(scores.find((s) => s.model === 'WindowAverage')?.mae).toBe(1);
    expect(scores.find((s) => s.model === 'Naive')?.mae).toBe(1);
    const sel = selectModel(scores, { metric: 'rmse' });
    expect(['Naive', 'WindowAverage']).toContain(sel.model);
    const ci = conformalIntervals(cv, 'WindowAverage', { level: 0.9 });
    expect(Array.from(ci.halfWidth)).toEqual([1, 1]);
    expect(coverage(cv.actual, cv.forecasts.WindowAverage, ci.halfWidth)).toBe(1);
  });
  it('rejects duplicate aliases', () => {
    const data = seriesFromArrays([{ id: 'a', y: [1, 2, 3, 4, 5] }]);
    expect(() => crossValidation(data, [naive(), naive()], { horizon: 1 })).toThrow(/alias/);
  });

  it('selectModel says why when no model has a finite score (a reference with zero error)', () => {
    // y repeats with period 2, so SeasonalNaive(2) is exact: relative scores divide by its RMSE of 0
    const data = seriesFromArrays([{ id: 'a', y: [1, 5, 1, 5, 1, 5, 1, 5] }]);
    const cv = crossValidation(data, [seasonalNaive({ seasonLength: 2 }), naive()], { horizon: 2, windows: 2 });
    expect(() => selectModel(scoreBacktest(cv), { metric: 'rmse+mape' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/^selectModel: .*SeasonalNaive/),
      }),
    );
    expect(selectModel(scoreBacktest(cv), { metric: 'rmse' }).model).toBe('SeasonalNaive');
  });
});
