import { fromRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { outlierFence } from '../src/index.js';

const col = (name: string, values: (number | null)[]) => fromRows(values.map((v) => ({ [name]: v })));

describe('outlierFence', () => {
  it('iqr: type-7 quartiles, fences inclusive', () => {
    const f = col('quantity', [1, 2, 3, 4, 100]);
    const r = outlierFence(f, 'quantity', { method: 'iqr' });
    expect(r.fence).toEqual({ method: 'iqr', factor: 1.5, q1: 2, q3: 4, iqr: 2, lower: -1, upper: 7 });
    expect(Array.from(r.outliers)).toEqual([0, 0, 0, 0, 1]);
    // a value exactly on the fence is an outlier (>=): factor 0 → fences at Q1 and Q3 themselves
    expect(Array.from(outlierFence(f, 'quantity', { method: 'iqr', factor: 0 }).outliers)).toEqual([1, 1, 0, 1, 1]);
    // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [25, 75]) = [1.75, 5.25]
    const g = outlierFence(col('quantity', [3, 1, 4, 1, 5, 9, 2, 6]), 'quantity', { method: 'iqr' });
    expect([g.fence.method === 'iqr' && g.fence.q1, g.fence.method === 'iqr' && g.fence.q3]).toEqual([1.75, 5.25]);
  });

  it('iqr: a missing value is skipped and never an outlier', () => {
    const r = outlierFence(col('quantity', [1, null, 2, 3, 4, 100]), 'quantity', { method: 'iqr' });
    expect(r.fence).toMatchObject({ q1: 2, q3: 4 });
    expect(Array.from(r.outliers)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('zscore: population σ, |z| < threshold kept, a missing value is an outlier, σ = 0 flags nothing', () => {
    const prices = [...Array(10).fill(1), 50];
    const r = outlierFence(col('unitPrice', prices), 'unitPrice', { method: 'zscore' });
    expect(Array.from(r.outliers)).toEqual([...Array(10).fill(0), 1]); // z(50) = 3.16
    const mean = 60 / 11;
    const fence = r.fence as { mean: number; std: number; threshold: number };
    expect(fence.threshold).toBe(3);
    expect(fence.mean).toBeCloseTo(mean, 12);
    expect(fence.std).toBeCloseTo(Math.sqrt((10 * (1 - mean) ** 2 + (50 - mean) ** 2) / 11), 12);
    expect(Array.from(outlierFence(col('p', [2, 2, null]), 'p', { method: 'zscore' }).outliers)).toEqual([0, 0, 1]);
  });

  it('where: statistics and marks on the chosen rows only', () => {
    const f = col('q', [1, 2, 3, 4, 100, 1000]);
    const r = outlierFence(f, 'q', { method: 'iqr' }, { where: [1, 1, 1, 1, 1, 0] });
    expect(r.fence).toMatchObject({ q1: 2, q3: 4 });
    expect(Array.from(r.outliers)).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('none: no outliers', () => {
    expect(outlierFence(col('q', [1, 1000]), 'q', { method: 'none' })).toEqual({
      fence: { method: 'none' },
      outliers: new Uint8Array(2),
    });
  });

  it('validates its arguments', () => {
    const f = col('q', [1, 2]);
    expect(() => outlierFence(f, 'x', { method: 'iqr' })).toThrowError(/outlierFence: needs a numeric column "x"/);
    expect(() => outlierFence(f, 'q', { method: 'iqr', factor: -1 })).toThrowError(/factor/);
    expect(() => outlierFence(f, 'q', { method: 'zscore', threshold: 0 })).toThrowError(/threshold/);
    expect(() => outlierFence(f, 'q', { method: 'mad' } as never)).toThrowError(/method/);
    expect(() => outlierFence(f, 'q', { method: 'iqr' }, { where: [1] })).toThrowError(/where/);
  });
});
