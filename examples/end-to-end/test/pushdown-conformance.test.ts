import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CleanResult, clean, cleaningSql, VIEW_DROPS, type ViewName } from '@retailkit/cleaning';
import { openSqlEngine, readCsv, type SqlEngine } from '@retailkit/connectors';
import {
  dayNumber,
  type Frame,
  fromRows,
  isoDayOfWeek,
  monthIndex,
  parseIsoDate,
  type Row,
  type SqlDialect,
  select,
  sqlDialect,
  TRANSACTION_SCHEMA,
  toRows,
} from '@retailkit/core';
import { type BuildSeriesOptions, buildSeries, demandSeriesSql, seriesToFrame } from '@retailkit/forecast';
import {
  customerEventsSql,
  customerFeatures,
  customerFeaturesSql,
  fitCustomerValue,
  fitSegmenter,
  purchaseSummary,
  purchaseSummarySql,
} from '@retailkit/rfm';
import { generateTransactions } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_DUCKDB, SQL_ENGINES } from './helpers/engines.js';
import { loadFrame } from './helpers/load-frame.js';

/**
 * One conformance suite for every SQL engine: the seeds (cleaned) are loaded into a table with their source line
 * number, and each pushed-down query must return what the in-memory function returns on the same frame — keys and
 * counts exact, floating-point values within 1e-9 relative (absolute below 1: sums that cancel to about 0 differ by
 * summation order only). The in-memory functions are the oracle.
 */

interface EngineCase {
  readonly name: string;
  readonly available: boolean;
  /** The cleaned transactions both paths read. */
  data(): Promise<Frame>;
  /** The raw transactions `cleaningSql` and `clean` read. */
  raw(): Promise<Frame>;
  open(): Promise<{ engine: SqlEngine; stop: () => Promise<void> }>;
}

// ../shared/data relative to the repository (one level further up from a git worktree under wt/)
const REAL =
  [
    '../../../../shared/data/online-retail/online_retail.csv.gz',
    '../../../../../shared/data/online-retail/online_retail.csv.gz',
  ]
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p)) ?? '';

const ENGINES: readonly EngineCase[] = [
  ...SQL_ENGINES.map((e) => ({ ...e, data: async () => seeds(), raw: async () => rawSeeds() })),
  {
    // opt-in (RETAILKIT_REAL_DATA=1): all 541,909 lines of the UCI file, cleaned, on DuckDB
    name: 'duckdb, real UCI data',
    available: HAS_DUCKDB && process.env.RETAILKIT_REAL_DATA === '1' && REAL !== '',
    data: async () => select(clean((await readCsv(REAL)).frame).frame, LOADED),
    raw: async () => (await readCsv(REAL)).frame,
    open: async () => ({ engine: await openSqlEngine('duckdb::memory:'), stop: async () => undefined }),
  },
];

