import { dictionaryTest, markByCode } from '../../internal/frames.js';
import { blankSql, isBlank } from '../../internal/lookups.js';
import type { QuarantineRule } from '../../internal/rule.js';

export const missingStockCode: QuarantineRule = {
  id: 'missing-stock-code',
  kind: 'quarantine',
  description: 'stockCode missing or blank: the line has no product.',
  example: { before: 'stockCode=""', after: 'quarantine reason=missing-stock-code' },
  mark(t, out) {
    const stock = t.canonical.stockCode;
    markByCode(stock.codes, dictionaryTest(stock.values, isBlank), 1, out);
  },
  sql: (c) => `(${c.raw.stockCode} IS NULL OR ${blankSql(c, c.raw.stockCode)})`,
};
