import { concat, type Frame, withColumn } from '@retailkit/core';
import { dropFreeLines } from './drop-free-lines.js';
import { constantString } from './internal/frames.js';
import { type PriceZscoreOptions, priceZscore } from './price-zscore.js';
import { type QuantityIqrOptions, quantityIqr } from './quantity-iqr.js';
import { referencePrepare } from './reference-prepare.js';

/** One row-removing step as reported in `quality.json`: its id and the rows left after it. */
export interface StepCount {
  readonly id: string;
  readonly rowsAfter: number;
}

/** Options of `cleanReference` (defaults = the notebook's). */
export interface CleanReferenceOptions {
  /** IQR fence factor of `quantity-iqr` (default 1.5). */
  readonly factor?: number;
  /** z-score threshold of `price-zscore` (default 3). */
  readonly threshold?: number;
}

/** Result of `cleanReference`. */
export interface CleanReferenceResult {
  /** The cleaned frame: the input columns (prepared) plus `revenue`. */
  readonly frame: Frame;
  /** `[{ id: 'free-lines', rowsAfter }, { id: 'quantity-iqr', rowsAfter }, { id: 'price-zscore', rowsAfter }]`. */
  readonly steps: readonly StepCount[];
  /** Every removed row (prepared columns) plus a string column `step` naming the step that removed it. */
  readonly removed: Frame;
  /** Fence and z-score parameters, for the report. */
  readonly parameters: {
    readonly quantityIqr: { q1: number; q3: number; iqr: number; lower: number; upper: number };
    readonly priceZscore: { mean: number; std: number };
  };
}

/**
 * The `reference` preset: replays the original Python notebook exactly, in order —
 * `referencePrepare` (fills, revenue, upper-case codes, one description per code; removes nothing), then the
 * row-removing steps `free-lines` (`dropFreeLines`), `quantity-iqr` (`quantityIqr`, Q1/Q3 computed on the rows
 * left by free-lines) and `price-zscore` (`priceZscore`, mean/σ computed on the rows left by quantity-iqr).
 *
 * Invariant: `frame.length + removed.length = input length`. O(rows × columns).
 *
 * @throws RetailKitError `CLEANING_MISSING_COLUMN`, `INVALID_ARGUMENT` (see the steps).
 * @example
 * const { steps } = cleanReference(frame);
 * steps // [{ id: 'free-lines', rowsAfter: … }, { id: 'quantity-iqr', rowsAfter: … }, { id: 'price-zscore', rowsAfter: … }]
 */
export function cleanReference(frame: Frame, options: CleanReferenceOptions = {}): CleanReferenceResult {
  const prepared = referencePrepare(frame);
  const a = dropFreeLines(prepared);
  const b = quantityIqr(a.frame, { factor: options.factor } satisfies QuantityIqrOptions);
  const c = priceZscore(b.frame, { threshold: options.threshold } satisfies PriceZscoreOptions);
  const removedParts = [a, b, c].map((s) => withColumn(s.removed, 'step', constantString(s.removed.length, s.id)));
  return {
    frame: c.frame,
    steps: [
      { id: a.id, rowsAfter: a.frame.length },
      { id: b.id, rowsAfter: b.frame.length },
      { id: c.id, rowsAfter: c.frame.length },
    ],
    removed: concat(removedParts),
    parameters: {
      quantityIqr: { ...b.fence },
      priceZscore: { mean: c.mean, std: c.std },
    },
  };
}
