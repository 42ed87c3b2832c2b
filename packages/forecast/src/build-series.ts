import {
  column,
  dayNumber,
  type Frame,
  groupBy,
  invalidArgument,
  MS_PER_DAY,
  monthIndex,
  numberColumn,
  numbers,
  type StringColumn,
  stringColumn,
  timestampColumn,
} from '@retailkit/core';
import { ALL_DAYS, closedTest, NO_SATURDAYS } from './internal/calendar.js';
import { causalCaps } from './internal/causal-cap.js';
import type { Freq, SeriesData, TradingCalendar } from './series-data.js';

/** Options of {@link buildSeries}. */
export interface BuildSeriesOptions {
  /** `D` daily, `W` weekly (weeks start Monday), `M` monthly. Default `D`. */
  readonly freq?: Freq;
  /** `quantity` (sum of quantity) or `revenue` (sum of quantity × unit price). Default `quantity`. */
  readonly target?: 'quantity' | 'revenue';
  /** Key columns, one series per distinct key (e.g. `['stockCode']`, `['country']`). Default: one `total` series. */
  readonly by?: readonly string[];
  /**
   * Trading calendar of daily series: `'all'` (every day), `'business'` (this retailer: closed on Saturdays) or
   * an explicit {@link TradingCalendar}. Closed days never appear as zeros. Default `'all'`.
   */
  readonly calendar?: 'all' | 'business' | TradingCalendar;
  /**
   * Periods without sales: `'zero'` inserts them with y = 0 (open days only), `'absent'` leaves them out so the
   * series only holds periods that traded. Default `'zero'`.
   */
  readonly fill?: 'zero' | 'absent';
  /** Where zero-filled series begin: at their own first sale (`'series'`, default) or at the first period of all. */
  readonly start?: 'series' | 'global';
  /**
   * Robust history of lumpy demand: cap every line's value (quantity, or quantity × price) at the `quantile` of the
   * line values of its own series in its own and earlier periods — an expanding, causal cap, so a period's value
   * never depends on later lines and backtests on the capped series stay leak-free. A series is not capped until it
   * has `minLines` lines (default 20). One wholesale order of 10,000 units otherwise sets a product's level for
   * weeks; forecast the uncapped target from the capped history (or use it as a feature). Default: no cap.
   */
  readonly cap?: { readonly quantile: number; readonly minLines?: number };
  /**
   * Add a `price` exogenous column (`exog.price`, laid out like y): `true` — the mean unit price (`columns.price`)
   * of the period's lines with positive quantity and price (filter cancelled lines out first); a column name — the
   * mean of that column over the same lines (a caller-given list price). Periods without such a line carry the
   * last price forward (the first price backward before the first sale). Default: none.
   */
  readonly price?: boolean | string;
  /** Column names of the input (defaults: the canonical transaction columns). */
  readonly columns?: { readonly date?: string; readonly quantity?: string; readonly price?: string };
}

/**
 * Aggregate transactions into demand series in long format (`id`, `ds`, `y`), stored as flat `Float64Array`s with
 * per-series offsets. `ds` is the period start (UTC midnight; Monday for weeks; the 1st for months). Rows with a
 * missing date or value are skipped. Days on which a closed calendar still has sales are kept (nothing is lost).
 * Series are ordered by first appearance of their key; the end of every zero-filled series is the last period of
 * all data.
 *
 * Complexity O(rows + series × periods); with `cap`, O(rows log rows).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown option value; `MISSING_COLUMN` for a missing or non-numeric date or value column, or a missing `by` column.
 * @example
 * const lines = fromRows([
 *   { invoiceDate: new Date('2011-01-03T10:00:00Z'), stockCode: 'A', quantity: 2 },
 *   { invoiceDate: new Date('2011-01-04T10:00:00Z'), stockCode: 'B', quantity: 1 },
 *   { invoiceDate: new Date('2011-01-12T10:00:00Z'), stockCode: 'A', quantity: 5 },
 * ]);
 * const s = buildSeries(lines, { freq: 'W', by: ['stockCode'] });
 * s.ids // ['A', 'B']
 * s.offsets // Int32Array [0, 2, 4]
 * s.y // Float64Array [2, 5, 1, 0] (weeks of 2011-01-03 and 2011-01-10; B had no sale in the second)
 */
