import type { Frame, StringColumn } from '@retailkit/core';

/** The canonical columns the features read, as raw arrays. */
export interface TransactionArrays {
  readonly invoice: StringColumn;
  readonly stock: StringColumn;
  readonly customer: StringColumn;
  readonly quantity: Float64Array;
  readonly date: Float64Array;
  readonly revenue: Float64Array;
}

/** Read the arrays; `revenue` is taken from the frame when present, else computed as quantity × unitPrice. */
export function transactionArrays(frame: Frame): TransactionArrays {
  const c = frame.columns;
  const quantity = (c.quantity as { data: Float64Array }).data;
  let revenue: Float64Array;
  const rev = c.revenue;
  if (rev && rev.type === 'number') revenue = rev.data;
  else {
    const price = (c.unitPrice as { data: Float64Array }).data;
    revenue = new Float64Array(frame.length);
    for (let i = 0; i < revenue.length; i++) revenue[i] = quantity[i] * price[i];
  }
  return {
    invoice: c.invoiceNo as StringColumn,
    stock: c.stockCode as StringColumn,
    customer: c.customerId as StringColumn,
    quantity,
    date: (c.invoiceDate as { data: Float64Array }).data,
    revenue,
  };
}

/** Per dictionary value: does the invoice number mark a cancellation (starts with "C", case-insensitive)? */
export function cancelledInvoiceCodes(invoice: StringColumn): Uint8Array {
  const out = new Uint8Array(invoice.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = invoice.values[i];
    out[i] = v.length > 0 && (v.charCodeAt(0) === 67 || v.charCodeAt(0) === 99) ? 1 : 0;
  }
  return out;
}

/** Drop the rows not kept and renumber the remaining group ids densely by first appearance. */
export function renumber(ids: Int32Array, keep: Uint8Array): { ids: Int32Array; count: number; firstRow: Int32Array } {
  const out = new Int32Array(ids.length);
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  const remap = new Int32Array(max + 1).fill(-1);
  const first: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const g = ids[i];
    if (g < 0 || !keep[i]) {
      out[i] = -1;
      continue;
    }
    let r = remap[g];
    if (r < 0) {
      r = remap[g] = first.length;
      first.push(i);
    }
    out[i] = r;
  }
  return { ids: out, count: first.length, firstRow: Int32Array.from(first) };
}
