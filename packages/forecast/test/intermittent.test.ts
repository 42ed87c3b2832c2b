import {
  adida,
  createModel,
  crossValidation,
  crostonClassic,
  crostonOptimized,
  crostonSba,
  type ForecastModel,
  imapa,
  type SeriesData,
  seriesFromArrays,
  tsb,
} from '@retailkit/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncateSeries } from '../src/internal/series-subsets.js';

/**
 * Intermittent-demand models. Expected values are either written out by hand below (the SES recursions, in the
 * comments) or — where an optimised α is interior to [0.1, 0.3] — come from an independent Python oracle: the
 * formulas of statsforecast's documentation re-implemented with NumPy 1.24 and SciPy 1.10
 * `minimize_scalar(method='bounded', xatol=1e-12)`, then the best of its answer and the two bounds (Debian
 * /usr/bin/python3; `python3 test/oracles/intermittent_oracle.py` prints them; the values are committed, the tests
 * never need Python). Where α is interior, the SSE is flat to
 * rounding near the optimum and the two searches stop ~1e-8 apart in α, so those values are compared to 5e-8.
 */

const one = (y: number[]): SeriesData => seriesFromArrays([{ id: 'a', y }], { freq: 'W' });
const f1 = (m: ForecastModel, y: number[], h = 1): number[] => Array.from(m.forecast(one(y), h));

/** The hand example. Non-zero at 0-based t = 1, 4, 6: sizes z = [3, 5, 2], intervals p = [1 + 1, 4 − 1, 6 − 4] = [2, 3, 2]. */
const Y = [0, 3, 0, 0, 5, 0, 2];

const models = (): ForecastModel[] => [
  crostonClassic(),
  crostonSba(),
  crostonOptimized(),
  tsb({ alphaD: 0.2, alphaP: 0.5 }),
  adida(),
  imapa(),
];

