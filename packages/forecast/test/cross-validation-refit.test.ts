import {
  arima,
  autoArima,
  crossValidation,
  ensemble,
  type ForecastModel,
  gradientBoosting,
  naive,
  ridge,
  type SeriesData,
  seriesFromArrays,
  ses,
  theta,
} from '@retailkit/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncateSeries } from '../src/internal/series-subsets.js';
import { sarimaSeries } from './helpers.js';

/** A model that logs every fit and every history update (length and last date seen); forecasts the last value. */
function spy(log: { kind: 'fit' | 'update'; len: number; maxDs: number }[]): ForecastModel {
  const base = naive({ alias: 'Spy' });
  const maxDs = (ds: Float64Array) => ds.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const wrap = (fitted: ReturnType<ForecastModel['fit']>): ReturnType<ForecastModel['fit']> => ({
    ...fitted,
    predict: (h) => fitted.predict(h),
    update(data) {
      log.push({ kind: 'update', len: data.y.length, maxDs: maxDs(data.ds) });
      return wrap(base.fit(data));
    },
  });
  return {
    alias: 'Spy',
    spec: base.spec,
    fit(data) {
      log.push({ kind: 'fit', len: data.y.length, maxDs: maxDs(data.ds) });
      return wrap(base.fit(data));
    },
    forecast(data, h) {
      return this.fit(data).predict(h);
    },
  };
}

const Y = [10, 12, 9, 14, 11, 15, 13, 16, 12, 18, 14, 17, 15, 19, 16, 20];

