import { countTrustedByCode, dictionaryTest, mapDictionary } from '../../internal/frames.js';
import type { TransformRule } from '../../internal/rule.js';

export const upperStockCode: TransformRule = {
  id: 'upper-stock-code',
  kind: 'transform',
  column: 'stockCode',
  description: 'stock codes upper-cased, so m and M are the same manual line (count = rows changed).',
  example: { before: 'stockCode="85123a"', after: 'stockCode="85123A"' },
  apply(t) {
    const stock = t.canonical.stockCode;
    const changed = dictionaryTest(stock.values, (v) => v !== v.toUpperCase());
    t.columns.stockCode = mapDictionary(stock, (v) => v.toUpperCase());
    return { count: countTrustedByCode(stock.codes, changed, 0, t.reason) };
  },
  sql: (c) => ({ stockCode: `UPPER(${c.col.stockCode})` }),
  sqlChanged: (c) => `${c.raw.stockCode} <> UPPER(${c.raw.stockCode})`,
};
