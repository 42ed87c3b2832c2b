import {
  type Frame,
  groupBy,
  groupSum,
  isoDate,
  MS_PER_DAY,
  monthIndex,
  numbers,
  type StringColumn,
  strings,
} from '@retailkit/core';

/** One calendar month of the sales overview. */
export interface MonthSales {
  /** `YYYY-MM`. */
  month: string;
  revenue: number;
  /** Purchase invoices (not cancellations) dated in the month. */
  orders: number;
  /** Identified customers with a purchase invoice in the month. */
  customers: number;
  /** Average order value = revenue / orders; null without orders. */
  aov: number | null;
  /** The data covers only part of the month (it starts after the 1st or ends before the last day). */
  partial: boolean;
  /** Month-over-month growth (fraction); null for the first month, a partial month or one after a partial month. */
  growth: number | null;
  /** Growth against the same month a year earlier (fraction); null when that month is absent or either is partial. */
  yoy: number | null;
}

/** The partial last month against the same days of the same month a year earlier (like for like). */
export interface MonthToDate {
  month: string;
  /** First and last day covered, `YYYY-MM-DD`. */
  from: string;
  through: string;
  revenue: number;
  /** Revenue of the same days one year earlier; null when the data does not cover them. */
  sameDaysLastYear: number | null;
  /** (revenue − sameDaysLastYear) / |sameDaysLastYear|; null as `sameDaysLastYear`. */
  change: number | null;
}

/** The sales overview the original built in Power BI. */
export interface SalesSummary {
  revenue: number;
  orders: number;
  customers: number;
  /** Average order value over the whole period; null without orders. */
  aov: number | null;
  /** First and last invoice day, `YYYY-MM-DD` (null when empty). */
  period: { first: string | null; last: string | null };
  monthly: MonthSales[];
  /** The last full month, with its comparisons (undefined when no month is full). */
  latest?: MonthSales;
  /** The last month when the data ends before the month does. */
  monthToDate?: MonthToDate;
  byCountry: { country: string; revenue: number }[];
  /** Products only: lines cleaning flags `isNonProduct` (postage, fees, manual lines…) are left out. */
  topProducts: { stockCode: string; description: string; revenue: number; quantity: number }[];
}

/**
 * Aggregate a cleaned transaction Frame (cleaning's `revenue` view: net sales as booked, with cancellations) into
 * the sales overview. Revenue = Σ revenue (or quantity × unitPrice); orders = distinct purchase invoices (a
 * cancellation — cleaning's `isCancellation` flag when present, else an invoice number starting with C — is not an
 * order); AOV = revenue / orders. Months are UTC calendar months; the first month is partial when the data starts
 * after its 1st, the last when the data ends before its last day. Month-over-month growth = (r_m − r_{m−1}) /
 * |r_{m−1}| and year-over-year growth = (r_m − r_{m−12}) / |r_{m−12}|, both null when either month is partial.
 * A partial last month is compared like for like with the same days a year earlier (`monthToDate`). Product
 * rankings leave out the lines cleaning flags `isNonProduct`. O(rows).
 */
