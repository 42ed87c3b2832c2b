import {
  compareKeys,
  dayNumber,
  type Frame,
  groupOffsets,
  monthIndex,
  numberColumn,
  stringColumn,
} from '@retailkit/core';
import { customerIndex, distinctPerGroup } from './internal/customer-index.js';
import { ExactSum, ExactSums } from './internal/exact-sum.js';
import { type CustomerAggregates, FEATURE_DEFINITIONS } from './internal/feature-definitions.js';
import { rfmScoreColumns } from './internal/feature-table.js';
import { cancelledInvoiceCodes, transactionArrays } from './internal/transactions.js';
import { defaultAsOf, FEATURE_INPUT_COLUMNS, parseAsOf, requireColumns } from './internal/validate.js';

/** Options of `customerFeatures`. */
export interface CustomerFeaturesOptions {
  /**
   * The moment features are computed at (epoch ms, Date or `YYYY-MM-DD`). Rows at or after it are ignored.
   * Default: midnight of the day after the last transaction.
   */
  readonly asOf?: number | string | Date;
}

/** The numeric behaviour features of `customerFeatures`, in column order. */
export const BEHAVIOUR_FEATURES = [
  'recency',
  'frequency',
  'monetary',
  'meanDaysBetween',
  'meanTicketSize',
  'meanItemsPerInvoice',
  'meanQuantityPerInvoice',
  'meanSpendPerMonth',
  'purchasesPerMonth',
  'refundLineRate',
  'refundValueRate',
  'tenure',
] as const;

/**
 * The `customerFeatures` columns `fitSegmenter` clusters by default: the behaviour features without the degenerate
 * `purchasesPerMonth` (1 for most customers, so its IQR is tiny) and `refundLineRate` (redundant with
 * `refundValueRate`).
 *
 * @example
 * DEFAULT_SEGMENT_FEATURES // ['recency', 'frequency', 'monetary', 'meanDaysBetween', 'meanTicketSize',
 * //   'meanItemsPerInvoice', 'meanQuantityPerInvoice', 'meanSpendPerMonth', 'refundValueRate', 'tenure']
 */
export const DEFAULT_SEGMENT_FEATURES: readonly (typeof BEHAVIOUR_FEATURES)[number][] = BEHAVIOUR_FEATURES.filter(
  (f) => f !== 'purchasesPerMonth' && f !== 'refundLineRate',
);

/**
 * Every numeric column of `customerFeatures`' table before the RFM scores, in column order (`recency`, `frequency`,
 * `monetary`, `oneTime`, the rest of `BEHAVIOUR_FEATURES`, `activeDays`, `activeMonths`): one per feature definition,
 * the entries `customerFeaturesSql` also reads.
 */
export const NUMERIC_FEATURE_COLUMNS: readonly string[] = FEATURE_DEFINITIONS.map((d) => d.name);

