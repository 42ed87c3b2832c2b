import { markByCode } from '../../internal/frames.js';
import { anonymousSql, blankCustomers } from '../../internal/lookups.js';
import type { FlagRule } from '../../internal/rule.js';

export const anonymous: FlagRule = {
  id: 'anonymous',
  kind: 'flag',
  column: 'isAnonymous',
  description: 'customerId missing or blank, as read (before any fill).',
  example: { before: 'customerId=null', after: 'isAnonymous=true' },
  mark(t, out) {
    markByCode(t.canonical.customerId.codes, blankCustomers(t), 1, out);
  },
  sql: anonymousSql,
};
