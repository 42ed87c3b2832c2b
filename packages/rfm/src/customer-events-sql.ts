import type { Frame, SqlDialect } from '@retailkit/core';
import type { PurchaseUnit } from './evaluate-customer-value.js';
import { type CustomerSqlOptions, customerLines } from './internal/customer-sql.js';
import { exactSumSql } from './internal/exact-sum.js';
import { parseUnit } from './internal/validate.js';

/** Options of `customerEventsSql`: the table, `asOf` and column names (see `purchaseSummarySql`), and the unit. */
export interface CustomerEventsSqlOptions extends CustomerSqlOptions {
  /** What one purchase event is: a calendar day (`days`, default) or an invoice (`invoices`). */
  readonly unit?: PurchaseUnit;
}

/**
 * Per-customer tables computed where the lines are (a warehouse's `customerEventsSql` and `customerFeaturesSql`),
 * which `fitCustomerValue` and `fitSegmenter` take instead of the lines: the fits read nothing else, so Node holds
 * one row per customer and purchase day, never the lines.
 */
export interface CustomerTables {
  /** the rows of `customerEventsSql` on the lines: `customerId`, `day`, `revenue`. */
  readonly events: Frame;
  /**
   * `customerFeatures(lines, { asOf })`, or the rows of `customerFeaturesSql` at the same asOf (the RFM score
   * columns are recomputed when absent). `fitSegmenter` only.
   */
  readonly features?: Frame;
}

/**
 * The churn and value models' input as one aggregate query for a warehouse: one row per identified customer and purchase day (or
 * invoice) before `asOf` — `customerId`, `day` (day number since 1970-01-01 UTC; an invoice's is its first line's)
 * and `revenue` (the sum of its purchase lines' revenue, NULL as 0). Purchases are lines of non-"C" invoices with
 * quantity > 0, as the fits on lines define them. Revenue is summed exactly (integer parts of each term, see
 * the fits' `ExactSum`), so the rows have the same bits as Node's and the fits on them equal the fits on the lines. Pass the rows to `fitCustomerValue`
 * and `fitSegmenter` as `{ events }`: they order the rows themselves, so the engine's order does not matter.
 *
 * Complexity: one scan and one aggregation in the engine; the result has one row per customer and purchase day.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown dialect or unit, a missing table, a bad `asOf` or a
 *   table or column name outside the identifier allow-list.
 * @example
 * const sql = customerEventsSql('postgres', { table: 'transactions', asOf: '2011-12-10' });
 * const { model } = fitCustomerValue({ events: await engine.query(sql) }, { asOf: '2011-12-10' });
 */
export function customerEventsSql(dialect: SqlDialect, options: CustomerEventsSqlOptions): string {
  const fn = 'customerEventsSql';
  const unit = parseUnit(fn, options?.unit);
  const { f, ctes } = customerLines(fn, dialect, options);
  const day = f.dayNumber('ts');
  const key = unit === 'days' ? day : 'invoice_no';
  return `WITH ${ctes.join(',\n')}
SELECT customer_id AS ${f.ident('customerId')}, ${unit === 'days' ? day : `MIN(${day})`} AS ${f.ident('day')},
  ${exactSumSql(dialect, 'COALESCE(revenue, 0)')} AS ${f.ident('revenue')}
FROM lines
WHERE cancelled = 0 AND quantity > 0
GROUP BY customer_id, ${key}`;
}
