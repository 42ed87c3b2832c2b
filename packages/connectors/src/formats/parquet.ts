import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Column, type ColumnType, concat, type Frame, invalidArgument, StringDictionary } from '@retailkit/core';
import type { AsyncBuffer, DecodedArray, FileMetaData, SchemaElement } from 'hyparquet';
import { connectorError } from '../errors.js';
import { ParquetEncoder } from '../internal/parquet-encoder.js';

/** Options of {@link writeParquet} and {@link writeParquetFile}. */
export interface ParquetWriteOptions {
  /** Rows per row group (the unit of streaming reads). Default 100,000. */
  rowGroupSize?: number;
  /** Page compression. Default `SNAPPY`. */
  compression?: 'SNAPPY' | 'UNCOMPRESSED';
}

/** Options of {@link readParquet} and {@link readParquetBatches}. */
export interface ParquetReadOptions {
  /** Columns to read (default all). */
  columns?: readonly string[];
}

const SCHEMA_KEY = 'retailkit.schema';

/** Where encoded Parquet bytes go, in order. */
type Sink = (bytes: Uint8Array) => void | Promise<void>;

async function writeFrames(
  sink: Sink,
  first: Frame,
  rest: AsyncIterator<Frame> | undefined,
  options: ParquetWriteOptions,
  fn: string,
): Promise<number> {
  const names = Object.keys(first.columns);
  const types: ColumnType[] = names.map((n) => first.columns[n].type);
  const rowGroupSize = options.rowGroupSize ?? 100_000;
  if (!(Number.isInteger(rowGroupSize) && rowGroupSize > 0))
    throw invalidArgument(fn, 'rowGroupSize', rowGroupSize, 'a positive integer');
  const compression = options.compression ?? 'SNAPPY';
  if (compression !== 'SNAPPY' && compression !== 'UNCOMPRESSED')
    throw invalidArgument(fn, 'compression', compression, "'SNAPPY' or 'UNCOMPRESSED'");
  const encoder = new ParquetEncoder(
    names,
    types,
    compression,
    [{ key: SCHEMA_KEY, value: JSON.stringify(Object.fromEntries(names.map((n, k) => [n, types[k]]))) }],
    'retailkit',
  );
  await sink(encoder.header());
  let rows = 0;
  let f: Frame | undefined = first;
  while (f) {
    for (const [k, n] of names.entries())
      if (f.columns[n]?.type !== types[k])
        throw connectorError(
          'LOAD_SCHEMA_MISMATCH',
          `${fn}: batch column "${n}" is ${f.columns[n]?.type ?? 'absent'}, expected ${types[k]}.`,
          {
            details: { column: n, expected: types[k] },
          },
        );
    for (let s = 0; s < f.length; s += rowGroupSize)
      await sink(encoder.rowGroup(f, s, Math.min(f.length, s + rowGroupSize)));
    rows += f.length;
    if (!rest) break;
    const next = await rest.next();
    f = next.done ? undefined : next.value;
  }
  await sink(encoder.footer());
  return rows;
}

/**
 * Encode a Frame as Parquet bytes with RetailKit's own column encoder: strings dictionary-encoded straight from
 * the Frame's codes, numbers and timestamps dictionary-encoded when they repeat, chunk statistics, Snappy pages
 * (see `compression`). Types: number → DOUBLE (NaN → null), int → INT32, boolean → BOOLEAN, timestamp → INT64
 * TIMESTAMP(MILLIS, isAdjustedToUTC=false), string → BYTE_ARRAY UTF8 (null for code -1). The Frame schema is also
 * stored in the key-value metadata `retailkit.schema`, so reading back gives the same column types. Files read
 * back with hyparquet, DuckDB and other Parquet readers.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad `rowGroupSize` or `compression`.
 * @example
 * const bytes = await writeParquet(fromRows([{ sku: 'A', qty: 2 }]));
 * toRows(await readParquet(bytes)) // [{ sku: 'A', qty: 2 }]
 */