const LOADED = ['invoiceNo', 'stockCode', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country', 'revenue'];

let cleaned: Frame | undefined;
function seeds(): Frame {
  cleaned ??= select(clean(generateTransactions().frame).frame, LOADED);
  return cleaned;
}

const AT = Date.UTC(2011, 5, 1, 10);
const edge = (over: Partial<Record<keyof typeof TRANSACTION_SCHEMA, Row[string]>>): Row => ({
  invoiceNo: '990001',
  stockCode: '22633',
  description: 'HAND WARMER',
  quantity: 2,
  invoiceDate: new Date(AT),
  unitPrice: 2.5,
  customerId: '99999',
  country: 'United Kingdom',
  ...over,
});
/**
 * Hand-made lines appended to the seeds so that every quarantine reason, JavaScript-only whitespace, lower-case
 * codes, description ties, duplicates of quarantined lines and duplicates with NULLs occur (the seeds have no
 * quarantined line).
 */
const EDGE_ROWS: readonly Row[] = [
  edge({ invoiceNo: null }), // missing-invoice
  edge({ invoiceNo: ' \u3000' }), // missing-invoice: U+3000 is whitespace to String.prototype.trim
  edge({ stockCode: '\u00a0' }), // missing-stock-code
  edge({ quantity: null }), // bad-quantity
  edge({ unitPrice: null }), // bad-price
  edge({ invoiceDate: null }), // bad-date
  edge({ quantity: -2 }), // negative-quantity-not-cancelled
  edge({ quantity: -2 }), // the same, a duplicate of a quarantined line
  edge({ quantity: -3, unitPrice: 0 }), // kept: free line
  edge({ invoiceNo: 'C990002', quantity: 3 }), // positive-quantity-cancelled
  edge({ invoiceNo: 'c990003', quantity: -1 }), // kept: a cancellation in lower case
  edge({ quantity: 1e308, unitPrice: 1e10 }), // bad-revenue
  edge({ invoiceNo: '990004', description: '\u00a0\u2003' }), // blank description → "No Description"
  edge({ invoiceNo: '990004', customerId: '\u3000', country: ' ' }), // anonymous, unknown country
  edge({ invoiceNo: '990004', stockCode: ' post ', unitPrice: 18 }), // non-product after upper-casing and trimming
  edge({ invoiceNo: '990004', stockCode: '85123a' }), // colour variant after upper-casing
  edge({ invoiceNo: ' A990005', stockCode: 'B', unitPrice: -5, quantity: 1 }), // bad debt
  edge({ invoiceNo: '990006', stockCode: 'X1', description: ' Discount ' }), // discount by its description
  edge({ invoiceNo: '990006', stockCode: 'X1', description: ' Discount ' }), // its duplicate
  edge({ invoiceNo: '990007', stockCode: 'TIE9', description: 'BETA ' }), // BETA and ALPHA tie 2–2:
  edge({ invoiceNo: '990007', stockCode: 'TIE9', description: 'ALPHA', quantity: null }), // (quarantined: not counted)
  edge({ invoiceNo: '990008', stockCode: 'TIE9', description: 'ALPHA' }),
  edge({ invoiceNo: '990008', stockCode: 'tie9', description: 'ALPHA' }),
  edge({ invoiceNo: '990009', stockCode: 'TIE9', description: 'BETA' }), // BETA, seen first, wins
  edge({ invoiceNo: '990010', customerId: null }), // anonymous: a NULL in the duplicates' key
  edge({ invoiceNo: '990010', customerId: null }), // its duplicate
  edge({ invoiceNo: '990010', customerId: null, country: null }), // not one: NULL against a value
];

let raw: Frame | undefined;
function rawSeeds(): Frame {
  raw ??= fromRows([...toRows(generateTransactions().frame), ...EDGE_ROWS], TRANSACTION_SCHEMA);
  return raw;
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Deep equality with numbers within 1e-9 relative (absolute below 1), naming the first differing path. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  const diffs: string[] = [];
  const walk = (a: unknown, e: unknown, at: string) => {
    if (diffs.length >= 5) return;
    if (typeof a === 'number' && typeof e === 'number') {
      if (!close(a, e)) diffs.push(`${at}: ${a} vs ${e}`);
    } else if (Array.isArray(a) && Array.isArray(e)) {
      if (a.length !== e.length) diffs.push(`${at}: length ${a.length} vs ${e.length}`);
      else for (let i = 0; i < a.length; i++) walk(a[i], e[i], `${at}[${i}]`);
    } else if (a && e && typeof a === 'object' && typeof e === 'object') {
      const keys = Object.keys(e as object);
      if (Object.keys(a as object).join() !== keys.join())
        diffs.push(`${at}: keys ${Object.keys(a as object)} vs ${keys}`);
      else for (const k of keys) walk((a as Row)[k], (e as Row)[k], `${at}.${k}`);
    } else if (a !== e) diffs.push(`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(e)}`);
  };
  walk(actual, expected, path);
  expect(diffs).toEqual([]);
}

/** Compare two per-customer tables keyed by customerId: same keys, each numeric column equal (floats within 1e-9). */
function expectSameByCustomer(actual: Frame, expected: Frame, columns: readonly string[]): void {
  const rows = new Map(toRows(actual).map((r) => [r.customerId as string, r]));
  expect(actual.length).toBe(expected.length);
  const mismatches: string[] = [];
  for (const e of toRows(expected)) {
    const a = rows.get(e.customerId as string);
    if (!a) {
      mismatches.push(`missing ${e.customerId}`);
      continue;
    }
    for (const c of columns)
      if (!close(a[c] as number, e[c] as number)) mismatches.push(`${e.customerId}.${c}: ${a[c]} vs ${e[c]}`);
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
}

const FEATURE_COLUMNS = [
  'recency',
  'frequency',
  'monetary',
  'oneTime',
  'meanDaysBetween',
  'meanTicketSize',
  'meanItemsPerInvoice',
  'meanQuantityPerInvoice',
  'meanSpendPerMonth',
  'purchasesPerMonth',
  'refundLineRate',
  'refundValueRate',
  'tenure',
  'activeDays',
  'activeMonths',
];

const SERIES_CASES: readonly { name: string; options: BuildSeriesOptions; line: boolean }[] = [
  { name: 'daily total, business calendar, zero-filled', options: { calendar: 'business' }, line: false },
  {
    name: 'weekly per country, revenue, first-appearance order',
    options: { freq: 'W', by: ['country'], target: 'revenue' },
    line: true,
  },
  {
    name: 'daily per country, holidays, global start',
    options: {
      by: ['country'],
      calendar: { closedWeekdays: [6, 7], holidays: ['2011-04-22', '2011-12-25'] },
      start: 'global',
    },
    line: true,
  },
  {
    name: 'monthly per stock code, traded periods only',
    options: { freq: 'M', by: ['stockCode'], fill: 'absent' },
    line: false,
  },
];

describe.each(ENGINES)('pushdown conformance on $name', (c) => {
  let engine: SqlEngine;
  let stop: () => Promise<void> = async () => undefined;
  let data: Frame;
  let rawData: Frame;

  beforeAll(async () => {
    if (!c.available) return;
    data = await c.data();
    rawData = await c.raw();
    ({ engine, stop } = await c.open());
    await loadFrame(engine, 'transactions', data);
    await loadFrame(engine, 'raw_transactions', rawData);
  });
  afterAll(async () => {
    await engine?.close();
    await stop();
  });

  it.skipIf(!c.available)('day, week and month numbering equal core calendar functions', async () => {
    const f = sqlDialect(engine.dialect);
    const times = [
      '1969-12-31 23:59:59',
      '1970-01-01 00:00:00',
      '2010-12-05 13:01:00',
      '2011-02-28 23:59:59',
      '2011-12-31 08:00:00',
    ];
    for (const text of times) {
      const ms = parseIsoDate(text);
      const ts = f.timestamp(ms);
      const r = toRows(
        await engine.query(
          `SELECT ${f.dayNumber(ts)} AS d, ${f.monthIndex(ts)} AS m, ${f.weekIndex(f.dayNumber(ts))} AS w, ${f.isoWeekday(f.dayNumber(ts))} AS wd, ${f.timestampOfDay(f.dayNumber(ts))} AS day_start, ${f.timestampOfMonth(f.monthIndex(ts))} AS month_start`,
        ),
      )[0];
      const d = dayNumber(ms);
      expect(r, text).toEqual({
        d,
        m: monthIndex(ms),
        w: Math.floor((d + 3) / 7),
        wd: isoDayOfWeek(ms),
        day_start: new Date(d * 86_400_000),
        month_start: new Date(Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), 1)),
      });
    }
  });

  it.skipIf(!c.available)('purchaseSummarySql equals purchaseSummary (default asOf and a mid-year asOf)', async () => {
    for (const asOf of [undefined, '2011-09-01']) {
      const expected = purchaseSummary(data, { asOf });
      const actual = await engine.query(
        purchaseSummarySql(engine.dialect, { table: 'transactions', asOf, columns: { revenue: 'revenue' } }),
      );
      expect(Object.keys(actual.columns)).toEqual(['customerId', 'x', 'tx', 'T', 'monetaryValue']);
      expect(expected.length).toBeGreaterThan(500);
      expectSameByCustomer(actual, expected, ['x', 'tx', 'T', 'monetaryValue']);
    }
  });

  it.skipIf(!c.available)('customerFeaturesSql equals customerFeatures (refunds included)', async () => {
    for (const asOf of [undefined, '2011-09-01']) {
      const expected = customerFeatures(data, { asOf });
      const actual = await engine.query(
        customerFeaturesSql(engine.dialect, { table: 'transactions', asOf, columns: { revenue: 'revenue' } }),
      );
      expect(Object.keys(actual.columns)).toEqual(['customerId', ...FEATURE_COLUMNS]);
      expectSameByCustomer(actual, expected, FEATURE_COLUMNS);
      // the fixture exercises refunds and one-time buyers
      expect(toRows(expected).some((r) => (r.refundLineRate as number) > 0 && (r.oneTime as number) === 1)).toBe(true);
    }
  });

  it.skipIf(!c.available)(
    "customerEventsSql: fitCustomerValue and fitSegmenter on the engine's events and features equal the fits on the lines (days and invoices)",
    async () => {
      const asOf = '2011-12-10';
      const columns = { revenue: 'revenue' };
      const events = await engine.query(customerEventsSql(engine.dialect, { table: 'transactions', asOf, columns }));
      const features = await engine.query(
        customerFeaturesSql(engine.dialect, { table: 'transactions', asOf, columns }),
      );
      const want = fitCustomerValue(data, { asOf, seed: 7 });
      const got = fitCustomerValue({ events }, { asOf, seed: 7 });
      expectClose(got.report, want.report, 'value report');
      expect(got.model.toJSON().trainingFingerprint).toBe(want.model.toJSON().trainingFingerprint);
      const values = (r: typeof want) => ({
        model: 'customer-value',
        customers: r.report.customers,
        bgNbd: r.report.bgNbd,
        gammaGamma: r.report.gammaGamma,
        trainingFingerprint: r.model.toJSON().trainingFingerprint,
      });
      const options = { asOf, seed: 42, kRange: [2, 6] as const };
      const segWant = fitSegmenter(data, { ...options, values: values(want) });
      const segGot = fitSegmenter({ events, features }, { ...options, values: values(got) });
      expectClose(segGot.report, segWant.report, 'segments report');
      expectClose(segGot.model.toJSON().params, segWant.model.toJSON().params, 'segmenter params');
      // events per invoice: the same fit (the fingerprint hashes the events: equal ids, days and revenue)
      const sql = customerEventsSql(engine.dialect, { table: 'transactions', asOf, columns, unit: 'invoices' });
      const byInvoice = fitCustomerValue({ events: await engine.query(sql) }, { asOf, seed: 7, unit: 'invoices' });
      const byInvoiceWant = fitCustomerValue(data, { asOf, seed: 7, unit: 'invoices' });
      expectClose(byInvoice.report, byInvoiceWant.report, 'value report by invoice');
      expect(byInvoice.model.toJSON().trainingFingerprint).toBe(byInvoiceWant.model.toJSON().trainingFingerprint);
    },
  );

  it.skipIf(!c.available).each(SERIES_CASES)('demandSeriesSql equals buildSeries: $name', async ({ options, line }) => {
    const expected = toRows(seriesToFrame(buildSeries(data, options)));
    const sql = demandSeriesSql(engine.dialect, {
      table: 'transactions',
      ...(options as object),
      columns: line ? { line: 'line' } : undefined,
    } as Parameters<typeof demandSeriesSql>[1]);
    let actual = toRows(await engine.query(sql));
    expect(actual.length).toBe(expected.length);
    if (!line) {
      // without the line number series come ordered by id: compare in the in-memory order
      const pos = new Map<string, number>();
      for (const r of expected) if (!pos.has(r.id as string)) pos.set(r.id as string, pos.size);
      actual = actual.slice().sort((a, b) => (pos.get(a.id as string) ?? 0) - (pos.get(b.id as string) ?? 0));
    }
    const bad: string[] = [];
    for (let i = 0; i < expected.length && bad.length < 10; i++) {
      const a = actual[i];
      const e = expected[i];
      if (
        a.id !== e.id ||
        (a.ds as Date).getTime() !== (e.ds as Date).getTime() ||
        !close(a.y as number, e.y as number)
      )
        bad.push(`${i}: ${JSON.stringify(a)} vs ${JSON.stringify(e)}`);
    }
    expect(bad).toEqual([]);
  });

  // Not exactly expressible in SQL (none occurs in these lines): safe-text is the identity (DuckDB and BigQuery text
  // can keep a NUL; PostgreSQL text cannot hold one); bad-revenue tests |q| > max/|p| because PostgreSQL and DuckDB
  // raise on an overflowing product (differs only within one rounding of the largest double); UPPER follows the
  // engine's locale for non-ASCII codes; z-score mean and σ equal the in-memory ones up to summation order.
  describe('cleaningSql equals clean', () => {
    let expected: CleanResult;
    let sql: ReturnType<typeof cleaningSql>;
    beforeAll(async () => {
      if (!c.available) return;
      expected = clean(rawData);
      sql = cleaningSql(engine.dialect, { table: 'raw_transactions' });
      for (const statement of sql.statements) await engine.exec(statement);
    });

    it.skipIf(!c.available)('quarantines the same lines with the same reasons', async () => {
      const actual = toRows(await engine.query(`SELECT "line", "reason" FROM ${sql.views.quarantine}`));
      const got = actual.map((r) => `${Number(r.line) - 1}:${r.reason}`).sort();
      const want = toRows(expected.quarantine)
        .map((r) => `${r.row}:${r.reason}`)
        .sort();
      expect(got).toEqual(want);
      if (c.name !== 'duckdb, real UCI data') expect(new Set(want.map((w) => w.split(':')[1])).size).toBe(8);
    });

    it.skipIf(!c.available)('keeps the same lines with the same values, derived columns and flags', async () => {
      const actual = toRows(await engine.query(`SELECT * FROM ${sql.views.lines} ORDER BY "line"`));
      const kept = keptRows(expected, rawData.length);
      const want = toRows(expected.frame);
      expect(actual.length).toBe(want.length);
      const columns = Object.keys(want[0]).filter((n) => n !== 'localInvoiceDate');
      expect(Object.keys(actual[0])).toEqual(['line', ...columns]);
      const bad: string[] = [];
      for (let i = 0; i < want.length && bad.length < 10; i++) {
        if (Number(actual[i].line) !== kept[i] + 1) bad.push(`row ${i}: line ${actual[i].line} vs ${kept[i] + 1}`);
        for (const name of columns)
          if (!sameValue(actual[i][name], want[i][name]))
            bad.push(`line ${kept[i] + 1} ${name}: ${String(actual[i][name])} vs ${String(want[i][name])}`);
      }
      expect(bad).toEqual([]);
    });

    it.skipIf(!c.available)('cuts the same purpose views (row counts and lines)', async () => {
      const kept = keptRows(expected, rawData.length);
      const position = new Map(Array.from(kept, (row, i) => [row + 1, i]));
      const frame = toRows(expected.frame);
      for (const view of Object.keys(VIEW_DROPS) as ViewName[]) {
        const lines = toRows(await engine.query(`SELECT "line" FROM ${sql.views[view]} ORDER BY "line"`)).map((r) =>
          Number(r.line),
        );
        expect(lines.length, view).toBe(expected.views[view].length);
        // the in-memory view's rows are the frame's rows without the dropped flags, in order
        const flags = VIEW_DROPS[view].map((id) => expected.report.flags[id]);
        const want = kept.filter((_, i) => !flags.some((f) => frame[i][f] === true)).map((row) => row + 1);
        expect(lines, view).toEqual(want);
        expect(lines.every((l) => position.has(l))).toBe(true);
      }
    });

    it.skipIf(!c.available)('reports the same quality counts, view revenue and fences', async () => {
      const report = expected.report;
      const [summary] = toRows(await engine.query(sql.quality.summary));
      expect(Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, Number(v)]))).toEqual({
        rowsIn: report.rowsIn,
        rowsKept: report.rowsKept,
        rowsQuarantined: report.rowsQuarantined,
      });
      const byReason = toRows(await engine.query(sql.quality.byReason));
      expect(Object.fromEntries(byReason.map((r) => [r.reason, Number(r.rows)]))).toEqual(
        Object.fromEntries(Object.entries(report.quarantine.byReason).filter(([, n]) => n > 0)),
      );
      const count = (id: string) => report.rules.find((r) => r.id === id)?.count;
      const [flags] = toRows(await engine.query(sql.quality.flags));
      for (const [id, column] of Object.entries(report.flags)) expect(Number(flags[column]), id).toBe(count(id));
      const [transforms] = toRows(await engine.query(sql.quality.transforms));
      for (const [name, n] of Object.entries(transforms)) {
        const id = name.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
        expect(Number(n), id).toBe(count(id));
      }
      const views = toRows(await engine.query(sql.quality.views));
      expect(views.map((v) => v.view)).toEqual(Object.keys(VIEW_DROPS));
      for (const v of views) {
        const q = report.revenue.views[v.view as ViewName];
        expect(Number(v.rows), String(v.view)).toBe(q.rows);
        expect(close(Number(v.revenue), q.revenue), `${v.view} revenue ${v.revenue} vs ${q.revenue}`).toBe(true);
      }
      const [fences] = toRows(await engine.query(sql.quality.fences));
      const qf = report.parameters.quantityOutlier;
      const pf = report.parameters.priceOutlier;
      if (qf.method !== 'iqr' || pf.method !== 'zscore') throw new Error('default fences expected');
      expect([fences.quantity_q1, fences.quantity_q3, fences.quantity_lower, fences.quantity_upper]).toEqual([
        qf.q1,
        qf.q3,
        qf.lower,
        qf.upper,
      ]);
      expect(close(fences.price_mean as number, pf.mean) && close(fences.price_std as number, pf.std)).toBe(true);
    });
  });
});

