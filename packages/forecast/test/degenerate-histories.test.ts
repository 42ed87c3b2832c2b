import { RetailKitError } from '@retailkit/core';
import {
  adida,
  arima,
  autoArima,
  crossValidation,
  crostonClassic,
  crostonOptimized,
  crostonSba,
  ensemble,
  FORECAST_ERROR_CODES,
  type ForecastModel,
  gradientBoosting,
  historicAverage,
  holt,
  holtWinters,
  imapa,
  naive,
  ridge,
  seasonalNaive,
  seriesFromArrays,
  ses,
  theta,
  tsb,
  windowAverage,
} from '@retailkit/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// issue 17, finding 9: 38 of 128 degenerate fits returned NaN or Infinity, and GBT returned 0 for 0–2 points.

/**
 * Every model type of `createModel`, with the fewest observations it fits and why. A series needs one value to have
 * a last value, a mean or a level; models that cannot estimate more from a short series fall back (SeasonalNaive to
 * Naive below one season, Holt/Holt-Winters/Theta/ARIMA/AutoARIMA to simpler forms, Ridge to the mean below 3). The
 * recursive GBT trains on rows with `minHistory` (4) values before the origin, so it needs 5.
 */
const MODELS: { make: () => ForecastModel; min: number }[] = [
  { make: () => naive(), min: 1 },
  { make: () => seasonalNaive({ seasonLength: 7 }), min: 1 },
  { make: () => historicAverage(), min: 1 },
  { make: () => windowAverage({ windowSize: 7 }), min: 1 },
  { make: () => ses(), min: 1 },
  { make: () => holt({ damped: true }), min: 1 },
  { make: () => holtWinters({ seasonLength: 7, damped: true }), min: 1 },
  { make: () => holtWinters({ seasonLength: 7, seasonal: 'multiplicative', seasonIndex: 'dayOfWeek' }), min: 1 },
  { make: () => theta({ seasonLength: 7 }), min: 1 },
  { make: () => crostonClassic(), min: 1 },
  { make: () => crostonSba(), min: 1 },
  { make: () => crostonOptimized(), min: 1 },
  { make: () => tsb({ alphaD: 0.2, alphaP: 0.2 }), min: 1 },
  { make: () => adida(), min: 1 },
  { make: () => imapa(), min: 1 },
  { make: () => arima({ order: { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 7 } }), min: 1 },
  { make: () => autoArima({ seasonLength: 7 }), min: 1 },
  { make: () => ridge({ windowSize: 90 }), min: 1 },
  { make: () => gradientBoosting({ nTrees: 10 }), min: 5 },
  { make: () => ensemble({ models: [naive(), historicAverage(), ses()] }), min: 1 },
];

const ramp = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** Degenerate histories and what every model must do with them: `ok` (finite forecasts) or an error code. */
const HISTORIES: { name: string; y: number[]; expect: (min: number) => string }[] = [
  { name: 'empty', y: [], expect: () => FORECAST_ERROR_CODES.seriesTooShort },
  ...[1, 2, 3].map((n) => ({
    name: `${n} point(s)`,
    y: ramp(n, (i) => 5 + i),
    expect: (min: number) => (n >= min ? 'ok' : FORECAST_ERROR_CODES.seriesTooShort),
  })),
  { name: 'constant', y: ramp(30, () => 4), expect: () => 'ok' },
  { name: 'all zeros', y: ramp(30, () => 0), expect: () => 'ok' },
  { name: 'NaN inside', y: ramp(30, (i) => (i === 10 ? Number.NaN : i + 1)), expect: () => 'NON_FINITE' },
  { name: 'Infinity inside', y: ramp(30, (i) => (i === 10 ? Infinity : i + 1)), expect: () => 'NON_FINITE' },
  { name: '-Infinity inside', y: ramp(30, (i) => (i === 10 ? -Infinity : i + 1)), expect: () => 'NON_FINITE' },
];

/** `ok` when the forecast is finite everywhere, else the RetailKitError's code; anything else fails the test. */
function outcome(model: ForecastModel, y: number[], horizon = 7): string {
  try {
    const out = model.forecast(seriesFromArrays([{ id: 'a', y }]), horizon);
    expect(out).toHaveLength(horizon);
    return Array.from(out).every(Number.isFinite) ? 'ok' : `leaked ${Array.from(out)}`;
  } catch (e) {
    if (e instanceof RetailKitError) return e.code;
    throw e;
  }
}

describe('degenerate histories: every model forecasts finite numbers or raises a coded error', () => {
  for (const { make, min } of MODELS) {
    const alias = make().alias;
    it(`${alias} (needs ${min})`, () => {
      for (const h of HISTORIES) {
        const want = h.expect(min).replace(/^NON_FINITE$/, FORECAST_ERROR_CODES.nonFinite);
        expect(outcome(make(), h.y), `${alias} on ${h.name}`).toBe(want);
      }
      // huge but finite values: finite forecasts, or the overflow is reported (never ±Infinity or NaN)
      const huge = outcome(
        make(),
        ramp(30, (i) => (i % 2 ? 1e308 : 9e307)),
      );
      expect(['ok', FORECAST_ERROR_CODES.nonFinite], `${alias} on 1e308`).toContain(huge);
    });
  }

  it('the error says what was received and what is needed', () => {
    expect(() => naive().fit(seriesFromArrays([{ id: 'shop', y: [] }]))).toThrow(
      expect.objectContaining({ code: 'FORECAST_SERIES_TOO_SHORT', details: expect.objectContaining({ needed: 1 }) }),
    );
    expect(() => gradientBoosting().fit(seriesFromArrays([{ id: 'a', y: [1, 2] }]))).toThrow(
      expect.objectContaining({ code: 'FORECAST_SERIES_TOO_SHORT', details: expect.objectContaining({ needed: 5 }) }),
    );
    expect(() => ses().fit(seriesFromArrays([{ id: 'shop', y: [1, Number.NaN, 3] }]))).toThrow(
      expect.objectContaining({
        code: 'FORECAST_NON_FINITE',
        message: expect.stringMatching(/^SES\.fit: series "shop" has NaN at position 1/),
        details: expect.objectContaining({ series: 'shop', index: 1, received: 'NaN' }),
      }),
    );
  });

  it('a history update (crossValidation with refit: false) is checked like a fit', () => {
    const y = ramp(40, (i) => 10 + (i % 7));
    y[35] = Infinity;
    expect(() =>
      crossValidation(seriesFromArrays([{ id: 'a', y }]), [ses()], { horizon: 2, windows: 3, step: 5, refit: false }),
    ).toThrow(expect.objectContaining({ code: 'FORECAST_NON_FINITE' }));
  });

  it('property: random short histories with special values give finite forecasts or a coded error', () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(0, Number.NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324),
    );
    const codes = new Set<string>(Object.values(FORECAST_ERROR_CODES));
    let cases = 0;
    fc.assert(
      fc.property(fc.array(value, { maxLength: 24 }), fc.integer({ min: 0, max: MODELS.length - 1 }), (y, k) => {
        cases++;
        const got = outcome(MODELS[k].make(), y, 3);
        return got === 'ok' || codes.has(got);
      }),
      { numRuns: 200, seed: 17 },
    );
    console.log(`fuzz forecast degenerate histories: ${cases} cases`);
  });
});
