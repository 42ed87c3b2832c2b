import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, macroF1 } from '../src/internal/metrics.js';

describe('internal metrics', () => {
  it('adjustedRandIndex equals scikit-learn adjusted_rand_score', () => {
    // sklearn 1.2.1: adjusted_rand_score([0,0,1,1,2,2,2],[1,1,0,0,2,2,0]) = 0.475
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2, 2], [1, 1, 0, 0, 2, 2, 0])).toBeCloseTo(0.475, 12);
    // adjusted_rand_score([0,0,0,1,1,1],[0,1,2,3,4,5]) = 0.0
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 1, 2, 3, 4, 5])).toBeCloseTo(0, 12);
  });

  it('macroF1 equals scikit-learn f1_score(average="macro")', () => {
    // test/oracles/tree.py: f1_score([0,1,2,2,1,0,3,3,1], [0,2,2,2,1,1,3,0,1], average='macro') = 0.6583333333333333
    expect(macroF1([0, 1, 2, 2, 1, 0, 3, 3, 1], [0, 2, 2, 2, 1, 1, 3, 0, 1])).toBeCloseTo(0.6583333333333333, 12);
  });
});