describe('intermittent models: hand-computed values on y = [0, 3, 0, 0, 5, 0, 2]', () => {
  it('CrostonClassic: ẑ = 3.08, p̂ = 2.09, ŷ = 28/19 (hand SES, α = 0.1)', () => {
    // sizes: ℓ = 3; 0.1·5 + 0.9·3 = 3.2; 0.1·2 + 0.9·3.2 = 3.08
    // intervals: ℓ = 2; 0.1·3 + 0.9·2 = 2.1; 0.1·2 + 0.9·2.1 = 2.09 → 3.08 / 2.09 = 308/209 = 28/19
    const f = f1(crostonClassic(), Y, 3);
    for (const v of f) expect(v).toBeCloseTo(28 / 19, 14);
    const p = crostonClassic().fit(one(Y)).params[0];
    expect(p.size).toBeCloseTo(3.08, 14);
    expect(p.interval).toBeCloseTo(2.09, 14);
  });

  it('CrostonSBA: 0.95 × 28/19 = 1.4', () => {
    expect(f1(crostonSba(), Y)[0]).toBeCloseTo(1.4, 14);
  });

  it('CrostonOptimized: both SSEs increase on [0.1, 0.3], so α = 0.1 and it equals the classic forecast', () => {
    // sizes: SSE(α) = (5 − 3)² + (2 − (3 + 2α))² = 4 + (1 + 2α)², increasing for α > −½ → α = 0.1
    // intervals: SSE(α) = (3 − 2)² + (2 − (2 + α))² = 1 + α², increasing for α > 0 → α = 0.1
    const fit = crostonOptimized().fit(one(Y));
    expect(fit.params[0]).toMatchObject({ alphaD: 0.1, alphaI: 0.1 });
    expect(fit.predict(1)[0]).toBeCloseTo(28 / 19, 14);
  });

  it('CrostonOptimized: both SSEs decrease on [0.1, 0.3] for y = [1, 0, 3, 0, 0, 5], so α = 0.3', () => {
    // z = [1, 3, 5], p = [1, 2, 3]. sizes: SSE = (3 − 1)² + (5 − (1 + 2α))² = 4 + (4 − 2α)², decreasing for α < 2;
    // intervals: SSE = (2 − 1)² + (3 − (1 + α))² = 1 + (2 − α)², decreasing for α < 2 → both α = 0.3.
    // sizes: 1; 0.3·3 + 0.7·1 = 1.6; 0.3·5 + 0.7·1.6 = 2.62. intervals: 1; 1.3; 0.3·3 + 0.7·1.3 = 1.81
    const fit = crostonOptimized().fit(one([1, 0, 3, 0, 0, 5]));
    expect(fit.params[0]).toMatchObject({ alphaD: 0.3, alphaI: 0.3 });
    expect(fit.predict(1)[0]).toBeCloseTo(2.62 / 1.81, 13);
    // classic on the same series: sizes 1, 1.2, 1.58; intervals 1, 1.1, 1.29
    expect(f1(crostonClassic(), [1, 0, 3, 0, 0, 5])[0]).toBeCloseTo(1.58 / 1.29, 14);
  });

  it('CrostonOptimized: an interior α for the intervals matches the SciPy oracle', () => {
    const y = [0, 0, 4, 0, 1, 0, 0, 6, 0, 2, 0, 0, 3, 0, 5, 0];
    const fit = crostonOptimized().fit(one(y));
    const p = fit.params[0] as { alphaD: number; alphaI: number };
    expect(p.alphaD).toBe(0.1); // oracle: at the bound
    expect(p.alphaI).toBeCloseTo(0.25708500687733415, 6); // oracle
    expect(fit.predict(1)[0]).toBeCloseTo(1.5051148998974071, 7); // oracle
  });

  it('TSB (αD = 0.2, αP = 0.5): d̂ = 0.640625, ẑ = 3.12, ŷ = 1.99875', () => {
    // occurrence d = [0, 1, 0, 0, 1, 0, 1], d̂ from d(0) = 0: 0, 0.5, 0.25, 0.125, 0.5625, 0.28125, 0.640625
    // sizes: 3; 0.2·5 + 0.8·3 = 3.4; 0.2·2 + 0.8·3.4 = 3.12 → 0.640625 × 3.12 = 1.99875
    expect(f1(tsb({ alphaD: 0.2, alphaP: 0.5 }), Y)[0]).toBeCloseTo(1.99875, 14);
  });

  it('ADIDA: k = round(7/3) = 2, sums [3, 5, 2] (first value dropped), α = 0.1, ŷ = 3.08 / 2 = 1.54', () => {
    // the sums' SSE is 4 + (1 + 2α)² as for the Croston sizes above: α = 0.1, ℓ = 3.08
    const fit = adida().fit(one(Y));
    expect(fit.params[0]).toEqual({ aggregationLevel: 2, alpha: 0.1 });
    expect(fit.predict(1)[0]).toBeCloseTo(1.54, 14);
  });

  it('ADIDA rounds the mean interval half to even, as NumPy: mean 15/6 = 2.5 → k = 2 (oracle value)', () => {
    const y = [0, 0, 4, 0, 1, 0, 0, 6, 0, 2, 0, 0, 3, 0, 5, 0];
    const fit = adida().fit(one(y));
    expect(fit.params[0].aggregationLevel).toBe(2);
    // sums of pairs [0, 4, 1, 6, 2, 0, 3, 5]: the oracle's α is the upper bound 0.3
    expect(fit.params[0].alpha).toBe(0.3);
    expect(fit.predict(1)[0]).toBeCloseTo(1.4797899, 14); // oracle 1.4797898999999999
  });

  it('IMAPA: K = 2, mean of level 1 (oracle α 0.175519244597) and level 2 (1.54 by hand)', () => {
    const fit = imapa().fit(one(Y));
    const p = fit.params[0] as { aggregationLevels: number; alphas: number[] };
    expect(p.aggregationLevels).toBe(2);
    expect(p.alphas[0]).toBeCloseTo(0.175519244597, 6);
    expect(p.alphas[1]).toBe(0.1);
    // level 1: SES on y itself with that α (written out here, an independent recursion)
    const a = p.alphas[0];
    let l = Y[0];
    for (let t = 1; t < Y.length; t++) l = a * Y[t] + (1 - a) * l;
    expect(fit.predict(1)[0]).toBeCloseTo((l + 1.54) / 2, 14);
    expect(fit.predict(1)[0]).toBeCloseTo(1.3441044694732267, 7); // oracle
  });
});

