/**
 * Parquet writing and reading on all 541,909 real rows, in one process, on the same Frame:
 * - RetailKit's `writeParquetFile` (own column encoder, Snappy, row groups of 100,000 rows);
 * - DuckDB `COPY t TO 'x.parquet' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 100000)` of the same rows
 *   held in a DuckDB table, at its default threads (both cores) and at one thread — the faster is the peer the write
 *   is held to (target ≤ 2×);
 * - hyparquet-writer (the writer the package used before, fed as it was: arrays of JS values per column);
 * - reading back: RetailKit's file with `readParquet` (hyparquet) and with DuckDB, DuckDB's file with `readParquet`;
 *   row counts and a checksum of every column are compared, so a fast but wrong file fails the bench;
 * - with `--parquetjs`: parquetjs-lite too (slow: about 40 s).
 *
 *   npx tsx --tsconfig tsconfig.json packages/connectors/bench/parquet.ts [runs] [--parquetjs]
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type Column, type Frame, fromRows, toRows } from '@retailkit/core';
import { median } from './median.js';

// the real data beside the checkout (../shared), or at its shared location when run from a worktree elsewhere
const DATA =
  [
    fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url)),
    '/work/shared/data/online-retail/online_retail.csv.gz',
  ].find((p) => existsSync(p)) ??
  fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

/** hyparquet-writer fed as `writeParquet` fed it before the own encoder: JS arrays, BigInt timestamps. */
async function hyparquetWrite(frame: Frame, path: string): Promise<void> {
  const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
  const names = Object.keys(frame.columns);
  const element = (name: string, c: Column) =>
    c.type === 'number'
      ? { name, type: 'DOUBLE', repetition_type: 'OPTIONAL' }
      : c.type === 'timestamp'
        ? {
            name,
            type: 'INT64',
            repetition_type: 'OPTIONAL',
            logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' },
          }
        : c.type === 'string'
          ? { name, type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL', converted_type: 'UTF8' }
          : c.type === 'int'
            ? { name, type: 'INT32', repetition_type: 'REQUIRED' }
            : { name, type: 'BOOLEAN', repetition_type: 'REQUIRED' };
  const values = (c: Column, s: number, e: number): unknown[] | Float64Array | Int32Array => {
    switch (c.type) {
      case 'number': {
        const d = c.data.subarray(s, e);
        return d.some((v) => Number.isNaN(v)) ? Array.from(d, (v) => (Number.isNaN(v) ? null : v)) : d;
      }
      case 'timestamp':
        return Array.from(c.data.subarray(s, e), (v) => (Number.isNaN(v) ? null : BigInt(Math.round(v))));
      case 'string':
        return Array.from(c.codes.subarray(s, e), (k) => (k < 0 ? null : c.values[k]));
      case 'int':
        return c.data.subarray(s, e);
      case 'boolean':
        return Array.from(c.data.subarray(s, e), (v) => v === 1);
    }
  };
  const pw = new ParquetWriter({
    writer: fileWriter(path),
    schema: [{ name: 'root', num_children: names.length }, ...names.map((n) => element(n, frame.columns[n]))] as never,
    codec: 'SNAPPY',
  });
  for (let s = 0; s < frame.length; s += 100_000) {
    const e = Math.min(frame.length, s + 100_000);
    await pw.write({
      columnData: names.map((n) => ({ name: n, data: values(frame.columns[n], s, e) as never })),
      rowGroupSize: e - s,
    });
  }
  pw.finish();
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

/**
 * Per column: non-null count and a sum (numbers; timestamps in seconds, exact for whole seconds) or total UTF-8
 * length (strings), from a Frame.
 */
function frameChecksum(f: Frame): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [n, c] of Object.entries(f.columns)) {
    let count = 0;
    let sum = 0;
    if (c.type === 'string') {
      const len = c.values.map((v) => Buffer.byteLength(v));
      for (const k of c.codes)
        if (k >= 0) {
          count++;
          sum += len[k];
        }
    } else {
      const scale = c.type === 'timestamp' ? 1000 : 1;
      for (const v of c.data)
        if (!Number.isNaN(v)) {
          count++;
          sum += v / scale;
        }
    }
    out[n] = [count, sum];
  }
  return out;
}

/** The same checksum computed by DuckDB over a Parquet file (timestamps as epoch ms). */
async function duckChecksum(con: DuckDBConnection, path: string, f: Frame): Promise<Record<string, [number, number]>> {
  const out: Record<string, [number, number]> = {};
  for (const [n, c] of Object.entries(f.columns)) {
    const q = `"${n}"`;
    const expr =
      c.type === 'string'
        ? `sum(strlen(${q}))`
        : c.type === 'timestamp'
          ? `sum(epoch_ms(${q}) / 1000)`
          : c.type === 'boolean'
            ? `sum(${q}::INTEGER)`
            : `sum(${q})`;
    const r = await con.runAndReadAll(`SELECT count(${q})::DOUBLE, (${expr})::DOUBLE FROM read_parquet('${path}')`);
    const [count, sum] = r.getRows()[0] as [number, number | null];
    out[n] = [Number(count), Number(sum ?? 0)];
  }
  return out;
}

export interface ParquetPeerResult {
  rows: number;
  oursMs: number;
  duckMs: number;
  ratio: number;
  oursMB: number;
  duckMB: number;
  /** DuckDB's faster configuration, and the medians of both. */
  threads: string;
}

/**
 * RetailKit's `writeParquetFile` against DuckDB's `COPY … TO` of the same rows (Snappy, 100,000-row groups), in
 * this process, alternating, `runs` times each; medians and the ratio ours ÷ DuckDB. Both files are read back by
 * both readers and checked against the Frame (row counts, per-column checksums).
 */
