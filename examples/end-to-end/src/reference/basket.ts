/**
 * The original notebook's market-basket analysis, replayed from public library functions (`--preset reference`):
 * its own row selection, baskets of descriptions with quantities summed per invoice, minimum support 0.03, and
 * rules with lift ≥ 1 and no confidence threshold, sorted by lift. Input: the frame of the reference cleaning
 * (customerId filled with "0", description filled with "No Description" and unified per stock code, a `revenue`
 * column).
 */
import {
  type Baskets,
  type BuildBasketsOptions,
  buildBaskets,
  type FitRecommenderOptions,
  fitRecommender,
  type Recommender,
  type RulesReport,
} from '@retailkit/basket';
import { type FitResult, type Frame, filter, numbers, strings } from '@retailkit/core';

/** Stock codes the notebook drops before basket analysis (C2 and PADS stay). */
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

/** The notebook's minimum support. */
export const REFERENCE_MIN_SUPPORT = 0.03;

/**
 * The notebook's baskets: basket = invoiceNo, item = the unified description exactly as written (not trimmed),
 * quantities summed per basket and item and present when the sum is ≥ 1 (pandas
 * `groupby(['InvoiceNo', 'Description']).Quantity.sum().unstack()` then `>= 1`), baskets with ≥ 2 distinct items.
 */
export const REFERENCE_BASKETS: BuildBasketsOptions = Object.freeze({
  item: 'description',
  aggregate: 'sum',
  minQuantity: 1,
  minItems: 2,
});

/**
 * The lines the notebook feeds to basket analysis: rows with customerId "0" dropped, stock codes in
 * {@link REFERENCE_DROPPED_CODES} dropped, rows with revenue < 0 dropped (revenue = quantity × unitPrice when the
 * frame has no `revenue` column). Missing values are kept (the notebook had none left after its fills).
 */
export function referenceLines(frame: Frame): Frame {
  const fn = 'referenceLines';
  const customer = strings(frame, 'customerId', fn);
  const code = strings(frame, 'stockCode', fn);
  const qty = numbers(frame, 'quantity', fn);
  const revenue = frame.columns.revenue ? numbers(frame, 'revenue', fn) : null;
  const price = revenue ? null : numbers(frame, 'unitPrice', fn);
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

/** The notebook's baskets of a reference-cleaned frame ({@link referenceLines}, then {@link REFERENCE_BASKETS}). */
export function referenceBaskets(frame: Frame): Baskets {
  return buildBaskets(referenceLines(frame), REFERENCE_BASKETS);
}

/**
 * The notebook's rules and the recommender built from them. The model is dated by the last invoiceDate of the whole
 * reference-cleaned frame (as the CLI always dated it), not of the selected lines.
 */
export function fitReferenceRecommender(
  frame: Frame,
  options: Pick<FitRecommenderOptions, 'minSupport' | 'timeoutMs' | 'top'> = {},
): FitResult<Recommender, RulesReport> {
  return fitRecommender(referenceLines(frame), {
    ...REFERENCE_BASKETS,
    minSupport: options.minSupport ?? REFERENCE_MIN_SUPPORT,
    timeoutMs: options.timeoutMs,
    top: options.top,
    metric: 'lift',
    minThreshold: 1,
    createdAt: lastInvoiceDate(frame),
  });
}

function lastInvoiceDate(frame: Frame): string {
  const dates = numbers(frame, 'invoiceDate', 'fitReferenceRecommender');
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < dates.length; i++) if (dates[i] > max) max = dates[i];
  return Number.isFinite(max) ? new Date(max).toISOString() : '1970-01-01T00:00:00.000Z';
}