describe('intermittent models: edge cases', () => {
  it('all-zero series forecast 0; length-1 series forecast the value (or 0)', () => {
    for (const m of models()) {
      expect(f1(m, [0, 0, 0, 0], 3)).toEqual([0, 0, 0]);
      expect(f1(m, [0], 2)).toEqual([0, 0]);
      // one value: z = [5], p = [1], d̂ = 1, k = 1
      for (const v of f1(m, [5], 2)) expect(v).toBeCloseTo(m.alias === 'CrostonSBA' ? 4.75 : 5, 14);
    }
  });

  it('a single demand: Croston forecasts the lone value over its interval, z / (i + 1)', () => {
    expect(f1(crostonClassic(), [0, 0, 0, 8, 0, 0])).toEqual([2]);
    expect(f1(crostonOptimized(), [0, 0, 0, 8, 0, 0])).toEqual([2]);
  });

  it('property: zero-heavy non-negative series never give NaN, Infinity or a negative forecast', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 500 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (y) => {
          for (const m of models())
            for (const v of f1(m, y, 4)) {
              expect(Number.isFinite(v)).toBe(true);
              expect(v).toBeGreaterThanOrEqual(0);
            }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('negative values (net returns) never make a forecast negative', () => {
    for (const m of models()) for (const v of f1(m, [0, -4, 0, -2, 0, -6, 1], 2)) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('tsb refuses missing or out-of-range α, naming the option', () => {
    expect(() => tsb({ alphaD: 1.5, alphaP: 0.1 })).toThrow(/tsb: alphaD must be a number in \[0, 1\]/);
    expect(() => tsb({ alphaP: 0.1 } as never)).toThrow(/alphaD/);
  });
});

describe('intermittent models: model contract', () => {
  const data = seriesFromArrays(
    [
      { id: 'a', y: [0, 3, 0, 0, 5, 0, 2, 0, 0, 4, 1, 0, 0, 0, 7, 0, 2, 0] },
      { id: 'b', y: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      { id: 'c', y: [12, 0, 9, 14, 0, 0, 0, 0, 30, 0, 6, 0, 0, 11, 0, 0, 0, 5] },
    ],
    { freq: 'W' },
  );

  it('forecast equals fit then predict; unique default aliases', () => {
    const ms = models();
    expect(new Set(ms.map((m) => m.alias)).size).toBe(ms.length);
    for (const m of ms) expect(Array.from(m.forecast(data, 5))).toEqual(Array.from(m.fit(data).predict(5)));
  });

  it('update on the same history equals the fit bit for bit (params and forecasts)', () => {
    for (const m of models()) {
      const fit = m.fit(data);
      const up = fit.update?.(data);
      if (!up) throw new Error(`${m.alias} has no update`);
      expect(up.params).toEqual(fit.params);
      expect(Array.from(up.predict(6))).toEqual(Array.from(fit.predict(6)));
    }
  });

  it('update on a longer history keeps the α’s and aggregation levels and reruns the recursions (hand recursion)', () => {
    const short = truncateSeries(data, () => 10);
    for (const m of [crostonOptimized(), adida(), imapa()]) {
      const fit = m.fit(short);
      const up = fit.update?.(data);
      if (!up) throw new Error(`${m.alias} has no update`);
      const refit = m.fit(data);
      for (let i = 0; i < 3; i++)
        for (const key of ['alphaD', 'alphaI', 'alpha', 'alphas', 'aggregationLevel', 'aggregationLevels'])
          if (key in fit.params[i] && key in up.params[i]) expect(up.params[i][key]).toEqual(fit.params[i][key]);
      // series a under CrostonOptimized, by hand from the kept α's: z = [3, 5, 2, 4, 1, 7, 2], p = [2, 3, 2, 3, 1, 4, 2]
      if (m.alias === 'CrostonOptimized') {
        const { alphaD, alphaI } = fit.params[0] as { alphaD: number; alphaI: number };
        const ses = (x: number[], a: number) => x.slice(1).reduce((l, v) => a * v + (1 - a) * l, x[0]);
        const want = ses([3, 5, 2, 4, 1, 7, 2], alphaD) / ses([2, 3, 2, 3, 1, 4, 2], alphaI);
        expect(up.predict(1)[0]).toBeCloseTo(want, 14);
        expect(Math.abs(refit.predict(1)[0] - want)).toBeGreaterThan(1e-6); // not a refit in disguise
      }
    }
  });

  it('an all-zero fit estimated nothing: its update fits the new history', () => {
    for (const m of models()) {
      const fit = m.fit(one([0, 0, 0, 0]));
      const up = fit.update?.(one([0, 0, 0, 0, 6, 0, 3]));
      if (!up) throw new Error(`${m.alias} has no update`);
      expect(Array.from(up.predict(2))).toEqual(Array.from(m.fit(one([0, 0, 0, 0, 6, 0, 3])).predict(2)));
    }
  });

  it('createModel rebuilds each model from its JSON spec with the same forecasts', () => {
    for (const m of [...models(), tsb({ alphaD: 0.1, alphaP: 0.3, alias: 'TSB_01_03' })]) {
      const spec = JSON.parse(JSON.stringify(m.spec));
      const again = createModel(spec);
      expect(again.alias).toBe(m.alias);
      expect(again.spec).toEqual(m.spec);
      expect(Array.from(again.forecast(data, 4))).toEqual(Array.from(m.forecast(data, 4)));
    }
  });

  it('crossValidation with refit: false accepts every model; window 0 equals refit: true', () => {
    const ms = models();
    const upd = crossValidation(data, ms, { horizon: 2, windows: 3, step: 2, refit: false });
    const ref = crossValidation(data, ms, { horizon: 2, windows: 3, step: 2 });
    expect(upd.refitted).toEqual([true, false, false]);
    for (const m of ms)
      for (let i = 0; i < 3; i++)
        for (let h = 0; h < 2; h++)
          expect(upd.forecasts[m.alias][(i * 3 + 0) * 2 + h]).toBe(ref.forecasts[m.alias][(i * 3 + 0) * 2 + h]);
  });

  it('property: perturbing values at or after a cutoff does not change the forecast from that cutoff (no leak)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 50 })), {
          minLength: 12,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 100 }),
        (y, cut, bump) => {
          const perturbed = y.map((v, t) => (t >= cut ? v * 3 + bump : v));
          for (const m of models()) {
            const a = m.forecast(
              truncateSeries(one(y), () => cut),
              3,
            );
            const b = m.forecast(
              truncateSeries(one(perturbed), () => cut),
              3,
            );
            expect(Array.from(b)).toEqual(Array.from(a));
            // and through a refit: false backtest: windows at or before the cutoff are unchanged
            const opts = { horizon: 1, windows: 3, step: 1, refit: false } as const;
            const cvA = crossValidation(one(y), [m], opts);
            const cvB = crossValidation(one(perturbed), [m], opts);
            for (let w = 0; w < 3; w++)
              if (cvA.cutoffs[w] <= cut) expect(cvB.forecasts[m.alias][w]).toBe(cvA.forecasts[m.alias][w]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
