/**
 * Cleaning benchmark: all 541,909 rows of the real UCI file — parse (readCsv of the .csv.gz) + every rule +
 * every purpose view + the quality report — beside DuckDB (`@duckdb/node-api`) doing the same rules in SQL
 * (read_csv of the same .gz file, quarantine CASE, upper/trim/fill, per-code description mode with first-seen
 * ties, exact duplicates by window, flags, IQR and z-score fences over sale lines, four view tables, and the
 * report aggregates) in the same run, and beside our own `cleaningSql` run in DuckDB on the same `read_csv` (the
 * warehouse path of `run --engine warehouse`: generated views, every purpose view materialized, the quality
 * queries). DuckDB runs with `preserve_insertion_order = false` (faster view tables;
 * retailkit keeps file order) and its default threads (all cores).
 *
 *   npx tsx --tsconfig tsconfig.json packages/cleaning/bench/index.ts [rounds] [runsPerChild]
 *
 * Each measurement runs in a fresh child process (so peak RSS, `process.resourceUsage().maxRSS`, belongs to
 * one engine); children alternate retailkit / our `cleaningSql` in DuckDB / duckdb, `rounds` times. Inside a child the pipeline runs
 * `runsPerChild` times: the first run is cold (JIT warm-up, what a CLI call pays), the others warm.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const DATA = fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The same rules as `clean` (default preset), in DuckDB SQL. */
