import { fromRows, isoDate } from '@retailkit/core';
import { buildSeries, seriesToFrame } from '@retailkit/forecast';
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
