import type { Frame } from '@retailkit/core';
import type { StepResult } from './drop-free-lines.js';
import { splitByMask } from './internal/frames.js';
import { markZscore, meanStd } from './internal/kernels.js';
import { checkNumber, requireColumns } from './internal/validate.js';

/** Options of `priceZscore`. */
export interface PriceZscoreOptions {
  /** Keep rows with |z| < threshold (default 3). Must be > 0. */
  readonly threshold?: number;
}

/** `priceZscore` result: the split plus the mean and standard deviation it used. */
export interface PriceZscoreResult extends StepResult {
  readonly mean: number;
  readonly std: number;
}

/**
 * Step `price-zscore` of the reference preset: z-score filter on unit price.
 *
 * z = (unitPrice − mean) / σ with σ the POPULATION standard deviation (divide by n; scipy `zscore`, numpy
 * `std(ddof=0)`), over the frame's non-missing prices. Rows with |z| < threshold are kept (bound EXCLUSIVE:
 * |z| = threshold is removed). A missing price has no z and is removed. When σ = 0 every z is 0 and all rows are
 * kept (pandas would compute 0/0 = NaN and drop all).
 *
 * O(rows) plus O(rows × columns) for the split.
 *
 * @throws RetailKitError `CLEANING_MISSING_COLUMN` when unitPrice is not a number column;
 *   `INVALID_ARGUMENT` when threshold is not a finite number > 0.
 * @example
 * const prices = [...Array(10).fill(1), 50];
 * const r = priceZscore(fromRows(prices.map((unitPrice) => ({ unitPrice }))));
 * [r.frame.length, r.removed.length] // [10, 1]   (z of 50 is 3.16)
 */
export function priceZscore(frame: Frame, options: PriceZscoreOptions = {}): PriceZscoreResult {
  requireColumns('priceZscore', frame, { unitPrice: 'number' });
  const threshold = checkNumber('priceZscore', 'options.threshold', options.threshold ?? 3, {
    min: 0,
    exclusiveMin: true,
  });
  const p = (frame.columns.unitPrice as { data: Float64Array }).data;
  const { mean, std } = meanStd(p);
  const mask = new Uint8Array(frame.length);
  markZscore(p, mean, std, threshold, mask);
  const { kept, removed } = splitByMask(frame, mask);
  return { id: 'price-zscore', frame: kept, removed, mean, std };
}
