import {
  compareKeys,
  dayNumber,
  type Frame,
  groupOffsets,
  MS_PER_DAY,
  numberColumn,
  stringColumn,
} from '@retailkit/core';
import { customerIndex } from './internal/customer-index.js';
import { ExactSum } from './internal/exact-sum.js';
import { cancelledInvoiceCodes, transactionArrays } from './internal/transactions.js';
import { defaultAsOf, PURCHASE_COLUMNS, parseAsOf, requireColumns } from './internal/validate.js';

/** Options of `purchaseSummary`. */
export interface PurchaseSummaryOptions {
  /** End of observation (default: midnight after the last transaction). Rows at or after it are ignored. */
  readonly asOf?: number | string | Date;
}

/**
 * The per-customer (x, tx, T, m) summary that BG/NBD and Gamma-Gamma take — the convention of lifetimes'
 * `summary_data_from_transaction_data(freq='D')`: purchases are aggregated to calendar days; `x` = purchase
 * days − 1 (repeat purchases), `tx` = days from the first to the last purchase day, `T` = days from the first
 * purchase day to `asOf`'s day, `monetaryValue` = mean revenue of the repeat purchase days (first day excluded;
 * 0 when x = 0; a day's revenue is summed exactly, in any order). Purchases = lines not on a "C" invoice with
 * quantity > 0. Customers without a purchase before `asOf` are omitted; rows sorted by customer id.
 *
 * Complexity O(rows + customers log customers).
 *
 * @throws RetailKitError `MISSING_COLUMN`, `INVALID_ARGUMENT` (asOf).
 * @example
 * // the frame of customerFeatures' example: purchases on 2011-01-03 (20) and 2011-03-01 (20)
 * toRows(purchaseSummary(frame, { asOf: '2011-03-31' })) // [{ customerId: 'c1', x: 1, tx: 57, T: 87, monetaryValue: 20 }]
 */
export function purchaseSummary(frame: Frame, options: PurchaseSummaryOptions = {}): Frame {
  requireColumns('purchaseSummary', frame, PURCHASE_COLUMNS);
  const t = transactionArrays(frame);
  const asOf = parseAsOf('purchaseSummary', options.asOf) ?? defaultAsOf(t.date);
  const asOfDay = Math.floor(asOf / MS_PER_DAY);
  const cancel = cancelledInvoiceCodes(t.invoice);
  const n = frame.length;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    keep[i] =
      t.customer.codes[i] >= 0 &&
      t.date[i] < asOf &&
      t.quantity[i] > 0 &&
      t.invoice.codes[i] >= 0 &&
      !cancel[t.invoice.codes[i]]
        ? 1
        : 0;
  const cust = customerIndex(frame, keep);
  const { order, offsets } = groupOffsets(cust.ids, cust.count);
  const ids: string[] = [];
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ms: number[] = [];
  const days: number[] = [];
  const revs: ExactSum[] = [];
  for (let c = 0; c < cust.count; c++) {
    const lo = offsets[c];
    const hi = offsets[c + 1];
    if (hi === lo) continue;
    const idx: number[] = [];
    for (let k = lo; k < hi; k++) idx.push(order[k]);
    idx.sort((a, b) => t.date[a] - t.date[b] || a - b);
    days.length = 0;
    revs.length = 0;
    for (const r of idx) {
      const d = dayNumber(t.date[r]);
      const v = Number.isFinite(t.revenue[r]) ? t.revenue[r] : 0;
      if (!days.length || days[days.length - 1] !== d) {
        days.push(d);
        revs.push(new ExactSum());
      }
      revs[revs.length - 1].add(v);
    }
    const x = days.length - 1;
    let repeat = 0;
    for (let k = 1; k < revs.length; k++) repeat += revs[k].value();
    ids.push(t.customer.values[t.customer.codes[cust.firstRow[c]]]);
    xs.push(x);
    txs.push(days[days.length - 1] - days[0]);
    Ts.push(asOfDay - days[0]);
    ms.push(x > 0 ? repeat / x : 0);
  }
  const sorted = ids.map((_, i) => i).sort((a, b) => compareKeys(ids[a], ids[b]));
  const col = (a: number[]) => numberColumn(Float64Array.from(sorted, (i) => a[i]));
  return {
    length: ids.length,
    columns: {
      customerId: stringColumn(sorted.map((i) => ids[i])),
      x: col(xs),
      tx: col(txs),
      T: col(Ts),
      monetaryValue: col(ms),
    },
  };
}