export async function writeParquet(frame: Frame, options: ParquetWriteOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await writeFrames((b) => void parts.push(b), frame, undefined, options, 'writeParquet');
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Write a Frame, or a stream of Frame batches (bounded memory: one batch and one encoded row group at a time), to
 * a Parquet file atomically: a temporary file beside it is renamed into place once complete. Missing parent
 * folders are created. The encoding is {@link writeParquet}'s.
 *
 * @returns rows written and bytes of the file.
 * @throws RetailKitError `LOAD_SCHEMA_MISMATCH` when a batch's columns differ from the first batch's,
 *   `INVALID_ARGUMENT` for an empty stream or a bad option. On any failure the file is left as it was.
 * @example
 * await writeParquetFile(join(dir, 'sales.parquet'), fromRows([{ sku: 'A', qty: 2 }])) // { rows: 1, bytes: … }
 */
export async function writeParquetFile(
  path: string,
  data: Frame | AsyncIterable<Frame>,
  options: ParquetWriteOptions = {},
): Promise<{ rows: number; bytes: number }> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'w');
  let closed = false;
  try {
    let bytes = 0;
    const sink = async (b: Uint8Array) => {
      for (let at = 0; at < b.length; ) at += (await fh.write(b, at, b.length - at)).bytesWritten;
      bytes += b.length;
    };
    let rows: number;
    if (Symbol.asyncIterator in (data as object)) {
      const it = (data as AsyncIterable<Frame>)[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done) throw invalidArgument('writeParquetFile', 'data', 'an empty stream', 'at least one Frame batch');
      rows = await writeFrames(sink, first.value, it, options, 'writeParquetFile');
    } else rows = await writeFrames(sink, data as Frame, undefined, options, 'writeParquetFile');
    await fh.close();
    closed = true;
    await rename(tmp, path);
    return { rows, bytes };
  } catch (e) {
    if (!closed) await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

/** An hyparquet AsyncBuffer over a file: reads only the byte ranges asked for. */
async function fileBuffer(path: string): Promise<{ buffer: AsyncBuffer; close: () => Promise<void> }> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw connectorError('LAKE_NOT_FOUND', `readParquet: cannot open ${path} (${(e as NodeJS.ErrnoException).code}).`, {
      cause: e,
      details: { path },
    });
  }
  const { size } = await fh.stat();
  return {
    buffer: {
      byteLength: size,
      async slice(start: number, end?: number) {
        const e = end ?? size;
        const out = new Uint8Array(e - start);
        let got = 0;
        while (got < out.length) {
          const { bytesRead } = await fh.read(out, got, out.length - got, start + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return out.buffer;
      },
    },
    close: () => fh.close(),
  };
}

function frameType(el: SchemaElement, stored: ColumnType | undefined): ColumnType {
  if (stored) return stored;
  const lt = el.logical_type?.type;
  if (
    lt === 'TIMESTAMP' ||
    lt === 'DATE' ||
    el.converted_type?.startsWith('TIMESTAMP') ||
    el.converted_type === 'DATE' ||
    el.type === 'INT96'
  )
    return 'timestamp';
  if (el.type === 'BOOLEAN') return 'boolean';
  if (el.type === 'INT32' && el.repetition_type === 'REQUIRED' && !el.converted_type && !lt) return 'int';
  if (el.type === 'BYTE_ARRAY' || el.type === 'FIXED_LEN_BYTE_ARRAY')
    return el.converted_type === 'DECIMAL' ? 'number' : 'string';
  return 'number';
}

function toColumn(type: ColumnType, data: DecodedArray, dict: StringDictionary | undefined): Column {
  const n = data.length;
  switch (type) {
    case 'string': {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = data[i];
        codes[i] = v == null ? -1 : dict!.code(typeof v === 'string' ? v : String(v));
      }
      return { type: 'string', codes, values: [...dict!.values] };
    }
    case 'boolean':
      return { type: 'boolean', data: Uint8Array.from(data as ArrayLike<unknown>, (v) => (v ? 1 : 0)) };
    case 'int':
      return { type: 'int', data: data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>) };
    default: {
      if (data instanceof Float64Array) return { type, data } as Column;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = data[i] as unknown;
        out[i] = v == null ? Number.NaN : v instanceof Date ? v.getTime() : Number(v);
      }
      return { type, data: out } as Column;
    }
  }
}

