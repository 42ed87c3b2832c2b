import { type Frame, groupBy, groupOffsets, type StringColumn } from '@retailkit/core';
import { renumber } from './transactions.js';

/** Rows grouped by customer, and by (customer, invoice) inside each customer — all typed arrays, O(rows). */
export interface CustomerIndex {
  /** Customers (groups of `customerId`, first-appearance order among kept rows). */
  readonly count: number;
  /** Customer of each row (-1 = row not kept). */
  readonly ids: Int32Array;
  readonly firstRow: Int32Array;
  /** (customer, invoice) group of each row (-1 = not kept); numbered customer by customer. */
  readonly invoiceOf: Int32Array;
  readonly invoiceCount: number;
  readonly invoiceFirstRow: Int32Array;
  readonly invoiceCustomer: Int32Array;
}

/**
 * Build the index with core's groupBy (one key, the dense fast path) and groupOffsets kernels, then number
 * invoices inside each customer with a stamp array over the invoice dictionary (no hash maps).
 */
export function customerIndex(frame: Frame, keep: Uint8Array): CustomerIndex {
  const cust = renumber(groupBy(frame, ['customerId'], { dropMissing: true }).ids, keep);
  const { order, offsets } = groupOffsets(cust.ids, cust.count);
  const invoice = frame.columns.invoiceNo as StringColumn;
  const stamp = new Int32Array(invoice.values.length).fill(-1);
  const local = new Int32Array(invoice.values.length);
  const invoiceOf = new Int32Array(frame.length).fill(-1);
  const first: number[] = [];
  const owner: number[] = [];
  for (let c = 0; c < cust.count; c++) {
    for (let k = offsets[c]; k < offsets[c + 1]; k++) {
      const row = order[k];
      const code = invoice.codes[row];
      if (code < 0) continue;
      if (stamp[code] !== c) {
        stamp[code] = c;
        local[code] = first.length;
        first.push(row);
        owner.push(c);
      }
      invoiceOf[row] = local[code];
    }
  }
  return {
    count: cust.count,
    ids: cust.ids,
    firstRow: cust.firstRow,
    invoiceOf,
    invoiceCount: first.length,
    invoiceFirstRow: Int32Array.from(first),
    invoiceCustomer: Int32Array.from(owner),
  };
}

/**
 * Distinct values of a dictionary column per group, counting only rows where `include(row)` holds.
 * Rows are bucketed by group with groupOffsets, then a stamp array marks values seen in the current group.
 */
export function distinctPerGroup(
  groupOf: Int32Array,
  groupCount: number,
  values: StringColumn,
  include?: (row: number) => boolean,
): Float64Array {
  const { order, offsets } = groupOffsets(groupOf, groupCount);
  const stamp = new Int32Array(values.values.length).fill(-1);
  const out = new Float64Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    let k = 0;
    for (let j = offsets[g]; j < offsets[g + 1]; j++) {
      const row = order[j];
      const code = values.codes[row];
      if (code < 0 || stamp[code] === g || (include && !include(row))) continue;
      stamp[code] = g;
      k++;
    }
    out[g] = k;
  }
  return out;
}
