import type { SqlDialect } from '@retailkit/core';
import { type CustomerSqlOptions, customerLines } from './internal/customer-sql.js';

/**
 * Options of `purchaseSummarySql`: `table` (cleaned transaction lines), `asOf` (as in `purchaseSummary`; default
 * midnight after the table's last line) and `columns` (names that differ from the canonical ones; `revenue` is
 * read when named, else quantity × unitPrice).
 */
export type PurchaseSummarySqlOptions = CustomerSqlOptions;

/**
 * The BG/NBD and Gamma-Gamma summary of `purchaseSummary` as one aggregate query for a warehouse: one row per
 * customer with a purchase before `asOf` — `customerId`, `x` (purchase days − 1), `tx` (days from the first to the
 * last purchase day), `T` (days from the first purchase day to asOf's day) and `monetaryValue` (mean revenue of
 * the repeat purchase days, 0 when x = 0). Purchases are lines of non-"C" invoices with quantity > 0, aggregated to
 * calendar days (UTC), exactly as in memory. Rows are ordered by `customerId` as text.
 *
 * Complexity: one scan, one aggregation to (customer, day), one window and one aggregation to customers.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown dialect, a missing table, a bad `asOf` or a table or
 *   column name outside the identifier allow-list.
 * @example
 * const sql = purchaseSummarySql('postgres', { table: 'transactions', asOf: '2011-12-10' });
 * sql.includes('"monetaryValue"') // true
 */
export function purchaseSummarySql(dialect: SqlDialect, options: PurchaseSummarySqlOptions): string {
  const { f, ctes, asOfDay, boundsJoin } = customerLines('purchaseSummarySql', dialect, options);
  ctes.push(`days AS (
  SELECT customer_id, ${f.dayNumber('ts')} AS day, SUM(COALESCE(revenue, 0)) AS revenue
  FROM lines
  WHERE cancelled = 0 AND quantity > 0
  GROUP BY customer_id, ${f.dayNumber('ts')}
)`);
  ctes.push(`ranked AS (
  SELECT customer_id, day, revenue, MIN(day) OVER (PARTITION BY customer_id) AS first_day
  FROM days
)`);
  return `WITH ${ctes.join(',\n')}
SELECT r.customer_id AS ${f.ident('customerId')},
  COUNT(*) - 1 AS ${f.ident('x')},
  MAX(r.day) - MIN(r.day) AS ${f.ident('tx')},
  ${asOfDay} - MIN(r.day) AS ${f.ident('T')},
  COALESCE(${f.safeDivide('SUM(CASE WHEN r.day > r.first_day THEN r.revenue ELSE 0 END)', 'COUNT(*) - 1')}, 0) AS ${f.ident('monetaryValue')}
FROM ranked r${boundsJoin}
GROUP BY r.customer_id${boundsJoin ? `, ${asOfDay}` : ''}
ORDER BY r.customer_id`;
}
