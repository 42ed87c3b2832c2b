import { createRng, fromRows } from '@retailkit/core';
import {
  applyScaler,
  fitKMeans,
  fitScaler,
  fitSegments,
  kneeIndex,
  selectK,
  silhouetteScore,
  silhouetteScores,
} from '@retailkit/rfm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The fixture of test/oracle/segmentation.py: 90 points, three blobs in 3-D.
const centers = [
  [0, 0, 0],
  [6, 1, -2],
  [2, 8, 3],
];
const data = new Float64Array(90 * 3);
const truth = new Int32Array(90);
const other = new Int32Array(90);
for (let i = 0; i < 90; i++) {
  const c = i % 3;
  const off = [(((i * 37) % 11) - 5) / 5, (((i * 53) % 13) - 6) / 5, (((i * 29) % 7) - 3) / 3];
  for (let t = 0; t < 3; t++) data[i * 3 + t] = centers[c][t] + off[t];
  truth[i] = c;
  other[i] = Math.floor(i / 10) % 4;
}
const X = { n: 90, d: 3, data };

// Values from /usr/bin/python3 packages/rfm/test/oracle/segmentation.py (scikit-learn 1.2.1).
const SKLEARN = {
  silhouetteTruth: 0.7791911673822058,
  silhouetteOther: -0.058781104512295484,
  inertia: { 2: 764.7717777777777, 3: 124.79303703703701, 4: 111.49601322751322, 5: 98.53244444444442 } as Record<
    number,
    number
  >,
  robust: { center: [1.9, 1.2, 0], scale: [5.1499999999999995, 7.15, 3.666666666666667] },
  standard: {
    mean: [2.6533333333333333, 2.986666666666667, 0.32222222222222224],
    scale: [2.628527259808343, 3.6549874600788073, 2.169058508850054],
  },
};

describe('silhouette', () => {
  it('equals scikit-learn silhouette_score', () => {
    expect(silhouetteScore(X, truth)).toBeCloseTo(SKLEARN.silhouetteTruth, 12);
    const both = silhouetteScores(X, [truth, other]);
    expect(both.scores[0]).toBeCloseTo(SKLEARN.silhouetteTruth, 12);
    expect(both.scores[1]).toBeCloseTo(SKLEARN.silhouetteOther, 12);
    expect(both.sampled).toBe(false);
  });

  it('equals a brute-force implementation on random data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            // tiny values included: their squares underflow to 0 here and in the oracle alike (sum of squares, sqrt)
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.integer({ min: 0, max: 2 }),
          ),
          {
            minLength: 4,
            maxLength: 150,
          },
        ),
        (pts) => {
          const labels = Int32Array.from(pts, (p) => p[2]);
          if (new Set(labels).size < 2) return;
          const m = { n: pts.length, d: 2, data: Float64Array.from(pts.flatMap((p) => [p[0], p[1]])) };
          expect(silhouetteScore(m, labels)).toBeCloseTo(bruteSilhouette(m.data, m.n, 2, labels), 9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('scores several labellings of higher-dimensional rows like brute force, one by one (property)', () => {
    // covers the unrolled distance kernel (d ≥ 4), partial blocks (n not a multiple of 64) and clusters that
    // are empty within a block; oracle: bruteSilhouette below (direct O(n² d) definition per labelling)
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 200 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 2, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 10_000 }),
        (n, d, ks, seed) => {
          const rng = createRng(seed);
          const data = Float64Array.from({ length: n * d }, () => rng.next() * 4 - 2);
          const labelings = ks.map((k) => Int32Array.from({ length: n }, (_, i) => (i < k ? i : rng.int(k))));
          const valid = labelings.filter((lab) => Math.max(...lab) + 1 <= n && new Set(lab).size >= 2);
          if (valid.length === 0) return;
          const got = silhouetteScores({ n, d, data }, valid).scores;
          valid.forEach((lab, l) => {
            expect(got[l]).toBeCloseTo(bruteSilhouette(data, n, d, lab), 9);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('samples with a seed beyond sampleSize, deterministically', () => {
    const a = silhouetteScores(X, [truth], { sampleSize: 40, seed: 3 });
    const b = silhouetteScores(X, [truth], { sampleSize: 40, seed: 3 });
    expect(a.sampled).toBe(true);
    expect(a.rowsScored).toBe(40);
    expect(a.scores).toEqual(b.scores);
    expect(a.scores[0]).toBeGreaterThan(0.6);
  });
});

describe('scalers', () => {
  it('match scikit-learn RobustScaler and StandardScaler', () => {
    const r = fitScaler(X, ['a', 'b', 'c'], { method: 'robust' });
    r.center.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.robust.center[j], 12);
    });
    r.scale.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.robust.scale[j], 12);
    });
    const s = fitScaler(X, ['a', 'b', 'c'], { method: 'standard' });
    s.center.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.standard.mean[j], 12);
    });
    s.scale.forEach((v, j) => {
      expect(v).toBeCloseTo(SKLEARN.standard.scale[j], 12);
    });
    const t = applyScaler(s, X);
    expect(t.data[0]).toBeCloseTo((X.data[0] - SKLEARN.standard.mean[0]) / SKLEARN.standard.scale[0], 12);
  });
});

