import { gradientBoosting, seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

// Static features (mlforecast's static_features): one fixed row of numbers per series id, appended to every row.
describe('GBT staticFeatures', () => {
  // four constant series: 10, 20, 10, 20. The only lag feature is a zero share (0 everywhere) and the target is
  // unscaled, so without the static flag every row looks the same and the best l2 forecast is the pooled mean 15;
  // with it, each group's own mean (hand-computed: 10 and 20).
  const levels = [10, 20, 10, 20];
  const data = seriesFromArrays(
    levels.map((v, i) => ({ id: `s${i}`, y: Array.from({ length: 30 }, () => v) })),
    { freq: 'W' },
  );
  const options = {
    strategy: 'direct',
    horizon: 2,
    target: 'identity',
    transforms: [{ type: 'rollingZeroShare', lag: 1, windowSize: 4 }],
    nTrees: 60,
    learningRate: 0.5,
    maxDepth: 2,
    minSamplesLeaf: 2,
    lambda: 0,
  } as const;
  const flag = { names: ['big'], values: { s0: [0], s1: [1], s2: [0], s3: [1] } };

  it('separates series that differ only in the static feature (group means by hand: 10 and 20)', () => {
    const fit = gradientBoosting({ ...options, staticFeatures: flag, alias: 'Static' }).fit(data);
    const f = fit.predict(2);
    for (let i = 0; i < 4; i++) for (let h = 0; h < 2; h++) expect(f[i * 2 + h]).toBeCloseTo(levels[i], 6);
    expect(fit.params[0].features).toContain('static_big');
    // the same model without the static feature cannot tell the series apart: the pooled mean 15 for all
    const plain = gradientBoosting({ ...options, alias: 'Plain' }).forecast(data, 2);
    for (const v of plain) expect(v).toBeCloseTo(15, 6);
  });

  it('names the series without static features and the fix', () => {
    const partial = { names: ['big'], values: { s0: [0], s1: [1], s2: [0] } };
    expect(() => gradientBoosting({ ...options, staticFeatures: partial }).fit(data)).toThrow(
      /"s3".*Give every series/s,
    );
    const wrongLength = { names: ['big'], values: { s0: [0, 1], s1: [1], s2: [0], s3: [1] } };
    expect(() => gradientBoosting({ ...options, staticFeatures: wrongLength }).fit(data)).toThrow(/1 number/);
  });
});
