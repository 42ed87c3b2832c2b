import { invalidArgument, type SqlDialect, sqlDialect } from '@retailkit/core';

/** Options of {@link recommendationsSql}. */
export interface RecommendationsSqlOptions {
  /** The rules table of `ruleTables` (ruleId, consequent, support, confidence, lift). */
  readonly rules: string;
  /** The antecedents table of `ruleTables` (ruleId, item, size). */
  readonly antecedents: string;
  /** The lines to read each customer's items from (every line with a customer and an item counts). */
  readonly lines: string;
  /** Items per customer (default 5, at most 100). */
  readonly k?: number;
  /** Ranking metric (default `'confidence'`), as the recommender's `by`. */
  readonly by?: 'confidence' | 'lift';
  /** Column names in `lines` (defaults: `customerId`, `stockCode`). */
  readonly columns?: { readonly customerId?: string; readonly item?: string };
}

/**
 * Top-k recommendations for every customer, computed where the lines live: the customer's items are the distinct
 * items of their lines; a rule fires when the customer bought all of its antecedents (a join of the customer's items
 * with the antecedents table, counted against the rule's `size`); a candidate is a consequent the customer has not
 * bought; each candidate keeps its best rule (by `by`, then the other metric, then support) and the candidates are
 * ranked the same way, then by item label (byte order), as `createRecommender(rules).recommend(items, { k, by })`
 * ranks them. Node never holds a customer's items: only the k rows per customer come back.
 *
 * Returns one query with rows (`customerId`, `rank` 1…k, `item`, `score`, `confidence`, `lift`, `support`), ordered
 * by customer and rank; customers no rule fires for have no rows.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown dialect, `k` outside [1, 100] or an unknown `by`;
 *   `SQL_IDENTIFIER` for a table or column name that is not an allow-listed identifier.
 * @example
 * const sql = recommendationsSql('duckdb', { rules: 'rules', antecedents: 'rule_antecedents', lines: 'transactions', k: 3 });
 * // engine.query(sql) → one row per customer and recommended item
 */
export function recommendationsSql(dialect: SqlDialect, options: RecommendationsSqlOptions): string {
  const fn = 'recommendationsSql';
  const f = sqlDialect(dialect);
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > 100) throw invalidArgument(fn, 'k', k, 'an integer in [1, 100]');
  const by = options.by ?? 'confidence';
  if (by !== 'confidence' && by !== 'lift') throw invalidArgument(fn, 'by', by, "'confidence' or 'lift'");
  const other = by === 'confidence' ? 'lift' : 'confidence';
  const customer = f.ident(options.columns?.customerId ?? 'customerId');
  const item = f.ident(options.columns?.item ?? 'stockCode');
  const rules = f.table(options.rules);
  const antecedents = f.table(options.antecedents);
  const lines = f.table(options.lines);
  const i = f.ident;
  // byte order for labels, as JavaScript compares ASCII stock codes (PostgreSQL would otherwise use the locale)
  const label = dialect === 'postgres' ? `item COLLATE "C"` : 'item';
  const order = `${i(by)} DESC, ${i(other)} DESC, support DESC`;
  return `WITH owned AS (
  SELECT DISTINCT ${customer} AS customer_id, ${item} AS item
  FROM ${lines}
  WHERE ${customer} IS NOT NULL AND ${item} IS NOT NULL
),
fired AS (
  SELECT o.customer_id, a.${i('ruleId')} AS rule_id
  FROM owned o JOIN ${antecedents} a ON a.${i('item')} = o.item
  GROUP BY o.customer_id, a.${i('ruleId')}
  HAVING COUNT(*) = MIN(a.${i('size')})
),
candidates AS (
  SELECT f.customer_id, r.${i('consequent')} AS item, r.support, r.confidence, r.lift
  FROM fired f JOIN ${rules} r ON r.${i('ruleId')} = f.rule_id
  WHERE NOT EXISTS (SELECT 1 FROM owned o WHERE o.customer_id = f.customer_id AND o.item = r.${i('consequent')})
),
best AS (
  SELECT customer_id, item, support, confidence, lift,
    ROW_NUMBER() OVER (PARTITION BY customer_id, item ORDER BY ${order}) AS rule_rank
  FROM candidates
),
ranked AS (
  SELECT customer_id, item, ${i(by)} AS score, confidence, lift, support,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ${order}, ${label}) AS item_rank
  FROM best
  WHERE rule_rank = 1
)
SELECT customer_id AS ${i('customerId')}, item_rank AS ${i('rank')}, item AS ${i('item')}, score AS ${i('score')},
  confidence AS ${i('confidence')}, lift AS ${i('lift')}, support AS ${i('support')}
FROM ranked
WHERE item_rank <= ${k}
ORDER BY customer_id, item_rank`;
}
