import { type Frame, numberColumn, type StringColumn } from '@retailkit/core';
import { fillString, mapDictionary } from './internal/frames.js';
import { modeDescription } from './internal/mode-description.js';
import { requireColumns } from './internal/validate.js';

/** The text that replaces a missing description (both presets). */
export const NO_DESCRIPTION = 'No Description';
/** The customer id that the `reference` preset gives to anonymous rows (the notebook's `fillna(0)`). */
export const REFERENCE_ANONYMOUS_CUSTOMER = '0';

/**
 * Reference preset, preparation (the Python notebook's first cells, replayed exactly and in this order):
 *
 * 1. missing `description` → `"No Description"`; missing `customerId` → the string `"0"` (notebook `fillna(0)`);
 * 2. `revenue` = `quantity × unitPrice` (a new number column; NaN when either is missing);
 * 3. `stockCode` upper-cased (`m` and `M` become the same code);
 * 4. each stock code's `description` replaced by its most frequent description, counted after the fill and
 *    over the upper-cased codes; ties go to the description seen first in file order. No whitespace trimming.
 *
 * Removes no rows. Input is not mutated; untouched columns are shared. O(rows + dictionaries), typed arrays only.
 *
 * @throws RetailKitError `CLEANING_MISSING_COLUMN` when stockCode, description, customerId (string) or
 *   quantity, unitPrice (number) are absent or of another type.
 * @example
 * const f = fromRows([
 *   { stockCode: 'a1', description: 'CUP', quantity: 2, unitPrice: 1.5, customerId: null },
 *   { stockCode: 'A1', description: 'MUG', quantity: 1, unitPrice: 2, customerId: '12' },
 *   { stockCode: 'A1', description: 'MUG', quantity: 1, unitPrice: 2, customerId: '12' },
 * ]);
 * toRows(referencePrepare(f)).map((r) => [r.stockCode, r.description, r.customerId, r.revenue])
 * // [['A1', 'MUG', '0', 3], ['A1', 'MUG', '12', 2], ['A1', 'MUG', '12', 2]]
 */
export function referencePrepare(frame: Frame): Frame {
  requireColumns('referencePrepare', frame, {
    stockCode: 'string',
    description: 'string',
    customerId: 'string',
    quantity: 'number',
    unitPrice: 'number',
  });
  const desc = fillString(frame.columns.description as StringColumn, NO_DESCRIPTION).column;
  const customer = fillString(frame.columns.customerId as StringColumn, REFERENCE_ANONYMOUS_CUSTOMER).column;
  const revenue = lineRevenue(frame);
  const stock = mapDictionary(frame.columns.stockCode as StringColumn, (s) => s.toUpperCase());
  const description = unifyDescriptions(stock, desc).column;
  return {
    length: frame.length,
    columns: { ...frame.columns, stockCode: stock, description, customerId: customer, revenue },
  };
}

/** `quantity × unitPrice` as a number column. */
export function lineRevenue(frame: Frame): ReturnType<typeof numberColumn> {
  const q = (frame.columns.quantity as { data: Float64Array }).data;
  const p = (frame.columns.unitPrice as { data: Float64Array }).data;
  const r = new Float64Array(frame.length);
  for (let i = 0; i < r.length; i++) r[i] = q[i] * p[i];
  return numberColumn(r);
}

/**
 * Replace each row's description by its stock code's most frequent description (ties → first seen).
 * Rows whose stock code is missing keep their own description. Returns the new column and how many stock
 * codes had more than one distinct description.
 */
export function unifyDescriptions(
  stock: StringColumn,
  desc: StringColumn,
): { column: StringColumn; codesWithVariants: number; rowsChanged: number } {
  const { best, variants } = modeDescription(stock.codes, stock.values.length, desc.codes, desc.values.length);
  const codes = new Int32Array(desc.codes.length);
  let rowsChanged = 0;
  for (let i = 0; i < codes.length; i++) {
    const s = stock.codes[i];
    const d = desc.codes[i];
    const b = s < 0 ? -1 : best[s];
    const out = b < 0 ? d : b;
    codes[i] = out;
    if (out !== d) rowsChanged++;
  }
  let codesWithVariants = 0;
  for (let g = 0; g < variants.length; g++) if (variants[g] > 1) codesWithVariants++;
  return { column: { type: 'string', codes, values: desc.values }, codesWithVariants, rowsChanged };
}
