/**
 * How the row-heavy stages grow with the data, in memory and pushed down into a warehouse (issue 20's scale bench).
 *
 * Data: the real UCI file, cleaned once, then `k` copies (×1, ×10, …): copy j > 0 gets invoice numbers and customer
 * ids suffixed with `-j` (customers grow with the data, as in a bigger shop) and timestamps shifted by j minutes (the
 * calendar is unchanged); written as one Parquet file per copy, so no process but the memory engine ever holds
 * every line. Engines:
 * - `memory`: the copies read into one Frame, then `purchaseSummary`, `customerFeatures`, `buildSeries` and the
 *   frequent itemsets (`apriori` on `buildBaskets`, minimum support {@link BASKET_SUPPORT});
 * - `duckdb`: a DuckDB file loaded from the Parquet files (`CREATE TABLE … AS SELECT … FROM read_parquet`), then the
 *   analyses with `?memory_limit=384MB` (see {@link DUCKDB_SETTINGS}) running the same stages as `purchaseSummarySql`, `customerFeaturesSql`, `demandSeriesSql` and `warehouseItemsets` (the
 *   itemsets counted level by level in the engine: Node holds the frequent itemsets, never the baskets);
 * - `postgres`: embedded PostgreSQL loaded by `loadTables` (binary COPY) from a stream of the copies, then the same SQL.
 * Loading and the analyses run in separate child processes, so the analyses' peak RSS (`process.resourceUsage()`'s
 * maxRSS) is what Node holds for them: lines in memory, one row per customer or series period with an engine (plus
 * DuckDB's own buffers, which live in the Node process). Each stage's time is wall time.
 *
 *   npm run bench -- scale                              (×1 and ×10, every engine)
 *   RK_SCALE_SIZES=1,10,100 RK_SCALE_ENGINES=duckdb,postgres npx tsx --tsconfig tsconfig.json examples/end-to-end/bench/scale.ts
 *   (RK_SCALE_DUCKDB and RK_SCALE_PG override the engines' settings, RK_SCALE_RUNS the runs per size up to ×10; see below)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apriori, buildBaskets } from '@retailkit/basket';
import { clean } from '@retailkit/cleaning';
import {
  loadTables,
  openSqlEngine,
  postgresWarehouse,
  readCsv,
  readParquet,
  type SqlEngine,
  writeParquetFile,
} from '@retailkit/connectors';
import {
  concat,
  type Frame,
  numberColumn,
  quantileSorted,
  type StringColumn,
  select,
  sortedFinite,
} from '@retailkit/core';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';
import { buildSeries, demandSeriesSql } from '@retailkit/forecast';
import { customerFeatures, customerFeaturesSql, purchaseSummary, purchaseSummarySql } from '@retailkit/rfm';
import { warehouseItemsets } from '../src/warehouse-basket.js';

const DATA =
  [
    fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url)),
    '/work/shared/data/online-retail/online_retail.csv.gz',
  ].find((p) => existsSync(p)) ?? '';
const SELF = fileURLToPath(import.meta.url);
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const COLUMNS = ['invoiceNo', 'stockCode', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country', 'revenue'];
const ENGINES = ['memory', 'duckdb', 'postgres'] as const;
type Engine = (typeof ENGINES)[number];

/** The stages every engine runs, in order. */
const STAGES = ['load', 'summary', 'features', 'series daily', 'series weekly × product', 'itemsets'] as const;
/**
 * The DuckDB analyses' settings: DuckDB's buffers live in the Node process, so its memory limit is what bounds
 * Node's memory with this engine (larger work spills to disk beside the file). Without it the analyses at ×10
 * peaked at 924 MB (2026-12-05 22:40 UTC run). 384 MB: `customerFeaturesSql`, since its items are a DISTINCT of the
 * purchase lines computed apart (47 s → 21 s at ×100), does not run at ×100 in 320 MB (three scratch runs of four on
 * 2026-12-07 ran out of memory); before that, 320 MB was the least that ran every stage at ×100.
 */
const DUCKDB_SETTINGS = process.env.RK_SCALE_DUCKDB ?? 'memory_limit=384MB';
/**
 * The embedded PostgreSQL's settings, `name=value` separated by commas (`RK_SCALE_PG`, e.g. `work_mem=256MB`).
 * Default: none, PostgreSQL's own (`work_mem` 4 MB): at ×100 the itemsets' level 1 (a distinct of ~35 M (basket,
 * item) pairs) ran over 21 min and over 9 min in two runs and was stopped (bench/RESULTS.md, 2026-12-06 and -07).
 */