/**
 * Customer behaviour features from a cleaned transaction Frame: one row per identified customer (rows with a
 * missing `customerId` are skipped), sorted by customer id (numeric ids numerically).
 *
 * Input: canonical columns `invoiceNo`, `stockCode`, `customerId` (strings), `quantity`, `unitPrice` (numbers),
 * `invoiceDate` (timestamp) and optionally `revenue` (used when present, else quantity × unitPrice).
 * A *purchase invoice* is one whose number does not start with "C" and that has a line with quantity > 0;
 * a *cancelled line* is a line of a "C" invoice or with quantity < 0. Days are calendar days (UTC).
 *
 * Columns (conventions):
 * - `recency` = days from the last purchase's day to `asOf` (a purchase on the last day → 1 with the default asOf);
 * - `frequency` = distinct purchase invoices; `oneTime` = 1 when frequency ≤ 1;
 * - `monetary` = net revenue (purchases minus refunds, every line);
 * - `meanDaysBetween` = (last − first purchase day) / (frequency − 1); for one-time buyers the observed
 *   window (tenure), a lower bound of their interval, so the column has no missing value;
 * - `meanTicketSize` = gross purchase revenue / frequency; `meanItemsPerInvoice` = mean distinct stock codes
 *   with quantity > 0 per purchase invoice; `meanQuantityPerInvoice` = mean units bought per purchase invoice;
 * - `meanSpendPerMonth` = monetary / active months, `purchasesPerMonth` = frequency / active months, where active
 *   months are distinct (year, month) pairs with a purchase (year-aware: Dec 2010 ≠ Dec 2011);
 * - `refundLineRate` = cancelled lines / lines; `refundValueRate` = refunded value / gross purchase value,
 *   clipped to [0, 1];
 * - `tenure` = days from the first purchase's day to `asOf`; `activeDays`, `activeMonths` = distinct purchase
 *   days and months;
 * - `rScore`, `fScore`, `mScore` = quintile scores (`quintileScores`, recency reversed), `rfmScore` = e.g. "545",
 *   `rfmSegment` = the named segment of the R × F grid (`rfmSegment`).
 * Customers with no purchase (only refunds) keep a row: frequency 0, recency and tenure from their activity.
 *
 * Each feature is computed from per-customer aggregates by the kernel of its definition entry, the entry whose SQL
 * expression `customerFeaturesSql` pushes down, so the two paths share one formula per feature.
 *
 * Complexity O(rows) with core's groupBy/groupOffsets kernels, plus O(customers log customers) for sorting.
 *
 * @throws RetailKitError `MISSING_COLUMN` when a canonical column is absent or mistyped; `INVALID_ARGUMENT` for a
 *   bad `asOf`.
 * @example
 * const at = (invoiceNo, date, quantity, unitPrice, stockCode = 'A') => ({ invoiceNo, stockCode, description: null,
 *   quantity, invoiceDate: parseIsoDate(date), unitPrice, customerId: 'c1', country: 'UK' });
 * const frame = fromRows([at('1', '2011-01-03 10:00', 2, 5), at('1', '2011-01-03 10:00', 1, 10, 'B'),
 *   at('2', '2011-03-01 12:00', 4, 5)], TRANSACTION_SCHEMA);
 * toRows(customerFeatures(frame, { asOf: '2011-03-31' }))[0]
 * // { customerId: 'c1', recency: 30, frequency: 2, monetary: 40, oneTime: 0, meanDaysBetween: 57,
 * //   meanTicketSize: 20, meanItemsPerInvoice: 1.5, meanQuantityPerInvoice: 3.5, meanSpendPerMonth: 20, …,
 * //   tenure: 87, activeDays: 2, activeMonths: 2, rScore: 5, fScore: 5, mScore: 5, rfmScore: '555', rfmSegment: 'Champions' }
 */
