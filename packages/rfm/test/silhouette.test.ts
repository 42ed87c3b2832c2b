import { createRng } from '@retailkit/core';
import { silhouetteScores } from '@retailkit/rfm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobs, other, truth } from './fixtures/blobs.js';

// Values from /usr/bin/python3 packages/rfm/test/oracles/segmentation.py (scikit-learn 1.2.1 silhouette_score).
const SKLEARN = { truth: 0.7791911673822058, other: -0.058781104512295484 };

/** The definition, directly: O(n²) per labelling. The oracle of the properties below. */
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

/** `rows` random points in `d` dimensions and `ks.length` random labellings (every cluster non-empty). */
function randomCase(rows: number, d: number, ks: number[], seed: number) {
  const rng = createRng(seed);
  const data = Float64Array.from({ length: rows * d }, () => rng.next() * 4 - 2);
  const labelings = ks.map((k) => Int32Array.from({ length: rows }, (_, i) => (i < k ? i : rng.int(k))));
  return { x: { n: rows, d, data }, labelings };
}

describe('silhouetteScores', () => {
  it('equals scikit-learn silhouette_score, several labellings in one pass', () => {
    const both = silhouetteScores(blobs, [truth, other]);
    expect(both.scores[0]).toBeCloseTo(SKLEARN.truth, 12);
    expect(both.scores[1]).toBeCloseTo(SKLEARN.other, 12);
    expect(both.sampled).toBe(false);
    expect(both.rowsScored).toBe(90);
  });

  it('equals the definition on random 2-D data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            // tiny values included: their squares underflow to 0 here and in the oracle alike (sum of squares, sqrt)
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.integer({ min: 0, max: 2 }),
          ),
          { minLength: 4, maxLength: 150 },
        ),
        (pts) => {
          const labels = Int32Array.from(pts, (p) => p[2]);
          if (new Set(labels).size < 2) return;
          const m = { n: pts.length, d: 2, data: Float64Array.from(pts.flatMap((p) => [p[0], p[1]])) };
          expect(silhouetteScores(m, [labels]).scores[0]).toBeCloseTo(bruteSilhouette(m.data, m.n, 2, labels), 9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('scores several labellings of higher-dimensional rows like the definition, one by one (property)', () => {
    // covers the unrolled distance kernel (d ≥ 4), partial blocks (n not a multiple of 64) and clusters that
    // are empty within a block
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 200 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 2, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 10_000 }),
        (n, d, ks, seed) => {
          const { x, labelings } = randomCase(n, d, ks, seed);
          const valid = labelings.filter((lab) => Math.max(...lab) + 1 <= n && new Set(lab).size >= 2);
          if (valid.length === 0) return;
          const got = silhouetteScores(x, valid).scores;
          valid.forEach((lab, l) => {
            expect(got[l]).toBeCloseTo(bruteSilhouette(x.data, n, d, lab), 9);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('scores 1,500 rows and more (four partial sums) like the definition', () => {
    const { x, labelings } = randomCase(1600, 5, [2, 5], 11);
    const got = silhouetteScores(x, labelings).scores;
    labelings.forEach((lab, l) => {
      expect(got[l]).toBeCloseTo(bruteSilhouette(x.data, x.n, x.d, lab), 9);
    });
  });
});

describe('silhouetteScores with a sample (sampleSize)', () => {
  const { x, labelings } = randomCase(600, 4, [3, 6], 5);

  it('scores a seeded sample of sampleSize rows, the same for the same seed', () => {
    const a = silhouetteScores(x, labelings, { sampleSize: 200, seed: 3 });
    const b = silhouetteScores(x, labelings, { sampleSize: 200, seed: 3 });
    expect(a.sampled).toBe(true);
    expect(a.rowsScored).toBe(200);
    expect(b.scores).toEqual(a.scores);
    const c = silhouetteScores(x, labelings, { sampleSize: 200, seed: 4 });
    expect(c.scores).not.toEqual(a.scores);
  });

  it('is the exact silhouette of the sampled rows (scikit-learn: silhouette_samples of X[sample])', () => {
    const all = Int32Array.from({ length: x.n }, (_, i) => i);
    createRng(3).shuffle(all);
    const rows = all.subarray(0, 200).sort();
    const sub = new Float64Array(200 * x.d);
    rows.forEach((r, i) => {
      sub.set(x.data.subarray(r * x.d, (r + 1) * x.d), i * x.d);
    });
    const got = silhouetteScores(x, labelings, { sampleSize: 200, seed: 3 }).scores;
    labelings.forEach((lab, l) => {
      expect(got[l]).toBeCloseTo(
        bruteSilhouette(
          sub,
          200,
          x.d,
          Int32Array.from(rows, (r) => lab[r]),
        ),
        9,
      );
    });
  });

  it('equals the full silhouette, bit for bit, when sampleSize ≥ rows (or Infinity)', () => {
    const full = silhouetteScores(x, labelings, { sampleSize: Number.POSITIVE_INFINITY });
    for (const sampleSize of [600, 601, 10_000]) {
      const r = silhouetteScores(x, labelings, { sampleSize, seed: 9 });
      expect(r.sampled).toBe(false);
      expect(r.rowsScored).toBe(600);
      expect(r.scores.map((v, i) => Object.is(v, full.scores[i]))).toEqual([true, true]);
    }
  });

  it('stays close to the full silhouette on clustered data', () => {
    // 3,000 rows in four well-separated blobs: a 1,000-row sample estimates the mean to ±0.02
    const rng = createRng(21);
    const n = 3000;
    const data = new Float64Array(n * 2);
    const lab = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      lab[i] = i % 4;
      data[i * 2] = (i % 4) * 5 + rng.normal();
      data[i * 2 + 1] = (i % 2) * 3 + rng.normal();
    }
    const m = { n, d: 2, data };
    const exact = silhouetteScores(m, [lab], { sampleSize: Number.POSITIVE_INFINITY }).scores[0];
    const sampled = silhouetteScores(m, [lab], { sampleSize: 1000, seed: 42 }).scores[0];
    expect(Math.abs(sampled - exact)).toBeLessThan(0.02);
  });

  it('rejects a sample under 2 rows and a labelling of the wrong length', () => {
    expect(() => silhouetteScores(x, labelings, { sampleSize: 1 })).toThrow(/INVALID_ARGUMENT|sampleSize must be/);
    expect(() => silhouetteScores(x, [new Int32Array(5)])).toThrow(/labelings\[0\]\.length must be 600/);
  });
});