export function salesSummary(f: Frame, options: { topN?: number } = {}): SalesSummary {
  const topN = options.topN ?? 15;
  const q = numbers(f, 'quantity');
  const p = numbers(f, 'unitPrice');
  const rev = f.columns.revenue ? numbers(f, 'revenue') : Float64Array.from(q, (v, i) => v * p[i]);
  const dates = numbers(f, 'invoiceDate');
  const invoices = strings(f, 'invoiceNo');
  const customers = f.columns.customerId?.type === 'string' ? f.columns.customerId : undefined;
  const cancelled = cancellationOf(f, invoices);

  let total = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const m = Int32Array.from(dates, (d) => monthIndex(d));
  for (let i = 0; i < f.length; i++) {
    total += rev[i];
    if (m[i] < lo) lo = m[i];
    if (m[i] > hi) hi = m[i];
    if (dates[i] < first) first = dates[i];
    if (dates[i] > last) last = dates[i];
  }
  const months = f.length ? hi - lo + 1 : 0;
  const mRev = new Float64Array(months);
  const mOrders = new Float64Array(months);
  const mCustomers = Array.from({ length: months }, () => new Set<number>());
  const allCustomers = new Set<number>();
  // an invoice has one timestamp, so it is counted once, in the month of its first line
  const seenInvoice = new Uint8Array(invoices.values.length);
  let orders = 0;
  for (let i = 0; i < f.length; i++) {
    const k = m[i] - lo;
    mRev[k] += rev[i];
    const c = invoices.codes[i];
    if (c < 0 || cancelled(i)) continue;
    if (!seenInvoice[c]) {
      seenInvoice[c] = 1;
      mOrders[k]++;
      orders++;
    }
    const who = customers ? customers.codes[i] : -1;
    if (who >= 0) {
      mCustomers[k].add(who);
      allCustomers.add(who);
    }
  }

  const partialFirst = months > 0 && new Date(first).getUTCDate() > 1;
  const partialLast = months > 0 && !isLastDayOfMonth(last);
  const isPartial = (k: number) => (k === 0 && partialFirst) || (k === months - 1 && partialLast);
  const change = (a: number, b: number) => (b !== 0 ? (a - b) / Math.abs(b) : null);
  const monthly: MonthSales[] = Array.from({ length: months }, (_, k) => {
    const partial = isPartial(k);
    return {
      month: monthLabel(lo + k),
      revenue: mRev[k],
      orders: mOrders[k],
      customers: mCustomers[k].size,
      aov: mOrders[k] ? mRev[k] / mOrders[k] : null,
      partial,
      growth: k > 0 && !partial && !isPartial(k - 1) ? change(mRev[k], mRev[k - 1]) : null,
      yoy: k >= 12 && !partial && !isPartial(k - 12) ? change(mRev[k], mRev[k - 12]) : null,
    };
  });
  const latest = [...monthly].reverse().find((x) => !x.partial);
  const monthToDate = partialLast ? likeForLike(f.length, dates, rev, first, last) : undefined;

  return {
    revenue: total,
    orders,
    customers: allCustomers.size,
    aov: orders ? total / orders : null,
    period: { first: months ? isoDate(first) : null, last: months ? isoDate(last) : null },
    monthly,
    latest,
    monthToDate,
    byCountry: countries(f, rev, topN),
    topProducts: products(f, rev, q, topN),
  };
}

/** Revenue of the last month's days 1…D against days 1…D of the same month a year earlier. */
function likeForLike(n: number, dates: Float64Array, rev: Float64Array, first: number, last: number): MonthToDate {
  const end = new Date(last);
  const y = end.getUTCFullYear();
  const mo = end.getUTCMonth();
  const day = end.getUTCDate();
  const from = Date.UTC(y, mo, 1);
  const to = Date.UTC(y, mo, day + 1);
  const fromLy = Date.UTC(y - 1, mo, 1);
  const toLy = Date.UTC(y - 1, mo, day + 1);
  let now = 0;
  let before = 0;
  for (let i = 0; i < n; i++) {
    if (dates[i] >= from && dates[i] < to) now += rev[i];
    else if (dates[i] >= fromLy && dates[i] < toLy) before += rev[i];
  }
  // covered when the data starts on or before the first of those days
  const covered = Math.floor(first / MS_PER_DAY) * MS_PER_DAY <= fromLy;
  return {
    month: monthLabel(y * 12 + mo - 1970 * 12),
    from: isoDate(from),
    through: isoDate(to - MS_PER_DAY),
    revenue: now,
    sameDaysLastYear: covered ? before : null,
    change: covered && before !== 0 ? (now - before) / Math.abs(before) : null,
  };
}

