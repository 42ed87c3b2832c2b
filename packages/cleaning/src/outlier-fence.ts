import { type Frame, invalidArgument, numbers } from '@retailkit/core';
import { markFence } from './internal/kernels.js';
import { resolveOutlierRule } from './internal/validate.js';

/** A fence: Tukey's IQR fences with `factor` (default 1.5), or a z-score `threshold` (default 3). */
export type FenceRule =
  | { readonly method: 'iqr'; readonly factor?: number }
  | { readonly method: 'zscore'; readonly threshold?: number };

/** How to detect outliers on one column: a fence, or `none`. */
export type OutlierRule = FenceRule | { readonly method: 'none' };

/** The statistics a fence used (the `parameters` of `quality.json`). */
export type FenceParameters =
  | {
      readonly method: 'iqr';
      readonly factor: number;
      readonly q1: number;
      readonly q3: number;
      readonly iqr: number;
      readonly lower: number;
      readonly upper: number;
    }
  | { readonly method: 'zscore'; readonly threshold: number; readonly mean: number; readonly std: number }
  | { readonly method: 'none' };

/** Result of `outlierFence`. */
export interface OutlierFenceResult {
  /** The statistics used. */
  readonly fence: FenceParameters;
  /** One byte per row of the frame: 1 = outlier (always 0 outside `where`). */
  readonly outliers: Uint8Array;
}

/**
 * Outliers of one numeric column by a fence — the fences `clean` uses for its outlier flags and fence steps.
 *
 * - `iqr`: Q1, Q3 = 25th and 75th percentiles by linear interpolation (Hyndman & Fan type 7 = numpy's and pandas'
 *   default), IQR = Q3 − Q1; an outlier has value >= Q3 + factor·IQR or value <= Q1 − factor·IQR (both bounds
 *   INCLUSIVE). Missing values (NaN) are skipped and never outliers; ±Infinity counts as a value.
 * - `zscore`: z = (value − mean) / σ with σ the POPULATION standard deviation (divide by n; numpy `std(ddof=0)`,
 *   scipy `zscore`); an outlier has NOT |z| < threshold (|z| = threshold is an outlier, and so is a missing value,
 *   whose z is NaN). When σ = 0 every z is taken as 0: nothing is an outlier.
 * - `none`: nothing is an outlier.
 *
 * Statistics and marks use only the rows where `where` is truthy (default every row).
 * O(rows log rows) for `iqr` (one sorted copy), O(rows) for `zscore`. The frame is not mutated.
 *
 * @throws RetailKitError `MISSING_COLUMN` when `column` is absent or a string column; `INVALID_ARGUMENT` for an
 *   unknown method, a factor < 0, a threshold <= 0, or a `where` of another length than the frame.
 * @example
 * const { fence, outliers } = outlierFence(fromRows([1, 2, 3, 4, 100].map((quantity) => ({ quantity }))), 'quantity', { method: 'iqr' });
 * fence // { method: 'iqr', factor: 1.5, q1: 2, q3: 4, iqr: 2, lower: -1, upper: 7 }
 * [...outliers] // [0, 0, 0, 0, 1]
 */
export function outlierFence(
  frame: Frame,
  column: string,
  rule: OutlierRule,
  options: { readonly where?: ArrayLike<number | boolean> } = {},
): OutlierFenceResult {
  const values = numbers(frame, column, 'outlierFence');
  const resolved = resolveOutlierRule('outlierFence', 'rule', rule);
  let where: Uint8Array | undefined;
  if (options.where !== undefined) {
    if (options.where.length !== frame.length)
      throw invalidArgument('outlierFence', 'options.where.length', options.where.length, `${frame.length}`);
    where = Uint8Array.from(options.where, (v) => (v ? 1 : 0));
  }
  const outliers = new Uint8Array(frame.length);
  if (resolved.method === 'none') return { fence: { method: 'none' }, outliers };
  return { fence: markFence(values, resolved, outliers, where), outliers };
}
