import type { TransformRule } from '../../internal/rule.js';

export const lineRevenue: TransformRule = {
  id: 'line-revenue',
  kind: 'transform',
  column: 'revenue',
  description: 'revenue = quantity × unitPrice, a new number column (count = rows of the cleaned frame).',
  example: { before: 'quantity=6 unitPrice=2.55', after: 'revenue=15.3' },
  apply(t) {
    const { quantity: q, unitPrice: p } = t.canonical;
    const revenue = new Float64Array(t.n);
    for (let i = 0; i < revenue.length; i++) revenue[i] = q[i] * p[i];
    t.columns.revenue = { type: 'number', data: revenue };
    return { count: (kept) => kept.length };
  },
  sql: (c) => ({ revenue: `${c.col.quantity} * ${c.col.unitPrice}` }),
  sqlChanged: () => 'TRUE',
};