export function customerFeatures(frame: Frame, options: CustomerFeaturesOptions = {}): Frame {
  requireColumns('customerFeatures', frame, FEATURE_INPUT_COLUMNS);
  const t = transactionArrays(frame);
  const asOf = parseAsOf('customerFeatures', options.asOf) ?? defaultAsOf(t.date);
  const n = frame.length;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) keep[i] = t.customer.codes[i] >= 0 && t.date[i] < asOf ? 1 : 0;

  const cust = customerIndex(frame, keep);
  const C = cust.count;
  const I = cust.invoiceCount;
  const cancelCode = cancelledInvoiceCodes(t.invoice);

  // per invoice
  const invCustomer = new Int32Array(I);
  const invDate = new Float64Array(I).fill(Number.POSITIVE_INFINITY);
  const invGross = new ExactSums(I);
  const invNet = new ExactSums(I);
  const invRefunded = new ExactSums(I);
  const invQty = new Float64Array(I);
  const invItems = new Int32Array(I);
  const invHasPositive = new Uint8Array(I);
  const invCancelled = new Uint8Array(I);
  for (let g = 0; g < I; g++) {
    const r = cust.invoiceFirstRow[g];
    invCustomer[g] = cust.invoiceCustomer[g];
    invCancelled[g] = cancelCode[t.invoice.codes[r]];
  }
  // per customer accumulators
  const lines = new Float64Array(C);
  const cancelledLines = new Float64Array(C);
  const firstAny = new Float64Array(C).fill(Number.POSITIVE_INFINITY);
  const lastAny = new Float64Array(C).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const g = cust.invoiceOf[i];
    if (g < 0) continue;
    const c = invCustomer[g];
    const q = t.quantity[i];
    const rev = t.revenue[i];
    const d = t.date[i];
    if (d < invDate[g]) invDate[g] = d;
    if (d < firstAny[c]) firstAny[c] = d;
    if (d > lastAny[c]) lastAny[c] = d;
    lines[c]++;
    if (Number.isFinite(rev)) invNet.add(g, rev);
    const cancelled = invCancelled[g] === 1 || q < 0;
    if (cancelled) {
      cancelledLines[c]++;
      if (Number.isFinite(rev)) invRefunded.add(g, Math.abs(rev));
    } else if (q > 0) {
      invHasPositive[g] = 1;
      if (Number.isFinite(rev)) invGross.add(g, rev);
      invQty[g] += q;
    }
  }
  // revenue sums per invoice, then per customer, each exact (the same bits as customerFeaturesSql's, in any order)
  const net = new ExactSums(C);
  const refunded = new ExactSums(C);
  for (let g = 0; g < I; g++) {
    net.add(invCustomer[g], invNet.value(g));
    refunded.add(invCustomer[g], invRefunded.value(g));
  }
  // distinct stock codes with a positive line, per invoice
  const items = distinctPerGroup(cust.invoiceOf, I, t.stock, (row) => t.quantity[row] > 0);
  for (let g = 0; g < I; g++) invItems[g] = invCancelled[g] ? 0 : items[g];

  // per customer over purchase invoices: the aggregates, then every feature through its definition's kernel
  const isPurchase = new Int32Array(I);
  for (let g = 0; g < I; g++) isPurchase[g] = !invCancelled[g] && invHasPositive[g] ? invCustomer[g] : -1;
  const { order, offsets } = groupOffsets(isPurchase, C);
  const kernels = FEATURE_DEFINITIONS.map((d) => d.kernel);
  const cols = FEATURE_DEFINITIONS.map(() => new Float64Array(C));
  const a: Mutable<CustomerAggregates> = {
    frequency: 0,
    firstDay: 0,
    lastDay: 0,
    asOfDay: dayNumber(asOf),
    gross: 0,
    quantity: 0,
    items: 0,
    net: 0,
    refunded: 0,
    lines: 0,
    cancelledLines: 0,
    activeDays: 0,
    activeMonths: 0,
  };
  const months: number[] = [];
  const days: number[] = [];
  for (let c = 0; c < C; c++) {
    const lo = offsets[c];
    const hi = offsets[c + 1];
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const gross = new ExactSum();
    let qty = 0;
    let items = 0;
    months.length = 0;
    days.length = 0;
    for (let k = lo; k < hi; k++) {
      const g = order[k];
      const d = invDate[g];
      if (d < first) first = d;
      if (d > last) last = d;
      gross.add(invGross.value(g));
      qty += invQty[g];
      items += invItems[g];
      months.push(monthIndex(d));
      days.push(dayNumber(d));
    }
    a.frequency = hi - lo;
    a.firstDay = dayNumber(hi > lo ? first : firstAny[c]);
    a.lastDay = dayNumber(hi > lo ? last : lastAny[c]);
    a.gross = gross.value();
    a.quantity = qty;
    a.items = items;
    a.net = net.value(c);
    a.refunded = refunded.value(c);
    a.lines = lines[c];
    a.cancelledLines = cancelledLines[c];
    a.activeDays = countDistinct(days);
    a.activeMonths = countDistinct(months);
    for (let j = 0; j < kernels.length; j++) cols[j][c] = kernels[j](a);
  }

  // sort customers by id
  const ids = new Array<string>(C);
  for (let c = 0; c < C; c++) ids[c] = t.customer.values[t.customer.codes[cust.firstRow[c]]];
  const sorted = Array.from({ length: C }, (_, i) => i).sort((a, b) => compareKeys(ids[a], ids[b]));
  const take = (a: Float64Array): Float64Array => {
    const out = new Float64Array(C);
    for (let i = 0; i < C; i++) out[i] = a[sorted[i]];
    return out;
  };
  const out: Record<string, ReturnType<typeof numberColumn> | ReturnType<typeof stringColumn>> = {
    customerId: stringColumn(sorted.map((i) => ids[i])),
  };
  const featureCols: Record<string, Float64Array> = {};
  FEATURE_DEFINITIONS.forEach((d, j) => {
    featureCols[d.name] = take(cols[j]);
    out[d.name] = numberColumn(featureCols[d.name]);
  });
  Object.assign(out, rfmScoreColumns(featureCols.recency, featureCols.frequency, featureCols.monetary));
  return { length: C, columns: out };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function countDistinct(values: number[]): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  let k = 1;
  for (let i = 1; i < values.length; i++) if (values[i] !== values[i - 1]) k++;
  return k;
}
