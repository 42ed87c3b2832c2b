import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { recommenderFromJSON } from '@retailkit/basket';
import { cleaningSql } from '@retailkit/cleaning';
import { openSqlEngine, openWarehouse, type SqlEngine } from '@retailkit/connectors';
import { type Frame, intColumn, MS_PER_DAY, numbers, sqlDialect, startOfDay, strings, toRows } from '@retailkit/core';
import {
  demandSeriesSql,
  type ForecastReport,
  type SeriesData,
  seriesFromArrays,
  type TradingCalendar,
} from '@retailkit/forecast';
import {
  type CustomerTables,
  customerEventsSql,
  customerFeaturesSql,
  type GammaGammaParams,
  type SegmentsReport,
  segmenterFromJSON,
} from '@retailkit/rfm';
import { ingest } from './commands/ingest.js';
import { type LoadedTables, startEmbeddedWarehouse } from './commands/load.js';
import { type Context, fmtInt } from './context.js';
import { CLI_ERROR_CODES, cliError } from './errors.js';
import { type LoadInput, purposeViews, type TableCount } from './load-steps.js';
import { type ScoreOptions, type ScoreReport, scoreCustomers, scoreItems } from './score-back.js';
import type { ItemsetScratchTables } from './warehouse-basket.js';

/** The raw transactions table `--engine warehouse` loads, with the 1-based source line number as `line`. */
export const RAW_TABLE = 'retailkit_transactions';

/** An engine for `--warehouse`, and how to stop what was started for it. */
interface OpenedEngine {
  engine: SqlEngine;
  /** The engine's URL, for the bulk load (PostgreSQL's COPY, BigQuery's load job). */
  url: string;
  location: string;
  stop: () => Promise<void>;
  /** See {@link RunWarehouse.itemsetTables}. */
  itemsetTables?: ItemsetScratchTables;
}

/**
 * The engine behind `--warehouse`: `embedded` starts a PostgreSQL with its data under `<out>/warehouse` (the load's),
 * `postgres://…` connects, `duckdb:<file>` opens DuckDB in-process, `bigquery:<project>.<dataset>` opens BigQuery
 * (credentials from the environment).
 */
