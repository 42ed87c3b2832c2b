import { fromRows, isoDate } from '@retailkit/core';
import { buildSeries, seriesToFrame } from '@retailkit/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Hand-made fixture: 2011-01-07 is a Friday, 2011-01-08 a Saturday (closed), 2011-01-10 a Monday.
const d = (s: string) => new Date(`${s}T10:00:00Z`);
const rows = [
  { invoiceDate: d('2011-01-07'), stockCode: 'A', quantity: 2, unitPrice: 1.5 },
  { invoiceDate: d('2011-01-07'), stockCode: 'B', quantity: 1, unitPrice: 4 },
  { invoiceDate: d('2011-01-10'), stockCode: 'A', quantity: 5, unitPrice: 1 },
  { invoiceDate: d('2011-01-12'), stockCode: 'A', quantity: 1, unitPrice: 2 },
  { invoiceDate: d('2011-02-01'), stockCode: 'B', quantity: 3, unitPrice: 2 },
];
const f = fromRows(rows);
const dates = (s: ReturnType<typeof buildSeries>, i: number) =>
  Array.from(s.ds.subarray(s.offsets[i], s.offsets[i + 1]), isoDate);
const vals = (s: ReturnType<typeof buildSeries>, i: number) => Array.from(s.y.subarray(s.offsets[i], s.offsets[i + 1]));

describe('buildSeries', () => {
  it('daily with the business calendar: zero-filled open days, Saturdays never appear', () => {
    const s = buildSeries(f, { freq: 'D', calendar: 'business', fill: 'zero', by: ['stockCode'] });
    expect(s.ids).toEqual(['A', 'B']);
    expect(dates(s, 0).slice(0, 5)).toEqual(['2011-01-07', '2011-01-09', '2011-01-10', '2011-01-11', '2011-01-12']);
    expect(vals(s, 0).slice(0, 6)).toEqual([2, 0, 5, 0, 1, 0]);
    expect(vals(s, 0).length).toBe(22); // every series runs to the last period of all data
    expect(vals(s, 1).length).toBe(22); // 2011-01-07 … 2011-02-01 minus 4 Saturdays
  });
  it('absent fill keeps only traded days', () => {
    const s = buildSeries(f, { freq: 'D', fill: 'absent' });
    expect(dates(s, 0)).toEqual(['2011-01-07', '2011-01-10', '2011-01-12', '2011-02-01']);
    expect(vals(s, 0)).toEqual([3, 5, 1, 3]);
  });
  it('weekly (weeks start Monday) revenue and monthly quantity', () => {
    const w = buildSeries(f, { freq: 'W', target: 'revenue', fill: 'zero' });
    expect(dates(w, 0)).toEqual(['2011-01-03', '2011-01-10', '2011-01-17', '2011-01-24', '2011-01-31']);
    expect(vals(w, 0)).toEqual([7, 7, 0, 0, 6]);
    const m = buildSeries(f, { freq: 'M', start: 'global', by: ['stockCode'] });
    expect(dates(m, 1)).toEqual(['2011-01-01', '2011-02-01']);
    expect(vals(m, 0)).toEqual([8, 0]);
  });
  it('renamable long frame', () => {
    const fr = seriesToFrame(buildSeries(f, { freq: 'W' }), { idColumn: 'unique_id' });
    expect(Object.keys(fr.columns)).toEqual(['unique_id', 'ds', 'y']);
    expect(fr.length).toBe(5);
  });
  it('rejects an unknown frequency', () => {
    expect(() => buildSeries(f, { freq: 'H' as never })).toThrow(/freq/);
  });
});

