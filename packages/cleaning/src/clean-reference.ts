import { type Frame, type NumberColumn, withColumn } from '@retailkit/core';
import { gather, indicesWhere, indicesWhereZero } from './internal/frames.js';
import { iqrFence, markFreeLines, markOutsideFence, markZscore, meanStd } from './internal/kernels.js';
import { removeMarked } from './internal/passes.js';
import { checkNumber } from './internal/validate.js';
import { referencePrepare } from './reference-prepare.js';
import { REFERENCE_STEP_IDS } from './rules.js';

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
  /** Every removed row (prepared columns), in input order, plus a string column `step` naming the step that removed it. */
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
 * The steps run on masks with the same kernels as the step functions, and the frame is gathered once at the end,
 * so the result equals `priceZscore(quantityIqr(dropFreeLines(referencePrepare(f)).frame).frame)` (tested).
 *
 * Invariant: `frame.length + removed.length = input length`. O(rows × columns).
 *
 * @throws RetailKitError `CLEANING_MISSING_COLUMN`, `INVALID_ARGUMENT` (see the steps).
 * @example
 * const { steps } = cleanReference(frame);
 * steps // [{ id: 'free-lines', rowsAfter: … }, { id: 'quantity-iqr', rowsAfter: … }, { id: 'price-zscore', rowsAfter: … }]
 */
export function cleanReference(frame: Frame, options: CleanReferenceOptions = {}): CleanReferenceResult {
  const factor = checkNumber('cleanReference', 'options.factor', options.factor ?? 1.5, { min: 0 });
  const threshold = checkNumber('cleanReference', 'options.threshold', options.threshold ?? 3, {
    min: 0,
    exclusiveMin: true,
  });
  const prepared = referencePrepare(frame);
  const n = prepared.length;
  const q = (prepared.columns.quantity as NumberColumn).data;
  const p = (prepared.columns.unitPrice as NumberColumn).data;
  // Same kernels as dropFreeLines / quantityIqr / priceZscore, run on masks so the frame is gathered once.
  const live = new Uint8Array(n).fill(1);
  const step = new Uint8Array(n); // 0 kept, k = REFERENCE_STEP_IDS[k - 1]
  const mark = new Uint8Array(n);
  markFreeLines(q, p, mark, live);
  let alive = n - removeMarked(mark, live, step, 1);
  const afterFree = alive;
  const fence = iqrFence(q, factor, live);
  mark.fill(0);
  markOutsideFence(q, fence, mark, live);
  alive -= removeMarked(mark, live, step, 2);
  const afterIqr = alive;
  const { mean, std } = meanStd(p, live);
  mark.fill(0);
  markZscore(p, mean, std, threshold, mark, live);
  alive -= removeMarked(mark, live, step, 3);
  const removedIdx = indicesWhere(step);
  const removed = gather(prepared, removedIdx);
  const codes = new Int32Array(removedIdx.length);
  for (let k = 0; k < codes.length; k++) codes[k] = step[removedIdx[k]] - 1;
  return {
    frame: gather(prepared, indicesWhereZero(step)),
    steps: [
      { id: 'free-lines', rowsAfter: afterFree },
      { id: 'quantity-iqr', rowsAfter: afterIqr },
      { id: 'price-zscore', rowsAfter: alive },
    ],
    removed: withColumn(removed, 'step', { type: 'string', codes, values: [...REFERENCE_STEP_IDS] }),
    parameters: { quantityIqr: { ...fence }, priceZscore: { mean, std } },
  };
}
