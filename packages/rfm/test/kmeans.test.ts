import { createRng } from '@retailkit/core';
import { fitKMeans } from '@retailkit/rfm';
import fc from 'fast-check';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { finish, kmeansPlusPlus } from '../src/kmeans.js';
import { blobs } from './fixtures/blobs.js';

// Values from /usr/bin/python3 packages/rfm/test/oracles/segmentation.py (scikit-learn 1.2.1 KMeans, n_init=10).
const SKLEARN_INERTIA: Record<number, number> = {
  2: 764.7717777777777,
  3: 124.79303703703701,
  4: 111.49601322751322,
  5: 98.53244444444442,
};

describe('fitKMeans', () => {
  it('reaches scikit-learn inertia for k = 2..5 and recovers the blobs', () => {
    // k = 2, 3 have one optimum: equal. k = 4, 5 have many local optima: at least as good as scikit-learn's n_init=10.
    for (let k = 2; k <= 3; k++) expect(fitKMeans(blobs, { k, seed: 7 }).inertia).toBeCloseTo(SKLEARN_INERTIA[k], 9);
    for (let k = 4; k <= 5; k++)
      expect(fitKMeans(blobs, { k, seed: 7, restarts: 50 }).inertia).toBeLessThanOrEqual(SKLEARN_INERTIA[k] + 1e-9);
    const r = fitKMeans(blobs, { k: 3, seed: 1 });
    expect(Array.from(r.sizes)).toEqual([30, 30, 30]);
    for (let i = 3; i < 90; i++) expect(r.labels[i]).toBe(r.labels[i % 3]);
  });

  it('is deterministic under a seed; more restarts never give a higher inertia', () => {
    const a = fitKMeans(blobs, { k: 4, seed: 11 });
    const b = fitKMeans(blobs, { k: 4, seed: 11 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    // the restarts are drawn in order from the seed, so restarts: 8 tries the 4 of restarts: 4 and 4 more
    expect(fitKMeans(blobs, { k: 4, seed: 11, restarts: 8 }).inertia).toBeLessThanOrEqual(a.inertia);
  });

  it('reaches the same partition as ml-kmeans (plain Lloyd, independent) from the same k-means++ centres', () => {
    // oracle: ml-kmeans iterates plain Lloyd from the centres fitKMeans draws for its first restart; Hamerly's
    // bounds and the incrementally kept cluster sums must not change any assignment
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 120 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, d, k, seed) => {
          const rng = createRng(seed);
          const data = Float64Array.from({ length: n * d }, () => rng.next() * 10 + (rng.next() < 0.2 ? 30 : 0));
          const x = { n, d, data };
          const ours = fitKMeans(x, { k, seed, restarts: 1, tolerance: 0 });
          const init = kmeansPlusPlus(x, k, createRng(seed).fork());
          const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
          const centers = Array.from({ length: k }, (_, c) => Array.from(init.subarray(c * d, (c + 1) * d)));
          const res = mlKmeans(rows, k, { initialization: centers, maxIterations: 300, tolerance: 0 });
          const theirs = finish(x, Int32Array.from(res.clusters), k);
          expect(ours.inertia).toBeCloseTo(theirs.inertia, 9);
          expect(Array.from(ours.labels)).toEqual(Array.from(theirs.labels));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects k larger than the rows and k or restarts below 1', () => {
    const two = { n: 2, d: 1, data: Float64Array.of(1, 2) };
    expect(() => fitKMeans(two, { k: 3 })).toThrow(/needs at least 3 customers; received 2/);
    expect(() => fitKMeans(two, { k: 0 })).toThrow(/k must be an integer ≥ 1/);
    expect(() => fitKMeans(two, { k: 1, restarts: 0 })).toThrow(/restarts must be an integer ≥ 1/);
  });
});