const PG_SETTINGS: Record<string, string> = Object.fromEntries(
  (process.env.RK_SCALE_PG ?? '')
    .split(',')
    .filter((kv) => kv.includes('='))
    .map((kv) => kv.split('=', 2).map((x) => x.trim()) as [string, string]),
);
/**
 * Analyses' runs per size up to ×10 (`RK_SCALE_RUNS`, default 3), each in a fresh child process; each stage's time is
 * their median, the peak RSS their largest. One run of ~1.5 s is not a figure to divide by: DuckDB's features at ×10
 * took 1.38–1.77 s in single runs on one day, which moved the ×10 → ×100 ratio by ±1.5 (bench/RESULTS.md,
 * 2026-12-07 14:05). Larger sizes run once (minutes each on two cores).
 */
const RUNS = Number(process.env.RK_SCALE_RUNS ?? 3);
/** The largest size that runs {@link RUNS} times. */
const REPEATED_UP_TO = 10;

/** Minimum support of the itemsets stage: the copies repeat the baskets, so the itemsets are the same at every size. */
const BASKET_SUPPORT = 0.02;

interface ChildResult {
  stages: Record<string, number>;
  maxRssMB: number;
  rows: Record<string, number>;
}

/** Copy `j` of the cleaned lines (see the file's comment), with a 1-based line number after the previous copies'. */
function copyOf(base: Frame, j: number): Frame {
  const suffix = (c: StringColumn): StringColumn => (j === 0 ? c : { ...c, values: c.values.map((v) => `${v}-${j}`) });
  const dates = (base.columns.invoiceDate as { data: Float64Array }).data;
  const shifted = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) shifted[i] = dates[i] + j * 60_000;
  const line = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) line[i] = j * base.length + i + 1;
  return {
    length: base.length,
    columns: {
      line: numberColumn(line),
      ...base.columns,
      invoiceNo: suffix(base.columns.invoiceNo as StringColumn),
      customerId: suffix(base.columns.customerId as StringColumn),
      invoiceDate: { type: 'timestamp', data: shifted },
    },
  };
}

const time = async <T>(stages: Record<string, number>, name: string, f: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  stages[name] = performance.now() - t0;
  // each stage as it ends, so that a child that fails or is stopped later still tells what it did
  process.stderr.write(`scale-stage ${JSON.stringify(name)} ${stages[name].toFixed(0)}\n`);
  return r;
};
const rssMB = () => process.resourceUsage().maxRSS / 1024;
/** The analyses' time of a child: every stage but load, ms. */
const analysesMs = (r: ChildResult) => STAGES.filter((s) => s !== 'load').reduce((a, s) => a + (r.stages[s] ?? 0), 0);

/** The analyses in a child process: `memory <dir> <k>` or `<engine url> <k>`. */
async function child(engine: string, where: string, k: number): Promise<ChildResult> {
  const stages: Record<string, number> = {};
  const rows: Record<string, number> = {};
  if (engine === 'memory') {
    const frame = await time(stages, 'load', async () => {
      const parts: Frame[] = [];
      for (let j = 0; j < k; j++) parts.push(await readParquet(join(where, `copy-${j}.parquet`)));
      return parts.length === 1 ? parts[0] : concat(parts);
    });
    rows.summary = (await time(stages, 'summary', () => purchaseSummary(frame))).length;
    rows.features = (await time(stages, 'features', () => customerFeatures(frame))).length;
    rows['series daily'] = (
      await time(stages, 'series daily', () => buildSeries(frame, { calendar: 'business' }))
    ).y.length;
    rows['series weekly × product'] = (
      await time(stages, 'series weekly × product', () => buildSeries(frame, { freq: 'W', by: ['stockCode'] }))
    ).y.length;
    rows.itemsets = (
      await time(stages, 'itemsets', () => apriori(buildBaskets(frame), { minSupport: BASKET_SUPPORT }))
    ).itemsets.length;
    return { stages, rows, maxRssMB: rssMB() };
  }
  const sql: SqlEngine = await openSqlEngine(where);
  try {
    const d = sql.dialect;
    const t = 'transactions';
    const columns = { revenue: 'revenue' };
    rows.summary = (
      await time(stages, 'summary', () => sql.query(purchaseSummarySql(d, { table: t, columns })))
    ).length;
    rows.features = (
      await time(stages, 'features', () => sql.query(customerFeaturesSql(d, { table: t, columns })))
    ).length;
    rows['series daily'] = (
      await time(stages, 'series daily', () => sql.query(demandSeriesSql(d, { table: t, calendar: 'business' })))
    ).length;
    rows['series weekly × product'] = (
      await time(stages, 'series weekly × product', () =>
        sql.query(demandSeriesSql(d, { table: t, freq: 'W', by: ['stockCode'], columns: { line: 'line' } })),
      )
    ).length;
    rows.itemsets = (
      await time(stages, 'itemsets', () => warehouseItemsets(sql, { lines: t, minSupport: BASKET_SUPPORT }))
    ).itemsets.length;
    if (d === 'duckdb') {
      // what DuckDB itself accounts for after the stages (its buffer manager's tags), against the process's RSS
      const mem = await sql.query(
        'SELECT tag, memory_usage_bytes AS used, temporary_storage_bytes AS spilled FROM duckdb_memory() ORDER BY used DESC',
      );
      const tag = mem.columns.tag as StringColumn;
      const used = (mem.columns.used as { data: Float64Array }).data;
      const spilled = (mem.columns.spilled as { data: Float64Array }).data;
      for (let i = 0; i < mem.length; i++)
        if (used[i] + spilled[i] > 0)
          rows[`duckdb ${tag.values[tag.codes[i]]} MB`] = Math.round((used[i] + spilled[i]) / 2 ** 20);
    }
  } finally {
    await sql.close();
  }
  return { stages, rows, maxRssMB: rssMB() };
}

