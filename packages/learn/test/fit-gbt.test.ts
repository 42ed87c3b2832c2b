import { isRetailKitError } from '@retailkit/core';
import { featureMatrix, fitGbt, type GbtOptions } from '@retailkit/learn';
import { describe, expect, it } from 'vitest';

/** One tree of depth 1, no shrinkage, no penalty: the model is the base score plus one hand-computable Newton step. */
const ONE_SPLIT: GbtOptions = { nTrees: 1, learningRate: 1, maxDepth: 1, minSamplesLeaf: 1, lambda: 0 };
const col = (...v: number[]) => ({ rows: v.length, cols: 1, values: Float64Array.from(v) });

describe('fitGbt: one split against hand-computed Newton steps', () => {
  it('squared: the leaves are the means of the two sides, split at the midpoint (3 | 10 → 6.5)', () => {
    const m = fitGbt(col(1, 2, 3, 10, 11, 12), [1, 1, 1, 5, 5, 5], ONE_SPLIT);
    expect(m.predictRow([2])).toBeCloseTo(1, 12);
    expect(m.predictRow([11])).toBeCloseTo(5, 12);
    expect(m.toJSON().trees[0].threshold[0]).toBe(6.5);
  });
  it('poisson: base log 2, g = μ − y = ±1, h = μ = 2, leaves ∓2/4 on the log scale', () => {
    // by hand: mean y = 2 → f₀ = log 2; left G = 1 + 1 = 2, H = 2 + 2 = 4 → leaf −0.5; right +0.5
    const m = fitGbt(col(0, 0, 1, 1), [1, 1, 3, 3], { ...ONE_SPLIT, objective: 'poisson' });
    expect(Array.from(m.predict(col(0, 1)))).toEqual([
      expect.closeTo(1.2130613194252668, 12), // 2·e^−0.5
      expect.closeTo(3.2974425414002564, 12), // 2·e^0.5
    ]);
    expect(m.predictRaw(col(0))[0]).toBeCloseTo(Math.LN2 - 0.5, 12);
    // with λ = 1 the left leaf is −2 / (4 + 1) = −0.4
    const penalised = fitGbt(col(0, 0, 1, 1), [1, 1, 3, 3], { ...ONE_SPLIT, objective: 'poisson', lambda: 1 });
    expect(penalised.predictRow([0])).toBeCloseTo(1.3406400920712787, 12); // 2·e^−0.4
  });
  it('tweedie p = 1.5: at μ = 2 the leaves are −2/3 and +2/5 on the log scale', () => {
    // by hand, a = μ^(1−p) = 1/√2, b = μ^(2−p) = √2, g = −y·a + b, h = 0.5·y·a + 0.5·b:
    // y = 1: g = 1/√2, h = 1.5/√2 → leaf −G/H = −2/3;  y = 3: g = −1/√2, h = 2.5/√2 → leaf +2/5
    const m = fitGbt(col(0, 0, 1, 1), [1, 1, 3, 3], { ...ONE_SPLIT, objective: 'tweedie', tweediePower: 1.5 });
    expect(m.predictRow([0])).toBeCloseTo(1.026834238065184, 12); // 2·e^(−2/3)
    expect(m.predictRow([1])).toBeCloseTo(2.9836493952825407, 12); // 2·e^0.4
    expect(m.tweediePower).toBe(1.5);
  });
  it('logistic: base rate ½ → f₀ = 0, g = ½ − y, h = ¼, leaves ∓1 in log-odds, predictions σ(∓1)', () => {
    // left: y = 0, 0, 0, 1 → G = 0.5·3 − 0.5 = 1, H = 4·0.25 = 1 → leaf −1; right is the mirror
    const m = fitGbt(col(0, 0, 0, 0, 1, 1, 1, 1), [0, 0, 0, 1, 1, 1, 1, 0], { ...ONE_SPLIT, objective: 'logistic' });
    expect(m.predictRow([0])).toBeCloseTo(0.2689414213699951, 12); // 1 / (1 + e)
    expect(m.predictRow([1])).toBeCloseTo(0.7310585786300049, 12);
    expect(m.predictRaw(col(0, 1))).toEqual(Float64Array.of(-1, 1));
  });
});

