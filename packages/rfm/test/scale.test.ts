import { applyScaler, fitScaler } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { blobs } from './fixtures/blobs.js';

// Values from /usr/bin/python3 packages/rfm/test/oracles/segmentation.py (scikit-learn 1.2.1).
const SKLEARN = {
  robust: { center: [1.9, 1.2, 0], scale: [5.1499999999999995, 7.15, 3.666666666666667] },
  standard: {
    mean: [2.6533333333333333, 2.986666666666667, 0.32222222222222224],
    scale: [2.628527259808343, 3.6549874600788073, 2.169058508850054],
  },
};

describe('fitScaler and applyScaler', () => {
  it('match scikit-learn RobustScaler and StandardScaler', () => {
    const r = fitScaler(blobs, ['a', 'b', 'c'], { method: 'robust' });
    r.center.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.robust.center[j], 12);
    });
    r.scale.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.robust.scale[j], 12);
    });
    const s = fitScaler(blobs, ['a', 'b', 'c'], { method: 'standard' });
    s.center.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.standard.mean[j], 12);
    });
    s.scale.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.standard.scale[j], 12);
    });
    const t = applyScaler(s, blobs);
    expect(t.data[0]).toBeCloseTo((blobs.data[0] - SKLEARN.standard.mean[0]) / SKLEARN.standard.scale[0], 12);
  });

  it('takes the signed log1p first when asked, for the named features only', () => {
    const x = { n: 3, d: 2, data: Float64Array.of(-1, 1, 0, 3, 1, 7) };
    const s = fitScaler(x, ['refund', 'spend'], { method: 'none', log1p: ['refund'] });
    expect(s.log).toEqual([true, false]);
    expect(Array.from(applyScaler(s, x).data)).toEqual([-Math.log(2), 1, 0, 3, Math.log(2), 7]);
    expect(() => fitScaler(x, ['refund', 'spend'], { log1p: ['other'] })).toThrow(/log1p must be one of refund, spend/);
  });
});
