import { invalidArgument, MS_PER_DAY, type SqlDialect, type SqlFunctions, sqlDialect } from '@retailkit/core';
import { parseAsOf } from './validate.js';

/** The canonical transaction columns the per-customer queries read, renamable per table. */
export type CustomerSqlColumn =
  | 'invoiceNo'
  | 'stockCode'
  | 'customerId'
  | 'quantity'
  | 'unitPrice'
  | 'invoiceDate'
  | 'revenue';

/** Options shared by `purchaseSummarySql` and `customerFeaturesSql`. */
export interface CustomerSqlOptions {
  /** The transactions table (`name`, `schema.name`, BigQuery `project.dataset.name`): cleaned lines. */
  readonly table: string;
  /** As in the in-memory function (epoch ms, Date or `YYYY-MM-DD`); default: midnight after the table's last line. */
  readonly asOf?: number | string | Date;
  /**
   * Column names of the table when they differ from the canonical ones. `revenue` is read when named here (like
   * a Frame's `revenue` column), else computed as quantity × unitPrice.
   */
  readonly columns?: Partial<Record<CustomerSqlColumn, string>>;
}

/** The resolved pieces every per-customer query starts from. */
export interface CustomerSqlContext {
  readonly f: SqlFunctions;
  /** `WITH` items that define `lines(customer_id, invoice_no, stock_code, quantity, revenue, ts, cancelled)`. */
  readonly ctes: string[];
  /** An SQL expression of asOf's day number (a constant, or read from the `bounds` CTE). */
  readonly asOfDay: string;
  /** The FROM clause that makes `asOfDay` available (`` or `, bounds`). */
  readonly boundsJoin: string;
  /** The `SELECT` that defines `lines`, for a query that reads the lines a second time in a subquery of its own. */
  readonly linesQuery: string;
}

/**
 * Build the `lines` CTE: the rows the in-memory functions keep (identified customer, an invoice number, a date
 * before asOf) with the canonical names, `revenue` NULL when unknown and `cancelled` = 1 on a "C" invoice.
 */
export function customerLines(fn: string, dialect: SqlDialect, options: CustomerSqlOptions): CustomerSqlContext {
  if (options == null || typeof options !== 'object' || typeof options.table !== 'string')
    throw invalidArgument(fn, 'options.table', options?.table, 'a table name', "Pass e.g. { table: 'transactions' }.");
  const f = sqlDialect(dialect);
  const asOf = parseAsOf(fn, options.asOf);
  const c = (name: CustomerSqlColumn): string => f.ident(options.columns?.[name] ?? name);
  const table = f.table(options.table);
  const revenue = options.columns?.revenue ? c('revenue') : `${c('quantity')} * ${c('unitPrice')}`;
  const ts = c('invoiceDate');
  const ctes: string[] = [];
  let asOfDay: string;
  let boundsJoin = '';
  let before: string;
  if (asOf === undefined) {
    ctes.push(`bounds AS (SELECT ${f.dayNumber(`MAX(${ts})`)} + 1 AS as_of_day FROM ${table})`);
    asOfDay = 'bounds.as_of_day';
    boundsJoin = ', bounds';
    before = `${ts} IS NOT NULL`;
  } else {
    asOfDay = String(Math.floor(asOf / MS_PER_DAY));
    before = `${ts} < ${f.timestamp(asOf)}`;
  }
  const linesQuery = `SELECT ${c('customerId')} AS customer_id, ${c('invoiceNo')} AS invoice_no, ${c('stockCode')} AS stock_code,
    ${c('quantity')} AS quantity, ${revenue} AS revenue, ${ts} AS ts,
    CASE WHEN UPPER(SUBSTR(${c('invoiceNo')}, 1, 1)) = 'C' THEN 1 ELSE 0 END AS cancelled
  FROM ${table}
  WHERE ${c('customerId')} IS NOT NULL AND ${c('invoiceNo')} IS NOT NULL AND ${before}`;
  ctes.push(`lines AS (
  ${linesQuery}
)`);
  return { f, ctes, asOfDay, boundsJoin, linesQuery };
}