/**
 * Runs of one size and engine as one result: each stage's median, the largest peak RSS, the first run's rows (the
 * same in every run). With an engine the load runs once, before them; the memory engine loads in each run.
 */
function medianOf(results: readonly ChildResult[]): ChildResult {
  const median = (xs: number[]) => quantileSorted(sortedFinite(xs), 0.5);
  const stages: Record<string, number> = {};
  for (const s of Object.keys(results[0].stages)) stages[s] = median(results.map((r) => r.stages[s]));
  return { stages, rows: results[0].rows, maxRssMB: Math.max(...results.map((r) => r.maxRssMB)) };
}

/** A child that failed or was stopped: the stages it finished (as it printed them) and why. */
class ChildFailed extends Error {
  constructor(
    readonly stagesDone: readonly string[],
    readonly exit: string,
    readonly reason: string,
  ) {
    super(`scale bench child failed (${exit}) after ${stagesDone.join(', ') || 'no stage'}: ${reason}`);
  }
}

/** Run `args` in a child process of this file; its last stdout line is its JSON result. */
function spawnChild(args: string[], env?: Record<string, string>): ChildResult {
  const r = spawnSync(TSX, ['--tsconfig', TSCONFIG, SELF, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env },
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    const done = [...r.stderr.matchAll(/^scale-stage (".*") (\d+)$/gm)].map(
      (m) => `${JSON.parse(m[1])} ${(Number(m[2]) / 1000).toFixed(2)} s`,
    );
    const stderr = r.stderr.replace(/^scale-stage .*\n/gm, '');
    // the child's arguments (a PostgreSQL URL with its password) are left out of the reason
    const reason = stderr.match(/(Out of Memory Error[^\n]*|heap out of memory)/)?.[0] ?? stderr.slice(-300);
    throw new ChildFailed(done, String(r.status ?? r.signal), reason.replace(/\s+/g, ' ').trim());
  }
  return JSON.parse(last) as ChildResult;
}

/** Load the copies into a DuckDB file (in a child, so the analyses' process starts without the load's buffers). */
async function loadDuckdb(dir: string, k: number, file: string): Promise<number> {
  const sql = await openSqlEngine(`duckdb:${file}`);
  try {
    const t0 = performance.now();
    const files = Array.from({ length: k }, (_, j) => `'${join(dir, `copy-${j}.parquet`)}'`).join(', ');
    await sql.exec(`CREATE OR REPLACE TABLE transactions AS SELECT * FROM read_parquet([${files}])`);
    return performance.now() - t0;
  } finally {
    await sql.close();
  }
}

/** Load the copies into PostgreSQL through `loadTables` (binary COPY), streamed one copy at a time. */
async function loadPostgres(dir: string, k: number, url: string): Promise<number> {
  const warehouse = await postgresWarehouse({ connectionString: url });
  async function* copies() {
    for (let j = 0; j < k; j++) yield await readParquet(join(dir, `copy-${j}.parquet`));
  }
  const t0 = performance.now();
  try {
    await loadTables({ warehouse, tables: { transactions: copies() }, disposition: 'replace' });
    return performance.now() - t0;
  } finally {
    await warehouse.close();
  }
}

/**
 * How cost grows: for consecutive sizes, each stage's time ratio (target for the features and series with an
 * engine: ≤ 12 from ×10 to ×100, at most linear) and the analyses' peak RSS ratio (target ≤ 2 with an engine); and
 * DuckDB's analyses (all stages but load) against the in-memory engine's at each size.
 */
