import { MAX_DOUBLE_SQL } from '../../internal/frames.js';
import type { QuarantineRule } from '../../internal/rule.js';

export const badRevenue: QuarantineRule = {
  id: 'bad-revenue',
  kind: 'quarantine',
  description: 'quantity × unitPrice not a finite number (both finite, the product overflows).',
  example: { before: 'quantity=1e308 unitPrice=1e308', after: 'quarantine reason=bad-revenue' },
  mark(t, out) {
    const { quantity: q, unitPrice: p } = t.canonical;
    for (let i = 0; i < out.length; i++) out[i] = Number.isFinite(q[i] * p[i]) ? 0 : 1;
  },
  // |q·p| > max without computing the product (PostgreSQL and DuckDB raise on overflow): only |p| > 1 can overflow
  // a finite q; exact except when |q·p| lies within one rounding of the largest double
  sql: (c) => `(ABS(${c.raw.unitPrice}) > 1 AND ABS(${c.raw.quantity}) > ${MAX_DOUBLE_SQL} / ABS(${c.raw.unitPrice}))`,
};
