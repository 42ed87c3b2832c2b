import { fromRows } from '@retailkit/core';
import { selectK } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { kneeIndex } from '../src/internal/knee.js';
import { fitSegments } from '../src/internal/segmentation.js';
import { blobs } from './fixtures/blobs.js';

describe('selectK', () => {
  it('finds the knee at the true k and explains the choice', () => {
    const sel = selectK(blobs, { kRange: [2, 6], seed: 5 });
    expect(sel.kneeK).toBe(3);
    expect(sel.recommendedK).toBe(3);
    expect(sel.bestSilhouetteK).toBe(3);
    expect(sel.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6]);
    expect(sel.reasons[0]).toMatch(/k=3 is the knee/);
    expect(sel.silhouetteSampled).toBe(false);
  });

  it('scores silhouettes on a seeded sample when silhouetteSample < rows; the KMeans fits do not change', () => {
    const full = selectK(blobs, { kRange: [2, 4], seed: 5 });
    const a = selectK(blobs, { kRange: [2, 4], seed: 5, silhouetteSample: 40 });
    const b = selectK(blobs, { kRange: [2, 4], seed: 5, silhouetteSample: 40 });
    expect(a.silhouetteSampled).toBe(true);
    expect(a.silhouetteRows).toBe(40);
    expect(a.candidates).toEqual(b.candidates);
    expect(a.candidates.map((c) => c.inertia)).toEqual(full.candidates.map((c) => c.inertia));
    expect(a.recommendedK).toBe(3);
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

  it('rejects a bad range and a range reaching the rows', () => {
    expect(() => selectK(blobs, { kRange: [1, 4] })).toThrow(/kRange must be two integers/);
    expect(() => selectK(blobs, { kRange: [2, 90] })).toThrow(/RFM_TOO_FEW_CUSTOMERS|needs at least 91 customers/);
  });
});

describe('kneeIndex', () => {
  it('finds the elbow of a convex decreasing curve', () => {
    expect(kneeIndex([1, 2, 3, 4, 5], [100, 30, 20, 15, 12])).toBe(1);
    expect(kneeIndex([1, 2], [2, 1])).toBe(0);
  });
});
