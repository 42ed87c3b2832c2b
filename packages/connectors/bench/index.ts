/**
 * Connectors benchmark: load all 541,909 rows of the real UCI file into the embedded PostgreSQL, beside
 * `psql \copy` of the same (uncompressed) CSV into an equivalent table, in the same run against the same server.
 *
 *   npx tsx --tsconfig tsconfig.json packages/connectors/bench/index.ts [runs]
 *
 *   npx tsx --tsconfig tsconfig.json packages/connectors/bench/index.ts [runs] --load-only   (skip Parquet and CSV)
 *
 * Measured, each in a fresh child process (so peak RSS, `process.resourceUsage().maxRSS`, is one loader's):
 * - stream: CSV.gz → readCsvBatches (64k-row batches) → binary COPY FROM STDIN, bounded memory (end to end);
 * - frame: an in-memory Frame → binary COPY (warehouse load alone; CSV parse time excluded);
 * - peer: `psql \copy t FROM 'online_retail.csv' CSV HEADER` (server-side CSV parsing; no gzip);
 * - stream ×2, ×4: the same streaming load of a CSV.gz holding the data rows 2 and 4 times (copies k > 0 get
 *   invoice numbers shifted by k·10,000,000), generated into a temp folder: peak RSS should not grow with size;
 *   psql \copy of the uncompressed ×4 file as well, for throughput once start-up costs (JIT warm-up, the first
 *   batch parsed before the COPY can start) are amortised.
 * Then the Parquet library comparison and the lead's CSV ingest benchmark (bench/csv.ts) when present.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip, createGzip, gunzipSync } from 'node:zlib';
import { median } from './median.js';
import { repeatedLines } from './repeat-lines.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const PSQL = ['/usr/bin/psql', '/usr/local/bin/psql'].find((p) => existsSync(p));

/**
 * Write a CSV.gz holding the header once and the data rows of `source` `times` times; copy k > 0 gets invoice
 * numbers shifted by k·10,000,000 (`536365` → `10536365`, `C536379` → `C10536379`) so each copy is new data.
 * Streams line by line: the generator itself holds no file in memory.
 */
async function repeatCsvGz(source: string, target: string, times: number): Promise<void> {
  const shifted = (line: string, k: number) => {
    const comma = line.indexOf(',');
    const m = /^([A-Za-z]*)(\d+)$/.exec(line.slice(0, comma));
    return m ? `${m[1]}${Number(m[2]) + k * 10_000_000}${line.slice(comma)}` : line;
  };
  await pipeline(Readable.from(repeatedLines(source, times, shifted)), createGzip(), createWriteStream(target));
}

async function child(mode: string, connectionString: string, table: string): Promise<void> {
  const { readCsv, readCsvBatches, postgresWarehouse } = await import('@retailkit/connectors');
  const wh = await postgresWarehouse({ connectionString });
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  let ms: number;
  let rows: number;
  if (mode.startsWith('stream')) {
    const file = process.env.RETAILKIT_BENCH_FILE || DATA;
    const t0 = performance.now();
    const batches = (async function* () {
      for await (const b of readCsvBatches(file)) yield b.frame;
    })();
    const r = await wh.load(table, batches, { disposition: 'replace' });
    ms = performance.now() - t0;
    rows = r.rowsInTable;
  } else {
    const { frame } = await readCsv(DATA);
    const t0 = performance.now();
    const r = await wh.load(table, frame, { disposition: 'replace' });
    ms = performance.now() - t0;
    rows = r.rowsInTable;
  }
  clearInterval(sampler);
  await wh.close();
  process.stdout.write(
    JSON.stringify({ ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024, sampledRssMB: peakRss / 2 ** 20 }),
  );
}

