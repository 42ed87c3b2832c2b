import { fromRows, numbers, strings, toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { cleanReference, dropFreeLines, priceZscore, quantityIqr, referencePrepare } from '../src/index.js';
import { fixtureFrame } from './fixture.js';

function distinct(col: { codes: Int32Array; values: readonly string[] }): number {
  return new Set(Array.from(col.codes, (c) => col.values[c])).size;
}

describe('reference preset on the 44-row fixture', () => {
  // Expected values computed with pandas 1.5.3 (Debian /usr/bin/python3) replaying the notebook:
  // fillna('No Description') / fillna('0'); Revenue = Quantity * UnitPrice; StockCode.str.upper();
  // Description = most frequent per StockCode (groupby(sort=False).size().idxmax(), ties -> first seen);
  // drop (Quantity < 0) & (UnitPrice == 0); quantile(.25/.75) fences inclusive; |(p - mean) / std(ddof=0)| < 3.
  it('replays the notebook step counts and parameters', () => {
    const r = cleanReference(fixtureFrame());
    expect(r.steps).toEqual([
      { id: 'free-lines', rowsAfter: 42 },
      { id: 'quantity-iqr', rowsAfter: 32 },
      { id: 'price-zscore', rowsAfter: 30 },
    ]);
    expect(r.parameters.quantityIqr.q1).toBe(1);
    expect(r.parameters.quantityIqr.q3).toBe(7.5);
    expect(r.parameters.priceZscore.mean).toBeCloseTo(23.954093749999984, 10);
    expect(r.parameters.priceZscore.std).toBeCloseTo(2767.2703115257864, 8);
    const rev = numbers(r.frame, 'revenue').reduce((s, v) => s + v, 0);
    expect(rev).toBeCloseTo(893.251, 9);
    expect(distinct(strings(r.frame, 'description'))).toBe(24);
    expect(distinct(strings(r.frame, 'stockCode'))).toBe(24);
    expect(r.frame.length + r.removed.length).toBe(44);
    const byStep = toRows(r.removed).reduce<Record<string, number>>((acc, row) => {
      acc[row.step as string] = (acc[row.step as string] ?? 0) + 1;
      return acc;
    }, {});
    expect(byStep).toEqual({ 'free-lines': 2, 'quantity-iqr': 10, 'price-zscore': 2 });
  });

  it('referencePrepare fills, upper-cases and unifies descriptions without removing rows', () => {
    const f = referencePrepare(fixtureFrame());
    expect(f.length).toBe(44);
    const rows = toRows(f);
    // 85123A: WHITE… once, "WHITE… " (trailing space, from 85123a) once, CREAM… twice → CREAM… (pandas agrees)
    expect(rows[0].description).toBe('CREAM HANGING HEART T-LIGHT HOLDER');
    expect(rows[2].stockCode).toBe('85123A');
    expect(rows[2].description).toBe('CREAM HANGING HEART T-LIGHT HOLDER');
    // m / M / M: "Manual" twice, "manual" once → "Manual"
    expect(rows.slice(26, 29).map((r) => [r.stockCode, r.description])).toEqual([
      ['M', 'Manual'],
      ['M', 'Manual'],
      ['M', 'Manual'],
    ]);
    // missing description (22139, 21134, 85226A each seen once) → "No Description"; missing customer → "0"
    expect(rows[22].description).toBe('No Description');
    expect(rows[22].customerId).toBe('0');
    expect(rows[8].customerId).toBe('0');
    expect(rows.filter((r) => r.customerId === '0').length).toBe(11);
    expect(rows[0].revenue).toBeCloseTo(6 * 2.55, 12);
    // no trimming: the SET OF 3 COLOURED  FLYING DUCKS double space stays
    expect(rows[17].description).toBe('SET OF 3 COLOURED  FLYING DUCKS');
  });

  it('ties go to the description seen first in file order', () => {
    const f = fromRows([
      { stockCode: 'x', description: 'B', quantity: 1, unitPrice: 1, customerId: '1' },
      { stockCode: 'X', description: 'A', quantity: 1, unitPrice: 1, customerId: '1' },
      { stockCode: 'X', description: 'A', quantity: 1, unitPrice: 1, customerId: '1' },
      { stockCode: 'x', description: 'B', quantity: 1, unitPrice: 1, customerId: '1' },
      { stockCode: 'Y', description: null, quantity: 1, unitPrice: 1, customerId: '1' },
      { stockCode: 'Y', description: 'Z', quantity: 1, unitPrice: 1, customerId: '1' },
    ]);
    const rows = toRows(referencePrepare(f));
    expect(rows.map((r) => r.description)).toEqual(['B', 'B', 'B', 'B', 'No Description', 'No Description']);
  });

  it('the steps compose alone and lose nothing', () => {
    const prepared = referencePrepare(fixtureFrame());
    const a = dropFreeLines(prepared);
    expect([a.frame.length, a.removed.length]).toEqual([42, 2]);
    expect(toRows(a.removed).map((r) => r.stockCode)).toEqual(['85226A', '85044']);
    // forecast's reference applies quantity-iqr and price-zscore without free-lines
    const b = quantityIqr(prepared);
    expect(b.frame.length + b.removed.length).toBe(44);
    const c = priceZscore(b.frame, { threshold: 3 });
    expect(c.frame.length + c.removed.length).toBe(b.frame.length);
    expect(prepared.length).toBe(44); // input not mutated
  });

  it('cleanReference equals the composed step functions, row for row', () => {
    const f = fixtureFrame();
    const a = dropFreeLines(referencePrepare(f));
    const b = quantityIqr(a.frame);
    const c = priceZscore(b.frame);
    const r = cleanReference(f);
    expect(toRows(r.frame)).toEqual(toRows(c.frame));
    const removedByStep = toRows(r.removed).map((x) => [x.step, x.invoiceNo, x.stockCode]);
    const composed = [
      ...toRows(a.removed).map((x) => ['free-lines', x.invoiceNo, x.stockCode]),
      ...toRows(b.removed).map((x) => ['quantity-iqr', x.invoiceNo, x.stockCode]),
      ...toRows(c.removed).map((x) => ['price-zscore', x.invoiceNo, x.stockCode]),
    ];
    const sort = (xs: unknown[][]) => xs.map((x) => x.join('|')).sort();
    expect(sort(removedByStep)).toEqual(sort(composed));
  });

  it('quantityIqr: type-7 quartiles and inclusive fences', () => {
    const f = fromRows([1, 2, 3, 4, 100].map((quantity) => ({ quantity })));
    const r = quantityIqr(f);
    expect(r.fence).toEqual({ q1: 2, q3: 4, iqr: 2, lower: -1, upper: 7 });
    expect(r.frame.length).toBe(4);
    // a value exactly on the fence is removed (>=): factor 0 → fences at Q1 and Q3 themselves
    const r0 = quantityIqr(f, { factor: 0 });
    expect(toRows(r0.frame).map((x) => x.quantity)).toEqual([3]);
    // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [25, 75]) = [1.75, 5.25]
    const g = quantityIqr(fromRows([3, 1, 4, 1, 5, 9, 2, 6].map((quantity) => ({ quantity }))));
    expect([g.fence.q1, g.fence.q3]).toEqual([1.75, 5.25]);
  });

  it('priceZscore: population std, |z| < threshold kept', () => {
    const prices = [...Array(10).fill(1), 50];
    const r = priceZscore(fromRows(prices.map((unitPrice) => ({ unitPrice }))));
    expect([r.frame.length, r.removed.length]).toEqual([10, 1]);
    // mean 60/11, σ = sqrt(Σ(x-mean)²/11)
    expect(r.mean).toBeCloseTo(60 / 11, 12);
    expect(r.std).toBeCloseTo(Math.sqrt((10 * (1 - 60 / 11) ** 2 + (50 - 60 / 11) ** 2) / 11), 12);
    // with σ = 0 nothing is removed
    expect(priceZscore(fromRows([{ unitPrice: 2 }, { unitPrice: 2 }])).frame.length).toBe(2);
  });

  it('validates input', () => {
    expect(() => quantityIqr(fromRows([{ q: 1 }]))).toThrowError(/quantityIqr: column "quantity"/);
    expect(() => quantityIqr(fromRows([{ quantity: 1 }]), { factor: -1 })).toThrowError(/factor/);
    expect(() => priceZscore(fromRows([{ unitPrice: 1 }]), { threshold: 0 })).toThrowError(/threshold/);
  });
});