async function engineFor(ctx: Context, warehouse: string): Promise<OpenedEngine> {
  if (warehouse !== 'embedded') {
    const engine = await openSqlEngine(warehouse);
    return { engine, url: warehouse, location: engine.location, stop: async () => undefined };
  }
  const server = await startEmbeddedWarehouse(ctx.outPath('warehouse'));
  try {
    const engine = await openSqlEngine(server.connectionString);
    return {
      engine,
      url: server.connectionString,
      location: `embedded PostgreSQL on 127.0.0.1:${server.port}`,
      stop: () => server.stop(),
      itemsetTables: {
        pairsTable: 'public.retailkit_itemset_pairs',
        basketItemsTable: 'public.retailkit_itemset_basket_items',
      },
    };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** The ingested lines with their source line number first (row i of the file's data is line i + 1). */
function withLines(frame: Frame): Frame {
  return {
    length: frame.length,
    columns: { line: intColumn(Int32Array.from({ length: frame.length }, (_, i) => i + 1)), ...frame.columns },
  };
}

/** Where the lines are cleaned: the engine and its URL (for the bulk load). */
export interface LinesTarget {
  readonly engine: SqlEngine;
  /** The engine's URL: PostgreSQL's COPY connects to it, BigQuery's load job goes to its dataset. */
  readonly url: string;
  /** BigQuery: more client options for the load (the ones the engine was opened with). */
  readonly bigquery?: object;
}

/**
 * Load the raw lines into the engine (replacing the table) with connectors' warehouse loader, as `load` loads its
 * tables (text checked the same way): DuckDB inserts from a Parquet file on a connection of its own to the engine's
 * database, PostgreSQL gets COPY, BigQuery a Parquet load job.
 */
async function loadRaw(target: LinesTarget, lines: Frame): Promise<void> {
  const { engine, url } = target;
  const wh = await (engine.dialect === 'duckdb'
    ? openWarehouse(engine)
    : openWarehouse(url, { bigquery: target.bigquery }));
  try {
    await wh.load(RAW_TABLE, lines, { disposition: 'replace' });
  } finally {
    await wh.close();
  }
}

/** The files the score step applies, and the step of `run` that writes each. */
const SCORE_INPUTS: Readonly<Record<string, string>> = {
  'models/segments.json': 'segment',
  'segments.json': 'segment',
  'models/recommender.json': 'basket',
  'forecast.json': 'forecast',
};

async function readJson<T>(ctx: Context, name: string): Promise<T> {
  return JSON.parse(await readFile(ctx.outPath(name), 'utf8')) as T;
}

/** The engine of `run --engine warehouse`, the lines loaded and cleaned in it: what the pushed-down steps read. */
export interface RunWarehouse {
  readonly engine: SqlEngine;
  /** The engine's description (for the step's detail). */
  readonly location: string;
  /** The cleaned views the analyses read (`retailkit_revenue`, `retailkit_basket`). */
  readonly views: { readonly revenue: string; readonly modeling: string; readonly basket: string };
  /** BigQuery: the dataset the tables are in (the engine's default dataset, named in scripts too). */
  readonly dataset?: string;
  /**
   * The run's own embedded PostgreSQL: where the itemsets' scratch tables are unlogged tables (`itemsetSupportsSql`'s
   * `pairsTable` and `basketItemsTable` with a schema), which parallel workers scan; elsewhere they stay temporary
   * (no name shared with another session, nothing left behind).
   */
  readonly itemsetTables?: ItemsetScratchTables;
  /** Close the engine and stop what was started for it (an embedded server). Idempotent. */
  close(): Promise<void>;
}

/**
 * The `warehouse` step of `run --engine warehouse`: the engine behind `--warehouse` opened (an embedded PostgreSQL
 * started), the raw lines loaded into it with their source line number, and cleaned there by `cleaningSql`'s views.
 * The segment and score steps then read those views; the caller closes the engine when the run ends.
 */
export async function warehouseStep(ctx: Context, options: { warehouse?: string }): Promise<RunWarehouse> {
  const lines = withLines((await ingest(ctx)).frame);
  return ctx.step(
    'warehouse',
    async () => {
      const { engine, url, location, stop, itemsetTables } = await engineFor(ctx, options.warehouse ?? 'embedded');
      let closed: Promise<void> | undefined;
      const close = () => {
        closed ??= engine.close().finally(stop);
        return closed;
      };
      try {
        const views = await cleanLines({ engine, url }, lines);
        return { engine, location, views, close, dataset: datasetOf(engine, url), itemsetTables };
      } catch (e) {
        await close();
        throw e;
      }
    },
    (w) => `${fmtInt(lines.length)} lines loaded and cleaned in ${w.location}`,
  );
}

/**
 * The per-customer tables the segment step fits on, computed in the engine from the cleaned `revenue` view at the
 * asOf the in-memory fits default to (midnight after the view's last line): `customerEventsSql` (one row per
 * customer and purchase day) and `customerFeaturesSql` (one row per customer, which the score step can reuse). Node
 * never holds the lines.
 */
export async function customerTables(wh: RunWarehouse): Promise<{ tables: CustomerTables; asOf?: number }> {
  const { engine } = wh;
  const f = sqlDialect(engine.dialect);
  const table = wh.views.revenue;
  const [row] = toRows(await engine.query(`SELECT MAX(${f.ident('invoiceDate')}) AS last FROM ${f.table(table)}`));
  const last = row?.last instanceof Date ? row.last.getTime() : typeof row?.last === 'number' ? row.last : undefined;
  const asOf = last === undefined ? undefined : startOfDay(last) + MS_PER_DAY;
  const options = { table, asOf, columns: { revenue: 'revenue' } };
  const events = await engine.query(customerEventsSql(engine.dialect, options));
  const features = await engine.query(customerFeaturesSql(engine.dialect, options));
  return { tables: { events, features }, asOf };
}

/** `buildSeries`' `calendar: 'business'` (closed on Saturdays), which the default forecast's series uses. */
const BUSINESS: TradingCalendar = { closedWeekdays: [6], holidays: [] };

/**
 * The default forecast's series (`defaultForecastSeries`: daily quantity of the `modeling` view on the days that
 * traded, business calendar) computed in the engine by `demandSeriesSql`: one row per trading day reaches Node.
 * Quantities are whole numbers, so the sums equal Node's exactly.
 */
export async function forecastSeries(wh: RunWarehouse): Promise<SeriesData> {
  const rows = await wh.engine.query(
    demandSeriesSql(wh.engine.dialect, { table: wh.views.modeling, calendar: 'business', fill: 'absent' }),
  );
  const ids = strings(rows, 'id');
  const ds = numbers(rows, 'ds');
  const y = numbers(rows, 'y');
  const series = new Map<string, { ds: number[]; y: number[] }>();
  for (let i = 0; i < rows.length; i++) {
    const id = ids.values[ids.codes[i]];
    let s = series.get(id);
    if (!s) series.set(id, (s = { ds: [], y: [] }));
    s.ds.push(ds[i]);
    s.y.push(y[i]);
  }
  return seriesFromArrays(
    [...series].map(([id, s]) => ({ id, ...s })),
    { freq: 'D', calendar: BUSINESS },
  );
}

/**
 * The `score` step of `run --engine warehouse`: the fitted models in `--out` (segments, recommender, forecast) are
 * applied to the lines the `warehouse` step cleaned in the engine: top-k recommendations and customer features are
 * computed in the engine, and every score table is merged on its key (a rerun changes nothing). The step starts once
 * basket and forecast have written their models: it merges the recommendations and forecasts ({@link scoreItems})
 * beside segment's fits, then waits for `segmented` (segment's step ended; the customer features it fitted on, which
 * are reused) and merges the customer scores ({@link scoreCustomers}). Its recorded time is the two parts' own, not
 * the wait between them. When a model's file is missing, the step fails naming it (after the first part, when only
 * segment's are missing).
 */
export async function scoreStep(
  ctx: Context,
  wh: RunWarehouse,
  segmented: () => Promise<ScoreOptions['features']>,
): Promise<ScoreReport> {
  const startedAt = performance.now();
  let spent = 0;
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      spent += performance.now() - t;
    }
  };
  const lines = { featureLines: wh.views.revenue, basketLines: wh.views.basket };
  // basket and forecast have ended (the step's `after`): their files are there now or never
  const items = missingInputs(ctx, ['basket', 'forecast']).length
    ? undefined
    : await timed(async () => {
        const [recommender, forecast] = await Promise.all([
          readJson(ctx, 'models/recommender.json'),
          readJson<ForecastReport>(ctx, 'forecast.json'),
        ]);
        const models = { rules: recommenderFromJSON(recommender).params.rules, forecasts: forecast.forecasts };
        return scoreItems(wh.engine, models, lines);
      });
  const features = await segmented();
  const missing = missingInputs(ctx);
  if (!items || missing.length)
    throw cliError(
      CLI_ERROR_CODES.scoreNeedsModels,
      `score: ${missing.map(([file]) => file).join(', ')} not written by this run (its ${[...new Set(missing.map(([, step]) => step))].join(' and ')} step was skipped, see run.json); scoring applies them${items ? ' (the recommendations and forecasts were merged, the customer scores not)' : ''}. Fix the data so that the step runs, or run --engine memory.`,
      { missing: missing.map(([file]) => file) },
    );
  const customers = await timed(async () => {
    const [segments, fitted] = await Promise.all([
      readJson(ctx, 'models/segments.json'),
      readJson<SegmentsReport>(ctx, 'segments.json'),
    ]);
    const segmenter = segmenterFromJSON(segments);
    const gammaGamma = (fitted.churn?.gammaGamma as unknown as GammaGammaParams | undefined) ?? null;
    return scoreCustomers(wh.engine, { segmenter, gammaGamma }, { ...lines, features });
  });
  const report = { customers, ...items };
  ctx.record(
    'score',
    startedAt,
    spent,
    `${fmtInt(customers.rowsInTable)} customers, ${fmtInt(items.recommendations.rowsInTable)} recommendations, ${fmtInt(items.forecasts.rowsInTable)} forecasts; ${fmtInt(changed(report))} rows changed`,
  );
  return report;
}

/** The score step's input files (of `steps`, default all) that this run did not write, with the step that writes each. */
function missingInputs(ctx: Context, steps?: readonly string[]): [string, string][] {
  return Object.entries(SCORE_INPUTS).filter(
    ([file, step]) => (!steps || steps.includes(step)) && !existsSync(ctx.outPath(file)),
  );
}

/** BigQuery: the dataset of a `bigquery:project.dataset` URL; undefined on the other engines. */
function datasetOf(engine: SqlEngine, url: string): string | undefined {
  return engine.dialect === 'bigquery' ? url.slice(url.indexOf('.') + 1) : undefined;
}

/**
 * The views `cleanLines` computes once, as tables: every later view reads `flagged` (`lines` twice: for its rows and
 * for the fences), and the score reads `lines` three times. On the real data in DuckDB, reading `lines` once as a
 * view took 4.5 s; every statement with these two as tables, 2.9 s (scratch timers, bench/RESULTS.md, 2026-12-06).
 */
const MATERIALIZE = ['flagged', 'lines'] as const;

/**
 * The lines loaded into the engine as `retailkit_transactions` and cleaned there by `cleaningSql`'s statements (view
 * names prefixed `retailkit_`; {@link MATERIALIZE} as tables); the names of the `revenue` and `basket` views the
 * scores read. On BigQuery every table and view is qualified with the engine's dataset (a view's query has no
 * default dataset).
 */
export async function cleanLines(
  target: LinesTarget,
  lines: Frame,
): Promise<{ revenue: string; modeling: string; basket: string }> {
  const { engine } = target;
  const dataset = datasetOf(engine, target.url);
  const sql = cleaningSql(engine.dialect, {
    table: dataset ? `${dataset}.${RAW_TABLE}` : RAW_TABLE,
    columns: { line: 'line' },
    prefix: VIEW_PREFIX,
    materialize: MATERIALIZE,
    // DuckDB: the run's connection reads them, and nothing needs them in the file afterwards (see loadFromEngine)
    temporary: engine.dialect === 'duckdb',
    ...(dataset ? { schema: dataset } : {}),
  });
  // PostgreSQL: the views over the raw table would keep the load from replacing it
  if (engine.dialect === 'postgres')
    for (const [name, view] of Object.entries(sql.views).reverse())
      if (!(MATERIALIZE as readonly string[]).includes(name)) await engine.exec(`DROP VIEW IF EXISTS ${view} CASCADE`);
  await loadRaw(target, lines);
  for (const statement of sql.statements) await engine.exec(statement);
  return { revenue: `${VIEW_PREFIX}revenue`, modeling: `${VIEW_PREFIX}modeling`, basket: `${VIEW_PREFIX}basket` };
}

/**
 * The `load` of `run --engine warehouse`: `transactions_raw` and `transactions_clean`, the tables `load` writes
 * from Node's raw and cleaned frames, made in the engine from the lines the `warehouse` step loaded
 * (`retailkit_transactions`) and cleaned (`retailkit_lines`): the frames' columns, in file order, both tables or
 * neither (one transaction, sent as one call on the run's connection, so that the other steps' statements queue
 * after it). On PostgreSQL the purpose views over `transactions_clean` are made again in the same transaction, as
 * `loadWarehouse` makes them (`purposeViews`). On DuckDB the loaded lines become `transactions_raw` by a rename
 * (their `line` column dropped, {@link renamesRaw}), so the raw lines are written once. BigQuery takes no DDL in a
 * transaction: one script creates the missing tables empty, then replaces both tables' rows in a transaction
 * (`DELETE`, `INSERT … SELECT`), as its loader's `loadMany` applies staged tables; the raw lines are uploaded once.
 * Each table's and view's rows are counted against Node's, so a difference between the engine's cleaning and Node's
 * is a load that fails (`CLI_LOAD_COUNT_MISMATCH`, see load.json). Same tables as loading the frames (the test
 * compares them), without a second pass of the lines through the loader (on the real data in DuckDB the frames'
 * load took 4.5 s and ended the run; bench/RESULTS.md, 2026-12-07).
 */
export async function loadFromEngine(wh: RunWarehouse, input: LoadInput): Promise<LoadedTables> {
  const { engine } = wh;
  const dialect = engine.dialect;
  const f = sqlDialect(dialect);
  const pg = dialect === 'postgres';
  // DuckDB: the tables go to the file's main schema (the cleaned lines are temporary); PostgreSQL: the default one;
  // BigQuery: the engine's dataset
  const name = (table: string) =>
    dialect === 'duckdb' ? `main.${f.ident(table)}` : wh.dataset ? f.table(`${wh.dataset}.${table}`) : f.ident(table);
  // the raw table was inserted in file order, which a plain scan keeps on DuckDB (preserve_insertion_order), and a
  // rename keeps; the cleaned lines come out of joins, in no particular order: both sorted into file order
  const plan: [table: string, source: string, frame: Frame][] = [
    ['transactions_raw', RAW_TABLE, input.raw],
    ['transactions_clean', `${VIEW_PREFIX}lines`, input.clean],
  ];
  const ordered = (source: string) =>
    `${f.ident(source)}${pg || source !== RAW_TABLE ? ` ORDER BY ${f.ident('line')}` : ''}`;
  const renamed = dialect === 'duckdb' && (await renamesRaw(engine, input.raw));
  const views = pg ? purposeViews(input) : [];
  const statements =
    dialect === 'bigquery'
      ? bigQueryLoad(plan, name)
      : [
          'BEGIN TRANSACTION;',
          // the purpose views depend on transactions_clean: dropped so that it can be replaced, then made again
          ...views.map((v) => `${v.drop};`),
          ...plan.flatMap(([table, source, frame]) => {
            if (renamed && table === 'transactions_raw')
              return [
                `DROP TABLE IF EXISTS ${name(table)};`,
                `ALTER TABLE ${name(RAW_TABLE)} DROP COLUMN ${f.ident('line')};`,
                `ALTER TABLE ${name(RAW_TABLE)} RENAME TO ${f.ident(table)};`,
              ];
            const columns = Object.keys(frame.columns).map(f.ident).join(', ');
            const create = `${pg ? 'CREATE' : 'CREATE OR REPLACE'} TABLE ${name(table)} AS SELECT ${columns} FROM ${ordered(source)};`;
            return pg ? [`DROP TABLE IF EXISTS ${name(table)};`, create] : [create];
          }),
          ...views.map((v) => `${v.create};`),
          'COMMIT;',
        ];
  await engine.exec(statements.join('\n')).catch(async (e) => {
    // a BigQuery script rolls its transaction back itself when a statement fails
    if (dialect !== 'bigquery') await engine.exec('ROLLBACK').catch(() => undefined);
    throw e;
  });
  const counted: [string, number][] = [
    ...plan.map(([table, , frame]): [string, number] => [table, frame.length]),
    ...views.map((v): [string, number] => [v.name, v.rows]),
  ];
  const result: TableCount[] = [];
  for (const [table, written] of counted) {
    const [row] = toRows(await engine.query(`SELECT count(*) AS n FROM ${name(table)}`));
    result.push({ name: table, rowsWritten: written, rowsLoaded: Number(row.n) });
  }
  return { label: wh.location, result };
}

/**
 * `loadFromEngine`'s script on BigQuery: the tables that do not exist yet created empty with the frames' columns (DDL
 * cannot run in a transaction), then one transaction that replaces both tables' rows (their order means nothing
 * there). A table left by an earlier load with other columns makes the INSERT fail, and the transaction with it.
 */
function bigQueryLoad(plan: readonly [string, string, Frame][], name: (table: string) => string): string[] {
  const f = sqlDialect('bigquery');
  const loads = plan.map(([table, source, frame]) => ({
    target: name(table),
    from: name(source),
    columns: Object.keys(frame.columns).map(f.ident).join(', '),
  }));
  return [
    ...loads.map((l) => `CREATE TABLE IF NOT EXISTS ${l.target} AS SELECT ${l.columns} FROM ${l.from} WHERE FALSE;`),
    'BEGIN TRANSACTION;',
    ...loads.flatMap((l) => [
      `DELETE FROM ${l.target} WHERE TRUE;`,
      `INSERT INTO ${l.target} (${l.columns}) SELECT ${l.columns} FROM ${l.from};`,
    ]),
    'COMMIT TRANSACTION;',
  ];
}

/**
 * Whether DuckDB's loaded lines can become `transactions_raw` by renaming (their `line` column dropped) rather than
 * by copying: their columns are `line` and the raw frame's, in order. A rename writes no row: on ×10 of the real
 * data the copy took 6.1 s of CPU (3.1 s wall), the rename under 0.01 s (scratch timers, bench/RESULTS.md
 * 2026-12-07). Nothing reads the raw lines after the load (`flagged` and `lines` are tables).
 */
async function renamesRaw(engine: SqlEngine, raw: Frame): Promise<boolean> {
  const rows = toRows(
    await engine.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position",
      [RAW_TABLE],
    ),
  );
  const want = ['line', ...Object.keys(raw.columns)];
  return rows.length === want.length && rows.every((r, i) => r.column_name === want[i]);
}

/** The prefix of `cleanLines`' views and tables (`retailkit_lines`, `retailkit_revenue`, …). */
export const VIEW_PREFIX = 'retailkit_';

/** Rows inserted, updated or deleted across the score tables. */
function changed(r: ScoreReport): number {
  return Object.values(r).reduce((s, m) => s + m.inserted + m.updated + m.deleted, 0);
}
