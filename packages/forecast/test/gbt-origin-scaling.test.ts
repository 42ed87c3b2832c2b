import { gradientBoosting, seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

// Three series with the same shape at levels 1 : 4 : 32 (a deterministic zig-zag with a slow trend). Powers of 2
// keep y / s bit-identical across levels, so the check is exact up to the float rounding of log s.
const shape = Array.from({ length: 40 }, (_, t) => 10 + (t % 4) * 3 + 0.1 * t + ((t * 7) % 5));
const make = (c: number) =>
  seriesFromArrays(
    [1, 4, 32].map((k, i) => ({ id: `s${i}`, y: shape.map((v) => v * k * c) })),
    { freq: 'W' },
  );

describe('GBT with per-origin scaling (scaleAt: origin)', () => {
  for (const strategy of ['direct', 'recursive'] as const)
    it(`is scale-equivariant (${strategy}): every series × 8 gives forecasts × 8 (rows are scale-free)`, () => {
      const model = gradientBoosting({
        strategy,
        horizon: 3,
        scaleAt: 'origin',
        scaleWindow: 4,
        loss: 'l1',
        nTrees: 20,
        minSamplesLeaf: 5,
        alias: 'G',
      });
      const a = model.forecast(make(1), 3);
      const b = model.forecast(make(8), 3);
      for (let j = 0; j < a.length; j++) expect(b[j]).toBeCloseTo(8 * a[j], 9);
      // the three series differ only by level but log s is a feature, so their forecasts need not be in ratio
      // 1 : 4 : 32; they must still be positive and finite
      expect(a.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    });
});
