import { markFence } from './kernels.js';
import { saleLines } from './lookups.js';
import type { FlagRule } from './rule.js';

/**
 * The shape of an outlier flag: the fence chosen by option `option` over the canonical number column `values`,
 * fitted on sale lines (see `saleLines`) and marking only them; its statistics go to `parameters[option]`.
 */
export function fenceFlag(
  rule: Omit<FlagRule, 'kind' | 'mark'>,
  values: 'quantity' | 'unitPrice',
  option: 'quantityOutlier' | 'priceOutlier',
): FlagRule {
  return {
    ...rule,
    kind: 'flag',
    mark(t, out) {
      const fence = t.options[option];
      t.parameters[option] =
        fence.method === 'none' ? { method: 'none' } : markFence(t.canonical[values], fence, out, saleLines(t));
    },
  };
}
