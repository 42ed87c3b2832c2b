import { invalidArgument, parseIsoDate, type SqlDialect, sqlDialect } from '@retailkit/core';
import { ALL_DAYS, NO_SATURDAYS } from './internal/calendar.js';
import type { Freq, TradingCalendar } from './series-data.js';

/** Options of {@link demandSeriesSql}: `buildSeries`' options (without `cap`), plus the table. */
export interface DemandSeriesSqlOptions {
  /** The transactions table (`name`, `schema.name`, BigQuery `project.dataset.name`). */
  readonly table: string;
  /** `D` daily, `W` weekly (weeks start Monday), `M` monthly. Default `D`. */
  readonly freq?: Freq;
  /** `quantity` (sum of quantity) or `revenue` (sum of quantity × unit price). Default `quantity`. */
  readonly target?: 'quantity' | 'revenue';
  /** Key columns (read as text), one series per distinct key, labels joined with `|`. Default: one `total` series. */
  readonly by?: readonly string[];
  /** `'all'`, `'business'` (closed on Saturdays) or a {@link TradingCalendar}, as in `buildSeries`. Default `'all'`. */
  readonly calendar?: 'all' | 'business' | TradingCalendar;
  /** `'zero'` inserts periods without sales as y = 0 (open days only), `'absent'` leaves them out. Default `'zero'`. */
  readonly fill?: 'zero' | 'absent';
  /** Zero-filled series begin at their own first sale (`'series'`, default) or at the first period of all. */
  readonly start?: 'series' | 'global';
  /**
   * Column names of the table: `date`, `quantity`, `price` (defaults: the canonical names), and `line`, the source
   * line number: when given, series come in first-appearance order as in `buildSeries`; otherwise ordered by id.
   */
  readonly columns?: {
    readonly date?: string;
    readonly quantity?: string;
    readonly price?: string;
    readonly line?: string;
  };
}

/**
 * The demand series of `buildSeries` as one aggregate query for a warehouse, in long format: columns `id` (the key
 * label), `ds` (period start timestamp: UTC midnight, Monday for weeks, the 1st for months) and `y`, sorted by series
 * then `ds`. Same conventions as in memory: rows with a missing date or value are skipped; the periods span the
 * table's first to last period (over every dated row); zero-filled series run from their first sale (or the first
 * period, `start: 'global'`) to the last period of all, without closed days of the trading calendar (a closed day
 * with sales is kept). The causal `cap` of `buildSeries` is not pushed down.
 *
 * Complexity: one scan and one aggregation in the engine, plus a series × periods grid for zero filling.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown dialect or option value, a missing table, or a table or
 *   column name outside the identifier allow-list.
 * @example
 * const sql = demandSeriesSql('duckdb', { table: 'transactions', freq: 'W', by: ['stockCode'] });
 * sql.includes('GROUP BY') // true; engine.query(sql) gives the rows of seriesToFrame(buildSeries(frame, …))
 */
