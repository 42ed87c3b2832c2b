import { cancellationInvoices, cancellationSql } from '../../internal/lookups.js';
import type { QuarantineRule } from '../../internal/rule.js';
import { sqlTrue } from '../../internal/rule-sql.js';

export const negativeQuantityNotCancelled: QuarantineRule = {
  id: 'negative-quantity-not-cancelled',
  kind: 'quarantine',
  description:
    'quantity < 0 on an invoice that is not a cancellation (no C prefix) at a non-zero price: only cancellations and free/damaged lines (price 0) may be negative.',
  example: { before: '536999 85123A qty=-2 price=2.55', after: 'quarantine reason=negative-quantity-not-cancelled' },
  mark(t, out) {
    const codes = t.canonical.invoiceNo.codes;
    const cancelled = cancellationInvoices(t);
    const { quantity: q, unitPrice: p } = t.canonical;
    for (let i = 0; i < out.length; i++) {
      const c = codes[i];
      out[i] = q[i] < 0 && p[i] !== 0 && (c < 0 || cancelled[c] === 0) ? 1 : 0;
    }
  },
  sql: (c) => `${c.raw.quantity} < 0 AND ${c.raw.unitPrice} <> 0 AND NOT ${sqlTrue(cancellationSql(c))}`,
};
