import type { StringColumn } from '@retailkit/core';
import { columnQuality } from '../../internal/column-quality.js';
import type { FlagRule } from '../../internal/rule.js';
import { working } from '../../internal/table.js';

/** Colour/size variant codes: digits followed by a 1–3 letter suffix (after upper-casing); the base is the digits. */
const COLOUR_VARIANT = /^(\d+)([A-Z]{1,3})$/;
/** The same pattern for SQL engines (`\d` is ASCII digits in JavaScript, so `[0-9]`). */
const COLOUR_VARIANT_SQL = '([0-9]+)[A-Z]{1,3}';

export const colourVariant: FlagRule = {
  id: 'colour-variant',
  kind: 'flag',
  column: 'isColourVariant',
  description:
    'stock code is digits plus a 1–3 letter suffix (85123A): isColourVariant=true and baseStockCode = the digits (85123); other codes have baseStockCode = stockCode (details.baseCodes = distinct base codes kept).',
  example: { before: 'stockCode="85123A"', after: 'baseStockCode="85123", isColourVariant=true' },
  mark(t, out) {
    const stock = working(t, 'stockCode');
    const variant = new Uint8Array(stock.values.length);
    const baseOf = new Int32Array(stock.values.length);
    const baseValues: string[] = [];
    const baseIndex = new Map<string, number>();
    for (let c = 0; c < stock.values.length; c++) {
      const v = stock.values[c];
      const m = COLOUR_VARIANT.exec(v.trim());
      variant[c] = m ? 1 : 0;
      const base = m ? m[1] : v;
      let b = baseIndex.get(base);
      if (b === undefined) {
        b = baseValues.push(base) - 1;
        baseIndex.set(base, b);
      }
      baseOf[c] = b;
    }
    const codes = stock.codes;
    const base = new Int32Array(t.n);
    for (let i = 0; i < base.length; i++) {
      const c = codes[i];
      out[i] = c < 0 ? 0 : variant[c];
      base[i] = c < 0 ? -1 : baseOf[c];
    }
    t.columns.baseStockCode = { type: 'string', codes: base, values: baseValues } satisfies StringColumn;
  },
  details: (kept) => ({ baseCodes: columnQuality(kept.columns.baseStockCode).distinct }),
  sql: (c) => c.f.fullMatch(c.f.trim(c.col.stockCode), COLOUR_VARIANT_SQL),
  sqlColumns: (c) => ({
    baseStockCode: `COALESCE(${c.f.regexpExtract(c.f.trim(c.col.stockCode), `^${COLOUR_VARIANT_SQL}$`)}, ${c.col.stockCode})`,
  }),
};
