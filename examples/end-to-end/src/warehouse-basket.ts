import { type ItemsetSupportsSqlOptions, type ItemsetTable, itemsetSupportsSql } from '@retailkit/basket';
import type { SqlEngine } from '@retailkit/connectors';
import { toRows } from '@retailkit/core';

/** A frequent itemset with its integer count, as the levels return them. */
interface Counted {
  readonly items: readonly string[];
  readonly count: number;
}

/**
 * Frequent itemsets mined where the lines live: runs `itemsetSupportsSql`'s plan on `engine` level by level —
 * the basket count, the frequent items, then each level's candidates (generated in Node from the previous level,
 * inlined or uploaded to a scratch table that is dropped again) counted in the engine — until a level finds
 * nothing or `maxLen` is reached. Node holds the frequent itemsets and one level's candidates, never the baskets.
 * Returns the miners' `ItemsetTable` (equal to `apriori(buildBaskets(lines, …))`), ready for `associationRules`.
 */
export async function warehouseItemsets(engine: SqlEngine, options: ItemsetSupportsSqlOptions): Promise<ItemsetTable> {
  const plan = itemsetSupportsSql(engine.dialect, options);
  const [head] = toRows(await engine.query(plan.basketsSql));
  const baskets = Number(head?.baskets ?? 0);
  const items = Number(head?.items ?? 0);
  const { minCount } = plan.threshold(baskets);
  let level: Counted[] = toRows(await engine.query(plan.itemsSql(minCount))).map((r) => ({
    items: [r.item as string],
    count: Number(r.count),
  }));
  const found = [...level];
  for (;;) {
    const step = plan.nextLevel(
      level.map((s) => s.items),
      minCount,
    );
    if (!step) break;
    for (const sql of step.setup) await engine.exec(sql);
    try {
      const rows = toRows(await engine.query(step.query));
      level = rows.map((r) => ({ items: step.candidates[Number(r.candidateId)], count: Number(r.count) }));
    } finally {
      for (const sql of step.cleanup) await engine.exec(sql);
    }
    found.push(...level);
  }
  return plan.table({ baskets, items, itemsets: found });
}