async function main(runs: number, loadOnly: boolean): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`connectors load: skipped (${DATA} not found)`);
    return;
  }
  const { postgresWarehouse } = await import('@retailkit/connectors');
  const { startEmbeddedPostgres } = await import('@retailkit/embedded-postgres');
  const pg = await startEmbeddedPostgres();
  const work = await mkdtemp(join(tmpdir(), 'retailkit-bench-'));
  try {
    const csvPath = join(work, 'online_retail.csv');
    writeFileSync(csvPath, gunzipSync(readFileSync(DATA)));
    const csvMB = statSync(csvPath).size / 1e6;
    const sized: Record<string, string> = { stream: DATA };
    for (const times of [2, 4]) {
      sized[`stream${times}x`] = join(work, `online_retail_x${times}.csv.gz`);
      await repeatCsvGz(DATA, sized[`stream${times}x`], times);
    }
    const results: Record<string, { ms: number[]; rss: number[]; rows: number }> = {};
    const add = (mode: string, ms: number, rows: number, rss = Number.NaN) => {
      results[mode] ??= { ms: [], rss: [], rows };
      results[mode].ms.push(ms);
      results[mode].rss.push(rss);
    };
    const wh = await postgresWarehouse({ connectionString: pg.connectionString });
    await wh.query(
      'CREATE TABLE IF NOT EXISTS psql_copy ("InvoiceNo" text, "StockCode" text, "Description" text, "Quantity" double precision, "InvoiceDate" timestamp, "UnitPrice" double precision, "CustomerID" text, "Country" text)',
    );
    const csv4x = join(work, 'online_retail_x4.csv');
    if (PSQL) await pipeline(createReadStream(sized.stream4x), createGunzip(), createWriteStream(csv4x));
    /** `psql \copy` of a CSV into the emptied psql_copy table; returns the elapsed ms. */
    const psqlCopy = async (csv: string): Promise<number> => {
      await wh.query('TRUNCATE psql_copy');
      const t0 = performance.now();
      const res = spawnSync(
        PSQL as string,
        [
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          pg.host,
          '-p',
          String(pg.port),
          '-U',
          pg.user,
          '-d',
          pg.database,
          '-c',
          `\\copy psql_copy FROM '${csv}' CSV HEADER`,
        ],
        { env: { ...process.env, PGPASSWORD: pg.password }, encoding: 'utf8' },
      );
      const ms = performance.now() - t0;
      if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
      return ms;
    };
    /** One load in a fresh process (so the peak RSS is that load's own), recorded under `mode`. */
    const loadInChild = (mode: string) => {
      const out = JSON.parse(
        execFileSync(TSX, ['--tsconfig', TSCONFIG, SELF, 'child', mode, `bench_${mode}`], {
          encoding: 'utf8',
          env: { ...process.env, RETAILKIT_BENCH_PG: pg.connectionString, RETAILKIT_BENCH_FILE: sized[mode] ?? '' },
          maxBuffer: 1 << 20,
        }),
      );
      add(mode, out.ms, out.rows, out.maxRssMB);
    };
    for (let r = 0; r < runs; r++) {
      for (const mode of ['stream', 'frame']) loadInChild(mode);
      if (PSQL) add('psql', await psqlCopy(csvPath), await wh.rowCount('psql_copy'));
      for (const mode of ['stream2x', 'stream4x']) {
        loadInChild(mode);
        await wh.query(`DROP TABLE IF EXISTS bench_${mode}`);
      }
      // The peer on the ×4 file too: throughput at the size where the JIT warm-up no longer dominates.
      if (PSQL) {
        add('psql4x', await psqlCopy(csv4x), await wh.rowCount('psql_copy'));
        await wh.query('TRUNCATE psql_copy');
      }
    }
    await wh.close();
    const fmt = (mode: string) => {
      const x = results[mode];
      const ms = median(x.ms);
      const rss = median(x.rss);
      return `${ms.toFixed(0)} ms, ${((x.rows / ms) * 1000).toFixed(0)} rows/s, ${x.rows} rows${Number.isNaN(rss) ? '' : `, peak RSS ${rss.toFixed(0)} MB`}`;
    };
    console.log(`connectors load into embedded PostgreSQL (${csvMB.toFixed(1)} MB csv), median of ${runs} runs`);
    console.log(`  retailkit stream (csv.gz → batches → binary COPY): ${fmt('stream')}`);
    console.log(`  retailkit frame load (Frame → binary COPY)       : ${fmt('frame')}`);
    /** Throughput of `mode` over that of `peer` (rows/s ratio; the row counts may differ). */
    const ratio = (mode: string, peer: string) =>
      (results[mode].rows / median(results[mode].ms) / (results[peer].rows / median(results[peer].ms))).toFixed(2);
    if (PSQL) {
      console.log(`  psql \\copy of the uncompressed csv               : ${fmt('psql')}`);
      console.log(
        `  throughput vs psql \\copy: stream ${ratio('stream', 'psql')}×, frame load ${ratio('frame', 'psql')}× (target ≥ 0.7×)`,
      );
    } else console.log('  psql \\copy: skipped (psql not found; apt-get install postgresql-client)');
    console.log('  bounded memory, streaming path on the file repeated (peak RSS should stay flat):');
    for (const [mode, label] of [
      ['stream', '×1'],
      ['stream2x', '×2'],
      ['stream4x', '×4'],
    ])
      console.log(`    ${label} (${(statSync(sized[mode]).size / 1e6).toFixed(1)} MB gz): ${fmt(mode)}`);
    if (PSQL) {
      console.log(
        `  psql \\copy of the ×4 csv (${(statSync(csv4x).size / 1e6).toFixed(1)} MB)              : ${fmt('psql4x')}`,
      );
      console.log(`  throughput vs psql \\copy at ×4: stream ${ratio('stream4x', 'psql4x')}×`);
    }
    console.log(
      `  machine load average at end: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await pg.stop();
    await rm(work, { recursive: true, force: true });
  }
  if (loadOnly) return;
  // Parquet library choice (one run: parquetjs-lite's reader alone takes ~100 s on this file).
  const { benchParquet } = await import('./parquet.js');
  await benchParquet(1);
  const csvBench = fileURLToPath(new URL('./csv.ts', import.meta.url));
  if (existsSync(csvBench)) {
    const mod = (await import('./csv.js')) as { benchCsv?: (runs?: number) => Promise<void> };
    await mod.benchCsv?.(runs);
  }
}

if (process.argv[2] === 'child') await child(process.argv[3], process.env.RETAILKIT_BENCH_PG ?? '', process.argv[4]);
else {
  const args = process.argv.slice(2);
  await main(Number(args.find((a) => /^\d+$/.test(a)) ?? 3), args.includes('--load-only'));
}