/**
 * Read a Parquet file (path) or bytes row group by row group: one Frame per row group, bounded memory. Types
 * come from the `retailkit.schema` metadata when present, else from the Parquet schema (timestamps of any unit,
 * DATE and INT96 → timestamp epoch ms; UTF8 → string; BOOLEAN; required INT32 → int; other numbers → number).
 * String dictionaries grow across batches (each batch carries a snapshot).
 *
 * @throws RetailKitError `LAKE_NOT_FOUND` for a missing file, `PARQUET_UNSUPPORTED` for nested schemas or bad bytes.
 * @example
 * let rows = 0;
 * for await (const batch of readParquetBatches('lake/staging/transactions.parquet')) rows += batch.length;
 */
export async function* readParquetBatches(
  source: string | Uint8Array,
  options: ParquetReadOptions = {},
): AsyncGenerator<Frame> {
  const { parquetMetadataAsync, parquetScan, parquetSchema } = await import('hyparquet');
  let buffer: AsyncBuffer;
  let close: () => Promise<void> = async () => {};
  if (typeof source === 'string') ({ buffer, close } = await fileBuffer(source));
  else {
    const ab = source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer;
    buffer = { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
  }
  try {
    const parsers = {
      timestampFromMilliseconds: (v: bigint) => Number(v),
      timestampFromMicroseconds: (v: bigint) => Number(v) / 1000,
      timestampFromNanoseconds: (v: bigint) => Number(v) / 1e6,
      dateFromDays: (d: number) => d * 86_400_000,
    };
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer, { parsers });
    } catch (e) {
      throw connectorError('PARQUET_UNSUPPORTED', `readParquet: not a Parquet file (${(e as Error).message}).`, {
        cause: e,
      });
    }
    const tree = parquetSchema(metadata);
    const stored: Record<string, ColumnType> = JSON.parse(
      metadata.key_value_metadata?.find((kv) => kv.key === SCHEMA_KEY)?.value ?? '{}',
    );
    const leaves = tree.children.map((c) => c.element);
    for (const c of tree.children)
      if (c.children.length > 0)
        throw connectorError(
          'PARQUET_UNSUPPORTED',
          `readParquet: column "${c.element.name}" is nested; only flat columns fit a Frame.`,
          {
            details: { column: c.element.name },
          },
        );
    const names = options.columns ? [...options.columns] : leaves.map((l) => l.name);
    for (const n of names)
      if (!leaves.some((l) => l.name === n))
        throw invalidArgument(
          'readParquet',
          'columns',
          n,
          `columns of the file (${leaves.map((l) => l.name).join(', ')})`,
        );
    const types = names.map((n) => frameType(leaves.find((l) => l.name === n)!, stored[n]));
    const dicts = types.map((t) => (t === 'string' ? new StringDictionary() : undefined));
    const scan = await parquetScan({ file: buffer, metadata, columns: names, parsers });
    for (const range of scan.ranges) {
      const columns: Record<string, Column> = {};
      for (let i = 0; i < names.length; i++) {
        const data = await scan.readColumn({ column: names[i], rowStart: range.rowStart, rowEnd: range.rowEnd });
        columns[names[i]] = toColumn(types[i], data, dicts[i]);
      }
      yield { length: range.rowEnd - range.rowStart, columns };
    }
  } finally {
    await close();
  }
}

/**
 * Read a whole Parquet file or buffer into one Frame (see {@link readParquetBatches}).
 *
 * @throws RetailKitError `LAKE_NOT_FOUND` for a missing file, `PARQUET_UNSUPPORTED` for nested schemas or bad bytes.
 * @example
 * toRows(await readParquet(await writeParquet(fromRows([{ sku: 'A' }])))) // [{ sku: 'A' }]
 */
export async function readParquet(source: string | Uint8Array, options: ParquetReadOptions = {}): Promise<Frame> {
  const parts: Frame[] = [];
  for await (const b of readParquetBatches(source, options)) parts.push(b);
  if (parts.length === 0) return { length: 0, columns: {} };
  return parts.length === 1 ? parts[0] : concat(parts);
}

/** Write Parquet bytes to a path atomically (temp + rename). */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
