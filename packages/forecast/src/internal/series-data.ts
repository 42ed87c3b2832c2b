import type { Freq, TradingCalendar } from './calendar.js';

/**
 * Demand series in long format, stored flat (like statsforecast): the values of series `i` are
 * `y[offsets[i] .. offsets[i+1])`, sorted by time, with their period starts in `ds` (epoch ms, UTC midnight).
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
}

/** Number of series. */
export function seriesCount(data: SeriesData): number {
  return data.ids.length;
}

/** Values of series `i` (a zero-copy view). */
export function seriesValues(data: SeriesData, i: number): Float64Array {
  return data.y.subarray(data.offsets[i], data.offsets[i + 1]);
}

/** Dates of series `i` (a zero-copy view). */
export function seriesDates(data: SeriesData, i: number): Float64Array {
  return data.ds.subarray(data.offsets[i], data.offsets[i + 1]);
}

/** Build SeriesData from plain arrays of values (and optional dates) per series. */
export function seriesFromArrays(
  series: readonly { id: string; y: ArrayLike<number>; ds?: ArrayLike<number> }[],
  options: { freq?: Freq; calendar?: TradingCalendar; start?: number } = {},
): SeriesData {
  const freq = options.freq ?? 'D';
  const offsets = new Int32Array(series.length + 1);
  for (let i = 0; i < series.length; i++) offsets[i + 1] = offsets[i] + series[i].y.length;
  const y = new Float64Array(offsets[series.length]);
  const ds = new Float64Array(offsets[series.length]);
  const step = freq === 'W' ? 7 * 86_400_000 : 86_400_000;
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    y.set(Array.from(s.y), offsets[i]);
    for (let t = 0; t < s.y.length; t++) ds[offsets[i] + t] = s.ds ? s.ds[t] : (options.start ?? 0) + t * step;
  }
  return {
    ids: series.map((s) => s.id),
    offsets,
    ds,
    y,
    freq,
    calendar: options.calendar ?? { closedWeekdays: [], holidays: [] },
  };
}

/** The first `cut(i)` observations of every series (copies), e.g. the training part before a cutoff. */
export function truncateSeries(data: SeriesData, cut: (i: number, length: number) => number): SeriesData {
  const n = data.ids.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const len = data.offsets[i + 1] - data.offsets[i];
    offsets[i + 1] = offsets[i] + Math.max(0, Math.min(len, cut(i, len)));
  }
  const y = new Float64Array(offsets[n]);
  const ds = new Float64Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    const len = offsets[i + 1] - offsets[i];
    y.set(data.y.subarray(data.offsets[i], data.offsets[i] + len), offsets[i]);
    ds.set(data.ds.subarray(data.offsets[i], data.offsets[i] + len), offsets[i]);
  }
  return { ...data, offsets, y, ds };
}

/** A subset of series by index (copies). */
export function selectSeries(data: SeriesData, indices: readonly number[]): SeriesData {
  const offsets = new Int32Array(indices.length + 1);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    offsets[k + 1] = offsets[k] + data.offsets[i + 1] - data.offsets[i];
  }
  const y = new Float64Array(offsets[indices.length]);
  const ds = new Float64Array(offsets[indices.length]);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    y.set(data.y.subarray(data.offsets[i], data.offsets[i + 1]), offsets[k]);
    ds.set(data.ds.subarray(data.offsets[i], data.offsets[i + 1]), offsets[k]);
  }
  return { ...data, ids: indices.map((i) => data.ids[i]), offsets, y, ds };
}
