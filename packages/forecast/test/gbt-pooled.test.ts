import { gradientBoosting, seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

// Direct GBT with one model for all steps (multiModels: false, Darts' multi_models=False): the step h is a feature.
describe('GBT direct with multiModels: false (one model, h as a feature)', () => {
  const zigzag = (n: number, phase: number) => Array.from({ length: n }, (_, t) => ((t + phase) % 2) * 10);
  const data = seriesFromArrays(
    [0, 1, 0, 1].map((p, i) => ({ id: `s${i}`, y: zigzag(40 + i, p) })),
    { freq: 'W' },
  );
  const options = {
    strategy: 'direct',
    horizon: 4,
    target: 'identity',
    transforms: [{ type: 'lag', lag: 1 }],
    nTrees: 60,
    learningRate: 0.3,
    maxDepth: 3,
    minSamplesLeaf: 2,
  } as const;

  it('continues a period-2 zig-zag: y(T + h) depends on lag 1 and the parity of h (hand-computed truth)', () => {
    const fit = gradientBoosting({ ...options, multiModels: false, alias: 'Pooled' }).fit(data);
    const f = fit.predict(4);
    for (let i = 0; i < 4; i++) {
      const y = data.y.subarray(data.offsets[i], data.offsets[i + 1]);
      const last = y[y.length - 1];
      // after a 10 comes 0, 10, 0, 10; after a 0 comes 10, 0, 10, 0
      const truth = [1, 2, 3, 4].map((h) => (h % 2 === 1 ? 10 - last : last));
      for (let h = 0; h < 4; h++) expect(f[i * 4 + h]).toBeCloseTo(truth[h], 1);
    }
    expect(fit.params[0].features).toContain('horizon');
  });

  it('with horizon 1 equals the per-step model exactly (the constant h column never splits)', () => {
    const one = { ...options, horizon: 1 };
    const a = gradientBoosting({ ...one, multiModels: false, alias: 'A' }).forecast(data, 1);
    const b = gradientBoosting({ ...one, alias: 'B' }).forecast(data, 1);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('refuses a horizon beyond the fitted one, naming the fix', () => {
    const fit = gradientBoosting({ ...options, multiModels: false, alias: 'P' }).fit(data);
    expect(() => fit.predict(5)).toThrow(/Refit with a larger horizon/);
  });
});
