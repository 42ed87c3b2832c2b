import { createRng } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('createRng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(createRng(43).next()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
  it('is roughly uniform and normal (mean and variance within 3 standard errors)', () => {
    const r = createRng(7);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(3 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(3 * Math.sqrt(2 / n));
  });
  it('shuffles arrays and typed arrays with the same draws (a permutation of the input)', () => {
    const a = createRng(11).shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    const b = createRng(11).shuffle(Int32Array.from({ length: 8 }, (_, i) => i));
    expect(Array.from(b)).toEqual(a);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(a).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
