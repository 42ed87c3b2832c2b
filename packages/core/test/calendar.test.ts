import { isoDate, isoDayOfWeek, monthIndex, parseIsoDate, startOfWeek } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('calendar in UTC (checked against known calendar dates)', () => {
  it('weeks start on Monday; 2011-12-09 was a Friday', () => {
    const t = Date.UTC(2011, 11, 9, 12, 50);
    expect(isoDayOfWeek(t)).toBe(5);
    expect(isoDate(startOfWeek(t))).toBe('2011-12-05');
    expect(monthIndex(t) - monthIndex(Date.UTC(2010, 11, 1))).toBe(12);
  });
  it('parses ISO wall-clock times and rejects impossible dates', () => {
    expect(parseIsoDate('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseIsoDate('2011-02-29')).toBeNaN();
  });
});