function growth(measured: Map<string, ChildResult>, sizes: number[], engines: readonly Engine[]): void {
  for (let i = 1; i < sizes.length; i++) {
    const [a, b] = [sizes[i - 1], sizes[i]];
    console.log(`\ngrowth ×${a} → ×${b} (${b / a}× the lines): time ratio per stage, analyses' peak RSS ratio`);
    for (const e of engines) {
      const ra = measured.get(`${e} ${a}`);
      const rb = measured.get(`${e} ${b}`);
      if (!ra || !rb) continue;
      const per = STAGES.map((s) => `${s} ${(rb.stages[s] / ra.stages[s]).toFixed(1)}`).join(', ');
      console.log(`  ${e.padEnd(9)} ${per}; RSS ${(rb.maxRssMB / ra.maxRssMB).toFixed(2)}`);
    }
  }
  for (const k of sizes) {
    const mem = measured.get(`memory ${k}`);
    for (const e of engines.filter((x) => x !== 'memory')) {
      const r = measured.get(`${e} ${k}`);
      if (mem && r)
        console.log(
          `×${k}: ${e} analyses ${(analysesMs(r) / 1000).toFixed(2)} s vs memory ${(analysesMs(mem) / 1000).toFixed(2)} s = ${(analysesMs(r) / analysesMs(mem)).toFixed(2)}× (with load: ${((analysesMs(r) + r.stages.load) / (analysesMs(mem) + mem.stages.load)).toFixed(2)}×)`,
        );
    }
  }
}

/**
 * A log-log chart (text, for RESULTS.md) of the analyses' time (all stages but load) against the lines, one letter
 * per engine (m memory, d DuckDB, p PostgreSQL); `.` marks slope 1 (time ∝ lines) through the first engine's
 * smallest size, so a curve steeper than the dots grows faster than linearly.
 */
