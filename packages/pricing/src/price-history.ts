import {
  booleanColumn,
  type Frame,
  frame,
  intColumn,
  isoDate,
  numberColumn,
  stringColumn,
  timestampColumn,
} from '@retailkit/core';
import { buildHistory, type HistoryOptions, MS_PER_WEEK, resolveHistory } from './internal/history.js';

/** Options of {@link priceHistory}: the list-price rule. */
export type PriceHistoryOptions = HistoryOptions;

/** The price history of every product: four frames (products in `compareKeys` order of stock code). */
export interface PriceHistory {
  /**
   * One row per product and selling week: `stockCode`, `weekStart` (timestamp, Monday 00:00 UTC), `quantity`,
   * `revenue` (Σ quantity × unit price), `lines`, `listPrice`, `listObserved` (a small-quantity line was sold
   * that week; otherwise the list price is carried).
   */
  readonly weekly: Frame;
  /**
   * The tier curves: one row per product and quantity sold: `stockCode`, `quantity`, `lines`,
   * `belowList` (lines sold below the week's list price), `meanUnitPrice`, `meanRatio` (unit price / list price).
   */
  readonly tiers: Frame;
  /** The dated list-price changes: `stockCode`, `weekStart`, `date` (first day at the new price), `oldPrice`, `newPrice`, `logChange`. */
  readonly changes: Frame;
  /** One row per product: `stockCode`, `description`, `sellingWeeks`, `changes`, `listPrice` (the latest). */
  readonly products: Frame;
  /** The weekly grid: first Monday (ISO date) and number of weeks, first to last week of the data. */
  readonly grid: { readonly firstWeek: string; readonly weeks: number };
}

/**
 * Price history per product: list price per ISO week, quantity-tier curve, dated list-price changes.
 *
 * Lines are sales of products (the `modeling` view of `clean` from `@retailkit/cleaning`: no cancellation, price
 * and quantity > 0, product codes); columns `stockCode`, `invoiceDate`, `quantity`, `unitPrice`, and
 * `description` when present. Weeks are ISO weeks in UTC (Monday start, core's `startOfWeek`).
 *
 * **List price** of a product in a week: the modal unit price of its lines with a customer id (when the
 * `customerId` column exists) and quantity ≤ `smallQuantity` (default Infinity; ties go to the higher price) —
 * anonymous lines, often at a shop mark-up, do not set it. A new mode becomes the list price only when it is the
 * mode of `confirmWeeks` (default 2) consecutive weeks with such lines, so a single week of odd prices is not a
 * change; the list price is carried forward over weeks without such lines (and back over the weeks before the
 * first one). A product with no such line has its modal price over all lines and no change.
 * **Tier curve**: for each quantity, the lines, those sold below that week's list price (by more than 0.5 %), and
 * the mean unit price and ratio to the list price. O(n log n).
 *
 * @throws RetailKitError `MISSING_COLUMN`; `INVALID_ARGUMENT` for a line that is not a sale (quantity or price ≤
 *   0, no stock code or date) or a bad option.
 * @example
 * const h = priceHistory(clean(raw).views.modeling);
 * toRows(h.changes)[0] // { stockCode: '22423', weekStart: …, date: …, oldPrice: 12.75, newPrice: 10.95, logChange: -0.152 }
 */
export function priceHistory(lines: Frame, options: PriceHistoryOptions = {}): PriceHistory {
  const fn = 'priceHistory';
  const h = buildHistory(lines, fn, resolveHistory(fn, options));
  const w: { code: string[]; week: number[]; q: number[]; r: number[]; l: number[]; p: number[]; o: number[] } = {
    code: [],
    week: [],
    q: [],
    r: [],
    l: [],
    p: [],
    o: [],
  };
  const t: { code: string[]; q: number[]; l: number[]; b: number[]; p: number[]; r: number[] } = {
    code: [],
    q: [],
    l: [],
    b: [],
    p: [],
    r: [],
  };
  const c: { code: string[]; week: number[]; day: number[]; old: number[]; now: number[] } = {
    code: [],
    week: [],
    day: [],
    old: [],
    now: [],
  };
  for (const p of h.products) {
    for (let j = 0; j < p.weeks.length; j++) {
      w.code.push(p.stockCode);
      w.week.push(h.firstWeek + p.weeks[j] * MS_PER_WEEK);
      w.q.push(p.quantity[j]);
      w.r.push(p.revenue[j]);
      w.l.push(p.lines[j]);
      w.p.push(p.listPrice[j]);
      w.o.push(p.observed[j]);
    }
    for (const x of p.tiers) {
      t.code.push(p.stockCode);
      t.q.push(x.quantity);
      t.l.push(x.lines);
      t.b.push(x.below);
      t.p.push(x.meanUnitPrice);
      t.r.push(x.meanRatio);
    }
    for (const x of p.changes) {
      c.code.push(p.stockCode);
      c.week.push(h.firstWeek + x.week * MS_PER_WEEK);
      c.day.push(x.day);
      c.old.push(x.oldPrice);
      c.now.push(x.newPrice);
    }
  }
  return {
    weekly: frame({
      stockCode: stringColumn(w.code),
      weekStart: timestampColumn(w.week),
      quantity: numberColumn(w.q),
      revenue: numberColumn(w.r),
      lines: intColumn(w.l),
      listPrice: numberColumn(w.p),
      listObserved: booleanColumn(w.o),
    }),
    tiers: frame({
      stockCode: stringColumn(t.code),
      quantity: numberColumn(t.q),
      lines: intColumn(t.l),
      belowList: intColumn(t.b),
      meanUnitPrice: numberColumn(t.p),
      meanRatio: numberColumn(t.r),
    }),
    changes: frame({
      stockCode: stringColumn(c.code),
      weekStart: timestampColumn(c.week),
      date: timestampColumn(c.day),
      oldPrice: numberColumn(c.old),
      newPrice: numberColumn(c.now),
      logChange: numberColumn(c.now.map((v, i) => Math.log(v / c.old[i]))),
    }),
    products: frame({
      stockCode: stringColumn(h.products.map((p) => p.stockCode)),
      description: stringColumn(h.products.map((p) => p.description)),
      sellingWeeks: intColumn(h.products.map((p) => p.weeks.length)),
      changes: intColumn(h.products.map((p) => p.changes.length)),
      listPrice: numberColumn(h.products.map((p) => p.listPrice[p.listPrice.length - 1])),
    }),
    grid: { firstWeek: h.nWeeks === 0 ? '' : isoDate(h.firstWeek), weeks: h.nWeeks },
  };
}
