import { type Frame, groupBy, groupOffsets, MS_PER_DAY, numberColumn, stringColumn } from '@retailkit/core';
import { customerIndex, distinctPerGroup } from './internal/customer-index.js';
import { compareIds, roundHalfEven } from './internal/stats.js';
import { renumber, transactionArrays } from './internal/transactions.js';
import { requireColumns } from './internal/validate.js';

/** The columns of `referenceFeatures` after `customerId`, in the notebook's order. */
export const REFERENCE_FEATURES = [
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

/** The value the notebook writes where a gap is undefined. */
export const REFERENCE_UNDEFINED = 999;

/**
 * The original notebook's customer feature table, reproduced exactly — quirks included — so users migrating
 * from it can compare numbers. Use `customerFeatures` for the correct definitions; each quirk below names
 * its correct counterpart.
 *
 * Input: the Frame produced by `@retailkit/cleaning`'s reference preset (missing customerId filled with the
 * string "0", missing description "No Description", a `revenue` column; revenue is computed as quantity ×
 * unitPrice when absent). This function removes the customerId "0" rows itself (the notebook's first RFM step),
 * so passing a frame already without them gives the same result. Rows with a missing customerId are skipped.
 *
 * Columns (customers sorted by id, like pandas `groupby`):
 * - `frequency` = distinct InvoiceNo, **cancellations included** (correct: distinct purchase invoices);
 * - `monetary` = sum of line revenue, net of refunds (same as the correct `monetary`);
 * - invoices are de-duplicated by InvoiceNo keeping the first row in **file order**, and each customer's
 *   consecutive invoices in that order give a gap = floor(Δt in days) (pandas `.diff().dt.days`; may be negative
 *   when the file is not in date order) (correct: calendar days between purchases sorted by date);
 * - `recency` = the gap between the customer's **last two invoices**, 999 when there is only one
 *   (correct: days from the last purchase to `asOf`);
 * - `isOneTime` = 1 when the customer has a single invoice (cancellations count) (correct: `oneTime`);
 * - `meanTimeInterval` = mean |gap_i − gap_{i−1}| (the **difference of consecutive gaps**, not the gaps),
 *   rounded to 2 decimals, 999 when fewer than three invoices (correct: `meanDaysBetween`, the mean gap);
 * - `meanTicketSize`, `meanQuantity`, `meanUniqueItems` = per-invoice revenue sum, quantity sum and distinct
 *   stock codes, **cancellation invoices included**, averaged per customer, rounded to 2 (correct:
 *   `meanTicketSize`, `meanQuantityPerInvoice`, `meanItemsPerInvoice` over purchase invoices);
 * - `frequencyPerMonth` = distinct invoices per **month number only** (January 2011 and January 2012 are one
 *   group), averaged over the customer's month numbers, rounded to 2 (correct: `purchasesPerMonth`, year-aware);
 * - `spendPerMonth` = the **mean line revenue** per month number, averaged per customer, rounded to 2
 *   (correct: `meanSpendPerMonth` = net revenue per active year-month).
 * Rounding is numpy's (half to even on the scaled binary value), like pandas `.round(2)`.
 *
 * Complexity O(rows) through core's groupBy/groupOffsets, plus O(customers log customers).
 *
 * @throws RetailKitError `RFM_MISSING_COLUMN` when a canonical column is absent or mistyped.
 * @example
 * toRows(referenceFeatures(cleanReference(raw).frame))[0]
 * // { customerId: '12347', recency: 1, frequency: 7, monetary: 4310, isOneTime: 0, meanTimeInterval: 37.6, … }
 */
export function referenceFeatures(frame: Frame): Frame {
  requireColumns('referenceFeatures', frame, {
    invoiceNo: 'string',
    stockCode: 'string',
    customerId: 'string',
    quantity: 'number',
    unitPrice: 'number',
    invoiceDate: 'timestamp',
  });
  const t = transactionArrays(frame);
  const n = frame.length;
  const zero = t.customer.values.indexOf('0');
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = t.customer.codes[i];
    keep[i] = c >= 0 && c !== zero ? 1 : 0;
  }
  const cust = customerIndex(frame, keep);
  const C = cust.count;

  // frequency, monetary, per-invoice sums (customer × invoice groups)
  const I = cust.invoiceCount;
  const ciRevenue = new Float64Array(I);
  const ciQuantity = new Float64Array(I);
  const monetary = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    const g = cust.invoiceOf[i];
    if (g < 0) continue;
    const rev = t.revenue[i];
    if (!Number.isNaN(rev)) {
      ciRevenue[g] += rev;
      monetary[cust.ids[i]] += rev;
    }
    if (!Number.isNaN(t.quantity[i])) ciQuantity[g] += t.quantity[i];
  }
  const ciItems = distinctPerGroup(cust.invoiceOf, I, t.stock);
  const ciCustomer = cust.invoiceCustomer;
  const frequency = countPerGroup(ciCustomer, C);
  const meanTicket = meanPerGroup(ciCustomer, ciRevenue, C);
  const meanQty = meanPerGroup(ciCustomer, ciQuantity, C);
  const meanItems = meanPerGroup(ciCustomer, ciItems, C);

  // (customer, month number) groups, id = customer × 12 + month − 1: distinct invoices and mean line revenue
  const M = C * 12;
  const cmOf = new Int32Array(n).fill(-1);
  const cmRevSum = new Float64Array(M);
  const cmRevCount = new Float64Array(M);
  for (let i = 0; i < n; i++) {
    const c = cust.ids[i];
    if (c < 0 || Number.isNaN(t.date[i])) continue;
    const g = c * 12 + new Date(t.date[i]).getUTCMonth();
    cmOf[i] = g;
    if (Number.isNaN(t.revenue[i])) continue;
    cmRevSum[g] += t.revenue[i];
    cmRevCount[g]++;
  }
  const cmInvoices = distinctPerGroup(cmOf, M, t.invoice);
  const present: number[] = [];
  for (let g = 0; g < M; g++) if (cmInvoices[g] > 0) present.push(g);
  const cmCustomer = Int32Array.from(present, (g) => Math.floor(g / 12));
  const freqPerMonth = meanPerGroup(
    cmCustomer,
    Float64Array.from(present, (g) => cmInvoices[g]),
    C,
  );
  const spendPerMonth = meanPerGroup(
    cmCustomer,
    Float64Array.from(present, (g) => (cmRevCount[g] > 0 ? cmRevSum[g] / cmRevCount[g] : Number.NaN)),
    C,
  );

  // invoices de-duplicated by InvoiceNo (first row in file order), gaps in that order
  const inv = renumber(groupBy(frame, ['invoiceNo'], { dropMissing: true }).ids, keep);
  const invCustomer = new Int32Array(inv.count);
  for (let g = 0; g < inv.count; g++) invCustomer[g] = cust.ids[inv.firstRow[g]];
  const { order, offsets } = groupOffsets(invCustomer, C);
  const recency = new Float64Array(C);
  const isOneTime = new Float64Array(C);
  const meanInterval = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const lo = offsets[c];
    const hi = offsets[c + 1];
    let prevDate = Number.NaN;
    let prevGap = Number.NaN;
    let lastGap = Number.NaN;
    let absSum = 0;
    let absCount = 0;
    for (let k = lo; k < hi; k++) {
      const d = t.date[inv.firstRow[order[k]]];
      const gap = Math.floor((d - prevDate) / MS_PER_DAY);
      if (!Number.isNaN(gap)) {
        if (!Number.isNaN(prevGap)) {
          absSum += Math.abs(gap - prevGap);
          absCount++;
        }
        lastGap = gap;
      }
      prevGap = gap;
      prevDate = d;
    }
    recency[c] = Number.isNaN(lastGap) ? REFERENCE_UNDEFINED : lastGap;
    isOneTime[c] = hi - lo === 1 ? 1 : 0;
    meanInterval[c] = absCount > 0 ? roundHalfEven(absSum / absCount, 2) : REFERENCE_UNDEFINED;
  }

  const ids = new Array<string>(C);
  for (let c = 0; c < C; c++) ids[c] = t.customer.values[t.customer.codes[cust.firstRow[c]]];
  const sorted = Array.from({ length: C }, (_, i) => i).sort((a, b) => compareIds(ids[a], ids[b]));
  const col = (a: Float64Array, round = false) =>
    numberColumn(Float64Array.from(sorted, (i) => (round ? roundHalfEven(a[i], 2) : a[i])));
  return {
    length: C,
    columns: {
      customerId: stringColumn(sorted.map((i) => ids[i])),
      recency: col(recency),
      frequency: col(frequency),
      monetary: col(monetary),
      isOneTime: col(isOneTime),
      meanTimeInterval: col(meanInterval),
      meanTicketSize: col(meanTicket, true),
      meanUniqueItems: col(meanItems, true),
      meanQuantity: col(meanQty, true),
      spendPerMonth: col(spendPerMonth, true),
      frequencyPerMonth: col(freqPerMonth, true),
    },
  };
}

function countPerGroup(ids: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < ids.length; i++) out[ids[i]]++;
  return out;
}

/** Mean of `values` per group, NaN values skipped (pandas `mean`); NaN for a group with no value. */
function meanPerGroup(ids: Int32Array, values: Float64Array, count: number): Float64Array {
  const sum = new Float64Array(count);
  const k = new Float64Array(count);
  for (let i = 0; i < ids.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    sum[ids[i]] += v;
    k[ids[i]]++;
  }
  for (let g = 0; g < count; g++) sum[g] = k[g] > 0 ? sum[g] / k[g] : Number.NaN;
  return sum;
}