export function buildSeries(frame: Frame, options: BuildSeriesOptions = {}): SeriesData {
  const fn = 'buildSeries';
  const freq = options.freq ?? 'D';
  if (freq !== 'D' && freq !== 'W' && freq !== 'M') throw invalidArgument(fn, 'freq', freq, "'D', 'W' or 'M'");
  const target = options.target ?? 'quantity';
  if (target !== 'quantity' && target !== 'revenue')
    throw invalidArgument(fn, 'target', target, "'quantity' or 'revenue'");
  const fill = options.fill ?? 'zero';
  if (fill !== 'zero' && fill !== 'absent') throw invalidArgument(fn, 'fill', fill, "'zero' or 'absent'");
  const calendar: TradingCalendar =
    options.calendar === undefined || options.calendar === 'all'
      ? ALL_DAYS
      : options.calendar === 'business'
        ? NO_SATURDAYS
        : options.calendar;
  if (typeof calendar !== 'object' || !Array.isArray(calendar.closedWeekdays))
    throw invalidArgument(fn, 'calendar', options.calendar, "'all', 'business' or { closedWeekdays, holidays }");
  const cap = options.cap;
  if (cap !== undefined && !(typeof cap === 'object' && cap.quantile >= 0 && cap.quantile <= 1))
    throw invalidArgument(fn, 'cap.quantile', cap?.quantile, 'a number in [0, 1], e.g. { quantile: 0.95 }');
  const minLines = cap?.minLines ?? 20;
  if (cap && !(Number.isInteger(minLines) && minLines >= 1))
    throw invalidArgument(fn, 'cap.minLines', minLines, 'an integer >= 1');
  const dateName = options.columns?.date ?? 'invoiceDate';
  const dates = numbers(frame, dateName, fn);
  const qty = numbers(frame, options.columns?.quantity ?? 'quantity', fn);
  const price = target === 'revenue' ? numbers(frame, options.columns?.price ?? 'unitPrice', fn) : null;
  const priceOption = options.price ?? false;
  if (typeof priceOption !== 'boolean' && typeof priceOption !== 'string')
    throw invalidArgument(fn, 'price', priceOption, 'true, false or a column name');
  const unitPrice = priceOption ? numbers(frame, options.columns?.price ?? 'unitPrice', fn) : null;
  const priceValues = typeof priceOption === 'string' ? numbers(frame, priceOption, fn) : unitPrice;
  const n = frame.length;

  // period index per row
  const period = new Float64Array(n);
  let pMin = Number.POSITIVE_INFINITY;
  let pMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = dates[i];
    if (Number.isNaN(t)) {
      period[i] = Number.NaN;
      continue;
    }
    const d = dayNumber(t);
    const p = freq === 'D' ? d : freq === 'W' ? Math.floor((d + 3) / 7) : monthIndex(t);
    period[i] = p;
    if (p < pMin) pMin = p;
    if (p > pMax) pMax = p;
  }
  const by = options.by ?? [];
  let ids: Int32Array;
  let count: number;
  let labels: string[];
  if (by.length === 0) {
    ids = new Int32Array(n);
    count = 1;
    labels = ['total'];
  } else {
    const cols = by.map((b) => column(frame, b, fn));
    const g = groupBy(frame, by);
    ids = g.ids as Int32Array;
    count = g.count;
    labels = [];
    for (let k = 0; k < count; k++) {
      const r = g.firstRow[k];
      labels.push(
        cols
          .map((c) => {
            if (c.type === 'string') {
              const code = (c as StringColumn).codes[r];
              return code < 0 ? '' : (c as StringColumn).values[code];
            }
            return String(c.data[r]);
          })
          .join('|'),
      );
    }
  }
  if (!Number.isFinite(pMin)) {
    return { ids: [], offsets: new Int32Array(1), ds: new Float64Array(0), y: new Float64Array(0), freq, calendar };
  }
  const width = pMax - pMin + 1;
  const sums = new Float64Array(count * width);
  const seen = new Uint8Array(count * width);
  const priceSum = priceValues ? new Float64Array(count * width) : null;
  const priceCount = priceValues ? new Float64Array(count * width) : null;
  let values: ArrayLike<number> = price ? Float64Array.from(qty, (q, i) => q * price[i]) : qty;
  if (cap) values = causalCaps(values, period, ids, count, cap.quantile, minLines);
  for (let i = 0; i < n; i++) {
    const p = period[i];
    const g = ids[i];
    if (Number.isNaN(p) || g < 0) continue;
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const cell = g * width + (p - pMin);
    sums[cell] += v;
    seen[cell] = 1;
    if (priceSum && priceCount && priceValues && unitPrice && qty[i] > 0 && unitPrice[i] > 0) {
      const pv = priceValues[i];
      if (Number.isFinite(pv)) {
        priceSum[cell] += pv;
        priceCount[cell]++;
      }
    }
  }
  const isClosed = freq === 'D' ? closedTest(calendar) : () => false;
  const periodMs = (p: number): number =>
    freq === 'D'
      ? p * MS_PER_DAY
      : freq === 'W'
        ? (p * 7 - 3) * MS_PER_DAY
        : Date.UTC(1970 + Math.floor(p / 12), ((p % 12) + 12) % 12, 1);
  const keep = new Uint8Array(count * width);
  const offsets = new Int32Array(count + 1);
  const global = options.start === 'global';
  for (let g = 0; g < count; g++) {
    let first = 0;
    if (!global) while (first < width && !seen[g * width + first]) first++;
    let c = 0;
    for (let p = first; p < width; p++) {
      const cell = g * width + p;
      if (seen[cell] || (fill === 'zero' && !isClosed(pMin + p))) {
        keep[cell] = 1;
        c++;
      }
    }
    offsets[g + 1] = offsets[g] + c;
  }
  const total = offsets[count];
  const y = new Float64Array(total);
  const ds = new Float64Array(total);
  const pr = priceSum ? new Float64Array(total).fill(Number.NaN) : null;
  let j = 0;
  for (let cell = 0; cell < count * width; cell++) {
    if (!keep[cell]) continue;
    y[j] = sums[cell];
    ds[j] = periodMs(pMin + (cell % width));
    if (pr && priceSum && priceCount && priceCount[cell] > 0) pr[j] = priceSum[cell] / priceCount[cell];
    j++;
  }
  if (pr) {
    fillPrices(pr, offsets);
    return { ids: labels, offsets, ds, y, freq, calendar, exog: { price: pr } };
  }
  return { ids: labels, offsets, ds, y, freq, calendar };
}

