import { markNotFinite, notFiniteSql } from '../../internal/frames.js';
import type { QuarantineRule } from '../../internal/rule.js';

export const badPrice: QuarantineRule = {
  id: 'bad-price',
  kind: 'quarantine',
  description: 'unitPrice missing or not a finite number.',
  example: { before: 'unitPrice=NaN', after: 'quarantine reason=bad-price' },
  mark: (t, out) => markNotFinite(t.canonical.unitPrice, out),
  sql: (c) => notFiniteSql(c.raw.unitPrice),
};
