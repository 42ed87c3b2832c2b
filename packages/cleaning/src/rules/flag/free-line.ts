import type { FlagRule } from '../../internal/rule.js';

export const freeLine: FlagRule = {
  id: 'free-line',
  kind: 'flag',
  column: 'isFreeLine',
  description: 'free or damaged line: quantity < 0 and unitPrice == 0.',
  example: { before: 'qty=-7 price=0 "damaged"', after: 'isFreeLine=true' },
  mark(t, out) {
    const { quantity: q, unitPrice: p } = t.canonical;
    for (let i = 0; i < out.length; i++) out[i] = q[i] < 0 && p[i] === 0 ? 1 : 0;
  },
  sql: (c) => `${c.raw.quantity} < 0 AND ${c.raw.unitPrice} = 0`,
};