describe('fitGbt: many rounds reach the closed-form optimum', () => {
  // With one binary feature the optimum of every objective here is a constant per group: the group mean for
  // squared, Poisson and Tweedie deviance (their minimiser is the mean), the group frequency for log-loss.
  // Boosting stops splitting once a split's gain is below 1e−12, which leaves a residual of about 1e−6.
  const x = col(0, 0, 0, 0, 1, 1, 1, 1);
  const opts: GbtOptions = { nTrees: 300, learningRate: 0.3, maxDepth: 1, minSamplesLeaf: 1 };
  it.each(['squared', 'poisson', 'tweedie'] as const)('%s converges to the group means 1.5 and 7', (objective) => {
    const m = fitGbt(x, [0, 1, 2, 3, 4, 6, 8, 10], { ...opts, objective });
    expect(m.predictRow([0])).toBeCloseTo(1.5, 5);
    expect(m.predictRow([1])).toBeCloseTo(7, 5);
  });
  it('logistic converges to the group frequencies ¼ and ¾', () => {
    const m = fitGbt(x, [0, 0, 0, 1, 1, 1, 1, 0], { ...opts, objective: 'logistic' });
    expect(m.predictRow([0])).toBeCloseTo(0.25, 5);
    expect(m.predictRow([1])).toBeCloseTo(0.75, 5);
  });
  it('logistic on one class gives a probability near that class, never NaN (base rate clipped)', () => {
    const p = fitGbt(x, new Float64Array(8).fill(1), { ...opts, objective: 'logistic' }).predictRow([0]);
    expect(p).toBeGreaterThan(0.999);
    expect(p).toBeLessThanOrEqual(1);
  });
});

describe('fitGbt: row subsampling', () => {
  const x = col(...Array.from({ length: 40 }, (_, i) => i % 8));
  const y = Array.from({ length: 40 }, (_, i) => (i % 8 < 4 ? 2 : 5));
  const opts: GbtOptions = { objective: 'poisson', nTrees: 200, learningRate: 0.3, maxDepth: 2, minSamplesLeaf: 1 };
  it('still reaches the group values 2 and 5 (every row, sampled or not, follows the trees)', () => {
    // the optimum of a group whose targets are all equal is that value, whatever rows each tree sees
    const m = fitGbt(x, y, { ...opts, subsample: 0.25, seed: 3 });
    expect(m.predictRow([1])).toBeCloseTo(2, 5);
    expect(m.predictRow([6])).toBeCloseTo(5, 5);
  });
  it('is reproducible from its seed, differs with another seed, and ignores the seed at subsample 1', () => {
    const noisy = y.map((v, i) => v + (i % 3));
    const fit = (o: GbtOptions) => fitGbt(x, noisy, { ...opts, nTrees: 5, ...o }).toJSON();
    expect(fit({ subsample: 0.5, seed: 1 })).toEqual(fit({ subsample: 0.5, seed: 1 }));
    expect(fit({ subsample: 0.5, seed: 1 })).not.toEqual(fit({ subsample: 0.5, seed: 2 }));
    expect(fit({ seed: 1 })).toEqual(fit({ seed: 2 }));
  });
});

