/**
 * Parquet library choice: write and read all 541,909 real rows as Parquet with hyparquet-writer/hyparquet
 * (what `writeParquetFile`/`readParquet` use) and with parquetjs-lite (the design's starting point), in the
 * same run, on the same Frame. Reading includes building the Frame (dictionary-encoded strings).
 *
 *   npx tsx --tsconfig tsconfig.json packages/connectors/bench/parquet.ts [runs]
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Frame, fromRows, toRows } from '@retailkit/core';
import { median } from './median.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

// parquetjs-lite: row API (appendRow / cursor.next), as its README shows.
async function parquetjsWrite(frame: Frame, path: string, timestampsAsDouble = false): Promise<void> {
  const parquet = createRequire(import.meta.url)('parquetjs-lite');
  const fields: Record<string, unknown> = {};
  for (const [n, c] of Object.entries(frame.columns))
    fields[n] = {
      type:
        c.type === 'string'
          ? 'UTF8'
          : c.type === 'timestamp' && !timestampsAsDouble
            ? 'TIMESTAMP_MILLIS'
            : c.type === 'boolean'
              ? 'BOOLEAN'
              : 'DOUBLE',
      optional: true,
      compression: 'SNAPPY',
    };
  const writer = await parquet.ParquetWriter.openFile(new parquet.ParquetSchema(fields), path);
  writer.setRowGroupSize(100_000);
  for (const row of toRows(frame, { timestamps: timestampsAsDouble ? 'ms' : 'date' })) {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) if (v !== null) clean[k] = v;
    await writer.appendRow(clean);
  }
  await writer.close();
}

async function parquetjsRead(path: string, schema: Record<string, 'string' | 'number' | 'timestamp'>): Promise<Frame> {
  const parquet = createRequire(import.meta.url)('parquetjs-lite');
  const reader = await parquet.ParquetReader.openFile(path);
  const cursor = reader.getCursor();
  const rows: Record<string, unknown>[] = [];
  for (let r = await cursor.next(); r; r = await cursor.next()) rows.push(r);
  await reader.close();
  return fromRows(rows as never, schema);
}

export async function benchParquet(runs = 3): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`parquet: skipped (${DATA} not found)`);
    return;
  }
  const { readCsv, readParquet, writeParquetFile } = await import('@retailkit/connectors');
  const { frame } = await readCsv(DATA);
  const schema = Object.fromEntries(Object.entries(frame.columns).map(([k, c]) => [k, c.type])) as Record<
    string,
    'string' | 'number' | 'timestamp'
  >;
  const dir = await mkdtemp(join(tmpdir(), 'retailkit-parquet-bench-'));
  const m: Record<string, number[]> = { hyW: [], hyR: [], pjW: [], pjR: [] };
  let sizes = { hy: 0, pj: 0 };
  let readError: string | undefined;
  try {
    for (let r = 0; r < runs; r++) {
      const hy = join(dir, 'hy.parquet');
      const pj = join(dir, 'pj.parquet');
      const [hw] = await time(() => writeParquetFile(hy, frame));
      const [hr, back] = await time(() => readParquet(hy));
      if (back.length !== frame.length) throw new Error('hyparquet row count differs');
      const [pw] = await time(() => parquetjsWrite(frame, pj));
      // parquetjs-lite 0.8.7 cannot read back its own TIMESTAMP_MILLIS statistics (BigInt → Number TypeError);
      // time its reader on a copy with timestamps stored as DOUBLE epoch ms instead.
      readError ??= await parquetjsRead(pj, schema).then(
        () => 'none',
        (e) => String((e as Error).message ?? e),
      );
      await parquetjsWrite(frame, pj, true);
      const [pr, back2] = await time(() => parquetjsRead(pj, schema));
      if (back2.length !== frame.length) throw new Error('parquetjs-lite row count differs');
      m.hyW.push(hw);
      m.hyR.push(hr);
      m.pjW.push(pw);
      m.pjR.push(pr);
      sizes = { hy: statSync(hy).size, pj: statSync(pj).size };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const f = (x: number[]) => `${median(x).toFixed(0)} ms`;
  console.log(`parquet: ${frame.length} rows, median of ${runs} runs (same process, same Frame)`);
  console.log(
    `  hyparquet-writer write ${f(m.hyW)}, hyparquet read → Frame ${f(m.hyR)}, file ${(sizes.hy / 1e6).toFixed(1)} MB`,
  );
  console.log(`  parquetjs-lite   write ${f(m.pjW)}, read → Frame ${f(m.pjR)}, file ${(sizes.pj / 1e6).toFixed(1)} MB`);
  console.log(
    `  parquetjs-lite reading its own TIMESTAMP_MILLIS file: ${readError === 'none' ? 'ok' : `fails (${readError})`}`,
  );
  console.log(
    `  speed-up hyparquet vs parquetjs-lite: write ${(median(m.pjW) / median(m.hyW)).toFixed(1)}×, read ${(median(m.pjR) / median(m.hyR)).toFixed(1)}×`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchParquet(Number(process.argv[2] ?? 3));
