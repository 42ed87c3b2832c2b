import { isRetailKitError } from '@retailkit/core';
import { featureMatrix } from '@retailkit/learn';
import { describe, expect, it } from 'vitest';

describe('featureMatrix', () => {
  it('lays rows out row-major, keeping NaN', () => {
    const m = featureMatrix([
      [1, 2],
      [3, Number.NaN],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(2);
    expect(Array.from(m.values)).toEqual([1, 2, 3, Number.NaN]);
  });
  it('rejects rows of different lengths', () => {
    expect(() => featureMatrix([[1, 2], [3]])).toThrow(/featureMatrix: rows\[1\]\.length must be 2/);
    try {
      featureMatrix([[1, 2], [3]]);
    } catch (e) {
      expect(isRetailKitError(e) && e.code).toBe('INVALID_ARGUMENT');
    }
  });
});