describe('fitGbt: sample weights', () => {
  const l1: GbtOptions = { nTrees: 30, learningRate: 0.3, maxDepth: 2, minSamplesLeaf: 1, maxBins: 16, lambda: 0 };
  it('equal weights give the unweighted fit (weights are normalised to mean 1)', () => {
    const X = col(...Array.from({ length: 40 }, (_, i) => i % 10));
    const y = Float64Array.from({ length: 40 }, (_, i) => (i % 10) * 2 + (i % 3));
    const a = fitGbt(X, y, { ...l1, objective: 'squared' });
    const b = fitGbt(X, y, { ...l1, objective: 'squared', weights: new Float64Array(40).fill(7) });
    for (const v of [0, 3, 9]) expect(b.predictRow([v])).toBeCloseTo(a.predictRow([v]), 9);
  });
  it('absolute error converges to the weighted median of a constant-feature sample (hand-computed)', () => {
    // values 1, 2, 10 with weights 1, 1, 5: weighted median 10 (unweighted median 2)
    const X = col(0, 0, 0);
    const y = [1, 2, 10];
    expect(fitGbt(X, y, { ...l1, objective: 'absolute', weights: [1, 1, 5] }).predictRow([0])).toBeCloseTo(10, 9);
    expect(fitGbt(X, y, { ...l1, objective: 'absolute' }).predictRow([0])).toBeCloseTo(2, 9);
  });
  it('poisson: integer weights equal repeated rows (hand check: weight 3 on a row = three copies)', () => {
    const a = fitGbt(col(0, 1, 1), [2, 5, 1], { ...l1, nTrees: 200, objective: 'poisson', weights: [1, 3, 1] });
    const b = fitGbt(col(0, 1, 1, 1, 1), [2, 5, 5, 5, 1], { ...l1, nTrees: 200, objective: 'poisson' });
    // equal up to where each stops splitting (gain < 1e−12; weights scale the gain)
    for (const v of [0, 1]) expect(a.predictRow([v])).toBeCloseTo(b.predictRow([v]), 5);
    expect(a.predictRow([1])).toBeCloseTo(4, 5); // (5·3 + 1) / 4
  });
});

describe('fitGbt: missing values and inputs', () => {
  it('sends NaN rows to their own side of a split', () => {
    const m = fitGbt(col(Number.NaN, Number.NaN, 1, 2), [0, 0, 5, 5], ONE_SPLIT);
    expect(m.predictRow([Number.NaN])).toBeCloseTo(0, 12);
    expect(m.predictRow([7])).toBeCloseTo(5, 12);
  });
  it('does not mutate its inputs', () => {
    const x = featureMatrix([[3], [1], [2], [5]]);
    const y = Float64Array.of(4, 2, 3, 6);
    fitGbt(x, y, { minSamplesLeaf: 1, nTrees: 5 });
    expect(Array.from(x.values)).toEqual([3, 1, 2, 5]);
    expect(Array.from(y)).toEqual([4, 2, 3, 6]);
  });
});

describe('fitGbt: invalid input', () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return isRetailKitError(e) ? `${e.code}: ${e.message}` : 'not a RetailKitError';
    }
    return 'no error';
  };
  const x = col(0, 1);
  it.each([
    ['an unknown objective', () => fitGbt(x, [1, 2], { objective: 'gamma' as 'squared' }), /objective/],
    ['tweediePower 2', () => fitGbt(x, [1, 2], { objective: 'tweedie', tweediePower: 2 }), /tweediePower/],
    ['a logistic target of 2', () => fitGbt(x, [0, 2], { objective: 'logistic' }), /y\[1\] must be 0 or 1/],
    ['a negative poisson target', () => fitGbt(x, [-1, 2], { objective: 'poisson' }), /y\[0\]/],
    ['all-zero poisson targets', () => fitGbt(x, [0, 0], { objective: 'poisson' }), /positive mean/],
    ['a y of the wrong length', () => fitGbt(x, [1], {}), /y\.length/],
    ['a ragged matrix', () => fitGbt({ rows: 2, cols: 2, values: [1, 2, 3] }, [1, 2]), /x\.values\.length/],
    ['maxBins 300', () => fitGbt(x, [1, 2], { maxBins: 300 }), /maxBins/],
    ['subsample 0', () => fitGbt(x, [1, 2], { subsample: 0 }), /subsample/],
    ['negative weights', () => fitGbt(x, [1, 2], { weights: [1, -1] }), /weights\[1\]/],
  ])('rejects %s with INVALID_ARGUMENT naming fitGbt', (_, f, message) => {
    const got = code(f);
    expect(got).toMatch(/^INVALID_ARGUMENT: fitGbt: /);
    expect(got).toMatch(message);
  });
  it('rejects a matrix with the wrong number of columns at predict time', () => {
    const m = fitGbt(x, [1, 2], { minSamplesLeaf: 1 });
    expect(code(() => m.predict({ rows: 1, cols: 2, values: [0, 0] }))).toMatch(/INVALID_ARGUMENT: GbtModel.predict/);
  });
});
