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

describe('Parquet ↔ Frame (hyparquet / hyparquet-writer)', () => {
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

  it('rejects bytes that are not Parquet and missing files with stable codes', async () => {
    await expect(readParquet(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).rejects.toMatchObject({
      code: 'PARQUET_UNSUPPORTED',
    });
    await expect(readParquet(join(dir, 'nope.parquet'))).rejects.toMatchObject({ code: 'LAKE_NOT_FOUND' });
  });
});
