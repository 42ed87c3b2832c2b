import {
  fitRecommender,
  type ItemsetSupportsSqlOptions,
  type ItemsetTable,
  itemsetSupportsSql,
} from '@retailkit/basket';
import type { SqlEngine } from '@retailkit/connectors';
import { sqlDialect, toRows } from '@retailkit/core';
import { type BasketSource, exampleChooser, RULES_CAP } from './commands/basket.js';

/** Where `itemsetSupportsSql` keeps its scratch tables (default: its own names, temporary tables). */
export type ItemsetScratchTables = Pick<ItemsetSupportsSqlOptions, 'pairsTable' | 'basketItemsTable'>;

/** A frequent itemset with its integer count, as the levels return them. */
interface Counted {
  readonly items: readonly string[];
  readonly count: number;
}

/**
 * Frequent itemsets mined where the lines live: runs `itemsetSupportsSql`'s plan on `engine` level by level — its
 * scratch table of the baskets' items, the basket count, the frequent items, then each level's candidates (generated
 * in Node from the previous level, inlined or uploaded to a scratch table that is dropped again) counted in the
 * engine over a scratch table of the frequent items' pairs (made by level 2) — until a level finds nothing or
 * `maxLen` is reached; the scratch tables are dropped at the end, also after a failure. Node holds the frequent
 * itemsets and one level's candidates, never the baskets.
 * Returns the miners' `ItemsetTable` (equal to `apriori(buildBaskets(lines, …))`), ready for `associationRules`.
 */
export async function warehouseItemsets(engine: SqlEngine, options: ItemsetSupportsSqlOptions): Promise<ItemsetTable> {
  const plan = itemsetSupportsSql(engine.dialect, options);
  try {
    for (const sql of plan.setup) await engine.exec(sql);
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
      try {
        for (const sql of step.setup) await engine.exec(sql);
        const rows = toRows(await engine.query(step.query));
        level = rows.map((r) => ({ items: step.candidates[Number(r.candidateId)], count: Number(r.count) }));
      } finally {
        for (const sql of step.cleanup) await engine.exec(sql);
      }
      found.push(...level);
    }
    return plan.table({ baskets, items, itemsets: found });
  } finally {
    for (const sql of plan.cleanup) await engine.exec(sql);
  }
}

/** Invoices read in the first page when looking for cross-sell examples, newest first; each next page is twice as long. */
const EXAMPLE_PAGE = 500;

/**
 * The basket step's source on the engine's cleaned `basket` view (its `line` column is the source line number): the
 * itemsets counted there (`warehouseItemsets`, baskets of at least 2 items, as `fitRecommender`'s default), the
 * rules and model in Node, dated by the view's last invoiceDate; examples and descriptions read in the file's order,
 * as the in-memory functions read them. `tables`: the itemsets' scratch tables (default: `itemsetSupportsSql`'s).
 */
export function warehouseBasketSource(engine: SqlEngine, view: string, tables?: ItemsetScratchTables): BasketSource {
  const f = sqlDialect(engine.dialect);
  const table = f.table(view);
  const [inv, code, desc, line, date] = ['invoiceNo', 'stockCode', 'description', 'line', 'invoiceDate'].map((c) =>
    f.ident(c),
  );
  return {
    async fit(minSupport) {
      const itemsets = await warehouseItemsets(engine, { lines: view, minSupport, minItems: 2, ...tables });
      const [last] = toRows(await engine.query(`SELECT MAX(${date}) AS last FROM ${table}`));
      const ms = last?.last instanceof Date ? last.last.getTime() : typeof last?.last === 'number' ? last.last : NaN;
      const createdAt = Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
      return fitRecommender(itemsets, { top: RULES_CAP, createdAt });
    },
    async examples(model) {
      const chooser = exampleChooser(model);
      // invoices from the last first appearance backwards (crossSellExamples' order), in pages that double
      for (let offset = 0, size = EXAMPLE_PAGE; ; offset += size, size *= 2) {
        const page = toRows(
          await engine.query(
            `SELECT ${inv} AS inv, MIN(${line}) AS first_line FROM ${table} WHERE ${inv} IS NOT NULL AND ${code} IS NOT NULL GROUP BY ${inv} ORDER BY first_line DESC LIMIT ${size} OFFSET ${offset}`,
          ),
        ).map((r) => r.inv as string);
        if (page.length === 0) return chooser.examples;
        const items = new Map<string, Set<string>>(page.map((p) => [p, new Set()]));
        const rows = toRows(
          await engine.query(
            `SELECT DISTINCT ${inv} AS inv, ${code} AS item FROM ${table} WHERE ${code} IS NOT NULL AND ${inv} IN (${page.map((p) => f.literal(p)).join(', ')})`,
          ),
        );
        for (const r of rows) items.get(r.inv as string)?.add(r.item as string);
        for (const p of page) if (chooser.offer(p, items.get(p) as Set<string>)) return chooser.examples;
      }
    },
    async descriptions(wanted) {
      if (wanted.size === 0) return {};
      const rows = toRows(
        await engine.query(
          `SELECT code, description FROM (SELECT ${code} AS code, ${desc} AS description, ROW_NUMBER() OVER (PARTITION BY ${code} ORDER BY ${line}) AS n FROM ${table} WHERE ${desc} IS NOT NULL AND ${code} IN (${[...wanted].map((w) => f.literal(w)).join(', ')})) d WHERE n = 1`,
        ),
      );
      const out = rows.map((r) => [r.code as string, r.description as string] as const);
      return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
  };
}