/** The input rows `clean` kept, in order (every row not in its quarantine). */
function keptRows(result: CleanResult, n: number): number[] {
  const removed = new Set(toRows(result.quarantine).map((r) => r.row as number));
  return Array.from({ length: n }, (_, i) => i).filter((i) => !removed.has(i));
}

/** Equal values across the engine's and the Frame's rows: timestamps by time, numbers exactly, missing = null. */
function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v === undefined ? null : v;
  const x = norm(a);
  const y = norm(b);
  if (typeof x === 'number' && typeof y === 'number') return x === y || (Number.isNaN(x) && Number.isNaN(y));
  return x === y;
}

/** BigQuery: the generated Standard SQL is pinned by golden files (rewrite with UPDATE_GOLDEN=1 after a reviewed change). */
describe('BigQuery SQL golden files', () => {
  const dialect: SqlDialect = 'bigquery';
  const cases: Record<string, string> = {
    'purchase-summary': purchaseSummarySql(dialect, { table: 'shop.retail.transactions', asOf: '2011-12-10' }),
    'customer-features': customerFeaturesSql(dialect, { table: 'shop.retail.transactions' }),
    'customer-events': customerEventsSql(dialect, { table: 'shop.retail.transactions', asOf: '2011-12-10' }),
    'demand-series-weekly': demandSeriesSql(dialect, {
      table: 'shop.retail.transactions',
      freq: 'W',
      by: ['stockCode'],
      columns: { line: 'line' },
    }),
    cleaning: cleaningSql(dialect, { table: 'shop.retail.raw_transactions', schema: 'shop.retail' }).statements.join(
      ';\n\n',
    ),
    'cleaning-quality': Object.values(
      cleaningSql(dialect, { table: 'shop.retail.raw_transactions', schema: 'shop.retail' }).quality,
    ).join(';\n\n'),
    'demand-series-daily-business': demandSeriesSql(dialect, {
      table: 'transactions',
      calendar: { closedWeekdays: [6], holidays: ['2011-12-25'] },
      target: 'revenue',
    }),
  };
  it.each(Object.keys(cases))('%s matches its golden file', (name) => {
    const path = fileURLToPath(new URL(`./fixtures/pushdown/bigquery-${name}.sql`, import.meta.url));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, `${cases[name]}\n`);
    expect(`${cases[name]}\n`).toBe(readFileSync(path, 'utf8'));
  });
});
