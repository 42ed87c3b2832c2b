import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Frame, fromRows, toRows } from '@retailkit/core';
import fc from 'fast-check';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquet, readParquetBatches, writeParquet, writeParquetFile } from '../../src/formats/parquet.js';
import { frameArb, typesOf } from '../helpers/arbitrary.js';

const T = (s: string) => Date.parse(`${s}Z`);
let dir: string;

/** DuckDB (a dev dependency) reads the files as an independent Parquet reader; the tests using it skip without it. */
const duckdb = await import('@duckdb/node-api').catch(() => undefined);

/** The metadata of Parquet bytes, parsed by hyparquet (timestamps in statistics as epoch ms). */
function metadataOf(bytes: Uint8Array) {
  return parquetMetadata(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    {
      parsers: { timestampFromMilliseconds: (v: bigint) => Number(v) },
    } as never,
  );
}

describe('Parquet ↔ Frame (RetailKit encoder / hyparquet reader)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'retailkit-parquet-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the documented Parquet types: naive ms timestamps, UTF8 strings, optional doubles', async () => {
    const f = fromRows(
      [
        { s: 'UK', x: 2.55, t: T('2010-12-01T08:26:00'), b: true },
        { s: null, x: null, t: null, b: false },
      ],
      { s: 'string', x: 'number', t: 'timestamp', b: 'boolean' },
    );
    const bytes = await writeParquet(f);
    const md = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const els = parquetSchema(md).children.map((c) => c.element);
    expect(els.map((e) => [e.name, e.type, e.repetition_type])).toEqual([
      ['s', 'BYTE_ARRAY', 'OPTIONAL'],
      ['x', 'DOUBLE', 'OPTIONAL'],
      ['t', 'INT64', 'OPTIONAL'],
      ['b', 'BOOLEAN', 'REQUIRED'],
    ]);
    expect(els[2].logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' });
    expect(toRows(await readParquet(bytes), { timestamps: 'ms' })).toEqual([
      { s: 'UK', x: 2.55, t: T('2010-12-01T08:26:00'), b: true },
      { s: null, x: null, t: null, b: false },
    ]);
  });

  it('property: Frame → Parquet → Frame keeps rows and column types', async () => {
    await fc.assert(
      fc.asyncProperty(frameArb, async (f) => {
        fc.pre(f.length > 0);
        const back = await readParquet(await writeParquet(f, { rowGroupSize: 7 }));
        expect(typesOf(back)).toEqual(typesOf(f));
        expect(toRows(back, { timestamps: 'ms' })).toEqual(toRows(f, { timestamps: 'ms' }));
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('streams batches into a file atomically and reads it back row group by row group', async () => {
    const path = join(dir, 'tx.parquet');
    async function* batches(): AsyncGenerator<Frame> {
      for (let b = 0; b < 3; b++)
        yield fromRows(
          Array.from({ length: 1000 }, (_, i) => ({ id: `r${b * 1000 + i}`, q: i % 10 === 0 ? null : i })),
          { id: 'string', q: 'number' },
        );
    }
    const r = await writeParquetFile(path, batches(), { rowGroupSize: 500 });
    expect(r.rows).toBe(3000);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const sizes: number[] = [];
    let nulls = 0;
    for await (const b of readParquetBatches(path)) {
      sizes.push(b.length);
      const q = b.columns.q;
      if (q.type === 'number') for (const v of q.data) if (Number.isNaN(v)) nulls++;
    }
    expect(sizes).toEqual([500, 500, 500, 500, 500, 500]);
    expect(nulls).toBe(300); // i % 10 === 0 in each of 3 batches of 1000
    const only = await readParquet(path, { columns: ['id'] });
    expect(Object.keys(only.columns)).toEqual(['id']);
    expect(only.length).toBe(3000);
  });

  it('reads files written by another writer without RetailKit metadata (inferred types)', async () => {
    const writer = new ByteWriter();
    parquetWrite({
      writer,
      columnData: [
        { name: 'name', data: ['a', null, 'c'], type: 'STRING' },
        { name: 'n', data: [1, 2, 3], type: 'INT32', nullable: false },
        { name: 'when', data: [new Date(Date.UTC(2011, 0, 1)), null, new Date(0)], type: 'TIMESTAMP' },
      ],
    });
    const f = await readParquet(new Uint8Array(writer.getBuffer()));
    expect(typesOf(f)).toEqual({ name: 'string', n: 'int', when: 'timestamp' });
    expect(toRows(f, { timestamps: 'ms' })).toEqual([
      { name: 'a', n: 1, when: Date.UTC(2011, 0, 1) },
      { name: null, n: 2, when: null },
      { name: 'c', n: 3, when: 0 },
    ]);
  });

  it('a row group longer than a page (2^17 rows) is split into pages; nulls and values land in the right rows', async () => {
    const n = 300_000;
    const x = new Float64Array(n);
    const t = new Float64Array(n);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 7 === 0 ? Number.NaN : i * 0.5; // every value distinct: PLAIN doubles
      t[i] = i % 5 === 0 ? Number.NaN : Date.UTC(2011, 0, 1) + (i % 1000) * 60_000; // 1,000 distinct: dictionary
      codes[i] = i % 11 === 0 ? -1 : i % 3;
    }
    const f: Frame = {
      length: n,
      columns: {
        x: { type: 'number', data: x },
        t: { type: 'timestamp', data: t },
        s: { type: 'string', codes, values: ['a', 'b', 'c', 'unused'] },
      },
    };
    const bytes = await writeParquet(f, { rowGroupSize: n });
    const encodings = metadataOf(bytes).row_groups[0].columns.map((c) => c.meta_data?.encodings);
    expect(encodings).toEqual([
      ['PLAIN', 'RLE'],
      ['PLAIN', 'RLE', 'RLE_DICTIONARY'],
      ['PLAIN', 'RLE', 'RLE_DICTIONARY'],
    ]);
    const back = await readParquet(bytes);
    expect(back.length).toBe(n);
    const bx = back.columns.x as { data: Float64Array };
    const bt = back.columns.t as { data: Float64Array };
    const bs = back.columns.s as { codes: Int32Array; values: readonly string[] };
    let bad = 0;
    for (let i = 0; i < n; i++) {
      if (!Object.is(bx.data[i], x[i])) bad++;
      if (!Object.is(bt.data[i], t[i])) bad++;
      if ((bs.codes[i] < 0 ? null : bs.values[bs.codes[i]]) !== (codes[i] < 0 ? null : 'abc'[codes[i]])) bad++;
    }
    expect(bad).toBe(0);
  });

  it('keeps -0, ±Infinity and extreme doubles apart in dictionaries and PLAIN pages alike', async () => {
    const special = [-0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, -Number.MIN_VALUE];
    const repeated = fromRows(
      Array.from({ length: 64 }, (_, i) => ({ x: special[i % special.length] })),
      { x: 'number' },
    );
    const distinct = fromRows(
      Array.from({ length: 64 }, (_, i) => ({ x: i < special.length ? special[i] : i + 0.25 })),
      { x: 'number' },
    );
    for (const f of [repeated, distinct]) {
      const back = await readParquet(await writeParquet(f));
      expect(Array.from((back.columns.x as { data: Float64Array }).data)).toEqual(
        Array.from((f.columns.x as { data: Float64Array }).data),
      );
    }
    const enc = (f: Frame) => writeParquet(f).then((b) => metadataOf(b).row_groups[0].columns[0].meta_data?.encodings);
    expect(await enc(repeated)).toContain('RLE_DICTIONARY');
    expect(await enc(distinct)).not.toContain('RLE_DICTIONARY');
  });

  it('writes chunk statistics: null count, min and max (strings in byte order, a zero minimum as -0)', async () => {
    const f = fromRows(
      [
        { s: 'b', x: 0, t: T('2011-01-02T00:00:00'), b: false },
        { s: 'é', x: 2.5, t: null, b: false },
        { s: null, x: null, t: T('2010-12-01T08:26:00'), b: false },
        { s: 'Z', x: -1, t: T('2011-12-09T12:50:00'), b: false },
      ],
      { s: 'string', x: 'number', t: 'timestamp', b: 'boolean' },
    );
    const stats = metadataOf(await writeParquet(f)).row_groups[0].columns.map((c) => c.meta_data?.statistics);
    // hand-computed: UTF-8 'é' (c3 a9) sorts after 'b' and 'Z'; min x is -1, so no -0 there
    expect(stats.map((s) => [s?.null_count, s?.min_value, s?.max_value])).toEqual([
      [1n, 'Z', 'é'],
      [1n, -1, 2.5],
      [1n, T('2010-12-01T08:26:00'), T('2011-12-09T12:50:00')],
      [0n, false, false],
    ]);
    const zero = metadataOf(await writeParquet(fromRows([{ x: 0 }, { x: 3 }], { x: 'number' }))).row_groups[0]
      .columns[0].meta_data?.statistics;
    expect(Object.is(zero?.min_value, -0)).toBe(true);
  });

  it.skipIf(!duckdb)(
    'DuckDB reads every column type back: nulls, timestamps, dictionary strings, pages, row groups',
    async () => {
      const rows = Array.from({ length: 2500 }, (_, i) => ({
        s: i % 13 === 0 ? null : `sku-${i % 40}-ü`,
        x: i % 17 === 0 ? null : (i % 50) * 1.25 - 3,
        t: i % 19 === 0 ? null : T('2010-12-01T08:26:00') + i * 3_600_000,
        b: i % 3 === 0,
        i: i - 1000,
      }));
      const f = fromRows(rows, { s: 'string', x: 'number', t: 'timestamp', b: 'boolean', i: 'number' });
      const frame: Frame = {
        length: f.length,
        columns: { ...f.columns, i: { type: 'int', data: Int32Array.from(rows, (r) => r.i) } },
      };
      const path = join(dir, 'for-duckdb.parquet');
      await writeParquetFile(path, frame, { rowGroupSize: 1000 });
      const db = await duckdb!.DuckDBInstance.create(':memory:');
      const con = await db.connect();
      try {
        const types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjectsJS();
        expect(types.map((r) => [r.column_name, r.column_type])).toEqual([
          ['s', 'VARCHAR'],
          ['x', 'DOUBLE'],
          ['t', 'TIMESTAMP'],
          ['b', 'BOOLEAN'],
          ['i', 'INTEGER'],
        ]);
        const got = (
          await con.runAndReadAll(`SELECT s, x, epoch_ms(t)::DOUBLE AS t, b, i FROM read_parquet('${path}') ORDER BY i`)
        ).getRowObjectsJS();
        expect(got).toEqual(rows);
      } finally {
        con.closeSync();
        db.closeSync();
      }
    },
  );

  it('rejects bytes that are not Parquet and missing files with stable codes', async () => {
    await expect(readParquet(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).rejects.toMatchObject({
      code: 'PARQUET_UNSUPPORTED',
    });
    await expect(readParquet(join(dir, 'nope.parquet'))).rejects.toMatchObject({ code: 'LAKE_NOT_FOUND' });
  });
});
