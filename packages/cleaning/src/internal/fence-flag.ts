import { markFence } from './kernels.js';
import { saleLines, saleLinesSql } from './lookups.js';
import type { FlagRule } from './rule.js';
import { sqlTrue } from './rule-sql.js';

/**
 * The shape of an outlier flag: the fence chosen by option `option` over the canonical number column `values`,
 * fitted on sale lines (see `saleLines`) and marking only them; its statistics go to `parameters[option]`.
 */
export function fenceFlag(
  rule: Omit<FlagRule, 'kind' | 'mark' | 'sql' | 'sqlFence'>,
  values: 'quantity' | 'unitPrice',
  option: 'quantityOutlier' | 'priceOutlier',
): FlagRule {
  return {
    ...rule,
    kind: 'flag',
    sqlFence: { option, values },
    // the fence's statistics come from a one-row view fitted on the same sale lines (see fenceStatsSql)
    sql(c) {
      const fence = c.options[option];
      const v = c.col[values];
      const s = c.fence(option);
      if (fence.method === 'none') return 'FALSE';
      const outside =
        fence.method === 'iqr'
          ? `(${v} >= ${s.upper} OR ${v} <= ${s.lower})`
          : `CASE WHEN ${s.std} > 0 THEN NOT (ABS((${v} - ${s.mean}) / ${s.std}) < ${c.f.literal(fence.threshold)}) ELSE FALSE END`;
      return `${saleLinesSql(c)} AND ${sqlTrue(outside)}`;
    },
    mark(t, out) {
      const fence = t.options[option];
      t.parameters[option] =
        fence.method === 'none' ? { method: 'none' } : markFence(t.canonical[values], fence, out, saleLines(t));
    },
  };
}
