import type { SqlFunctions } from '@retailkit/core';

/**
 * Per-customer aggregates of the behaviour features, as both paths compute them: day numbers are whole UTC days
 * since 1970-01-01; "purchase" invoices are non-"C" invoices with a line of quantity > 0; `first`/`last` are the
 * first and last purchase invoice days (any line's day when the customer has no purchase).
 */
export interface CustomerAggregates {
  /** Distinct purchase invoices. */
  readonly frequency: number;
  readonly firstDay: number;
  readonly lastDay: number;
  /** Day number of `asOf` (floor). */
  readonly asOfDay: number;
  /** Revenue, units and distinct positive stock codes of the purchase invoices (summed over invoices). */
  readonly gross: number;
  readonly quantity: number;
  readonly items: number;
  /** Net revenue of every line; absolute value of refunded lines ("C" invoice or quantity < 0). */
  readonly net: number;
  readonly refunded: number;
  /** Lines and refunded lines. */
  readonly lines: number;
  readonly cancelledLines: number;
  /** Distinct purchase days and (year, month) pairs. */
  readonly activeDays: number;
  readonly activeMonths: number;
}

/** The same aggregates as SQL expressions (column references of the per-customer query). */
export type AggregateSql = { readonly [K in keyof CustomerAggregates]: string };

/**
 * One behaviour feature: its column name, its in-memory kernel and its SQL expression over the same aggregates,
 * in one entry, so the pushed-down query and the in-memory table cannot drift apart.
 */
export interface FeatureDefinition {
  readonly name: string;
  kernel(a: CustomerAggregates): number;
  sql(a: AggregateSql, f: SqlFunctions): string;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
const ratioSql = (f: SqlFunctions, a: string, b: string): string => `COALESCE(${f.safeDivide(a, b)}, 0)`;

/** The numeric columns of `customerFeatures` (`NUMERIC_FEATURE_COLUMNS`), in column order. */
export const FEATURE_DEFINITIONS: readonly FeatureDefinition[] = [
  { name: 'recency', kernel: (a) => a.asOfDay - a.lastDay, sql: (a) => `${a.asOfDay} - ${a.lastDay}` },
  { name: 'frequency', kernel: (a) => a.frequency, sql: (a) => a.frequency },
  { name: 'monetary', kernel: (a) => a.net, sql: (a) => a.net },
  {
    name: 'oneTime',
    kernel: (a) => (a.frequency <= 1 ? 1 : 0),
    sql: (a) => `CASE WHEN ${a.frequency} <= 1 THEN 1 ELSE 0 END`,
  },
  {
    name: 'meanDaysBetween',
    kernel: (a) => (a.frequency >= 2 ? (a.lastDay - a.firstDay) / (a.frequency - 1) : a.asOfDay - a.firstDay),
    sql: (a, f) =>
      `CASE WHEN ${a.frequency} >= 2 THEN ${f.safeDivide(`${a.lastDay} - ${a.firstDay}`, `${a.frequency} - 1`)} ELSE ${a.asOfDay} - ${a.firstDay} END`,
  },
  {
    name: 'meanTicketSize',
    kernel: (a) => ratio(a.gross, a.frequency),
    sql: (a, f) => ratioSql(f, a.gross, a.frequency),
  },
  {
    name: 'meanItemsPerInvoice',
    kernel: (a) => ratio(a.items, a.frequency),
    sql: (a, f) => ratioSql(f, a.items, a.frequency),
  },
  {
    name: 'meanQuantityPerInvoice',
    kernel: (a) => ratio(a.quantity, a.frequency),
    sql: (a, f) => ratioSql(f, a.quantity, a.frequency),
  },
  {
    name: 'meanSpendPerMonth',
    kernel: (a) => ratio(a.net, a.activeMonths),
    sql: (a, f) => ratioSql(f, a.net, a.activeMonths),
  },
  {
    name: 'purchasesPerMonth',
    kernel: (a) => ratio(a.frequency, a.activeMonths),
    sql: (a, f) => ratioSql(f, a.frequency, a.activeMonths),
  },
  {
    name: 'refundLineRate',
    kernel: (a) => ratio(a.cancelledLines, a.lines),
    sql: (a, f) => ratioSql(f, a.cancelledLines, a.lines),
  },
  {
    name: 'refundValueRate',
    kernel: (a) => (a.gross > 0 ? Math.min(1, a.refunded / a.gross) : a.refunded > 0 ? 1 : 0),
    sql: (a, f) =>
      `CASE WHEN ${a.gross} > 0 THEN ${f.least('1', f.safeDivide(a.refunded, a.gross))} WHEN ${a.refunded} > 0 THEN 1 ELSE 0 END`,
  },
  { name: 'tenure', kernel: (a) => a.asOfDay - a.firstDay, sql: (a) => `${a.asOfDay} - ${a.firstDay}` },
  { name: 'activeDays', kernel: (a) => a.activeDays, sql: (a) => a.activeDays },
  { name: 'activeMonths', kernel: (a) => a.activeMonths, sql: (a) => a.activeMonths },
];