export function duckdbSql(path: string): string[] {
  const sale =
    '(NOT (f.isCancellation OR f.isBadDebt OR f.isNonProduct OR f.isDiscount) AND f.Quantity > 0 AND f.UnitPrice > 0)';
  const views: Record<string, string> = {
    revenue: 'isDuplicate OR isBadDebt',
    modeling:
      'isCancellation OR isBadDebt OR isFreeLine OR isZeroPrice OR isDiscount OR isNonProduct OR isDuplicate OR isQuantityOutlier OR isPriceOutlier',
    basket:
      'isCancellation OR isBadDebt OR isFreeLine OR isZeroPrice OR isDiscount OR isNonProduct OR isDuplicate OR isQuantityOutlier OR isPriceOutlier',
    customers:
      'isAnonymous OR isCancellation OR isBadDebt OR isFreeLine OR isZeroPrice OR isDiscount OR isNonProduct OR isDuplicate',
  };
  const cols = [
    'InvoiceNo',
    'StockCode',
    'Description',
    'Quantity',
    'InvoiceDate',
    'UnitPrice',
    'CustomerID',
    'Country',
  ];
  return [
    `CREATE TABLE raw AS SELECT * FROM read_csv('${path}', header = true, columns = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR', 'Quantity': 'DOUBLE', 'InvoiceDate': 'TIMESTAMP', 'UnitPrice': 'DOUBLE', 'CustomerID': 'VARCHAR', 'Country': 'VARCHAR'})`,
    `CREATE TABLE nonproduct AS SELECT * FROM (VALUES ('POST','postage'),('DOT','postage'),('C2','postage'),('M','manual'),('D','discount'),('S','sample'),('CRUK','charity'),('BANK CHARGES','bank-charges'),('AMAZONFEE','marketplace-fee'),('PADS','pads'),('B','bad-debt')) t(code, category)`,
    `CREATE TABLE staged AS SELECT rowid AS rn, ${cols.join(', ')},
       CASE WHEN InvoiceNo IS NULL OR trim(InvoiceNo) = '' THEN 'missing-invoice'
            WHEN StockCode IS NULL OR trim(StockCode) = '' THEN 'missing-stock-code'
            WHEN Quantity IS NULL OR NOT isfinite(Quantity) THEN 'bad-quantity'
            WHEN UnitPrice IS NULL OR NOT isfinite(UnitPrice) THEN 'bad-price'
            WHEN InvoiceDate IS NULL THEN 'bad-date'
            WHEN Quantity < 0 AND NOT starts_with(upper(trim(InvoiceNo)), 'C') AND UnitPrice <> 0 THEN 'negative-quantity-not-cancelled'
            WHEN Quantity > 0 AND starts_with(upper(trim(InvoiceNo)), 'C') THEN 'positive-quantity-cancelled' END AS reason,
       upper(StockCode) AS sc,
       coalesce(nullif(trim(Description), ''), 'No Description') AS d0,
       Quantity * UnitPrice AS revenue,
       row_number() OVER (PARTITION BY ${cols.join(', ')} ORDER BY rowid) > 1 AS isDuplicate
     FROM raw`,
    `CREATE TABLE quarantine AS SELECT * FROM staged WHERE reason IS NOT NULL`,
    `CREATE TABLE modes AS SELECT sc, arg_max(d0, cnt * 10000000 - first_rn) AS mode, count(*) AS variants
     FROM (SELECT sc, d0, count(*) AS cnt, min(rn) AS first_rn FROM staged WHERE reason IS NULL GROUP BY sc, d0) GROUP BY sc`,
    `CREATE TABLE flagged AS SELECT s.rn, s.InvoiceNo, s.sc AS StockCode, coalesce(m.mode, s.d0) AS Description, s.Quantity, s.InvoiceDate,
       s.UnitPrice, s.CustomerID, s.Country, s.revenue,
       CASE WHEN regexp_full_match(trim(s.sc), '[0-9]+[A-Z]{1,3}') THEN regexp_extract(trim(s.sc), '^([0-9]+)', 1) ELSE s.sc END AS baseStockCode,
       np.category AS nonProductCategory,
       (s.CustomerID IS NULL OR trim(s.CustomerID) = '') AS isAnonymous,
       starts_with(upper(trim(s.InvoiceNo)), 'C') AS isCancellation,
       (starts_with(upper(trim(s.InvoiceNo)), 'A') OR trim(s.sc) = 'B' OR s.UnitPrice < 0) AS isBadDebt,
       (s.Quantity < 0 AND s.UnitPrice = 0) AS isFreeLine,
       (s.Quantity > 0 AND s.UnitPrice = 0) AS isZeroPrice,
       (trim(s.sc) = 'D' OR lower(s.d0) = 'discount') AS isDiscount,
       np.category IS NOT NULL AS isNonProduct,
       regexp_full_match(trim(s.sc), '[0-9]+[A-Z]{1,3}') AS isColourVariant,
       s.isDuplicate,
       (s.Country IS NULL OR s.Country IN ('Unspecified', 'European Community')) AS isUnknownCountry
     FROM staged s LEFT JOIN modes m ON m.sc = s.sc LEFT JOIN nonproduct np ON np.code = trim(s.sc) WHERE s.reason IS NULL`,
    `CREATE TABLE stats AS SELECT quantile_cont(Quantity, 0.25) AS q1, quantile_cont(Quantity, 0.75) AS q3,
       avg(UnitPrice) AS mu, stddev_pop(UnitPrice) AS sd FROM flagged f WHERE ${sale}`,
    `CREATE TABLE cleaned AS SELECT f.*,
       (${sale} AND (f.Quantity >= q3 + 1.5 * (q3 - q1) OR f.Quantity <= q1 - 1.5 * (q3 - q1))) AS isQuantityOutlier,
       (${sale} AND NOT abs((f.UnitPrice - mu) / sd) < 3) AS isPriceOutlier
     FROM flagged f, stats`,
    ...Object.entries(views).map(([v, drop]) => `CREATE TABLE view_${v} AS SELECT * FROM cleaned WHERE NOT (${drop})`),
    // quality report aggregates
    `SELECT reason, count(*) FROM quarantine GROUP BY reason`,
    `SELECT count(*), sum(revenue), min(InvoiceDate), max(InvoiceDate), count(*) FILTER (isAnonymous), count(*) FILTER (isCancellation),
       count(*) FILTER (isBadDebt), count(*) FILTER (isFreeLine), count(*) FILTER (isZeroPrice), count(*) FILTER (isDiscount),
       count(*) FILTER (isNonProduct), count(*) FILTER (isColourVariant), count(*) FILTER (isDuplicate),
       count(*) FILTER (isQuantityOutlier), count(*) FILTER (isPriceOutlier), count(*) FILTER (isUnknownCountry) FROM cleaned`,
    `SELECT ${cols.map((c) => `count(*) - count(${c}), count(DISTINCT ${c})`).join(', ')} FROM raw`,
    `SELECT ${[...cols, 'revenue', 'baseStockCode', 'nonProductCategory'].map((c) => `count(*) - count(${c}), count(DISTINCT ${c})`).join(', ')} FROM cleaned`,
    ...Object.keys(views).map((v) => `SELECT count(*), sum(revenue) FROM view_${v}`),
    `SELECT StockCode, count(*) AS n FROM cleaned WHERE isCancellation OR isBadDebt OR isFreeLine OR isZeroPrice OR isDuplicate OR isQuantityOutlier OR isPriceOutlier GROUP BY StockCode ORDER BY n DESC LIMIT 10`,
    `SELECT CustomerID, count(*) AS n, sum(revenue) FROM cleaned WHERE isCancellation AND NOT isAnonymous GROUP BY CustomerID ORDER BY n DESC LIMIT 10`,
  ];
}