function chart(measured: Map<string, ChildResult>, sizes: number[], engines: readonly Engine[], lines: number): void {
  const W = 56;
  const H = 16;
  const points = engines.flatMap((e) =>
    sizes.flatMap((k) => {
      const r = measured.get(`${e} ${k}`);
      return r ? [{ e, x: Math.log10(lines * k), y: Math.log10(analysesMs(r) / 1000) }] : [];
    }),
  );
  if (points.length < 2) return;
  const [x0, x1] = [Math.log10(lines * sizes[0]), Math.log10(lines * sizes[sizes.length - 1])];
  const y0 = Math.floor(Math.min(...points.map((p) => p.y)));
  const y1 = Math.ceil(Math.max(...points.map((p) => p.y)));
  const grid = Array.from({ length: H }, () => Array.from({ length: W }, () => ' '));
  const put = (x: number, y: number, ch: string) => {
    const col = Math.round(((x - x0) / (x1 - x0 || 1)) * (W - 1));
    const row = H - 1 - Math.round(((y - y0) / (y1 - y0 || 1)) * (H - 1));
    if (row >= 0 && row < H && col >= 0 && col < W && (ch !== '.' || grid[row][col] === ' ')) grid[row][col] = ch;
  };
  const first = points[0];
  for (let i = 0; i <= 4 * W; i++) {
    const x = x0 + ((x1 - x0) * i) / (4 * W);
    put(x, first.y + (x - first.x), '.');
  }
  for (const p of points) put(p.x, p.y, p.e[0]);
  console.log(`\nanalyses' time (s, log) against lines (log): m memory, d duckdb, p postgres; dots: slope 1`);
  for (let r = 0; r < H; r++) {
    const y = y1 - ((y1 - y0) * r) / (H - 1);
    const label = r % 5 === 0 || r === H - 1 ? `${(10 ** y).toPrecision(2)} s`.padStart(8) : ' '.repeat(8);
    console.log(`${label} |${grid[r].join('')}`);
  }
  console.log(`${' '.repeat(8)} +${'-'.repeat(W)}`);
  const ticks = sizes.map((k) => `${((lines * k) / 1e6).toPrecision(2)} M`);
  console.log(
    `${' '.repeat(10)}${ticks.join(' '.repeat(Math.max(1, Math.floor((W - ticks.join('').length) / (ticks.length - 1 || 1)))))}`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, engine, where, k] = args;
    let result: ChildResult;
    if (engine === 'load-duckdb')
      result = { stages: { load: await loadDuckdb(where, Number(k), args[4]) }, rows: {}, maxRssMB: rssMB() };
    else if (engine === 'load-postgres')
      result = { stages: { load: await loadPostgres(where, Number(k), args[4]) }, rows: {}, maxRssMB: rssMB() };
    else result = await child(engine, where, Number(k));
    console.log(JSON.stringify(result));
    return;
  }
  if (!DATA) {
    console.log('scale: the UCI file is absent (../shared/data/online-retail); skipped.');
    return;
  }
  const sizes = (process.env.RK_SCALE_SIZES ?? '1,10').split(',').map(Number);
  const engines = (process.env.RK_SCALE_ENGINES?.split(',') ?? ENGINES) as Engine[];
  const duckdbAvailable = await import('@duckdb/node-api').then(
    () => true,
    () => false,
  );
  console.log(
    `scale: load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the start`,
  );
  const base = select(clean((await readCsv(DATA)).frame).frame, COLUMNS);
  const root = await mkdtemp(join(tmpdir(), 'retailkit-scale-'));
  const pg = engines.includes('postgres') ? await startEmbeddedPostgres({ settings: PG_SETTINGS }) : undefined;
  const table: string[][] = [];
  const measured = new Map<string, ChildResult>();
  try {
    for (const k of sizes) {
      const dir = join(root, `x${k}`);
      await mkdir(dir, { recursive: true });
      for (let j = 0; j < k; j++) await writeParquetFile(join(dir, `copy-${j}.parquet`), copyOf(base, j));
      const lines = base.length * k;
      for (const engine of engines) {
        if (engine === 'duckdb' && !duckdbAvailable) {
          table.push([`×${k}`, engine, 'skipped: @duckdb/node-api is not installed']);
          continue;
        }
        let r: ChildResult;
        // a child that fails (memory past its heap, DuckDB past its memory limit) is reported with the reason, and
        // the other engines and sizes still run
        try {
          const runs = k <= REPEATED_UP_TO ? RUNS : 1;
          const repeat = (once: () => ChildResult) => medianOf(Array.from({ length: runs }, once));
          if (engine === 'memory') {
            // every line in one process: past Node's default heap at ×100, so the heap may grow to 16 GB
            r = repeat(() => spawnChild(['memory', dir, String(k)], { NODE_OPTIONS: '--max-old-space-size=16384' }));
          } else {
            const file = join(dir, 'scale.duckdb');
            const url = engine === 'duckdb' ? `duckdb:${file}` : (pg?.connectionString as string);
            const load = spawnChild([`load-${engine}`, dir, String(k), engine === 'duckdb' ? file : url]);
            r = repeat(() => spawnChild([engine, engine === 'duckdb' ? `${url}?${DUCKDB_SETTINGS}` : url, String(k)]));
            r.stages = { load: load.stages.load, ...r.stages };
          }
        } catch (e) {
          if (!(e instanceof ChildFailed)) throw e;
          table.push([
            `×${k}`,
            engine,
            `failed (${e.exit}) after ${e.stagesDone.join(', ') || 'no stage'}: ${e.reason}`,
          ]);
          console.log(table[table.length - 1].join('  '));
          continue;
        }
        measured.set(`${engine} ${k}`, r);
        const row = [`×${k}`, engine, lines.toLocaleString('en')];
        for (const s of STAGES) row.push(r.stages[s] === undefined ? '—' : `${(r.stages[s] / 1000).toFixed(2)} s`);
        row.push(
          `${r.maxRssMB.toFixed(0)} MB`,
          `${r.rows.features?.toLocaleString('en')} customers, ${r.rows.itemsets?.toLocaleString('en')} itemsets`,
        );
        table.push(row);
        console.log(row.join('  '));
        const duck = Object.entries(r.rows).filter(([name]) => name.startsWith('duckdb '));
        if (duck.length)
          console.log(
            `  DuckDB's own accounting after the stages: ${duck.map(([n, v]) => `${n.slice(7)} ${v}`).join(', ')}`,
          );
      }
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await pg?.stop();
    await rm(root, { recursive: true, force: true });
  }
  console.log(`\n| size | engine | lines | ${STAGES.join(' | ')} | analyses' peak RSS | result |`);
  console.log(`| --- | --- | ---: | ${STAGES.map(() => '---:').join(' | ')} | ---: | --- |`);
  for (const row of table) console.log(`| ${row.join(' | ')} |`);
  console.log(
    `(sizes up to ×${REPEATED_UP_TO}: each stage the median of ${RUNS} analyses runs, each a fresh process, the peak RSS their largest; larger sizes: one run; an engine's load: one run, memory's: in each run)`,
  );
  growth(measured, sizes, engines);
  chart(measured, sizes, engines, base.length);
  console.log(
    `\nload average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the end`,
  );
}

await main();
