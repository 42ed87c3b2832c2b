import { isRetailKitError } from '@retailkit/core';
import { featureMatrix, fitGbt, gbtFromJSON, LEARN_ERROR_CODES } from '@retailkit/learn';
import { describe, expect, it } from 'vitest';

describe('gbtFromJSON', () => {
  const rows = Array.from({ length: 60 }, (_, i) => [i % 7, i % 3 === 0 ? Number.NaN : (i * 37) % 11]);
  const x = featureMatrix(rows);
  const y = rows.map(([a, b]) => (a > 3 ? 2 : 0) + (Number.isNaN(b) ? 1 : 0));
  it.each(['squared', 'absolute', 'poisson', 'tweedie'] as const)(
    '%s: a JSON round trip predicts exactly what the fitted model does',
    (objective) => {
      const m = fitGbt(x, y, { objective, nTrees: 20, minSamplesLeaf: 2, maxDepth: 3 });
      const back = gbtFromJSON(JSON.parse(JSON.stringify(m)));
      expect(back.predict(x)).toEqual(m.predict(x));
      expect(back.toJSON()).toEqual(m.toJSON());
    },
  );
  it('keeps a missing-only split (threshold −∞) as null in JSON and reads it back', () => {
    const m = fitGbt({ rows: 4, cols: 1, values: [Number.NaN, Number.NaN, 1, 2] }, [1, 1, 0, 0], {
      objective: 'logistic',
      nTrees: 3,
      minSamplesLeaf: 1,
      maxDepth: 1,
    });
    const json = m.toJSON();
    expect(json.trees[0].threshold[0]).toBeNull();
    const back = gbtFromJSON(JSON.parse(JSON.stringify(json)));
    expect(back.predictRow([Number.NaN])).toBe(m.predictRow([Number.NaN]));
    expect(back.predictRow([1])).toBe(m.predictRow([1]));
    expect(back.predictRow([Number.NaN])).toBeGreaterThan(0.5);
  });
  it.each([
    ['null', null],
    ['another kind', { kind: 'retailkit.tree', version: 1 }],
    ['a future version', { kind: 'retailkit.gbt', version: 2 }],
    [
      'a child pointing backwards',
      {
        kind: 'retailkit.gbt',
        version: 1,
        objective: 'squared',
        nFeatures: 1,
        base: 0,
        trees: [
          { feature: [0, -1, -1], threshold: [1, 0, 0], left: [0, -1, -1], right: [2, -1, -1], value: [0, 1, 2] },
        ],
      },
    ],
  ])('rejects %s with LEARN_BAD_MODEL', (_, json) => {
    let caught: unknown;
    try {
      gbtFromJSON(json);
    } catch (e) {
      caught = e;
    }
    expect(isRetailKitError(caught) && caught.code).toBe(LEARN_ERROR_CODES.badModel);
  });
});
