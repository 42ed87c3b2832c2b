import { type Frame, filter, numbers, strings } from '@retailkit/core';
import { type Baskets, buildBaskets } from './build-baskets.js';

/** Stock codes the reference notebook drops before basket analysis (C2 and PADS stay). */
export const REFERENCE_DROPPED_CODES: readonly string[] = Object.freeze([
  'DOT',
  'POST',
  'M',
  'BANK CHARGES',
  'D',
  'CRUK',
  'B',
  'S',
]);

/** The reference notebook's minimum support. */
export const REFERENCE_MIN_SUPPORT = 0.03;

/**
 * The lines the reference notebook feeds to basket analysis, from the frame produced by @retailkit/cleaning's
 * `reference` preset (customerId filled with `"0"`, description filled with `"No Description"` and unified per
 * stock code, a `revenue` column): rows with customerId `"0"` dropped, stock codes in
 * {@link REFERENCE_DROPPED_CODES} dropped, rows with revenue < 0 dropped (revenue = quantity × unitPrice when the
 * frame has no `revenue` column). Missing values are kept (the notebook had none left after its fills).
 *
 * O(rows).
 *
 * @throws RetailKitError `FRAME_NO_COLUMN` / `FRAME_COLUMN_TYPE` for missing columns.
 * @example
 * referenceLines(cleanReference(raw).frame).length
 */
export function referenceLines(frame: Frame): Frame {
  const customer = strings(frame, 'customerId');
  const code = strings(frame, 'stockCode');
  const qty = numbers(frame, 'quantity');
  const revenue = frame.columns.revenue ? numbers(frame, 'revenue') : null;
  const price = revenue ? null : numbers(frame, 'unitPrice');
  const dropCode = new Set(REFERENCE_DROPPED_CODES);
  const anonymous = customer.values.map((v) => v === '0');
  const dropped = code.values.map((v) => dropCode.has(v));
  const mask = new Uint8Array(frame.length);
  for (let i = 0; i < frame.length; i++) {
    const cc = customer.codes[i];
    const sc = code.codes[i];
    const rev = revenue ? revenue[i] : qty[i] * (price as Float64Array)[i];
    mask[i] = (cc >= 0 && anonymous[cc]) || (sc >= 0 && dropped[sc]) || rev < 0 ? 0 : 1;
  }
  return filter(frame, mask);
}

/**
 * The reference notebook's baskets: {@link referenceLines}, then basket = invoiceNo, item = the unified
 * description exactly as written (not trimmed), quantities summed per basket and item and present when the sum is
 * ≥ 1 (pandas `groupby(['InvoiceNo', 'Description']).Quantity.sum().unstack()` then `>= 1`), keeping baskets with
 * at least 2 distinct items.
 *
 * @example
 * referenceBaskets(cleanReference(raw).frame).length // the support denominator of the reference rules
 */
export function referenceBaskets(frame: Frame): Baskets {
  return buildBaskets(referenceLines(frame), { item: 'description', aggregate: 'sum', minQuantity: 1, minItems: 2 });
}