describe('KMeans', () => {
  it('reaches scikit-learn inertia for k = 2..5 and recovers the blobs', () => {
    // k = 2, 3 have one optimum: equal. k = 4, 5 have many local optima: at least as good as scikit-learn's n_init=10.
    for (let k = 2; k <= 3; k++) expect(fitKMeans(X, { k, seed: 7 }).inertia).toBeCloseTo(SKLEARN.inertia[k], 9);
    for (let k = 4; k <= 5; k++)
      expect(fitKMeans(X, { k, seed: 7, restarts: 50 }).inertia).toBeLessThanOrEqual(SKLEARN.inertia[k] + 1e-9);
    const r = fitKMeans(X, { k: 3, seed: 1 });
    expect(Array.from(r.sizes)).toEqual([30, 30, 30]);
    for (let i = 3; i < 90; i++) expect(r.labels[i]).toBe(r.labels[i % 3]);
  });

  it('is deterministic under a seed and the ml-kmeans engine agrees from the same seeds', () => {
    const a = fitKMeans(X, { k: 4, seed: 11 });
    const b = fitKMeans(X, { k: 4, seed: 11 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const c = fitKMeans(X, { k: 3, seed: 11, engine: 'ml-kmeans' });
    expect(c.inertia).toBeCloseTo(SKLEARN.inertia[3], 6);
  });

  it('accelerated Lloyd reaches the same partition as ml-kmeans (plain Lloyd, independent) from the same seeds', () => {
    // oracle: ml-kmeans iterates plain Lloyd from the same k-means++ centres; Hamerly's bounds and the
    // incrementally kept cluster sums must not change any assignment
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
          const theirs = fitKMeans(x, { k, seed, restarts: 1, tolerance: 0, engine: 'ml-kmeans' });
          expect(ours.inertia).toBeCloseTo(theirs.inertia, 9);
          expect(Array.from(ours.labels)).toEqual(Array.from(theirs.labels));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects k larger than the rows', () => {
    expect(() => fitKMeans({ n: 2, d: 1, data: Float64Array.of(1, 2) }, { k: 3 })).toThrow(
      /RFM_TOO_FEW_CUSTOMERS|at least 3/,
    );
  });
});

describe('selectK', () => {
  it('finds the knee at the true k and explains the choice', () => {
    const sel = selectK(X, { kRange: [2, 6], seed: 5 });
    expect(sel.kneeK).toBe(3);
    expect(sel.recommendedK).toBe(3);
    expect(sel.bestSilhouetteK).toBe(3);
    expect(sel.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6]);
    expect(sel.reasons[0]).toMatch(/k=3 is the knee/);
  });

  it('never recommends a k with a cluster under the minimum share; the outlier segment fixes it', () => {
    // 300 points in three blobs plus one far point: every k isolates the far point (flattering silhouette)
    const pts = new Float64Array(301);
    for (let i = 0; i < 300; i++) pts[i] = (i % 3) * 10 + ((i * 7) % 5) / 10;
    pts[300] = 1000;
    const sel = selectK({ n: 301, d: 1, data: pts }, { kRange: [2, 4], seed: 1 });
    expect(sel.candidates.every((c) => !c.eligible)).toBe(true);
    expect(sel.reasons.filter((r) => /rejected/.test(r)).length).toBe(3);
    expect(sel.reasons.at(-1)).toMatch(/No k in \[2, 4\]/);
    const table = fromRows(Array.from(pts, (v) => ({ x: v })));
    const seg = fitSegments(table, { features: ['x'], log1p: false, kRange: [2, 4], seed: 1 });
    expect(seg.outlierCount).toBe(1);
    expect(seg.k).toBe(3);
    expect(seg.labels[300]).toBe(3);
    expect(seg.profiles[3].outlier).toBe(true);
    expect(seg.profiles.map((p) => p.size)).toEqual([100, 100, 100, 1]);
  });

  it('kneeIndex finds the elbow of a convex decreasing curve', () => {
    expect(kneeIndex([1, 2, 3, 4, 5], [100, 30, 20, 15, 12])).toBe(1);
    expect(kneeIndex([1, 2], [2, 1])).toBe(0);
  });
});

function bruteSilhouette(data: Float64Array, n: number, d: number, labels: Int32Array): number {
  const k = Math.max(...labels) + 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Array(k).fill(0);
    const cnt = new Array(k).fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (data[i * d + t] - data[j * d + t]) ** 2;
      sum[labels[j]] += Math.sqrt(s);
      cnt[labels[j]]++;
    }
    const own = labels[i];
    if (cnt[own] === 0) continue;
    const a = sum[own] / cnt[own];
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && cnt[c] > 0) b = Math.min(b, sum[c] / cnt[c]);
    if (!Number.isFinite(b)) continue;
    const den = Math.max(a, b);
    total += den > 0 ? (b - a) / den : 0;
  }
  return total / n;
}
