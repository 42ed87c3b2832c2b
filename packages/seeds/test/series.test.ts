import { isRetailKitError } from '@retailkit/core';
import { series } from '@retailkit/seeds';
import { describe, expect, it } from 'vitest';

// Expected dates are hand-written UTC calendar dates, converted with Date.UTC (not the package's arithmetic).
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('series', () => {
  it('steps daily from the start and copies the values', () => {
    const values = [5, 7, Number.NaN];
    const s = series({ start: '2011-12-30', values });
    expect(s).toEqual({
      id: 's',
      y: [5, 7, Number.NaN],
      ds: [utc(2011, 12, 30), utc(2011, 12, 31), utc(2012, 1, 1)],
      freq: 'D',
    });
    values[0] = 0;
    expect(s.y[0]).toBe(5);
  });

  it('skips closed weekdays in daily series (2011-12-01 is a Thursday)', () => {
    const s = series({ start: '2011-12-01', values: [1, 2, 3, 4], closedWeekdays: [6, 7] });
    expect(s.ds).toEqual([utc(2011, 12, 1), utc(2011, 12, 2), utc(2011, 12, 5), utc(2011, 12, 6)]);
  });

  it('steps weekly from a Monday and monthly from the 1st, across year ends', () => {
    expect(series({ start: '2011-12-26', values: [1, 2], freq: 'W', id: 'w' }).ds).toEqual([
      utc(2011, 12, 26),
      utc(2012, 1, 2),
    ]);
    expect(series({ start: utc(2011, 11, 1), values: [1, 2, 3], freq: 'M' }).ds).toEqual([
      utc(2011, 11, 1),
      utc(2011, 12, 1),
      utc(2012, 1, 1),
    ]);
  });

  it('rejects misaligned starts, bad values and impossible calendars', () => {
    const cases: Array<[object, RegExp]> = [
      [{ start: '2011-12-27', values: [1], freq: 'W' }, /a Monday/],
      [{ start: '2011-12-02', values: [1], freq: 'M' }, /the 1st of a month/],
      [{ start: '2011-12-02 10:00', values: [1] }, /start/],
      [{ start: 'soon', values: [1] }, /start/],
      [{ start: '2011-12-02', values: ['1'] }, /values/],
      [{ start: '2011-12-02', values: [1], freq: 'Q' }, /freq/],
      [{ start: '2011-12-02', values: [1], closedWeekdays: [1, 2, 3, 4, 5, 6, 7] }, /closedWeekdays/],
    ];
    for (const [options, message] of cases) {
      try {
        series(options as never);
        expect.unreachable();
      } catch (e) {
        expect(isRetailKitError(e) && e.code).toBe('INVALID_ARGUMENT');
        expect((e as Error).message).toMatch(message);
      }
    }
  });
});
