import { isoDate, isoDayOfWeek, monthIndex, parseIsoDate, startOfWeek } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('calendar in UTC (checked against known calendar dates)', () => {
  it('weeks start on Monday; 2011-12-09 was a Friday', () => {
    const t = Date.UTC(2011, 11, 9, 12, 50);
    expect(isoDayOfWeek(t)).toBe(5);
    expect(isoDate(startOfWeek(t))).toBe('2011-12-05');
    expect(monthIndex(t) - monthIndex(Date.UTC(2010, 11, 1))).toBe(12);
  });
  it('isoDate agrees with Date#toISOString (the independent oracle) on every day of 1600–2400 and at the edges', () => {
    const oracle = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    let mismatches = 0;
    for (let t = Date.UTC(1600, 0, 1); t < Date.UTC(2400, 0, 1); t += 86_400_000)
      for (const within of [0, 1, 43_200_000, 86_399_999]) if (isoDate(t + within) !== oracle(t + within)) mismatches++;
    expect(mismatches).toBe(0);
    for (const t of [
      Date.UTC(0, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59),
      -1,
      Date.UTC(-1, 11, 31),
      Date.UTC(10_000, 0, 1),
    ])
      expect(isoDate(t)).toBe(oracle(t));
    expect(isoDate(Date.UTC(2000, 1, 29))).toBe('2000-02-29');
    expect(() => isoDate(Number.NaN)).toThrow(RangeError);
  });
  it('parses ISO wall-clock times and rejects impossible dates', () => {
    expect(parseIsoDate('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseIsoDate('2011-02-29')).toBeNaN();
  });
});
