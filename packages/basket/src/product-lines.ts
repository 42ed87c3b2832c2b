import { type Frame, filter, numbers, strings } from '@retailkit/core';

/**
 * The lines that describe product sales, for basket analysis (the `default` preset and the bench): invoices
 * not starting with `C` (cancellations), stock codes starting with a digit (products; this drops POST, DOT, M,
 * D, S, B, C2, CRUK, PADS, AMAZONFEE, BANK CHARGES, gift vouchers and other non-product codes), quantity > 0
 * and unit price > 0. Missing invoice or stock code rows are dropped too.
 *
 * O(rows); returns a new Frame (string dictionaries shared).
 *
 * @throws RetailKitError `FRAME_NO_COLUMN` / `FRAME_COLUMN_TYPE` when invoiceNo, stockCode (string), quantity or
 *   unitPrice (number) is missing.
 * @example
 * productLines(fromRows([
 *   { invoiceNo: '1', stockCode: '85123A', quantity: 6, unitPrice: 2.55 },
 *   { invoiceNo: 'C2', stockCode: '85123A', quantity: -1, unitPrice: 2.55 },
 *   { invoiceNo: '1', stockCode: 'POST', quantity: 1, unitPrice: 18 },
 * ])).length // 1
 */
export function productLines(frame: Frame): Frame {
  const inv = strings(frame, 'invoiceNo');
  const code = strings(frame, 'stockCode');
  const q = numbers(frame, 'quantity');
  const p = numbers(frame, 'unitPrice');
  const cancelled = inv.values.map((v) => v.startsWith('C'));
  const product = code.values.map((v) => v.length > 0 && v.charCodeAt(0) >= 48 && v.charCodeAt(0) <= 57);
  const mask = new Uint8Array(frame.length);
  for (let i = 0; i < frame.length; i++) {
    const ic = inv.codes[i];
    const sc = code.codes[i];
    mask[i] = ic >= 0 && sc >= 0 && !cancelled[ic] && product[sc] && q[i] > 0 && p[i] > 0 ? 1 : 0;
  }
  return filter(frame, mask);
}
