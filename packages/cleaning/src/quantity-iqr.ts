import type { Frame } from '@retailkit/core';
import type { StepResult } from './drop-free-lines.js';
import { splitByMask } from './internal/frames.js';
import { type IqrFence, iqrFence, markOutsideFence } from './internal/kernels.js';
import { checkNumber, requireColumns } from './internal/validate.js';

/** Options of `quantityIqr`. */
export interface QuantityIqrOptions {
  /** Fence factor f (default 1.5, Tukey's fences). Must be >= 0. */
  readonly factor?: number;
}

/** `quantityIqr` result: the split plus the fence it used. */
export interface QuantityIqrResult extends StepResult {
  readonly fence: IqrFence;
}

/**
 * Step `quantity-iqr` of the reference preset: Tukey fences on quantity.
 *
 * Q1, Q3 = the 25th and 75th percentiles of the frame's non-missing quantities by linear interpolation
 * (Hyndman & Fan type 7 = numpy default = pandas `quantile`); IQR = Q3 − Q1. A row is removed when
 * quantity >= Q3 + f·IQR or quantity <= Q1 − f·IQR — both bounds INCLUSIVE (removed), as in the notebook.
 * A missing quantity is kept. Note that when IQR = 0, every row equal to Q1 = Q3 is removed too (notebook behaviour).
 * ±Infinity counts as a value; a quartile that falls on an order statistic (h = (n − 1)·p whole) is that order
 * statistic even when the next one is infinite (numpy gives NaN there, 0 × ∞).
 *
 * O(rows log rows) (one sorted copy of the present quantities, core `quantileSorted`) plus O(rows × columns) for
 * the split.
 *
 * @throws RetailKitError `CLEANING_MISSING_COLUMN` when quantity is not a number column;
 *   `INVALID_ARGUMENT` when factor is not a finite number >= 0.
 * @example
 * const r = quantityIqr(fromRows([1, 2, 3, 4, 100].map((quantity) => ({ quantity }))));
 * [r.fence.q1, r.fence.q3, r.fence.lower, r.fence.upper, r.frame.length] // [2, 4, -1, 7, 4]
 */
export function quantityIqr(frame: Frame, options: QuantityIqrOptions = {}): QuantityIqrResult {
  requireColumns('quantityIqr', frame, { quantity: 'number' });
  const factor = checkNumber('quantityIqr', 'options.factor', options.factor ?? 1.5, { min: 0 });
  const q = (frame.columns.quantity as { data: Float64Array }).data;
  const fence = iqrFence(q, factor);
  const mask = new Uint8Array(frame.length);
  markOutsideFence(q, fence, mask);
  const { kept, removed } = splitByMask(frame, mask);
  return { id: 'quantity-iqr', frame: kept, removed, fence };
}
