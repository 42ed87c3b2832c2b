import { adjustmentInvoices, adjustmentSql, stockCodeIs, stockCodeIsSql } from '../../internal/lookups.js';
import type { FlagRule } from '../../internal/rule.js';
import { working } from '../../internal/table.js';

export const badDebt: FlagRule = {
  id: 'bad-debt',
  kind: 'flag',
  column: 'isBadDebt',
  description: 'bad-debt adjustment: invoiceNo starts with A, or stock code B, or unitPrice < 0.',
  example: { before: 'A563186 B "Adjust bad debt" price=-11062.06', after: 'isBadDebt=true' },
  mark(t, out) {
    const inv = t.canonical.invoiceNo.codes;
    const stock = working(t, 'stockCode').codes;
    const adjustment = adjustmentInvoices(t);
    const isB = stockCodeIs(t, 'B');
    const p = t.canonical.unitPrice;
    for (let i = 0; i < out.length; i++) {
      const ic = inv[i];
      const sc = stock[i];
      out[i] = (ic >= 0 && adjustment[ic] !== 0) || (sc >= 0 && isB[sc] !== 0) || p[i] < 0 ? 1 : 0;
    }
  },
  sql: (c) => `(${adjustmentSql(c)} OR ${stockCodeIsSql(c, 'B')} OR ${c.raw.unitPrice} < 0)`,
};