/** A cancellation test per row: cleaning's `isCancellation` flag, else an invoice number starting with C. */
function cancellationOf(f: Frame, invoices: StringColumn): (row: number) => boolean {
  const flag = f.columns.isCancellation;
  if (flag?.type === 'boolean') return (row) => flag.data[row] === 1;
  const isC = invoices.values.map((v) => /^\s*c/i.test(v));
  return (row) => invoices.codes[row] >= 0 && isC[invoices.codes[row]];
}

function isLastDayOfMonth(ms: number): boolean {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)).getUTCDate() === 1;
}

function monthLabel(index: number): string {
  return `${1970 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function countries(f: Frame, rev: Float64Array, topN: number): SalesSummary['byCountry'] {
  const byC = groupBy(f, ['country']);
  const cRev = groupSum(byC.ids, rev, byC.count);
  const countryCol = strings(f, 'country');
  return Array.from(byC.firstRow, (row, g) => ({
    country: countryCol.codes[row] >= 0 ? countryCol.values[countryCol.codes[row]] : '(missing)',
    revenue: cRev[g],
  }))
    .sort((a, b) => b.revenue - a.revenue)
    .slice(0, topN);
}

function products(f: Frame, rev: Float64Array, q: Float64Array, topN: number): SalesSummary['topProducts'] {
  const nonProduct = f.columns.isNonProduct?.type === 'boolean' ? f.columns.isNonProduct.data : undefined;
  const byP = groupBy(f, ['stockCode']);
  const keep = nonProduct ? Float64Array.from(nonProduct, (v) => (v ? 0 : 1)) : undefined;
  const pRev = groupSum(byP.ids, keep ? rev.map((v, i) => v * keep[i]) : rev, byP.count);
  const pQty = groupSum(byP.ids, keep ? q.map((v, i) => v * keep[i]) : q, byP.count);
  const codes = strings(f, 'stockCode');
  const desc = f.columns.description?.type === 'string' ? f.columns.description : null;
  return Array.from(byP.firstRow, (row, g) => ({
    row,
    stockCode: codes.values[codes.codes[row]],
    description: desc && desc.codes[row] >= 0 ? desc.values[desc.codes[row]] : '',
    revenue: pRev[g],
    quantity: pQty[g],
  }))
    .filter((x) => !nonProduct?.[x.row])
    .sort((a, b) => b.revenue - a.revenue)
    .slice(0, topN)
    .map(({ row: _row, ...x }) => x);
}

/** Kept lines that cleaning flags as non-product (`isNonProduct`), by stock code: the quality section's table. */
export interface NonProductLine {
  stockCode: string;
  /** Cleaning's `nonProductCategory` (postage, manual, bank-charges…). */
  category: string;
  rows: number;
  revenue: number;
}

/**
 * Count the kept lines cleaning flags `isNonProduct`, per stock code, with their category and net revenue,
 * largest count first. Empty when the frame has no `isNonProduct` column. O(rows).
 */
export function nonProductLines(f: Frame): NonProductLine[] {
  const flag = f.columns.isNonProduct;
  if (flag?.type !== 'boolean') return [];
  const codes = strings(f, 'stockCode');
  const category = f.columns.nonProductCategory?.type === 'string' ? f.columns.nonProductCategory : undefined;
  const rev = f.columns.revenue ? numbers(f, 'revenue') : undefined;
  const out = new Map<string, NonProductLine>();
  for (let i = 0; i < f.length; i++) {
    if (!flag.data[i] || codes.codes[i] < 0) continue;
    const code = codes.values[codes.codes[i]];
    let line = out.get(code);
    if (!line) {
      const c = category ? category.codes[i] : -1;
      line = { stockCode: code, category: c >= 0 && category ? category.values[c] : '', rows: 0, revenue: 0 };
      out.set(code, line);
    }
    line.rows++;
    line.revenue += rev ? rev[i] : 0;
  }
  return [...out.values()].sort((a, b) => b.rows - a.rows || (a.stockCode < b.stockCode ? -1 : 1));
}
