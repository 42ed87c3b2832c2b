import { modeDescription } from '../../internal/mode-description.js';
import type { TransformRule } from '../../internal/rule.js';
import { working } from '../../internal/table.js';

export const unifyDescription: TransformRule = {
  id: 'unify-description',
  kind: 'transform',
  column: 'description',
  description:
    "each stock code's description replaced by its most frequent one among trusted rows (after the fill, trim and upper-casing; ties → first seen in file order); count = rows changed, details.codesWithVariants = codes that had several.",
  example: { before: '85123A "WHITE HANGING…" ×1, "CREAM HANGING…" ×2', after: 'all rows "CREAM HANGING…"' },
  apply(t) {
    const stock = working(t, 'stockCode');
    const d = working(t, 'description');
    const { best, variants } = modeDescription(
      trustedCodes(stock.codes, t.reason),
      stock.values.length,
      d.codes,
      d.values.length,
    );
    const codes = new Int32Array(t.n);
    const count = applyModes(stock.codes, best, d.codes, t.reason, codes);
    let codesWithVariants = 0;
    for (let c = 0; c < variants.length; c++) if (variants[c] > 1) codesWithVariants++;
    t.columns.description = { type: 'string', codes, values: d.values };
    return { count, details: { codesWithVariants } };
  },
  // c.mode: the description-modes view joined on the working stock code (ties → the smallest source line)
  sql: (c) => ({ description: `COALESCE(${c.mode}, ${c.col.description})` }),
  sqlChanged: (c, after) => `${after.description} <> ${c.col.description}`,
};

/** Stock codes of trusted rows, -1 elsewhere (so the modes only count trusted rows). */
function trustedCodes(codes: Int32Array, reason: Uint8Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = reason[i] === 0 ? codes[i] : -1;
  return out;
}

/** `out[i]` = the mode of row i's stock code (its own description when none); returns the trusted rows changed. */
function applyModes(stock: Int32Array, best: Int32Array, desc: Int32Array, reason: Uint8Array, out: Int32Array) {
  let changed = 0;
  for (let i = 0; i < stock.length; i++) {
    const sc = stock[i];
    const b = sc < 0 ? -1 : best[sc];
    const d = b < 0 ? desc[i] : b;
    out[i] = d;
    if (reason[i] === 0 && d !== desc[i]) changed++;
  }
  return changed;
}
