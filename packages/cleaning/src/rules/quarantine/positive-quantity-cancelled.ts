import { cancellationInvoices, cancellationSql } from '../../internal/lookups.js';
import type { QuarantineRule } from '../../internal/rule.js';

export const positiveQuantityCancelled: QuarantineRule = {
  id: 'positive-quantity-cancelled',
  kind: 'quarantine',
  description: 'quantity > 0 on a cancellation invoice (C prefix): a cancellation cannot add goods.',
  example: { before: 'C536379 22633 qty=6', after: 'quarantine reason=positive-quantity-cancelled' },
  mark(t, out) {
    const codes = t.canonical.invoiceNo.codes;
    const cancelled = cancellationInvoices(t);
    const q = t.canonical.quantity;
    for (let i = 0; i < out.length; i++) {
      const c = codes[i];
      out[i] = q[i] > 0 && c >= 0 && cancelled[c] !== 0 ? 1 : 0;
    }
  },
  sql: (c) => `${c.raw.quantity} > 0 AND ${cancellationSql(c)}`,
};
