import { markNotFinite, notFiniteSql } from '../../internal/frames.js';
import type { QuarantineRule } from '../../internal/rule.js';

export const badQuantity: QuarantineRule = {
  id: 'bad-quantity',
  kind: 'quarantine',
  description: 'quantity missing or not a finite number.',
  example: { before: 'quantity=NaN', after: 'quarantine reason=bad-quantity' },
  mark: (t, out) => markNotFinite(t.canonical.quantity, out),
  sql: (c) => notFiniteSql(c.raw.quantity),
};
