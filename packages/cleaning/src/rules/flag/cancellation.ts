import { markByCode } from '../../internal/frames.js';
import { cancellationInvoices, cancellationSql } from '../../internal/lookups.js';
import type { FlagRule } from '../../internal/rule.js';

export const cancellation: FlagRule = {
  id: 'cancellation',
  kind: 'flag',
  column: 'isCancellation',
  description: 'cancellation or refund: invoiceNo starts with C (either case, after trimming).',
  example: { before: 'invoiceNo="C536379"', after: 'isCancellation=true' },
  mark(t, out) {
    markByCode(t.canonical.invoiceNo.codes, cancellationInvoices(t), 0, out);
  },
  sql: cancellationSql,
};
