import type { SqlDialect } from '@retailkit/core';
import { type CustomerSqlOptions, customerLines } from './internal/customer-sql.js';
import { exactSumSql } from './internal/exact-sum.js';
import { type AggregateSql, FEATURE_DEFINITIONS } from './internal/feature-definitions.js';

/** Options of `customerFeaturesSql` (the table, `asOf` and column names; see `purchaseSummarySql`). */
export type CustomerFeaturesSqlOptions = CustomerSqlOptions;

const AGGREGATES: AggregateSql = {
  frequency: 'c.frequency',
  firstDay: 'c.first_day',
  lastDay: 'c.last_day',
  asOfDay: 'c.as_of_day',
  gross: 'c.gross',
  quantity: 'c.quantity',
  items: 'COALESCE(ci.items, 0)',
  net: 'c.net',
  refunded: 'c.refunded',
  lines: 'c.lines',
  cancelledLines: 'c.cancelled_lines',
  activeDays: 'c.active_days',
  activeMonths: 'c.active_months',
};

/**
 * The behaviour features of `customerFeatures` as one aggregate query for a warehouse: one row per identified
 * customer with `customerId` and the numeric columns (`recency`, `frequency`, `monetary`, `oneTime`,
 * `meanDaysBetween`, …, `tenure`, `activeDays`, `activeMonths`), with the same conventions and values (counts
 * exact; revenue sums exact per invoice, then per customer, as in memory, so the same bits). The query groups lines by (customer, invoice), then by
 * customer, and counts the distinct (invoice, stock code) pairs of purchases per customer beside; every feature
 * expression comes from the same definition entry as its in-memory kernel. The RFM
 * scores (`rScore`, …, `rfmSegment`) rank customers against each other: compute them in Node on the returned table
 * with `quintileScores` and `rfmSegment`. Rows are ordered by `customerId` as text (the in-memory table orders
 * numeric ids numerically).
 *
 * Complexity: two scans, three hash aggregations (one a DISTINCT of the purchase lines' (customer, invoice, stock
 * code)) and a join of two per-customer tables in the engine; the result has one row per customer.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown dialect, a missing table, a bad `asOf` or a table or
 *   column name outside the identifier allow-list.
 * @example
 * const sql = customerFeaturesSql('duckdb', { table: 'transactions', asOf: '2011-12-10' });
 * sql.startsWith('WITH lines AS') // true; run it with connectors' openSqlEngine(url).query(sql)
 */
export function customerFeaturesSql(dialect: SqlDialect, options: CustomerFeaturesSqlOptions): string {
  const { f, ctes, asOfDay, boundsJoin, linesQuery } = customerLines('customerFeaturesSql', dialect, options);
  const purchase = 'i.cancelled = 0 AND i.has_positive = 1';
  const refundLine = 'cancelled = 1 OR quantity < 0';
  ctes.push(`invoices AS (
  SELECT customer_id, invoice_no, MAX(cancelled) AS cancelled, MIN(ts) AS first_ts, MAX(ts) AS last_ts,
    MAX(CASE WHEN cancelled = 0 AND quantity > 0 THEN 1 ELSE 0 END) AS has_positive,
    ${exactSumSql(dialect, 'CASE WHEN cancelled = 0 AND quantity > 0 THEN COALESCE(revenue, 0) ELSE 0 END')} AS gross,
    SUM(CASE WHEN cancelled = 0 AND quantity > 0 THEN quantity ELSE 0 END) AS quantity,
    COUNT(*) AS lines,
    SUM(CASE WHEN ${refundLine} THEN 1 ELSE 0 END) AS cancelled_lines,
    ${exactSumSql(dialect, 'COALESCE(revenue, 0)')} AS net,
    ${exactSumSql(dialect, `CASE WHEN ${refundLine} THEN ABS(COALESCE(revenue, 0)) ELSE 0 END`)} AS refunded
  FROM lines
  GROUP BY customer_id, invoice_no
)`);
  const day = f.dayNumber('i.first_ts');
  ctes.push(`customers AS (
  SELECT i.customer_id, ${asOfDay} AS as_of_day,
    SUM(CASE WHEN ${purchase} THEN 1 ELSE 0 END) AS frequency,
    COALESCE(MIN(CASE WHEN ${purchase} THEN ${day} END), ${f.dayNumber('MIN(i.first_ts)')}) AS first_day,
    COALESCE(MAX(CASE WHEN ${purchase} THEN ${day} END), ${f.dayNumber('MAX(i.last_ts)')}) AS last_day,
    ${exactSumSql(dialect, `CASE WHEN ${purchase} THEN i.gross ELSE 0 END`)} AS gross,
    SUM(CASE WHEN ${purchase} THEN i.quantity ELSE 0 END) AS quantity,
    ${exactSumSql(dialect, 'i.net')} AS net, ${exactSumSql(dialect, 'i.refunded')} AS refunded, SUM(i.lines) AS lines,
    SUM(i.cancelled_lines) AS cancelled_lines,
    ${f.countDistinct(`CASE WHEN ${purchase} THEN ${day} END`)} AS active_days,
    ${f.countDistinct(`CASE WHEN ${purchase} THEN ${f.monthIndex('i.first_ts')} END`)} AS active_months
  FROM invoices i${boundsJoin}
  GROUP BY i.customer_id${boundsJoin ? `, ${asOfDay}` : ''}
)`);
  // Items: the distinct (invoice, stock code) pairs of positive lines on purchase invoices, summed per customer. A
  // purchase invoice is a non-cancelled one with a positive line, and a non-cancelled invoice without one has no such
  // pair, so the pairs of non-cancelled invoices are the same. One plain DISTINCT of the lines (read in a subquery of
  // their own: a CTE read twice would be stored by PostgreSQL and DuckDB), computed first: counted inside the
  // invoices' aggregate (a COUNT(DISTINCT) per invoice) it took DuckDB 35 of the query's 47 s at ×100 of the UCI
  // lines (examples/end-to-end/bench/RESULTS.md, 2026-12-07).
  ctes.push(`customer_items AS ${f.materialized}(
  SELECT customer_id, COUNT(*) AS items
  FROM (
    SELECT DISTINCT customer_id, invoice_no, stock_code FROM (${linesQuery}) l
    WHERE quantity > 0 AND stock_code IS NOT NULL AND cancelled = 0
  ) d
  GROUP BY customer_id
)`);
  const columns = FEATURE_DEFINITIONS.map((d) => `  ${d.sql(AGGREGATES, f)} AS ${f.ident(d.name)}`);
  return `WITH ${ctes.join(',\n')}
SELECT c.customer_id AS ${f.ident('customerId')},
${columns.join(',\n')}
FROM customers c LEFT JOIN customer_items ci ON ci.customer_id = c.customer_id
ORDER BY c.customer_id`;
}
