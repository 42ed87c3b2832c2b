import { describe, type Frame, groupBy, groupSum, monthIndex, numbers, select, strings } from '@retailkit/core';

/** The sales overview the original built in Power BI: monthly revenue and growth, countries, products, counts. */
export interface SalesSummary {
  revenue: number;
  orders: number;
  customers: number;
  monthly: { month: string; revenue: number; orders: number; growth: number | null }[];
  byCountry: { country: string; revenue: number }[];
  topProducts: { stockCode: string; description: string; revenue: number; quantity: number }[];
}

/**
 * Aggregate a cleaned transaction Frame (with a `revenue` column, or quantity × unitPrice) into the sales
 * overview. Month-over-month growth = (revenue_m − revenue_{m−1}) / revenue_{m−1}, as a fraction; null for the first month.
 */
export function salesSummary(f: Frame, options: { topN?: number } = {}): SalesSummary {
  const topN = options.topN ?? 15;
  const q = numbers(f, 'quantity');
  const p = numbers(f, 'unitPrice');
  const rev = f.columns.revenue ? numbers(f, 'revenue') : Float64Array.from(q, (v, i) => v * p[i]);
  const dates = numbers(f, 'invoiceDate');
  const invoices = strings(f, 'invoiceNo');
  let total = 0;
  for (let i = 0; i < f.length; i++) total += rev[i];

  // months (year-aware)
  const m = Int32Array.from(dates, (d) => monthIndex(d));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of m) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const months = f.length ? hi - lo + 1 : 0;
  const mRev = new Float64Array(months);
  const mOrders = new Float64Array(months);
  // an invoice has one timestamp, so it is counted once, in the month of its first line
  const seenInvoice = new Uint8Array(invoices.values.length);
  for (let i = 0; i < f.length; i++) {
    const k = m[i] - lo;
    mRev[k] += rev[i];
    const c = invoices.codes[i];
    if (!seenInvoice[c]) {
      seenInvoice[c] = 1;
      mOrders[k]++;
    }
  }
  const monthly = Array.from({ length: months }, (_, k) => {
    const idx = lo + k;
    const month = `${1970 + Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
    const prev = k > 0 ? mRev[k - 1] : Number.NaN;
    return {
      month,
      revenue: mRev[k],
      orders: mOrders[k],
      growth: k > 0 && prev !== 0 ? (mRev[k] - prev) / Math.abs(prev) : null,
    };
  });

  const byC = groupBy(f, ['country']);
  const cRev = groupSum(byC.ids, rev, byC.count);
  const countryCol = strings(f, 'country');
  const byCountry = Array.from(byC.firstRow, (row, g) => ({
    country: countryCol.values[countryCol.codes[row]] ?? '(missing)',
    revenue: cRev[g],
  }))
    .sort((a, b) => b.revenue - a.revenue)
    .slice(0, topN);

  const byP = groupBy(f, ['stockCode']);
  const pRev = groupSum(byP.ids, rev, byP.count);
  const pQty = groupSum(byP.ids, q, byP.count);
  const codes = strings(f, 'stockCode');
  const desc = f.columns.description?.type === 'string' ? f.columns.description : null;
  const topProducts = Array.from(byP.firstRow, (row, g) => ({
    stockCode: codes.values[codes.codes[row]],
    description: desc && desc.codes[row] >= 0 ? desc.values[desc.codes[row]] : '',
    revenue: pRev[g],
    quantity: pQty[g],
  }))
    .sort((a, b) => b.revenue - a.revenue)
    .slice(0, topN);

  const distinct = Object.fromEntries(
    describe(select(f, ['invoiceNo', 'customerId'])).map((c) => [c.name, c.distinct ?? 0]),
  );
  const orders = distinct.invoiceNo;
  const nCust = distinct.customerId;
  return { revenue: total, orders, customers: nCust, monthly, byCountry, topProducts };
}
