import { invalidArgument, MS_PER_DAY } from '@retailkit/core';
import { ALL_DAYS } from './internal/calendar.js';
import type { Freq, SeriesData, TradingCalendar } from './series-data.js';

/**
 * Series from plain arrays: one entry per series with its values `y` (oldest first) and, optionally, their period
 * starts `ds` (epoch ms). Without `ds`, dates are `start + t · step` (step one day, or seven for `W`; `start`
 * default 0 = 1970-01-01), which suits models that ignore dates. Copies the values. O(total values).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when a series' `ds` and `y` differ in length.
 * @example
 * const s = seriesFromArrays([{ id: 'a', y: [3, 4, 5] }], { start: Date.UTC(2011, 0, 3) });
 * s.ds[2] // 1294185600000 (2011-01-05)
 * s.calendar // { closedWeekdays: [], holidays: [] }
 */
export function seriesFromArrays(
  series: readonly { readonly id: string; readonly y: ArrayLike<number>; readonly ds?: ArrayLike<number> }[],
  options: { readonly freq?: Freq; readonly calendar?: TradingCalendar; readonly start?: number } = {},
): SeriesData {
  const freq = options.freq ?? 'D';
  const offsets = new Int32Array(series.length + 1);
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    if (s.ds && s.ds.length !== s.y.length)
      throw invalidArgument('seriesFromArrays', `series[${i}].ds.length`, s.ds.length, `${s.y.length} (y.length)`);
    offsets[i + 1] = offsets[i] + s.y.length;
  }
  const y = new Float64Array(offsets[series.length]);
  const ds = new Float64Array(offsets[series.length]);
  const step = freq === 'W' ? 7 * MS_PER_DAY : MS_PER_DAY;
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    y.set(Array.from(s.y), offsets[i]);
    for (let t = 0; t < s.y.length; t++) ds[offsets[i] + t] = s.ds ? s.ds[t] : (options.start ?? 0) + t * step;
  }
  return { ids: series.map((s) => s.id), offsets, ds, y, freq, calendar: options.calendar ?? ALL_DAYS };
}
