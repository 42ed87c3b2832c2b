import type { Frame } from '@retailkit/core';
import { splitByMask } from './internal/frames.js';
import { markFreeLines } from './internal/kernels.js';
import { requireColumns } from './internal/validate.js';

/** What every row-removing step returns: the kept rows and the removed rows (nothing is lost). */
export interface StepResult {
  /** Stable step id, as written in `quality.json` `steps`. */
  readonly id: string;
  /** Rows kept, in input order. */
  readonly frame: Frame;
  /** Rows removed, in input order, same columns. `frame.length + removed.length` = input length. */
  readonly removed: Frame;
}

/**
 * Step `free-lines` of the reference preset: drop free or damaged lines, rows where quantity < 0 AND
 * unitPrice == 0 (both strict/exact; NaN never matches).
 *
 * O(rows × columns) for the split; input not mutated.
 *
 * @throws RetailKitError `CLEANING_MISSING_COLUMN` when quantity or unitPrice is not a number column.
 * @example
 * const r = dropFreeLines(fromRows([{ quantity: -3, unitPrice: 0 }, { quantity: -3, unitPrice: 1 }, { quantity: 2, unitPrice: 0 }]));
 * [r.frame.length, r.removed.length] // [2, 1]
 */
export function dropFreeLines(frame: Frame): StepResult {
  requireColumns('dropFreeLines', frame, { quantity: 'number', unitPrice: 'number' });
  const q = (frame.columns.quantity as { data: Float64Array }).data;
  const p = (frame.columns.unitPrice as { data: Float64Array }).data;
  const mask = new Uint8Array(frame.length);
  markFreeLines(q, p, mask);
  const { kept, removed } = splitByMask(frame, mask);
  return { id: 'free-lines', frame: kept, removed };
}
