import { fitRecommender } from '@retailkit/basket';
import { clean } from '@retailkit/cleaning';
import { type Frame, numbers, strings } from '@retailkit/core';
import { generateTransactions } from '@retailkit/seeds';

/** The generated shop every planted-truth test reads: small enough to build in about a second. */
export const SHOP = { seed: 7, rows: 20_000 } as const;

/** The day after the generated window's last trading day (2011-12-09): the models' `asOf`. */
export const AS_OF = '2011-12-10';

/** Generated transactions with their manifest of planted truths, and cleaning's views of them. */
export function shop() {
  const { frame, manifest } = generateTransactions(SHOP);
  const { views } = clean(frame);
  return { frame, manifest, views };
}

/**
 * Rows in a basket by the seeds manifest's own definition (its Conventions): invoices not starting with `C`,
 * product stock codes (`^\d{5}[A-Za-z]*$`), quantity ≥ 1. Mining exactly these baskets makes the recommender's
 * supports, confidences and lifts comparable with the planted bundles'.
 */
export function manifestBasketRows(frame: Frame): Uint8Array {
  const invoice = strings(frame, 'invoiceNo');
  const code = strings(frame, 'stockCode');
  const quantity = numbers(frame, 'quantity');
  const product = code.values.map((c) => /^\d{5}[A-Za-z]*$/.test(c));
  const credit = invoice.values.map((v) => v.startsWith('C'));
  const mask = new Uint8Array(frame.length);
  for (let i = 0; i < frame.length; i++)
    mask[i] = Number(!credit[invoice.codes[i]] && product[code.codes[i]] && quantity[i] >= 1);
  return mask;
}

/**
 * The cart page's recommender, fitted on the generated shop's baskets (manifest definition, single-item ones too),
 * by default at minSupport 0.02 and minimum confidence 0.3 (every planted bundle rule passes both).
 */
export function fitShopRecommender(frame: Frame, options: { minSupport?: number; minThreshold?: number } = {}) {
  return fitRecommender(frame, {
    where: manifestBasketRows(frame),
    minItems: 1, // a one-item basket still counts in the support denominator, as in the manifest
    minSupport: options.minSupport ?? 0.02,
    minThreshold: options.minThreshold ?? 0.3,
    createdAt: `${AS_OF}T00:00:00.000Z`,
  });
}
