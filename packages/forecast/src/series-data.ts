/** Series frequency: `D` daily, `W` weekly (weeks start Monday), `M` monthly. */
export type Freq = 'D' | 'W' | 'M';

/**
 * A trading calendar for daily series. `closedWeekdays` are ISO weekdays (Monday = 1 … Sunday = 7) on which the
 * business never trades; `holidays` are `YYYY-MM-DD` closed dates. Closed days are never part of a daily series
 * (neither as zeros nor as gaps to fill), and forecast dates skip them.
 *
 * @example
 * const closedOnSaturdays: TradingCalendar = { closedWeekdays: [6], holidays: ['2011-12-25'] };
 */
export interface TradingCalendar {
  readonly closedWeekdays: readonly number[];
  readonly holidays: readonly string[];
}

/**
 * Demand series in long format, stored flat (like statsforecast after its one conversion): the values of series
 * `i` are `y.subarray(offsets[i], offsets[i + 1])`, sorted by time, with their period starts (epoch ms, UTC
 * midnight; Monday for weeks, the 1st for months) at the same positions of `ds`. Built by `buildSeries` (from
 * transactions) or `seriesFromArrays` (from values); `seriesToFrame` turns it into a long-format Frame.
 *
 * @example
 * const s = seriesFromArrays([{ id: 'a', y: [1, 2] }, { id: 'b', y: [5] }]);
 * s.ids // ['a', 'b']
 * s.offsets // Int32Array [0, 2, 3]
 * s.y.subarray(s.offsets[1], s.offsets[2]) // Float64Array [5]
 */
export interface SeriesData {
  /** One label per series (the `by` key values joined with `|`, or `total`). */
  readonly ids: readonly string[];
  /** CSR offsets, length `ids.length + 1`. */
  readonly offsets: Int32Array;
  readonly ds: Float64Array;
  readonly y: Float64Array;
  readonly freq: Freq;
  readonly calendar: TradingCalendar;
  /**
   * Exogenous columns (e.g. `price` from `buildSeries`' `price` option), each laid out like `y`. Models that read a
   * regressor (`arimax`) need it; the others ignore it.
   */
  readonly exog?: Readonly<Record<string, Float64Array>>;
}
