import { markNotFinite } from '../../internal/frames.js';
import type { QuarantineRule } from '../../internal/rule.js';

export const badDate: QuarantineRule = {
  id: 'bad-date',
  kind: 'quarantine',
  description: 'invoiceDate missing or unparseable.',
  example: { before: 'invoiceDate=null', after: 'quarantine reason=bad-date' },
  mark: (t, out) => markNotFinite(t.canonical.invoiceDate, out),
  // a timestamp column holds no NaN: an unparseable date was loaded as NULL
  sql: (c) => `${c.raw.invoiceDate} IS NULL`,
};
