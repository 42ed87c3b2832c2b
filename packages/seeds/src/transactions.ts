import {
  type Frame,
  frame,
  invalidArgument,
  numberColumn,
  parseIsoDate,
  stringColumn,
  timestampColumn,
} from '@retailkit/core';

/**
 * One transaction line of a fixture. Every field is optional in `transactions`; omitted fields take the defaults
 * (see `TRANSACTION_DEFAULTS` in the doc of `transactions`). `invoiceDate` is `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`
 * (naive wall-clock, stored as if UTC), a `Date`, or epoch ms.
 *
 * @example
 * const line: Partial<TransactionLine> = { stockCode: '22423', quantity: 2, invoiceDate: '2011-12-05 10:15' };
 */
export interface TransactionLine {
  invoiceNo: string;
  stockCode: string;
  description: string | null;
  quantity: number;
  invoiceDate: string | number | Date;
  unitPrice: number;
  customerId: string | null;
  country: string;
}

/**
 * Options of `transactions` and `baskets`.
 *
 * @example
 * transactions([{ invoiceNo: '1' }, { invoiceNo: '2' }], { defaults: { customerId: null, country: 'France' } });
 */
export interface FixtureOptions {
  /** Values for fields a row omits, over the built-in defaults. */
  defaults?: Partial<TransactionLine>;
}

const DEFAULTS: TransactionLine = {
  invoiceNo: '536365',
  stockCode: '85123A',
  description: null,
  quantity: 1,
  invoiceDate: '2011-12-01 12:00:00',
  unitPrice: 1,
  customerId: '17850',
  country: 'United Kingdom',
};
const FIELDS = Object.keys(DEFAULTS) as (keyof TransactionLine)[];
const STRING_FIELDS = new Set(['invoiceNo', 'stockCode', 'country']);
const NULLABLE_FIELDS = new Set(['description', 'customerId']);

/** Epoch ms of an `invoiceDate` value, or NaN when it is not one. */
function toMs(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') return parseIsoDate(v);
  return Number.NaN;
}

/** Check one line (a row merged over the defaults); `where` names it in errors. */
function checkLine(fn: string, where: string, line: Record<string, unknown>): void {
  for (const key of Object.keys(line))
    if (!FIELDS.includes(key as keyof TransactionLine))
      throw invalidArgument(fn, `${where}.${key}`, key, `one of ${FIELDS.join(', ')}`, 'Remove or rename the field.');
  for (const key of FIELDS) {
    const v = line[key];
    const ok =
      key === 'invoiceDate'
        ? !Number.isNaN(toMs(v))
        : key === 'quantity' || key === 'unitPrice'
          ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'string' || (NULLABLE_FIELDS.has(key) && v === null);
    if (!ok) {
      const allowed =
        key === 'invoiceDate'
          ? "a date: 'YYYY-MM-DD[ HH:MM[:SS]]', a Date or epoch ms"
          : key === 'quantity' || key === 'unitPrice'
            ? 'a finite number'
            : STRING_FIELDS.has(key)
              ? 'a string'
              : 'a string or null';
      throw invalidArgument(fn, `${where}.${key}`, v, allowed);
    }
  }
}

/**
 * Lines merged over the defaults into a transaction Frame; shared by `transactions` and `baskets`.
 * `fn` names the public entry in errors; `where(i)` names row `i`.
 */
export function linesToFrame(
  fn: string,
  rows: readonly Partial<TransactionLine>[],
  options: FixtureOptions,
  where: (i: number) => string,
): Frame {
  const base = { ...DEFAULTS, ...(options.defaults ?? {}) };
  checkLine(fn, 'options.defaults', base);
  const lines = rows.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      throw invalidArgument(fn, where(i), r, 'an object of transaction fields');
    const line = { ...base, ...r };
    checkLine(fn, where(i), line);
    return line;
  });
  return frame({
    invoiceNo: stringColumn(lines.map((l) => l.invoiceNo)),
    stockCode: stringColumn(lines.map((l) => l.stockCode)),
    description: stringColumn(lines.map((l) => l.description)),
    quantity: numberColumn(lines.map((l) => l.quantity)),
    invoiceDate: timestampColumn(lines.map((l) => toMs(l.invoiceDate))),
    unitPrice: numberColumn(lines.map((l) => l.unitPrice)),
    customerId: stringColumn(lines.map((l) => l.customerId)),
    country: stringColumn(lines.map((l) => l.country)),
  });
}

/**
 * A small transaction Frame from literal rows, for unit tests: each row names only the fields the test is about,
 * the others take defaults — `invoiceNo '536365'`, `stockCode '85123A'`, `description null`, `quantity 1`,
 * `invoiceDate '2011-12-01 12:00:00'`, `unitPrice 1`, `customerId '17850'`, `country 'United Kingdom'` —
 * overridable with `options.defaults`. Columns are core's `TRANSACTION_SCHEMA`, in its order; dates are epoch ms of
 * the naive wall-clock time as if UTC. O(rows).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when a row is not an object, names an unknown field, or holds a value
 *   of the wrong type (a non-finite number, an unparseable date, null where a string is required).
 * @example
 * const f = transactions([
 *   { invoiceNo: '1', stockCode: 'TEA', quantity: 2 },
 *   { invoiceNo: '1', stockCode: 'CUPS', quantity: 6, invoiceDate: '2011-12-02' },
 *   { invoiceNo: 'C2', stockCode: 'TEA', quantity: -1, customerId: null },
 * ]);
 * f.length // 3
 * f.columns.quantity // { type: 'number', data: Float64Array [2, 6, -1] }
 * f.columns.invoiceDate.data[1] // 1322784000000 (2011-12-02 00:00 as if UTC)
 */
export function transactions(rows: readonly Partial<TransactionLine>[], options: FixtureOptions = {}): Frame {
  if (!Array.isArray(rows)) throw invalidArgument('transactions', 'rows', rows, 'an array of row objects');
  return linesToFrame('transactions', rows, options, (i) => `rows[${i}]`);
}
