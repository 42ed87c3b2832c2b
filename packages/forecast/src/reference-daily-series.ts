import { dayNumber, type Frame, MS_PER_DAY, numbers, strings } from '@retailkit/core';
import { NO_SATURDAYS } from './internal/calendar.js';
import type { SeriesData } from './internal/series-data.js';

/**
 * The original project's daily target, per calendar date (trading days only):
 * y = all_qty + refund_qty + free_qty, where
 * - all_qty = Σ |quantity| over `referenceCleaned` (the cleaning `reference` preset output, anonymous customers kept);
 * - refund_qty = Σ quantity over rows of `noFreeLines` with quantity < 0, unitPrice > 0 and description ≠ "Discount";
 * - free_qty = Σ quantity over rows of `noFreeLines` with quantity < 0 and unitPrice == 0;
 * `noFreeLines` being the reference fills, revenue, upper-casing and description unification followed directly by
 * `quantity-iqr` and `price-zscore` (no `free-lines` step). Dates are the union of the dates of both parts.
 * The series id is `reference`; `freq` D with the no-Saturday calendar. O(rows).
 *
 * @example
 * referenceDailySeries(cleanReference(raw).frame, priceZscore(quantityIqr(referencePrepare(raw)).frame).frame).y.length // 305
 */
export function referenceDailySeries(referenceCleaned: Frame, noFreeLines: Frame): SeriesData {
  const sums = new Map<number, number>();
  const add = (d: number, v: number): void => {
    sums.set(d, (sums.get(d) ?? 0) + v);
  };
  {
    const dates = numbers(referenceCleaned, 'invoiceDate');
    const q = numbers(referenceCleaned, 'quantity');
    for (let i = 0; i < referenceCleaned.length; i++)
      if (!Number.isNaN(dates[i]) && !Number.isNaN(q[i])) add(dayNumber(dates[i]), Math.abs(q[i]));
  }
  {
    const dates = numbers(noFreeLines, 'invoiceDate');
    const q = numbers(noFreeLines, 'quantity');
    const p = numbers(noFreeLines, 'unitPrice');
    const desc = strings(noFreeLines, 'description');
    const discount = desc.values.indexOf('Discount');
    for (let i = 0; i < noFreeLines.length; i++) {
      if (!(q[i] < 0) || Number.isNaN(dates[i])) continue;
      const d = dayNumber(dates[i]);
      if (p[i] > 0 && (discount < 0 || desc.codes[i] !== discount)) add(d, q[i]);
      else if (p[i] === 0) add(d, q[i]);
    }
  }
  const days = [...sums.keys()].sort((a, b) => a - b);
  return {
    ids: ['reference'],
    offsets: Int32Array.of(0, days.length),
    ds: Float64Array.from(days, (d) => d * MS_PER_DAY),
    y: Float64Array.from(days, (d) => sums.get(d) ?? 0),
    freq: 'D',
    calendar: NO_SATURDAYS,
  };
}
