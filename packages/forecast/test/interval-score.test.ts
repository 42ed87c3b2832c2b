import { intervalScore } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

describe('intervalScore (Winkler), hand-computed', () => {
  it('charges the width plus 2/α times the distance of each miss', () => {
    // L = 0.8 (α = 0.2, penalty 10): [0, 2] holds y = 1 → 2; y = 5 is 3 above → 2 + 30; y = −1 is 1 below → 2 + 10
    expect(intervalScore([1, 5, -1], [1, 1, 1], [1], 0.8)).toBeCloseTo((2 + 32 + 12) / 3, 12); // 2 / 0.2 is 10 + 2e-15
  });

  it('per-value widths, NaN pairs skipped, bad levels refused', () => {
    expect(intervalScore([1, Number.NaN, 4], [1, 1, 1], [0.5, 9, 3], 0.9)).toBe((1 + 6) / 2);
    expect(() => intervalScore([1], [1], [1], 1)).toThrow(/level/);
  });

  it('at equal coverage the narrower interval scores lower; a too-narrow one pays for its misses', () => {
    const y = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const p = new Array(10).fill(4.5);
    // w = 4.5 covers all (score 9); w = 5.5 also covers all (11); w = 0.5 misses 8 of 10: 1 + 10·(distances) / 10
    expect(intervalScore(y, p, [4.5], 0.8)).toBe(9);
    expect(intervalScore(y, p, [5.5], 0.8)).toBe(11);
    // misses |y − 4.5| − 0.5 = 4, 3, 2, 1 on each side → 2 · 10 = 20 → penalty 10 · 20 / 10 = 20, plus width 1
    expect(intervalScore(y, p, [0.5], 0.8)).toBeCloseTo(21, 12);
  });
});