export async function parquetVsDuckDb(frame: Frame, runs = 3): Promise<ParquetPeerResult> {
  const { readParquet, writeParquetFile } = await import('@retailkit/connectors');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = await mkdtemp(join(tmpdir(), 'retailkit-parquet-peer-'));
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const ours = join(dir, 'ours.parquet');
    const duck = join(dir, 'duck.parquet');
    await writeParquetFile(ours, frame);
    const want = frameChecksum(frame);
    // counts exactly; sums to 1e-9 relative (the two sum in different orders)
    const check = (what: string, got: Record<string, [number, number]>) => {
      const same = Object.entries(want).every(
        ([n, [count, sum]]) => got[n]?.[0] === count && Math.abs(got[n][1] - sum) <= 1e-9 * Math.max(1, Math.abs(sum)),
      );
      if (!same)
        throw new Error(`${what}: checksums differ\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`);
    };
    check('DuckDB reading the RetailKit file', await duckChecksum(con, ours, frame));
    await con.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${ours}')`);
    const threads = String((await con.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
    // the peer's best configuration here: its default threads, or one thread (faster on a loaded 2-core machine)
    const m = { ours: [] as number[], duck: [] as number[], duck1: [] as number[] };
    const copy = async (n: string) => {
      await con.run(`SET threads = ${n}`);
      return (
        await time(() => con.run(`COPY t TO '${duck}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 100000)`))
      )[0];
    };
    for (let r = 0; r < runs; r++) {
      m.ours.push((await time(() => writeParquetFile(ours, frame)))[0]);
      m.duck.push(await copy(threads));
      m.duck1.push(await copy('1'));
    }
    await con.run(`SET threads = ${threads}`);
    check('hyparquet reading the RetailKit file', frameChecksum(await readParquet(ours)));
    check('hyparquet reading the DuckDB file', frameChecksum(await readParquet(duck)));
    const oursMs = median(m.ours);
    const [duckMs, best] =
      median(m.duck1) < median(m.duck) ? [median(m.duck1), '1'] : [median(m.duck), `${threads} (default)`];
    return {
      rows: frame.length,
      oursMs,
      duckMs,
      ratio: oursMs / duckMs,
      oursMB: statSync(ours).size / 1e6,
      duckMB: statSync(duck).size / 1e6,
      threads: `${best}; default ${threads} threads ${median(m.duck).toFixed(0)} ms, 1 thread ${median(m.duck1).toFixed(0)} ms`,
    };
  } finally {
    con.closeSync();
    db.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchParquet(runs = 3, withParquetjs = false): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`parquet: skipped (${DATA} not found)`);
    return;
  }
  const { readCsv, readParquet, writeParquetFile } = await import('@retailkit/connectors');
  const { frame } = await readCsv(DATA);
  const peer = await parquetVsDuckDb(frame, runs);
  console.log(
    `parquet: ${frame.length} rows, median of ${runs} runs (same process, same Frame), Snappy, 100k-row groups`,
  );
  console.log(
    `  retailkit writeParquetFile ${peer.oursMs.toFixed(0)} ms (${peer.oursMB.toFixed(1)} MB); DuckDB COPY TO ${peer.duckMs.toFixed(0)} ms (${peer.duckMB.toFixed(1)} MB, threads ${peer.threads})`,
  );
  console.log(
    `  ratio retailkit / DuckDB = ${peer.ratio.toFixed(2)} (target ≤ 2); both files read back by both readers`,
  );
  const schema = Object.fromEntries(Object.entries(frame.columns).map(([k, c]) => [k, c.type])) as Record<
    string,
    'string' | 'number' | 'timestamp'
  >;
  const dir = await mkdtemp(join(tmpdir(), 'retailkit-parquet-bench-'));
  const m: Record<string, number[]> = { rkR: [], hyW: [], pjW: [], pjR: [] };
  let sizes = { hy: 0, pj: 0 };
  let readError: string | undefined;
  try {
    for (let r = 0; r < runs; r++) {
      const rk = join(dir, 'rk.parquet');
      const hy = join(dir, 'hy.parquet');
      await writeParquetFile(rk, frame);
      const [rr, back] = await time(() => readParquet(rk));
      if (back.length !== frame.length) throw new Error('hyparquet row count differs');
      m.rkR.push(rr);
      m.hyW.push((await time(() => hyparquetWrite(frame, hy)))[0]);
      sizes.hy = statSync(hy).size;
      if (!withParquetjs) continue;
      const pj = join(dir, 'pj.parquet');
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
      m.pjW.push(pw);
      m.pjR.push(pr);
      sizes = { ...sizes, pj: statSync(pj).size };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const f = (x: number[]) => `${median(x).toFixed(0)} ms`;
  console.log(`  hyparquet read of the RetailKit file → Frame ${f(m.rkR)}`);
  console.log(
    `  hyparquet-writer write ${f(m.hyW)} (${(sizes.hy / 1e6).toFixed(1)} MB): RetailKit's encoder is ${(median(m.hyW) / peer.oursMs).toFixed(1)}× faster`,
  );
  if (withParquetjs) {
    console.log(`  parquetjs-lite write ${f(m.pjW)}, read → Frame ${f(m.pjR)}, file ${(sizes.pj / 1e6).toFixed(1)} MB`);
    console.log(
      `  parquetjs-lite reading its own TIMESTAMP_MILLIS file: ${readError === 'none' ? 'ok' : `fails (${readError})`}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await benchParquet(
    Number(process.argv.find((a, i) => i > 1 && /^\d+$/.test(a)) ?? 3),
    process.argv.includes('--parquetjs'),
  );
