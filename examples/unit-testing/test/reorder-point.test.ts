import { filter, isoDayOfWeek, isRetailKitError, parseIsoDate, strings } from '@retailkit/core';
import { type ForecastOutput, fitForecaster } from '@retailkit/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reorderPoint } from '../src/index.js';
import { shop } from './shop.js';

const forecast = (points: [number, number, number][]): ForecastOutput => ({
  model: 'hand-made',
  level: 0.9,
  forecasts: points.map(([yhat, lo, hi], h) => ({ ds: `2011-12-${String(12 + h).padStart(2, '0')}`, yhat, lo, hi })),
});

describe('reorderPoint on a hand-made forecast', () => {
  // by hand: half-widths 3, 4, 12; demand 10 + 12 + 0 (a negative forecast counts as no demand)
  const f = forecast([
    [10, 7, 13],
    [12, 8, 16],
    [-1, -13, 11],
  ]);

  it('covers the lead-time demand plus the combined interval half-widths, rounded up to a unit', () => {
    expect(reorderPoint(f, { leadTime: 2 })).toEqual({
      leadTime: 2,
      expectedDemand: 22,
      safetyStock: 5, // √(3² + 4²)
      reorderPoint: 27,
      level: 0.9,
    });
    expect(reorderPoint(f, { leadTime: 3 })).toMatchObject({ expectedDemand: 22, safetyStock: 13, reorderPoint: 35 });
  });

  it('refuses a lead time the forecast does not reach, and says to forecast further', () => {
    for (const leadTime of [0, 4, 1.5]) {
      let caught: unknown;
      try {
        reorderPoint(f, { leadTime });
      } catch (e) {
        caught = e;
      }
      expect(isRetailKitError(caught) && caught.code).toBe('INVALID_ARGUMENT');
      expect((caught as Error).message).toContain('forecast more steps');
    }
  });
});

describe('reorderPoint properties (fast-check)', () => {
  const pointArb = fc
    .tuple(fc.double({ min: -50, max: 500, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }))
    .map(([yhat, half]) => [yhat, yhat - half, yhat + half] as [number, number, number]);
  const forecastArb = fc.array(pointArb, { minLength: 1, maxLength: 30 }).map(forecast);

  it('is a whole number of units covering expected demand, and never falls as the lead time grows', () => {
    fc.assert(
      fc.property(forecastArb, (f) => {
        let previous = 0;
        for (let leadTime = 1; leadTime <= f.forecasts.length; leadTime++) {
          const r = reorderPoint(f, { leadTime });
          expect(Number.isInteger(r.reorderPoint)).toBe(true);
          expect(r.reorderPoint).toBeGreaterThanOrEqual(r.expectedDemand);
          expect(r.reorderPoint).toBeGreaterThanOrEqual(previous);
          previous = r.reorderPoint;
        }
      }),
    );
  });

  it('a wider interval (more uncertainty) never lowers it', () => {
    fc.assert(
      fc.property(forecastArb, fc.double({ min: 1, max: 3, noNaN: true }), (f, widen) => {
        const wider: ForecastOutput = {
          ...f,
          forecasts: f.forecasts.map((p) => ({
            ...p,
            lo: p.yhat - widen * (p.yhat - p.lo),
            hi: p.yhat + widen * (p.hi - p.yhat),
          })),
        };
        const leadTime = f.forecasts.length;
        expect(reorderPoint(wider, { leadTime }).reorderPoint).toBeGreaterThanOrEqual(
          reorderPoint(f, { leadTime }).reorderPoint,
        );
      }),
    );
  });
});

describe('reorderPoint from a forecaster fitted on the generated shop (planted seasonality)', () => {
  const { manifest, views } = shop();
  // the best-selling product, daily units on the days it sold
  const top = manifest.baskets.topItems[0].stockCode;
  const code = strings(views.modeling, 'stockCode');
  const product = filter(views.modeling, (i) => code.values[code.codes[i]] === top);
  const { model, report } = fitForecaster(product, { seed: 42, horizon: 12, windows: 2 });
  const weekly = manifest.weeklyPeriod.tradingDaysPerWeek;

  it('forecasts trading days only: the planted shop never trades on Saturdays', () => {
    expect(manifest.weekdays.Sat).toBe(0);
    expect(report.series[0].seasonLength).toBe(weekly); // 6: the planted weekly period
    const days = model.predict({ horizon: 12 }).forecasts.map((f) => isoDayOfWeek(parseIsoDate(f.ds)));
    expect(days).not.toContain(6);
  });

  it('a week of lead time reorders above the week’s expected demand, at the forecaster’s interval level', () => {
    const r = reorderPoint(model.predict({ horizon: weekly }), { leadTime: weekly });
    expect(r.level).toBe(0.9);
    expect(r.safetyStock).toBeGreaterThan(0);
    expect(r.reorderPoint).toBeGreaterThan(r.expectedDemand);
  });
});
