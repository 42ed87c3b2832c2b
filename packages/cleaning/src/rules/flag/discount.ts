import { dictionaryTest } from '../../internal/frames.js';
import { stockCodeIs, stockCodeIsSql } from '../../internal/lookups.js';
import type { FlagRule } from '../../internal/rule.js';
import { working } from '../../internal/table.js';

export const discount: FlagRule = {
  id: 'discount',
  kind: 'flag',
  column: 'isDiscount',
  description: 'discount line: stock code D, or the description as read is "Discount" (case-insensitive, trimmed).',
  example: { before: 'C536379 D "Discount" qty=-1 price=27.5', after: 'isDiscount=true' },
  mark(t, out) {
    const desc = t.canonical.description;
    const byText = dictionaryTest(desc.values, (v) => v.trim().toLowerCase() === 'discount');
    const isD = stockCodeIs(t, 'D');
    const stock = working(t, 'stockCode').codes;
    for (let i = 0; i < out.length; i++) {
      const dc = desc.codes[i];
      const sc = stock[i];
      out[i] = (dc >= 0 && byText[dc] !== 0) || (sc >= 0 && isD[sc] !== 0) ? 1 : 0;
    }
  },
  sql: (c) => `(LOWER(${c.f.trim(c.raw.description)}) = 'discount' OR ${stockCodeIsSql(c, 'D')})`,
};
