import type { StringColumn } from '@retailkit/core';
import type { FlagRule } from '../../internal/rule.js';
import type { RuleSql } from '../../internal/rule-sql.js';
import { working } from '../../internal/table.js';

export const nonProduct: FlagRule = {
  id: 'non-product',
  kind: 'flag',
  column: 'isNonProduct',
  description:
    'non-product code (NON_PRODUCT_CODES, extended by option nonProductCodes; compared upper-cased and trimmed): isNonProduct=true and nonProductCategory = its category (null for products).',
  example: { before: 'stockCode="POST"', after: 'isNonProduct=true, nonProductCategory="postage"' },
  mark(t, out) {
    const stock = working(t, 'stockCode');
    const categories: string[] = [];
    const categoryOf = new Int32Array(stock.values.length).fill(-1);
    for (let c = 0; c < stock.values.length; c++) {
      const name = t.options.nonProduct[stock.values[c].trim()];
      if (name === undefined) continue;
      let k = categories.indexOf(name);
      if (k < 0) k = categories.push(name) - 1;
      categoryOf[c] = k;
    }
    const codes = stock.codes;
    const category = new Int32Array(t.n);
    for (let i = 0; i < category.length; i++) {
      const c = codes[i];
      const k = c < 0 ? -1 : categoryOf[c];
      category[i] = k;
      out[i] = k >= 0 ? 1 : 0;
    }
    t.columns.nonProductCategory = { type: 'string', codes: category, values: categories } satisfies StringColumn;
  },
  sql: (c) => `${categorySql(c)} IS NOT NULL`,
  sqlColumns: (c) => ({ nonProductCategory: categorySql(c) }),
};

/** The category of the working stock code, trimmed, looked up in the non-product codes (NULL for products). */
function categorySql(c: RuleSql): string {
  const cases = Object.entries(c.options.nonProduct).map(
    ([code, name]) => `WHEN ${c.f.literal(code)} THEN ${c.f.literal(name)}`,
  );
  return `CASE ${c.f.trim(c.col.stockCode)} ${cases.join(' ')} ELSE NULL END`;
}
