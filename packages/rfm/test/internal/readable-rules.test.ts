import { describe, expect, it } from 'vitest';
import { pathText } from '../../src/internal/readable-rules.js';

// Expected texts written by hand from the steps (one range per feature, bounds tightened, words for names).
describe('pathText: a decision path as one sentence in words', () => {
  it('merges the steps on one feature into its tightest range and names features in words', () => {
    const steps = [
      { feature: 'recency', op: '>' as const, threshold: 10 },
      { feature: 'frequency', op: '<=' as const, threshold: 12.5 },
      { feature: 'recency', op: '<=' as const, threshold: 400 },
      { feature: 'recency', op: '>' as const, threshold: 53.5 },
      { feature: 'recency', op: '<=' as const, threshold: 212 },
      { feature: 'customFeature', op: '>' as const, threshold: 1200 },
    ];
    expect(pathText(steps, 'Need attention')).toBe(
      '53.5 < days since last order ≤ 212 and orders ≤ 12.5 and customFeature > 1,200 → Need attention',
    );
  });

  it('says "every customer" for an empty path', () => {
    expect(pathText([], 'Everyone')).toBe('every customer → Everyone');
  });
});