describe('crossValidation refit (Nixtla semantics)', () => {
  it('refit: false fits once on the first window and only updates the history after (hand-counted)', () => {
    const data = seriesFromArrays([{ id: 'a', y: Y }]);
    const log: { kind: 'fit' | 'update'; len: number; maxDs: number }[] = [];
    // n = 16, horizon 2, 4 windows, step 2: cutoffs 8, 10, 12, 14
    const cv = crossValidation(data, [spy(log)], { horizon: 2, windows: 4, step: 2, refit: false });
    expect(Array.from(cv.cutoffs)).toEqual([8, 10, 12, 14]);
    expect(log.map((l) => `${l.kind}${l.len}`)).toEqual(['fit8', 'update10', 'update12', 'update14']);
    expect(cv.refitted).toEqual([true, false, false, false]);
  });

  it('refit: n refits on windows 0, n, 2n, … (hand-counted)', () => {
    const data = seriesFromArrays([{ id: 'a', y: Y }]);
    const log: { kind: 'fit' | 'update'; len: number; maxDs: number }[] = [];
    crossValidation(data, [spy(log)], { horizon: 1, windows: 5, step: 2, refit: 2 });
    // n = 16, horizon 1, step 2: cutoffs 7, 9, 11, 13, 15
    expect(log.map((l) => `${l.kind}${l.len}`)).toEqual(['fit7', 'update9', 'fit11', 'update13', 'fit15']);
    const log1: typeof log = [];
    crossValidation(data, [spy(log1)], { horizon: 1, windows: 3, step: 2, refit: 1 });
    expect(log1.every((l) => l.kind === 'fit')).toBe(true);
  });

  it('SES with refit: false keeps α and ℓ0 of the first fit and filters the longer history (hand recursion)', () => {
    const data = seriesFromArrays([{ id: 'a', y: Y }]);
    const cv = crossValidation(data, [ses()], { horizon: 2, windows: 2, step: 4, refit: false });
    // cutoffs 10 and 14; parameters come from the fit on y[0 .. 10)
    const first = ses().fit(truncateSeries(data, () => 10)).params[0] as { alpha: number; level0: number };
    // independent computation: ℓ(t) = α y(t) + (1 − α) ℓ(t − 1) from ℓ0 over y[0 .. 14); forecast ℓ(13)
    let l = first.level0;
    for (let t = 0; t < 14; t++) l = first.alpha * Y[t] + (1 - first.alpha) * l;
    expect(cv.forecasts.SES[2]).toBeCloseTo(l, 10);
    expect(cv.forecasts.SES[3]).toBeCloseTo(l, 10);
    // the refitted backtest re-estimates α on y[0 .. 14), which gives a different forecast on this series
    const refitted = crossValidation(data, [ses()], { horizon: 2, windows: 2, step: 4 });
    expect(refitted.forecasts.SES[0]).toBeCloseTo(cv.forecasts.SES[0], 12); // window 0 is the same fit
    expect(Math.abs(refitted.forecasts.SES[2] - l)).toBeGreaterThan(1e-6);
  });

  it('Theta with refit: false keeps α and b₀ and reruns SES on the longer history (the Theta formula by hand)', () => {
    const data = seriesFromArrays([{ id: 'a', y: Y }]);
    const cv = crossValidation(data, [theta()], { horizon: 1, windows: 2, step: 3, refit: false });
    // cutoffs 12 and 15; α and b₀ from the fit on y[0 .. 12)
    const p0 = theta().fit(truncateSeries(data, () => 12)).params[0] as { alpha: number; b0: number };
    let l = Y[0];
    for (let t = 0; t < 15; t++) l = p0.alpha * Y[t] + (1 - p0.alpha) * l;
    // ŷ(T+1) = ℓ(T) + ½ b₀ (1/α − (1 − α)^n / α), n = 15
    const expected = l + 0.5 * p0.b0 * (1 / p0.alpha - (1 - p0.alpha) ** 15 / p0.alpha);
    expect(cv.forecasts.Theta[1]).toBeCloseTo(expected, 10);
  });

  it('global GBT and ensembles update their history; a model without FittedModel.update is refused by name', () => {
    const series = ['a', 'b', 'c'].map((id, k) => ({ id, y: Y.map((v) => v * (k + 1)) }));
    const data = seriesFromArrays(series);
    const gbt = gradientBoosting({ nTrees: 5, minSamplesLeaf: 3, alias: 'G' });
    const ens = ensemble({ models: [gbt, naive()], alias: 'E' });
    const cv = crossValidation(data, [gbt, ens], { horizon: 2, windows: 2, step: 2, refit: false });
    // window 1 = the window-0 trees run on the history up to cutoff 14
    const f0 = gbt.fit(truncateSeries(data, () => 12));
    const upd = f0.update?.(truncateSeries(data, () => 14)).predict(2) as Float64Array;
    for (let i = 0; i < 3; i++)
      for (let h = 0; h < 2; h++) expect(cv.forecasts.G[(i * 2 + 1) * 2 + h]).toBe(upd[i * 2 + h]);
    expect(cv.forecasts.E[(0 * 2 + 1) * 2]).toBeCloseTo((upd[0] + Y[13]) / 2, 12);
    // a model whose fits have no `update` (every built-in model has one now) is refused by name
    const base = naive({ alias: 'Frozen' });
    const frozen: ForecastModel = {
      alias: 'Frozen',
      spec: base.spec,
      fit: (d) => {
        const f = base.fit(d);
        return { alias: f.alias, ids: f.ids, params: f.params, predict: (h) => f.predict(h) };
      },
      forecast: (d, h) => base.forecast(d, h),
    };
    expect(() => crossValidation(data, [frozen], { horizon: 2, windows: 2, refit: false })).toThrow(
      /crossValidation.*refit.*Frozen cannot update/s,
    );
    expect(crossValidation(data, [frozen], { horizon: 2, windows: 2, refit: true }).refitted).toEqual([true, true]);
    expect(() => crossValidation(data, [naive()], { horizon: 2, refit: 0 })).toThrow(/refit/);
  });

  it('property: with refit false | n no fit or update sees data at or after its cutoff', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 12, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.oneof(fc.constant(false), fc.integer({ min: 1, max: 3 })),
        (n, h, windows, step, refit) => {
          const data = seriesFromArrays([{ id: 'a', y: Array.from({ length: n }, (_, i) => i) }]);
          const log: { kind: 'fit' | 'update'; len: number; maxDs: number }[] = [];
          const cv = crossValidation(data, [spy(log)], { horizon: h, windows, step, refit });
          const used = log.map((l) => l.len);
          const cuts = Array.from(cv.cutoffs).filter((c) => c >= 2);
          expect(used).toEqual(cuts); // one fit or update per window, on exactly y[0 .. cutoff)
          for (let w = 0; w < cuts.length; w++) expect(log[w].maxDs).toBeLessThan(data.ds[cuts[w]]); // the first forecast date is later
        },
      ),
    );
  });
});

