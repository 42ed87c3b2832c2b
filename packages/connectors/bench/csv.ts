/**
 * CSV ingest benchmark: all 541,909 rows of the real UCI file into a typed Frame, against DuckDB's
 * `read_csv` of the same file in the same run. Each measurement runs in a fresh child process so that
 * peak RSS (`process.resourceUsage().maxRSS`) belongs to one reader only.
 *
 *   npx tsx --tsconfig tsconfig.json packages/connectors/bench/csv.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { median } from './median.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

async function child(mode: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'retailkit') {
    const { readCsv } = await import('@retailkit/connectors');
    const { frame } = await readCsv(DATA);
    rows = frame.length;
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${DATA}', header = true)`);
    const r = await con.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
    rows = Number(r.getRows()[0][0]);
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

export async function benchCsv(runs = 5): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`csv ingest: skipped (${DATA} not found)`);
    return;
  }
  const uncompressed = gunzipSync(readFileSync(DATA)).length;
  const results: Record<string, { ms: number[]; rss: number[]; rows: number }> = {};
  for (let r = 0; r < runs; r++)
    for (const mode of ['retailkit', 'duckdb']) {
      const out = JSON.parse(execFileSync(TSX, ['--tsconfig', TSCONFIG, SELF, 'child', mode], { encoding: 'utf8' }));
      results[mode] ??= { ms: [], rss: [], rows: out.rows };
      results[mode].ms.push(out.ms);
      results[mode].rss.push(out.maxRssMB);
    }
  const ours = results.retailkit;
  const duck = results.duckdb;
  const mb = uncompressed / 1e6;
  console.log(
    `csv ingest of ${DATA.split('/').pop()} (${statSync(DATA).size / 1e6} MB gz, ${mb.toFixed(1)} MB csv), median of ${runs} runs`,
  );
  console.log(
    `  retailkit readCsv : ${median(ours.ms).toFixed(0)} ms, peak RSS ${median(ours.rss).toFixed(0)} MB, ${ours.rows} rows`,
  );
  console.log(
    `  duckdb read_csv   : ${median(duck.ms).toFixed(0)} ms, peak RSS ${median(duck.rss).toFixed(0)} MB, ${duck.rows} rows`,
  );
  console.log(
    `  ratio time retailkit/duckdb = ${(median(ours.ms) / median(duck.ms)).toFixed(2)} (target <= 2), peak RSS / csv size = ${(median(ours.rss) / mb).toFixed(2)} (target < 4)`,
  );
}

if (process.argv[2] === 'child') await child(process.argv[3]);
else if (import.meta.url === `file://${process.argv[1]}`) await benchCsv(Number(process.argv[2] ?? 5));
