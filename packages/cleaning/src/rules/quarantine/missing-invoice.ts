import { dictionaryTest, markByCode } from '../../internal/frames.js';
import { blankSql, isBlank } from '../../internal/lookups.js';
import type { QuarantineRule } from '../../internal/rule.js';

export const missingInvoice: QuarantineRule = {
  id: 'missing-invoice',
  kind: 'quarantine',
  description: 'invoiceNo missing or blank: the line cannot be attributed to an order.',
  example: { before: 'invoiceNo=null', after: 'quarantine reason=missing-invoice' },
  mark(t, out) {
    const inv = t.canonical.invoiceNo;
    markByCode(inv.codes, dictionaryTest(inv.values, isBlank), 1, out);
  },
  sql: (c) => `(${c.raw.invoiceNo} IS NULL OR ${blankSql(c, c.raw.invoiceNo)})`,
};