/**
 * The raw lines for our `cleaningSql` in DuckDB: the same `read_csv` as the peer's, with the canonical column names
 * and the 1-based source line number `line` (the table's `rowid` + 1: DuckDB keeps file order on insert).
 */
function ourRawSql(path: string): string[] {
  return [
    `CREATE TABLE raw AS SELECT * FROM read_csv('${path}', header = true, columns = {'invoiceNo': 'VARCHAR', 'stockCode': 'VARCHAR', 'description': 'VARCHAR', 'quantity': 'DOUBLE', 'invoiceDate': 'TIMESTAMP', 'unitPrice': 'DOUBLE', 'customerId': 'VARCHAR', 'country': 'VARCHAR'})`,
    'CREATE VIEW transactions AS SELECT rowid + 1 AS line, * FROM raw',
  ];
}

async function child(engine: string, runs: number): Promise<void> {
  const ms: number[] = [];
  const out: Record<string, unknown> = {};
  for (let r = 0; r < runs; r++) {
    if (engine === 'retailkit') {
      const { readCsv } = await import('@retailkit/connectors');
      const { clean } = await import('@retailkit/cleaning');
      const t0 = performance.now();
      const { frame } = await readCsv(DATA);
      const t1 = performance.now();
      const res = clean(frame);
      // views are taken when first read: read them all inside the timed region, as the peer creates its view tables
      for (const v of Object.values(res.views)) if (v.length < 0) throw new Error('unreachable');
      const t2 = performance.now();
      ms.push(t2 - t0);
      out.parseMs = [...((out.parseMs as number[]) ?? []), t1 - t0];
      out.cleanMs = [...((out.cleanMs as number[]) ?? []), t2 - t1];
      out.rows = res.report.rowsIn;
      out.views = Object.fromEntries(Object.entries(res.views).map(([k, v]) => [k, v.length]));
      out.duplicates = res.report.ruleCounts.duplicate;
      out.quantityOutliers = res.report.ruleCounts['quantity-outlier'];
      out.priceOutliers = res.report.ruleCounts['price-outlier'];
    } else if (engine === 'cleaningsql') {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const { cleaningSql } = await import('@retailkit/cleaning');
      const t0 = performance.now();
      const db = await DuckDBInstance.create(':memory:');
      const con = await db.connect();
      for (const statement of ourRawSql(DATA)) await con.run(statement);
      // every purpose view as a table, as `clean` computes them and the hand-written peer creates them
      const sql = cleaningSql('duckdb', {
        table: 'transactions',
        columns: { line: 'line' },
        materialize: ['flagged', 'lines', 'revenue', 'modeling', 'basket', 'customers'],
      });
      for (const statement of sql.statements) await con.run(statement);
      for (const query of Object.values(sql.quality)) await con.runAndReadAll(query);
      const t1 = performance.now();
      ms.push(t1 - t0);
      const count = async (q: string) => Number((await con.runAndReadAll(q)).getRows()[0][0]);
      const flagged = (flag: string) => count(`SELECT count(*) FROM ${sql.views.lines} WHERE "${flag}"`);
      Object.assign(out, {
        rows: await count('SELECT count(*) FROM transactions'),
        views: Object.fromEntries(
          await Promise.all(
            (['revenue', 'modeling', 'basket', 'customers'] as const).map(async (v) => [
              v,
              await count(`SELECT count(*) FROM ${sql.views[v]}`),
            ]),
          ),
        ),
        duplicates: await flagged('isDuplicate'),
        quantityOutliers: await flagged('isQuantityOutlier'),
        priceOutliers: await flagged('isPriceOutlier'),
      });
      con.closeSync();
      db.closeSync();
    } else {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const t0 = performance.now();
      const db = await DuckDBInstance.create(':memory:');
      const con = await db.connect();
      // generous to the peer: no order preservation for the view tables (retailkit keeps file order)
      await con.run('SET preserve_insertion_order = false');
      for (const sql of duckdbSql(DATA)) await con.run(sql);
      const t1 = performance.now();
      ms.push(t1 - t0);
      const counts = await con.runAndReadAll(
        'SELECT (SELECT count(*) FROM raw)::INTEGER, (SELECT count(*) FROM view_revenue)::INTEGER, (SELECT count(*) FROM view_modeling)::INTEGER, (SELECT count(*) FROM view_basket)::INTEGER, (SELECT count(*) FROM view_customers)::INTEGER, (SELECT count(*) FILTER (isDuplicate) FROM cleaned)::INTEGER, (SELECT count(*) FILTER (isQuantityOutlier) FROM cleaned)::INTEGER, (SELECT count(*) FILTER (isPriceOutlier) FROM cleaned)::INTEGER',
      );
      const [rows, revenue, modeling, basket, customers, duplicates, qo, po] = counts.getRows()[0] as number[];
      Object.assign(out, {
        rows,
        views: { revenue, modeling, basket, customers },
        duplicates,
        quantityOutliers: qo,
        priceOutliers: po,
      });
      con.closeSync();
      db.closeSync();
    }
  }
  process.stdout.write(JSON.stringify({ ms, ...out, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

async function main(rounds: number, runsPerChild: number): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`cleaning: skipped (${DATA} not found)`);
    return;
  }
  const results: Record<string, { cold: number[]; warm: number[]; rss: number[]; last: Record<string, unknown> }> = {};
  for (let r = 0; r < rounds; r++) {
    for (const engine of ['retailkit', 'cleaningsql', 'duckdb']) {
      const out = JSON.parse(
        execFileSync(TSX, ['--tsconfig', TSCONFIG, SELF, 'child', engine, String(runsPerChild)], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        }),
      );
      results[engine] ??= { cold: [], warm: [], rss: [], last: {} };
      results[engine].cold.push(out.ms[0]);
      results[engine].warm.push(...out.ms.slice(1));
      results[engine].rss.push(out.maxRssMB);
      results[engine].last = out;
    }
  }
  const ours = results.retailkit;
  const duck = results.duckdb;
  const warm = (x: typeof ours) => (x.warm.length ? median(x.warm) : median(x.cold));
  console.log(
    `cleaning of ${DATA.split('/').pop()}: parse + every rule + every view + report, ${rounds} rounds × ${runsPerChild} runs per child`,
  );
  console.log(
    `  retailkit readCsv + clean: warm median ${warm(ours).toFixed(0)} ms (parse ${median(ours.last.parseMs as number[]).toFixed(0)} + clean ${median(ours.last.cleanMs as number[]).toFixed(0)} in the last child), cold median ${median(ours.cold).toFixed(0)} ms, peak RSS ${median(ours.rss).toFixed(0)} MB`,
  );
  console.log(
    `  duckdb read_csv + SQL    : warm median ${warm(duck).toFixed(0)} ms, cold median ${median(duck.cold).toFixed(0)} ms, peak RSS ${median(duck.rss).toFixed(0)} MB`,
  );
  const ourSql = results.cleaningsql;
  console.log(
    `  retailkit cleaningSql in DuckDB (read_csv + generated SQL, every view a table, quality queries): warm median ${warm(ourSql).toFixed(0)} ms, cold median ${median(ourSql.cold).toFixed(0)} ms, peak RSS ${median(ourSql.rss).toFixed(0)} MB; ratio to readCsv + clean: warm ${(warm(ourSql) / warm(ours)).toFixed(2)}, to the hand-written DuckDB SQL: warm ${(warm(ourSql) / warm(duck)).toFixed(2)}`,
  );
  console.log(
    `  ratio retailkit/duckdb: warm ${(warm(ours) / warm(duck)).toFixed(2)}, cold ${(median(ours.cold) / median(duck.cold)).toFixed(2)} (target <= 1.5); peak RSS target < 600 MB`,
  );
  const pick = (x: Record<string, unknown>) =>
    JSON.stringify({
      rows: x.rows,
      views: x.views,
      duplicates: x.duplicates,
      q: x.quantityOutliers,
      p: x.priceOutliers,
    });
  console.log(`  same answers? retailkit ${pick(ours.last)}`);
  console.log(`                sql       ${pick(ourSql.last)}`);
  console.log(`                duckdb    ${pick(duck.last)}`);
  console.log(
    `  machine load average at end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (2 cores shared with other sessions)`,
  );
}

if (process.argv[1] !== SELF) {
  // imported: no side effects
} else if (process.argv[2] === 'child') await child(process.argv[3], Number(process.argv[4] ?? 3));
else await main(Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 3));
