import { fromRows, isoDate, toRows } from '@retailkit/core';
import { priceHistory } from '@retailkit/pricing';
import { describe, expect, it } from 'vitest';

// Hand-built lines (expected values counted by hand): weeks start on Monday 2011-01-03.
const day = (d: number, h = 10) => new Date(Date.UTC(2011, 0, 3 + d, h));
const line = (stockCode: string, d: number, quantity: number, unitPrice: number, customerId: string | null = 'C1') => ({
  stockCode,
  invoiceDate: day(d),
  quantity,
  unitPrice,
  customerId,
  description: `ITEM ${stockCode}`,
});

describe('priceHistory', () => {
  const lines = fromRows([
    // week 0: list 1.00 (two lines), a tier line at 0.85 for 100, an anonymous line at 1.97 that does not count
    line('A', 0, 2, 1),
    line('A', 1, 3, 1),
    line('A', 2, 100, 0.85),
    line('A', 2, 1, 1.97, null),
    line('A', 3, 1, 1.97, null),
    line('A', 4, 1, 1.97, null),
    // week 1: one odd week at 1.10 (not confirmed), week 2 has no sale, weeks 3–4 at 1.20 (a change dated week 3)
    line('A', 7, 2, 1.1),
    line('A', 21, 4, 1.2),
    line('A', 24, 1, 1.2),
    line('A', 29, 5, 1.2),
    // B sells once a week at 2.50; C only to anonymous customers, at 3.00
    line('B', 0, 1, 2.5),
    line('B', 8, 1, 2.5),
    line('C', 1, 6, 3, null),
  ]);
  const h = priceHistory(lines);

  it('gives the modal customer price of each selling week, confirmed over two weeks and carried', () => {
    const a = toRows(h.weekly).filter((r) => r.stockCode === 'A');
    expect(a.map((r) => isoDate(r.weekStart as number))).toEqual([
      '2011-01-03',
      '2011-01-10',
      '2011-01-24',
      '2011-01-31',
    ]);
    expect(a.map((r) => r.listPrice)).toEqual([1, 1, 1.2, 1.2]);
    expect(a.map((r) => r.quantity)).toEqual([108, 2, 5, 5]);
    expect(a.map((r) => r.lines)).toEqual([6, 1, 2, 1]);
    expect(a[0].revenue).toBeCloseTo(2 + 3 + 85 + 3 * 1.97, 10);
  });

  it('dates each list-price change at the first day of its week the new price was seen', () => {
    const c = toRows(h.changes);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ stockCode: 'A', oldPrice: 1, newPrice: 1.2 });
    expect(isoDate(c[0].weekStart as number)).toBe('2011-01-24');
    expect(isoDate(c[0].date as number)).toBe('2011-01-24');
    expect(c[0].logChange).toBeCloseTo(Math.log(1.2), 12);
  });

  it('puts tier lines on the tier curve with their ratio to the list price', () => {
    const t = toRows(h.tiers).filter((r) => r.stockCode === 'A' && r.quantity === 100);
    expect(t).toEqual([
      { stockCode: 'A', quantity: 100, lines: 1, belowList: 1, meanUnitPrice: 0.85, meanRatio: 0.85 },
    ]);
  });

  it('falls back to the modal price of all lines for a product with no customer line, without changes', () => {
    const p = toRows(h.products);
    expect(p.map((r) => r.stockCode)).toEqual(['A', 'B', 'C']);
    expect(p.map((r) => r.listPrice)).toEqual([1.2, 2.5, 3]);
    expect(p.map((r) => r.changes)).toEqual([1, 0, 0]);
    expect(h.grid).toEqual({ firstWeek: '2011-01-03', weeks: 5 });
  });

  it('with confirmWeeks 1, the odd week is a change and back', () => {
    const c = toRows(priceHistory(lines, { confirmWeeks: 1 }).changes).filter((r) => r.stockCode === 'A');
    expect(c.map((r) => [r.oldPrice, r.newPrice])).toEqual([
      [1, 1.1],
      [1.1, 1.2],
    ]);
  });

  it('rejects a line that is not a sale, naming the fix', () => {
    expect(() => priceHistory(fromRows([line('A', 0, -1, 1)]))).toThrow(/priceHistory: line 0 .*modeling view/);
    expect(() => priceHistory(lines, { confirmWeeks: 0 })).toThrow(/confirmWeeks/);
  });

  it('does not mutate its input', () => {
    const before = JSON.stringify(toRows(lines));
    priceHistory(lines);
    expect(JSON.stringify(toRows(lines))).toBe(before);
  });
});
