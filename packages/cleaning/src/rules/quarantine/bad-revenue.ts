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
};