export function demandSeriesSql(dialect: SqlDialect, options: DemandSeriesSqlOptions): string {
  const fn = 'demandSeriesSql';
  if (options == null || typeof options !== 'object' || typeof options.table !== 'string')
    throw invalidArgument(fn, 'options.table', options?.table, 'a table name', "Pass e.g. { table: 'transactions' }.");
  const f = sqlDialect(dialect);
  const freq = options.freq ?? 'D';
  if (freq !== 'D' && freq !== 'W' && freq !== 'M') throw invalidArgument(fn, 'freq', freq, "'D', 'W' or 'M'");
  const target = options.target ?? 'quantity';
  if (target !== 'quantity' && target !== 'revenue')
    throw invalidArgument(fn, 'target', target, "'quantity' or 'revenue'");
  const fill = options.fill ?? 'zero';
  if (fill !== 'zero' && fill !== 'absent') throw invalidArgument(fn, 'fill', fill, "'zero' or 'absent'");
  const calendar: TradingCalendar =
    options.calendar === undefined || options.calendar === 'all'
      ? ALL_DAYS
      : options.calendar === 'business'
        ? NO_SATURDAYS
        : options.calendar;
  if (typeof calendar !== 'object' || !Array.isArray(calendar.closedWeekdays))
    throw invalidArgument(fn, 'calendar', options.calendar, "'all', 'business' or { closedWeekdays, holidays }");
  const col = (name: string): string => f.ident(name);
  const date = col(options.columns?.date ?? 'invoiceDate');
  const qty = col(options.columns?.quantity ?? 'quantity');
  const value = target === 'revenue' ? `${qty} * ${col(options.columns?.price ?? 'unitPrice')}` : qty;
  const text = dialect === 'bigquery' ? 'STRING' : 'text';
  const by = options.by ?? [];
  const key =
    by.length === 0
      ? f.literal('total')
      : by.map((b) => `COALESCE(CAST(${col(b)} AS ${text}), '')`).join(" || '|' || ");
  const day = f.dayNumber(date);
  const period = freq === 'D' ? day : freq === 'W' ? f.weekIndex(day) : f.monthIndex(date);
  const ds = (p: string): string =>
    freq === 'D' ? f.timestampOfDay(p) : freq === 'W' ? f.timestampOfDay(`${p} * 7 - 3`) : f.timestampOfMonth(p);
  const line = options.columns?.line ? col(options.columns.line) : null;

  const ctes = [
    // read three times (sums, series, bounds): inlined, not stored (see SqlFunctions.inline)
    `src AS ${f.inline}(
  SELECT ${key} AS id, CASE WHEN ${date} IS NOT NULL THEN ${period} END AS p, ${value} AS v${line ? `, ${line} AS line` : ''}
  FROM ${f.table(options.table)}
)`,
    `sums AS (
  SELECT id, p, SUM(v) AS y FROM src WHERE p IS NOT NULL AND v IS NOT NULL GROUP BY id, p
)`,
    `series AS (
  SELECT id, MIN(CASE WHEN v IS NOT NULL THEN p END) AS first_p${line ? ', MIN(line) AS first_line' : ''}
  FROM src GROUP BY id
)`,
  ];
  const order = line ? 's.first_line, c.p' : 'c.id, c.p';
  if (fill === 'absent')
    return `WITH ${ctes.join(',\n')}
SELECT c.id AS ${col('id')}, ${ds('c.p')} AS ${col('ds')}, c.y AS ${col('y')}
FROM sums c JOIN series s ON s.id = c.id
ORDER BY ${order}`;
  const closed: string[] = [];
  if (freq === 'D') {
    const weekdays = calendar.closedWeekdays.filter((w) => Number.isInteger(w));
    if (weekdays.length) closed.push(`${f.isoWeekday('c.p')} IN (${weekdays.join(', ')})`);
    const holidays = calendar.holidays.map(parseIsoDate).filter((t) => !Number.isNaN(t));
    if (holidays.length) closed.push(`c.p IN (${holidays.map((t) => Math.floor(t / 86_400_000)).join(', ')})`);
  }
  ctes.push(
    'bounds AS (SELECT MIN(p) AS lo, MAX(p) AS hi FROM src)',
    `periods AS (${f.integerRange('p', 'bounds.lo', 'bounds.hi', 'bounds')})`,
    `grid AS (
  SELECT s.id, g.p FROM series s CROSS JOIN periods g${options.start === 'global' ? '' : '\n  WHERE g.p >= s.first_p'}
)`,
  );
  const open = closed.length ? `\nWHERE u.y IS NOT NULL OR NOT (${closed.join(' OR ')})` : '';
  return `WITH ${ctes.join(',\n')}
SELECT c.id AS ${col('id')}, ${ds('c.p')} AS ${col('ds')}, COALESCE(u.y, 0) AS ${col('y')}
FROM grid c
JOIN series s ON s.id = c.id
LEFT JOIN sums u ON u.id = c.id AND u.p = c.p${open}
ORDER BY ${order}`;
}
