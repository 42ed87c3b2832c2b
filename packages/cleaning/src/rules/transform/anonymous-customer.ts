import { countTrustedByCode, fillMissing } from '../../internal/frames.js';
import { anonymousSql, blankCustomers } from '../../internal/lookups.js';
import type { TransformRule } from '../../internal/rule.js';

export const anonymousCustomer: TransformRule = {
  id: 'anonymous-customer',
  kind: 'transform',
  column: 'customerId',
  description:
    'missing customerId kept as missing and flagged isAnonymous, never merged into a real customer; with option anonymousCustomerId, missing ids are filled with that value instead (count = rows with a missing or blank id; details.filledWith).',
  example: { before: 'customerId=null', after: 'customerId=null, isAnonymous=true (anonymousCustomerId "0": "0")' },
  apply(t) {
    const customer = t.canonical.customerId;
    const count = countTrustedByCode(customer.codes, blankCustomers(t), 1, t.reason);
    const fill = t.options.anonymousCustomerId;
    if (fill !== null) t.columns.customerId = fillMissing(customer, fill);
    return { count, details: { filledWith: fill } };
  },
  sql: (c): Readonly<Record<string, string>> => {
    const fill = c.options.anonymousCustomerId;
    return fill === null ? {} : { customerId: `COALESCE(${c.col.customerId}, ${c.f.literal(fill)})` };
  },
  sqlChanged: (c) => anonymousSql(c),
};
