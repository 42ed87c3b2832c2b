/**
 * The original notebook's customer segmentation, replayed from public @retailkit/rfm and core functions: its
 * feature table (quirks included, so a migrating user can compare numbers) clustered as the notebook did —
 * robust scaling of the raw values, no log transform — through `fitSegmenter`'s caller-computed `features`.
 * `retailkit segment --preset reference` runs it on the reference cleaning's output.
 */
import {
  compareKeys,
  type FitResult,
  type Frame,
  MS_PER_DAY,
  numberColumn,
  type StringColumn,
  stringColumn,
} from '@retailkit/core';
import { fitSegmenter, type Segmenter, type SegmenterOptions, type SegmentsReport } from '@retailkit/rfm';

/** The columns of `notebookFeatures` after `customerId`, in the notebook's order. */
export const NOTEBOOK_FEATURES = [
  'recency',
  'frequency',
  'monetary',
  'isOneTime',
  'meanTimeInterval',
  'meanTicketSize',
  'meanUniqueItems',
  'meanQuantity',
  'spendPerMonth',
  'frequencyPerMonth',
] as const;

/** The notebook's features in words, for the explanation rules. */
const NOTEBOOK_LABELS: Readonly<Record<(typeof NOTEBOOK_FEATURES)[number], string>> = {
  recency: 'days since last order',
  frequency: 'orders',
  monetary: 'spend',
  isOneTime: 'one-time buyer',
  meanTimeInterval: 'days between orders',
  meanTicketSize: 'average order value',
  meanUniqueItems: 'products per order',
  meanQuantity: 'units per order',
  spendPerMonth: 'spend per month',
  frequencyPerMonth: 'orders per month',
};

/** The value the notebook writes where a gap is undefined. */
export const NOTEBOOK_UNDEFINED = 999;

/**
 * The notebook's segmentation of `frame` (the reference cleaning's output): `notebookFeatures`, robust scaling
 * without log1p, every silhouette exact and 4 KMeans restarts per k, as the notebook replay has always run.
 * The churn models are fitted on `frame` itself. `options` may change the other settings (seed, kRange…).
 */
export function segmentLikeNotebook(
  frame: Frame,
  options: Omit<SegmenterOptions, 'features'> = {},
): FitResult<Segmenter, SegmentsReport> {
  return fitSegmenter(frame, {
    restarts: 4,
    silhouetteSample: Number.POSITIVE_INFINITY,
    ...options,
    features: {
      table: notebookFeatures(frame),
      columns: NOTEBOOK_FEATURES,
      log1p: false,
      scaler: 'robust',
      name: 'reference',
      labels: NOTEBOOK_LABELS,
    },
  });
}

/**
 * The original notebook's customer feature table. Input: the reference cleaning's Frame (missing customerId
 * filled with "0", a `revenue` column; revenue is quantity × unitPrice when absent). Rows of customer "0" and
 * rows without a customer are dropped (the notebook's first RFM step). Customers sorted by id (numeric ids
 * numerically), like pandas `groupby`. Columns:
 * - `frequency` = distinct InvoiceNo, cancellations included; `monetary` = sum of line revenue (rows with an
 *   InvoiceNo);
 * - invoices are de-duplicated by InvoiceNo keeping the first row in file order, and each customer's consecutive
 *   invoices in that order give gap = floor(Δt in days) (pandas `.diff().dt.days`; negative when the file is not
 *   in date order);
 * - `recency` = the gap between the customer's last two invoices, 999 with one invoice;
 * - `isOneTime` = 1 when the customer has a single de-duplicated invoice;
 * - `meanTimeInterval` = mean |gap_i − gap_{i−1}| (differences of consecutive gaps), rounded to 2 decimals, 999
 *   with fewer than three invoices;
 * - `meanTicketSize`, `meanQuantity`, `meanUniqueItems` = per-invoice revenue sum, quantity sum and distinct
 *   stock codes (cancellation invoices included), averaged per customer, rounded to 2;
 * - `frequencyPerMonth` = distinct invoices per month number only (January 2011 and January 2012 are one group),
 *   averaged over the customer's month numbers, rounded to 2;
 * - `spendPerMonth` = the mean line revenue per month number, averaged per customer, rounded to 2.
 * Rounding is numpy's (half to even on the scaled binary value), like pandas `.round(2)`.
 */