describe('buildSeries cap (expanding, causal line caps)', () => {
  // Hand-computed: key A, weekly. Week of 2011-01-03: lines 10, 20 → median 15 caps 20 → 10 + 15 = 25.
  // Week of 01-10: lines so far 10, 20, 1000 → median 20 → 1000 capped to 20. Week of 01-17: 5, 10, 15, 20, 1000
  // → median 15 → 5 + 15 = 20. Key B has one line, fewer than minLines: never capped.
  const lines = [
    { invoiceDate: d('2011-01-03'), stockCode: 'A', quantity: 10, unitPrice: 1 },
    { invoiceDate: d('2011-01-04'), stockCode: 'A', quantity: 20, unitPrice: 1 },
    { invoiceDate: d('2011-01-11'), stockCode: 'A', quantity: 1000, unitPrice: 1 },
    { invoiceDate: d('2011-01-17'), stockCode: 'A', quantity: 5, unitPrice: 1 },
    { invoiceDate: d('2011-01-18'), stockCode: 'A', quantity: 15, unitPrice: 1 },
    { invoiceDate: d('2011-01-18'), stockCode: 'B', quantity: 500, unitPrice: 1 },
  ];
  const opts = { freq: 'W', by: ['stockCode'], cap: { quantile: 0.5, minLines: 2 } } as const;

  it('caps each line at the median of its series’ lines up to its own week (hand-computed)', () => {
    const s = buildSeries(fromRows(lines), opts);
    expect(s.ids).toEqual(['A', 'B']);
    expect(vals(s, 0)).toEqual([25, 20, 20]);
    expect(vals(s, 1)).toEqual([500]);
    expect(vals(buildSeries(fromRows(lines), { ...opts, cap: undefined }), 0)).toEqual([30, 1000, 20]);
  });

  it('is causal: adding or changing later lines never changes earlier periods', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 0, max: 60 }), q: fc.integer({ min: 1, max: 500 }) }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 60 }),
        (ls, cutDay) => {
          const mk = (xs: typeof ls) =>
            fromRows(
              xs.map((l) => ({
                invoiceDate: new Date(Date.UTC(2011, 0, 3 + l.day, 10)),
                stockCode: 'A',
                quantity: l.q,
                unitPrice: 1,
              })),
            );
          const before = ls.filter((l) => l.day < cutDay);
          if (before.length === 0) return;
          const o = { freq: 'D', cap: { quantile: 0.75, minLines: 3 } } as const;
          const full = buildSeries(mk(ls), o);
          const early = buildSeries(mk(before), o);
          // the early series is a prefix of the full one
          expect(Array.from(full.y.subarray(0, early.y.length))).toEqual(Array.from(early.y));
        },
      ),
    );
  });

  it('equals a brute-force recomputation (oracle in this test: sort every line so far, type-7 quantile)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 20 }),
            key: fc.constantFrom('A', 'B', 'C'),
            q: fc.integer({ min: 1, max: 50 }),
          }),
          { minLength: 1, maxLength: 80 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        (ls, quantile, minLines) => {
          const frame = fromRows(
            ls.map((l) => ({
              invoiceDate: new Date(Date.UTC(2011, 0, 3 + l.day, 10)),
              stockCode: l.key,
              quantity: l.q,
              unitPrice: 1,
            })),
          );
          const s = buildSeries(frame, { freq: 'D', by: ['stockCode'], fill: 'absent', cap: { quantile, minLines } });
          for (const [i, key] of s.ids.entries()) {
            const mine = ls.filter((l) => l.key === key);
            const days = [...new Set(mine.map((l) => l.day))].sort((a, b) => a - b);
            const expected = days.map((day) => {
              const sofar = mine.filter((l) => l.day <= day).map((l) => l.q);
              const sorted = [...sofar].sort((a, b) => a - b);
              const h = (sorted.length - 1) * quantile;
              const lo = Math.floor(h);
              const c = sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
              const capped = sorted.length >= minLines;
              return mine.filter((l) => l.day === day).reduce((acc, l) => acc + (capped ? Math.min(l.q, c) : l.q), 0);
            });
            const got = vals(s, i);
            expect(got.length).toBe(expected.length);
            for (const [k, v] of got.entries()) expect(v).toBeCloseTo(expected[k], 9);
          }
        },
      ),
    );
  });

  it('rejects a quantile outside [0, 1] and a bad minLines, naming the option', () => {
    expect(() => buildSeries(fromRows(lines), { cap: { quantile: 1.5 } })).toThrow(/cap\.quantile/);
    expect(() => buildSeries(fromRows(lines), { cap: { quantile: 0.9, minLines: 0 } })).toThrow(/cap\.minLines/);
  });
});

describe('buildSeries price column (hand-computed)', () => {
  // weekly A and B over 3 weeks; A: week 1 lines at 2.0 and 3.0 (a cancelled line at −1 is skipped), week 2 no
  // sale (carried forward), week 3 one line at 1.5; B: first sale in week 2 at 4 (backward to week 1 with start global)
  const lines = fromRows([
    { invoiceDate: d('2011-01-03'), stockCode: 'A', quantity: 1, unitPrice: 2, listPrice: 2.2 },
    { invoiceDate: d('2011-01-04'), stockCode: 'A', quantity: 10, unitPrice: 3, listPrice: 2.2 },
    { invoiceDate: d('2011-01-05'), stockCode: 'A', quantity: -1, unitPrice: 9, listPrice: 9 },
    { invoiceDate: d('2011-01-11'), stockCode: 'B', quantity: 2, unitPrice: 4, listPrice: 4 },
    { invoiceDate: d('2011-01-17'), stockCode: 'A', quantity: 3, unitPrice: 1.5, listPrice: 1.6 },
  ]);

  it('mean unit price of the lines with positive quantity, carried forward and (before the first sale) backward', () => {
    const s = buildSeries(lines, { freq: 'W', by: ['stockCode'], start: 'global', price: true });
    expect(s.ids).toEqual(['A', 'B']);
    expect(Array.from(s.y)).toEqual([10, 0, 3, 0, 2, 0]);
    expect(Array.from(s.exog?.price ?? [])).toEqual([2.5, 2.5, 1.5, 4, 4, 4]);
  });

  it('a caller-given list price column instead of the line prices', () => {
    const s = buildSeries(lines, { freq: 'W', by: ['stockCode'], price: 'listPrice' });
    expect(Array.from(s.exog?.price ?? [])).toEqual([2.2, 2.2, 1.6, 4, 4]);
    expect(buildSeries(lines, { freq: 'W' }).exog).toBeUndefined();
    expect(() => buildSeries(lines, { price: 'nope' })).toThrow(/nope/);
  });
});
