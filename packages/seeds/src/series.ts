import { invalidArgument, isoDayOfWeek, MS_PER_DAY, parseIsoDate } from '@retailkit/core';

/**
 * Options of `series`.
 *
 * @example
 * const weekly: SeriesOptions = { start: '2011-11-28', values: [40, 52, 61], freq: 'W', id: '85123A' };
 */
export interface SeriesOptions {
  /** The first period: `YYYY-MM-DD` or epoch ms at UTC midnight; a Monday for `W`, the 1st for `M`. */
  start: string | number;
  /** The values, oldest first (NaN = missing). */
  values: readonly number[];
  /** `D` daily (default), `W` weekly (Monday starts), `M` monthly (1st of the month). */
  freq?: 'D' | 'W' | 'M';
  /** Series label (default `'s'`). */
  id?: string;
  /**
   * ISO weekdays (Monday = 1 … Sunday = 7) skipped by a daily series, e.g. `[6]` for a shop closed on Saturdays
   * (pass the same days to forecast as its trading calendar). Default none.
   */
  closedWeekdays?: readonly number[];
}

/**
 * One series as plain arrays: an entry of the list `@retailkit/forecast`'s `seriesFromArrays` takes.
 *
 * @example
 * const s: SeriesFixture = series({ start: '2011-12-05', values: [3, 4] });
 * s // { id: 's', y: [3, 4], ds: [1323043200000, 1323129600000], freq: 'D' }
 */
export interface SeriesFixture {
  id: string;
  /** The values, oldest first. */
  y: number[];
  /** Period starts, epoch ms at UTC midnight, one per value. */
  ds: number[];
  /** The frequency, to pass as `seriesFromArrays`' `freq` option. */
  freq: 'D' | 'W' | 'M';
}

/**
 * A demand series for forecast tests, as plain arrays (this package does not depend on forecast): pass it to
 * `seriesFromArrays([s], { freq: s.freq })`. Period starts advance one day (skipping `closedWeekdays`), seven days,
 * or one calendar month from `start`, all in UTC. O(values).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when `start` is not a date (or not a Monday for `W`, not the 1st for
 *   `M`), `values` is not an array of numbers, `freq` is unknown, or `closedWeekdays` closes every day.
 * @example
 * const s = series({ start: '2011-12-01', values: [5, 7, 6], closedWeekdays: [6] });
 * s.ds // [1322697600000, 1322784000000, 1322956800000] (Thu 1, Fri 2, Sun 4 December 2011: Saturday skipped)
 * s.y // [5, 7, 6]
 * series({ start: '2011-01-01', values: [1, 2], freq: 'M' }).ds // [1293840000000, 1296518400000]
 */
export function series(options: SeriesOptions): SeriesFixture {
  const fn = 'series';
  const { values } = options;
  const freq = options.freq ?? 'D';
  if (freq !== 'D' && freq !== 'W' && freq !== 'M') throw invalidArgument(fn, 'freq', freq, "'D', 'W' or 'M'");
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'number'))
    throw invalidArgument(fn, 'values', values, 'an array of numbers (NaN = missing)');
  const start = typeof options.start === 'string' ? parseIsoDate(options.start) : options.start;
  if (typeof start !== 'number' || !Number.isFinite(start) || start % MS_PER_DAY !== 0)
    throw invalidArgument(fn, 'start', options.start, "a date 'YYYY-MM-DD' or epoch ms at UTC midnight");
  if (freq === 'W' && isoDayOfWeek(start) !== 1)
    throw invalidArgument(fn, 'start', options.start, 'a Monday for weekly series', 'Weeks start on Monday.');
  if (freq === 'M' && new Date(start).getUTCDate() !== 1)
    throw invalidArgument(fn, 'start', options.start, 'the 1st of a month for monthly series');
  const closed = new Set(options.closedWeekdays ?? []);
  if ([...closed].some((d) => !Number.isInteger(d) || d < 1 || d > 7) || closed.size === 7)
    throw invalidArgument(fn, 'closedWeekdays', options.closedWeekdays, 'ISO weekdays 1–7, not all of them');
  const ds: number[] = [];
  let t = start;
  for (let i = 0; i < values.length; i++) {
    if (freq === 'D') while (closed.has(isoDayOfWeek(t))) t += MS_PER_DAY;
    ds.push(t);
    if (freq === 'D') t += MS_PER_DAY;
    else if (freq === 'W') t += 7 * MS_PER_DAY;
    else {
      const d = new Date(t);
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
  }
  return { id: options.id ?? 's', y: [...values], ds, freq };
}