/** Per series: NaN prices carried forward from the last price, leading NaNs backward from the first (NaN if none). */
function fillPrices(pr: Float64Array, offsets: Int32Array): void {
  for (let g = 0; g + 1 < offsets.length; g++) {
    let last = Number.NaN;
    for (let t = offsets[g]; t < offsets[g + 1]; t++) {
      if (Number.isNaN(pr[t])) pr[t] = last;
      else last = pr[t];
    }
    let first = Number.NaN;
    for (let t = offsets[g + 1] - 1; t >= offsets[g]; t--) {
      if (Number.isNaN(pr[t])) pr[t] = first;
      else first = pr[t];
    }
  }
}

/**
 * The long-format Frame of series (`id` string, `ds` timestamp, `y` number), with renamable columns like
 * statsforecast's `unique_id`/`ds`/`y`. O(total observations).
 *
 * @example
 * const f = seriesToFrame(buildSeries(lines, { freq: 'W', by: ['stockCode'] }), { idColumn: 'unique_id' });
 * Object.keys(f.columns) // ['unique_id', 'ds', 'y']
 * toRows(f)[1] // { unique_id: 'A', ds: new Date('2011-01-10T00:00:00.000Z'), y: 5 }
 */
export function seriesToFrame(
  data: SeriesData,
  options: { idColumn?: string; dsColumn?: string; yColumn?: string } = {},
): Frame {
  const idLabels: string[] = new Array(data.y.length);
  for (let i = 0; i < data.ids.length; i++)
    for (let t = data.offsets[i]; t < data.offsets[i + 1]; t++) idLabels[t] = data.ids[i];
  return {
    length: data.y.length,
    columns: {
      [options.idColumn ?? 'id']: stringColumn(idLabels),
      [options.dsColumn ?? 'ds']: timestampColumn(data.ds.slice()),
      [options.yColumn ?? 'y']: numberColumn(data.y.slice()),
    },
  };
}
