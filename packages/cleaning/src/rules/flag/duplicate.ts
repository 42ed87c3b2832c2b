import { TRANSACTION_SCHEMA } from '@retailkit/core';
import { markDuplicates } from '../../internal/duplicates.js';
import type { FlagRule } from '../../internal/rule.js';

export const duplicate: FlagRule = {
  id: 'duplicate',
  kind: 'flag',
  column: 'isDuplicate',
  description:
    'exact duplicate line: all eight canonical columns equal to an earlier row (as read, before transforms; missing equals missing; pandas duplicated(keep="first")). The first occurrence is not flagged.',
  example: { before: 'the same 536366 22633 line twice', after: 'second: isDuplicate=true' },
  mark(t, out) {
    markDuplicates(
      Object.keys(TRANSACTION_SCHEMA).map((name) => t.input.columns[name]),
      t.n,
      out,
    );
  },
  // pandas duplicated(keep="first") in SQL: a later line of a group of rows equal in the eight columns as read
  sqlGroupOrder: (c) => Object.keys(TRANSACTION_SCHEMA).map((name) => c.raw[name as keyof typeof c.raw]),
  sql: (c) => `${c.allRows('duplicate')} > 1`,
};
