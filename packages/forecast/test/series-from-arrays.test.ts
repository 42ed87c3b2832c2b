import { seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

describe('seriesFromArrays', () => {
  it('lays series out flat with offsets, dates one period apart from start when none are given', () => {
    const s = seriesFromArrays(
      [
        { id: 'a', y: [1, 2] },
        { id: 'b', y: [5] },
      ],
      { freq: 'W', start: Date.UTC(2011, 0, 3) },
    );
    expect(s.ids).toEqual(['a', 'b']);
    expect(Array.from(s.offsets)).toEqual([0, 2, 3]);
    expect(Array.from(s.y)).toEqual([1, 2, 5]);
    // 2011-01-03, 2011-01-10 (a week later), and b's first period 2011-01-03
    expect(Array.from(s.ds)).toEqual([Date.UTC(2011, 0, 3), Date.UTC(2011, 0, 10), Date.UTC(2011, 0, 3)]);
    expect(s.calendar).toEqual({ closedWeekdays: [], holidays: [] });
  });

  it('keeps given dates and rejects dates of another length than the values', () => {
    const ds = [Date.UTC(2011, 0, 3), Date.UTC(2011, 0, 5)];
    expect(Array.from(seriesFromArrays([{ id: 'a', y: [1, 2], ds }]).ds)).toEqual(ds);
    expect(() => seriesFromArrays([{ id: 'a', y: [1, 2, 3], ds }])).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/^seriesFromArrays: series\[0\]\.ds\.length/),
      }),
    );
  });
});