export function notebookFeatures(frame: Frame): Frame {
  const col = frame.columns;
  const invoice = col.invoiceNo as StringColumn;
  const stock = col.stockCode as StringColumn;
  const customer = col.customerId as StringColumn;
  const quantity = (col.quantity as { data: Float64Array }).data;
  const price = (col.unitPrice as { data: Float64Array }).data;
  const date = (col.invoiceDate as { data: Float64Array }).data;
  const revenue = col.revenue?.type === 'number' ? col.revenue.data : quantity.map((q, i) => q * price[i]);
  const at = (c: StringColumn, i: number) => (c.codes[i] < 0 ? null : c.values[c.codes[i]]);

  interface Invoice {
    revenue: number;
    quantity: number;
    items: Set<string>;
  }
  interface Month {
    invoices: Set<string>;
    revenue: number;
    lines: number;
  }
  interface Customer {
    monetary: number;
    invoices: Map<string, Invoice>;
    months: (Month | undefined)[];
    /** Dates of the de-duplicated invoices this customer owns, in file order. */
    dates: number[];
  }
  const customers = new Map<string, Customer>();
  const firstRowOf = new Map<string, string>(); // InvoiceNo → customer of its first row
  for (let i = 0; i < frame.length; i++) {
    const id = at(customer, i);
    if (id === null || id === '0') continue;
    let c = customers.get(id);
    if (!c) customers.set(id, (c = { monetary: 0, invoices: new Map(), months: new Array(12), dates: [] }));
    const inv = at(invoice, i);
    const rev = revenue[i];
    if (inv !== null) {
      let g = c.invoices.get(inv);
      if (!g) c.invoices.set(inv, (g = { revenue: 0, quantity: 0, items: new Set() }));
      if (!Number.isNaN(rev)) {
        g.revenue += rev;
        c.monetary += rev;
      }
      if (!Number.isNaN(quantity[i])) g.quantity += quantity[i];
      const item = at(stock, i);
      if (item !== null) g.items.add(item);
      if (!firstRowOf.has(inv)) {
        firstRowOf.set(inv, id);
        c.dates.push(date[i]);
      }
    }
    if (Number.isNaN(date[i])) continue;
    const m = new Date(date[i]).getUTCMonth();
    const month = (c.months[m] ??= { invoices: new Set(), revenue: 0, lines: 0 });
    if (inv !== null) month.invoices.add(inv);
    if (Number.isNaN(rev)) continue;
    month.revenue += rev;
    month.lines++;
  }

  const ids = [...customers.keys()].sort(compareKeys);
  const out: Record<(typeof NOTEBOOK_FEATURES)[number], Float64Array> = Object.fromEntries(
    NOTEBOOK_FEATURES.map((f) => [f, new Float64Array(ids.length)]),
  ) as never;
  ids.forEach((id, r) => {
    const c = customers.get(id)!;
    const invoices = [...c.invoices.values()];
    const months = c.months.filter((m): m is Month => m !== undefined && m.invoices.size > 0);
    const gaps = gapsOf(c.dates);
    out.recency[r] = gaps.last;
    out.frequency[r] = invoices.length;
    out.monetary[r] = c.monetary;
    out.isOneTime[r] = c.dates.length === 1 ? 1 : 0;
    out.meanTimeInterval[r] = gaps.meanChange;
    out.meanTicketSize[r] = roundHalfEven(meanOf(invoices.map((g) => g.revenue)), 2);
    out.meanUniqueItems[r] = roundHalfEven(meanOf(invoices.map((g) => g.items.size)), 2);
    out.meanQuantity[r] = roundHalfEven(meanOf(invoices.map((g) => g.quantity)), 2);
    out.spendPerMonth[r] = roundHalfEven(
      meanOf(months.map((m) => (m.lines > 0 ? m.revenue / m.lines : Number.NaN))),
      2,
    );
    out.frequencyPerMonth[r] = roundHalfEven(meanOf(months.map((m) => m.invoices.size)), 2);
  });
  const columns: Frame['columns'] = { customerId: stringColumn(ids) };
  for (const f of NOTEBOOK_FEATURES) (columns as Record<string, Frame['columns'][string]>)[f] = numberColumn(out[f]);
  return { length: ids.length, columns };
}

/** Gaps between consecutive invoice dates (floor of days): the last one, and the mean absolute change. */
function gapsOf(dates: readonly number[]): { last: number; meanChange: number } {
  let last = Number.NaN;
  let prevGap = Number.NaN;
  let changes = 0;
  let count = 0;
  for (let k = 1; k < dates.length; k++) {
    const gap = Math.floor((dates[k] - dates[k - 1]) / MS_PER_DAY);
    if (!Number.isNaN(gap)) {
      if (!Number.isNaN(prevGap)) {
        changes += Math.abs(gap - prevGap);
        count++;
      }
      last = gap;
    }
    prevGap = gap;
  }
  return {
    last: Number.isNaN(last) ? NOTEBOOK_UNDEFINED : last,
    meanChange: count > 0 ? roundHalfEven(changes / count, 2) : NOTEBOOK_UNDEFINED,
  };
}

/** Mean of the values that are not NaN (pandas `mean`); NaN when none. */
function meanOf(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values)
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  return n > 0 ? sum / n : Number.NaN;
}

/** numpy's `round(x, decimals)`: scale, round half to even, unscale (what pandas `.round(2)` does). */
function roundHalfEven(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  const y = x * f;
  let r = Math.round(y);
  if (Math.abs(y % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return r / f;
}
