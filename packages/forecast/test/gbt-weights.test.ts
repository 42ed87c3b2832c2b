import { describe, expect, it } from 'vitest';
import { fitGbt, predictGbt } from '../src/internal/hist-gbt.js';

const params = {
  nTrees: 30,
  learningRate: 0.3,
  maxDepth: 2,
  minSamplesLeaf: 1,
  maxBins: 16,
  lambda: 0,
  loss: 'l1',
} as const;

describe('histogram GBT sample weights', () => {
  it('equal weights give the unweighted fit (weights are normalised to mean 1)', () => {
    const X = Float64Array.from({ length: 40 }, (_, i) => i % 10);
    const y = Float64Array.from({ length: 40 }, (_, i) => (i % 10) * 2 + (i % 3));
    const a = fitGbt(X, 40, 1, y, { ...params, loss: 'l2' });
    const b = fitGbt(X, 40, 1, y, { ...params, loss: 'l2' }, new Float64Array(40).fill(7));
    for (const x of [0, 3, 9]) expect(predictGbt(b, [x])).toBeCloseTo(predictGbt(a, [x]), 9);
  });
  it('l1 with weights converges to the weighted median of a constant-feature sample (hand-computed)', () => {
    // values 1, 2, 10 with weights 1, 1, 5: weighted median 10 (unweighted median 2)
    const X = new Float64Array(3);
    const y = Float64Array.of(1, 2, 10);
    const w = Float64Array.of(1, 1, 5);
    expect(predictGbt(fitGbt(X, 3, 1, y, params, w), [0])).toBeCloseTo(10, 9);
    expect(predictGbt(fitGbt(X, 3, 1, y, params), [0])).toBeCloseTo(2, 9);
  });
});