describe('crossValidation refit: false | n for ARIMA, AutoARIMA and ridge (parameters kept, history updated)', () => {
  // two daily series of 80 values; horizon 4, 4 windows, step 4: cutoffs 64, 68, 72, 76
  const data = seriesFromArrays([
    { id: 'a', y: sarimaSeries(80, 2) },
    { id: 'b', y: sarimaSeries(80, 3) },
  ]);
  const order = { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 4 };
  const models = [
    arima({ order, alias: 'SARIMA_ML' }),
    arima({ order, method: 'css', includeConstant: true, alias: 'SARIMA_CSS' }),
    autoArima({ seasonLength: 4 }),
    ridge({ windowSize: 30 }),
  ];
  const options = { horizon: 4, windows: 4, step: 4 };
  const cutoffs = [64, 68, 72, 76];
  const upTo = (d: SeriesData, cut: number) => truncateSeries(d, () => cut);
  /** Window w's forecasts (both series) in a backtest result. */
  const windowOf = (f: Float64Array, w: number) =>
    [0, 1].flatMap((i) => Array.from(f.subarray((i * 4 + w) * 4, (i * 4 + w + 1) * 4)));

  for (const [refit, fitWindows] of [
    [false, [0]],
    [2, [0, 2]],
  ] as const)
    it(`refit: ${refit} — windows after a refit forecast with that fit's parameters over their own history`, () => {
      const cv = crossValidation(data, models, { ...options, refit });
      expect(cv.refitted).toEqual(cutoffs.map((_, w) => (fitWindows as readonly number[]).includes(w)));
      const refitted = crossValidation(data, models, options);
      for (const m of models) {
        let fit = m.fit(upTo(data, cutoffs[0]));
        for (let w = 0; w < 4; w++) {
          // the manual schedule: fit on a refit window, else update the last fit's history to this cutoff
          const isFit = (fitWindows as readonly number[]).includes(w);
          if (isFit) fit = m.fit(upTo(data, cutoffs[w]));
          const used = isFit ? fit : fit.update?.(upTo(data, cutoffs[w]));
          if (!used) throw new Error(`${m.alias} has no update`);
          expect(used.params).toEqual(fit.params); // the refit window's parameters, nothing re-estimated
          expect(windowOf(cv.forecasts[m.alias], w)).toEqual(Array.from(used.predict(4)));
          // not a refit in disguise: the refitted backtest differs where parameters were reused
          const diff = windowOf(cv.forecasts[m.alias], w).map((v, k) =>
            Math.abs(v - windowOf(refitted.forecasts[m.alias], w)[k]),
          );
          if (isFit) expect(Math.max(...diff)).toBe(0);
          else expect(Math.max(...diff)).toBeGreaterThan(1e-6);
        }
      }
    });

  it('no forecast uses data at or after its cutoff: perturbing y(t ≥ cutoff) leaves that window and earlier ones unchanged', () => {
    for (const refit of [false, 2] as const) {
      const cv = crossValidation(data, models, { ...options, refit });
      for (let w = 0; w < 4; w++) {
        // y(t) → 3 y(t) + 100 from this window's cutoff on, in both series
        const y = Float64Array.from(data.y, (v, k) => (k % 80 >= cutoffs[w] ? 3 * v + 100 : v));
        const perturbed = crossValidation({ ...data, y }, models, { ...options, refit });
        for (const m of models)
          for (let v = 0; v < 4; v++) {
            const same = windowOf(perturbed.forecasts[m.alias], v);
            if (v <= w) expect(same).toEqual(windowOf(cv.forecasts[m.alias], v));
            // later windows do see it (the perturbation is effective); an updated ridge reads only the history's
            // length and dates, so it changes only where it is refitted
            else if (m.alias !== 'Ridge_w30' || (refit === 2 && v >= 2 && w < 2))
              expect(same).not.toEqual(windowOf(cv.forecasts[m.alias], v));
          }
      }
    }
  });
});
