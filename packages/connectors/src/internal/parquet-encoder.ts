import type { Column, ColumnType, Frame } from '@retailkit/core';
import { ByteBuffer } from './byte-buffer.js';
import { snappyCompress } from './snappy.js';
import { T, ThriftWriter } from './thrift-compact.js';

/** Page compression of {@link ParquetEncoder}. */
export type ParquetCodec = 'SNAPPY' | 'UNCOMPRESSED';

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"
// Enums of parquet.thrift.
const BOOLEAN = 0;
const INT32 = 1;
const INT64 = 2;
const DOUBLE = 5;
const BYTE_ARRAY = 6;
const REQUIRED = 0;
const OPTIONAL = 1;
const UTF8 = 0;
const PLAIN = 0;
const RLE = 3;
const RLE_DICTIONARY = 8;
const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;
/** Rows per data page at most (1 MiB of PLAIN doubles). */
const PAGE_ROWS = 1 << 17;
const TWO32 = 4_294_967_296;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();

const PHYSICAL: Record<ColumnType, { type: number; repetition: number }> = {
  number: { type: DOUBLE, repetition: OPTIONAL },
  int: { type: INT32, repetition: REQUIRED },
  boolean: { type: BOOLEAN, repetition: REQUIRED },
  timestamp: { type: INT64, repetition: OPTIONAL },
  string: { type: BYTE_ARRAY, repetition: OPTIONAL },
};

/** What the footer says about one column chunk. */
interface ChunkMeta {
  type: number;
  name: string;
  encodings: number[];
  values: number;
  uncompressed: number;
  compressed: number;
  fileOffset: number;
  dataPageOffset: number;
  dictionaryPageOffset: number | undefined;
  nulls: number;
  min: Uint8Array | undefined;
  max: Uint8Array | undefined;
}

interface RowGroupMeta {
  columns: ChunkMeta[];
  rows: number;
  fileOffset: number;
  uncompressed: number;
  compressed: number;
}

/** A column's values for one row group, ready for pages: definition levels, and dictionary indices or PLAIN values. */
interface Prepared {
  /** 1 = present, 0 = null, per row (optional columns only). */
  def: Uint8Array | undefined;
  nulls: number;
  /** Dictionary page body (PLAIN values) and its entry count, when dictionary-encoded. */
  dictionary: { body: Uint8Array; count: number } | undefined;
  /** Encoded values of non-null rows [from, to) into `out` (dictionary indices or PLAIN). */
  values: (out: ByteBuffer, from: number, to: number) => void;
  min: Uint8Array | undefined;
  max: Uint8Array | undefined;
}

/**
 * A Parquet file encoder for Frames, one row group at a time (the caller writes the bytes it returns in order:
 * {@link ParquetEncoder.header}, each {@link ParquetEncoder.rowGroup}, {@link ParquetEncoder.footer}).
 *
 * Layout (format 2 metadata, data pages v1, chosen for the widest reader support):
 * - strings: BYTE_ARRAY UTF8, OPTIONAL, always dictionary-encoded — the Frame's codes are remapped to a
 *   per-row-group dictionary of the values used (first-use order), indices RLE/bit-packed;
 * - numbers: DOUBLE OPTIONAL (NaN → null); timestamps: INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=false) OPTIONAL;
 *   both dictionary-encoded when a row group has at most a quarter as many distinct values as rows, else PLAIN;
 * - int: INT32 REQUIRED PLAIN; boolean: BOOLEAN REQUIRED PLAIN (bit-packed);
 * - definition levels RLE/bit-packed (bit width 1); one dictionary page and data pages of at most 2^17 rows per
 *   column chunk; pages compressed with Snappy or not at all; chunk statistics (null count, min, max in the
 *   type's order — unsigned bytes for strings) and TYPE_ORDER column orders.
 * Cost: O(rows × columns) per row group, plus Snappy; memory: one row group's encoded bytes and scratch arrays.
 */
export class ParquetEncoder {
  private offset = 0;
  private rows = 0;
  private readonly groups: RowGroupMeta[] = [];
  private readonly out = new ByteBuffer(1 << 20);
  private readonly body = new ByteBuffer(1 << 20);
  private readonly page = new ByteBuffer(1 << 16);
  private local = new Int32Array(0);
  private idx = new Int32Array(0);
  private def = new Uint8Array(0);
  private vals = new Float64Array(0);
  private readonly distinct = new Map<number, number>();

  constructor(
    private readonly names: readonly string[],
    private readonly types: readonly ColumnType[],
    private readonly codec: ParquetCodec,
    private readonly keyValues: readonly { key: string; value: string }[],
    private readonly createdBy: string,
  ) {}

  /** The file's first bytes. */
  header(): Uint8Array {
    this.offset = MAGIC.length;
    return MAGIC.slice();
  }

  /** Rows [start, end) of `frame` (columns as named at construction, of the same types) as one row group. */
  rowGroup(frame: Frame, start: number, end: number): Uint8Array {
    const out = this.out;
    out.reset();
    const n = end - start;
    this.scratch(n);
    const columns: ChunkMeta[] = [];
    for (let k = 0; k < this.names.length; k++) {
      const col = frame.columns[this.names[k]];
      columns.push(this.chunk(this.names[k], col, this.prepare(col, start, end), n));
    }
    const bytes = out.copy();
    let uncompressed = 0;
    for (const c of columns) uncompressed += c.uncompressed;
    this.groups.push({ columns, rows: n, fileOffset: this.offset, uncompressed, compressed: bytes.length });
    this.offset += bytes.length;
    this.rows += n;
    return bytes;
  }

  /** The footer: file metadata, its length, the magic. */
  footer(): Uint8Array {
    const out = this.out;
    out.reset();
    const t = new ThriftWriter(out);
    t.open();
    t.i32(1, 2); // version
    t.list(2, T.STRUCT, this.names.length + 1);
    t.open();
    t.string(4, 'schema');
    t.i32(5, this.names.length);
    t.end();
    for (const [k, name] of this.names.entries()) schemaElement(t, name, this.types[k]);
    t.i64(3, this.rows);
    t.list(4, T.STRUCT, this.groups.length);
    for (const g of this.groups) {
      t.open();
      t.list(1, T.STRUCT, g.columns.length);
      for (const c of g.columns) columnChunk(t, c, this.codec);
      t.i64(2, g.uncompressed);
      t.i64(3, g.rows);
      t.i64(5, g.fileOffset);
      t.i64(6, g.compressed);
      t.end();
    }
    t.list(5, T.STRUCT, this.keyValues.length);
    for (const kv of this.keyValues) {
      t.open();
      t.string(1, kv.key);
      t.string(2, kv.value);
      t.end();
    }
    t.string(6, this.createdBy);
    t.list(7, T.STRUCT, this.names.length);
    for (let k = 0; k < this.names.length; k++) {
      t.open();
      t.struct(1); // TYPE_ORDER
      t.end();
      t.end();
    }
    t.end();
    const length = out.length;
    out.u32(length);
    out.append(MAGIC);
    return out.copy();
  }

  private scratch(n: number): void {
    if (this.idx.length >= n) return;
    this.idx = new Int32Array(n);
    this.def = new Uint8Array(n);
    this.vals = new Float64Array(n);
  }

  private prepare(col: Column, s: number, e: number): Prepared {
    switch (col.type) {
      case 'string':
        return this.strings(col.codes, col.values, s, e);
      case 'number':
        return this.doubles(col.data, s, e, false);
      case 'timestamp':
        return this.doubles(col.data, s, e, true);
      case 'int': {
        const d = col.data.subarray(s, e);
        let min = 0;
        let max = 0;
        for (let i = 0; i < d.length; i++) {
          const v = d[i];
          if (i === 0 || v < min) min = v;
          if (i === 0 || v > max) max = v;
        }
        const stat = (v: number) => {
          const b = new Uint8Array(4);
          new DataView(b.buffer).setInt32(0, v, true);
          return b;
        };
        return {
          def: undefined,
          nulls: 0,
          dictionary: undefined,
          values: (out, from, to) => {
            out.ensure((to - from) * 4);
            if (LITTLE_ENDIAN)
              out.bytes.set(new Uint8Array(d.buffer, d.byteOffset + from * 4, (to - from) * 4), out.length);
            else for (let i = from; i < to; i++) out.view.setInt32(out.length + (i - from) * 4, d[i], true);
            out.length += (to - from) * 4;
          },
          min: d.length ? stat(min) : undefined,
          max: d.length ? stat(max) : undefined,
        };
      }
      case 'boolean': {
        const d = col.data.subarray(s, e);
        let any0 = false;
        let any1 = false;
        for (let i = 0; i < d.length; i++)
          if (d[i]) any1 = true;
          else any0 = true;
        return {
          def: undefined,
          nulls: 0,
          dictionary: undefined,
          values: (out, from, to) => {
            const bytes = (to - from + 7) >>> 3;
            out.ensure(bytes);
            const b = out.bytes;
            b.fill(0, out.length, out.length + bytes);
            for (let i = from; i < to; i++) if (d[i]) b[out.length + ((i - from) >>> 3)] |= 1 << ((i - from) & 7);
            out.length += bytes;
          },
          min: d.length ? Uint8Array.of(any0 ? 0 : 1) : undefined,
          max: d.length ? Uint8Array.of(any1 ? 1 : 0) : undefined,
        };
      }
    }
  }

  /** Strings: the Frame's codes remapped to a dictionary of the values this row group uses. */
  private strings(codes: Int32Array, values: readonly string[], s: number, e: number): Prepared {
    if (this.local.length < values.length)
      this.local = new Int32Array(Math.max(values.length, 2 * this.local.length)).fill(-1);
    const local = this.local;
    const idx = this.idx;
    const def = this.def;
    const order: number[] = [];
    let nn = 0;
    for (let i = s; i < e; i++) {
      const c = codes[i];
      if (c < 0) {
        def[i - s] = 0;
        continue;
      }
      def[i - s] = 1;
      let l = local[c];
      if (l < 0) {
        l = order.length;
        local[c] = l;
        order.push(c);
      }
      idx[nn++] = l;
    }
    for (const c of order) local[c] = -1;
    const nulls = e - s - nn;
    if (order.length === 0)
      return { def, nulls, dictionary: undefined, values: () => {}, min: undefined, max: undefined };
    // the dictionary page: PLAIN byte arrays (4-byte length, UTF-8), and the min and max in unsigned byte order
    const body = this.body;
    body.reset();
    let minAt = -1;
    let minLen = 0;
    let maxAt = -1;
    let maxLen = 0;
    for (const c of order) {
      const v = values[c];
      body.ensure(4 + 3 * v.length);
      const at = body.length + 4;
      const { written } = utf8.encodeInto(v, body.bytes.subarray(at));
      body.view.setUint32(body.length, written, true);
      body.length = at + written;
      if (minAt < 0 || compareBytes(body.bytes, at, written, minAt, minLen) < 0) {
        minAt = at;
        minLen = written;
      }
      if (maxAt < 0 || compareBytes(body.bytes, at, written, maxAt, maxLen) > 0) {
        maxAt = at;
        maxLen = written;
      }
    }
    const width = bitWidth(order.length - 1);
    return {
      def,
      nulls,
      dictionary: { body: body.copy(), count: order.length },
      values: (out, from, to) => {
        out.u8(width);
        hybrid(out, idx, from, to, width);
      },
      min: body.bytes.slice(minAt, minAt + minLen),
      max: body.bytes.slice(maxAt, maxAt + maxLen),
    };
  }

  /**
   * Doubles (NaN = null), or timestamps as rounded INT64 milliseconds: a dictionary while the distinct values stay
   * within a quarter of the rows, else PLAIN. -0 is kept apart from 0 (a Map would merge them).
   */
  private doubles(data: Float64Array, s: number, e: number, int64: boolean): Prepared {
    const n = e - s;
    const def = this.def;
    const vals = this.vals;
    const idx = this.idx;
    const map = this.distinct;
    map.clear();
    const limit = Math.max(16, n >>> 2);
    let useDictionary = true;
    let dictSize = 0;
    let negativeZero = -1;
    let nn = 0;
    let min = Number.NaN;
    let max = Number.NaN;
    for (let i = s; i < e; i++) {
      let v = data[i];
      if (Number.isNaN(v)) {
        def[i - s] = 0;
        continue;
      }
      if (int64) v = Math.round(v) || 0;
      def[i - s] = 1;
      if (!(v >= min)) min = v;
      if (!(v <= max)) max = v;
      vals[nn] = v;
      if (useDictionary) {
        let l: number | undefined;
        if (v === 0 && 1 / v < 0) {
          if (negativeZero < 0) negativeZero = dictSize++;
          l = negativeZero;
        } else {
          l = map.get(v);
          if (l === undefined) {
            l = dictSize++;
            map.set(v, l);
          }
        }
        if (dictSize > limit) useDictionary = false;
        idx[nn] = l;
      }
      nn++;
    }
    const nulls = n - nn;
    const write = int64 ? writeInt64s : writeDoubles;
    const stat = (v: number) => {
      if (nn === 0) return undefined;
      const b = new ByteBuffer(8);
      write(b, Float64Array.of(v), 0, 1);
      return b.copy();
    };
    // Parquet: a zero minimum is written as -0, a zero maximum as +0
    const stats = { min: stat(min === 0 ? -0 : min), max: stat(max === 0 ? 0 : max) };
    if (!useDictionary || nn === 0) {
      map.clear();
      return { def, nulls, dictionary: undefined, values: (out, from, to) => write(out, vals, from, to), ...stats };
    }
    const dict = new Float64Array(dictSize);
    for (const [v, l] of map) dict[l] = v;
    if (negativeZero >= 0) dict[negativeZero] = -0;
    map.clear();
    const body = this.body;
    body.reset();
    write(body, dict, 0, dictSize);
    const width = bitWidth(dictSize - 1);
    return {
      def,
      nulls,
      dictionary: { body: body.copy(), count: dictSize },
      values: (out, from, to) => {
        out.u8(width);
        hybrid(out, idx, from, to, width);
      },
      ...stats,
    };
  }

  /** Write one column chunk into `this.out`: its dictionary page, then data pages of at most PAGE_ROWS rows. */
  private chunk(name: string, col: Column, p: Prepared, n: number): ChunkMeta {
    const out = this.out;
    const fileOffset = this.offset + out.length;
    let uncompressed = 0;
    let compressed = 0;
    let dictionaryPageOffset: number | undefined;
    if (p.dictionary) {
      dictionaryPageOffset = fileOffset;
      const r = this.writePage(DICTIONARY_PAGE, p.dictionary.count, PLAIN, p.dictionary.body);
      uncompressed += r.uncompressed;
      compressed += r.compressed;
    }
    const dataPageOffset = this.offset + out.length;
    const encoding = p.dictionary ? RLE_DICTIONARY : PLAIN;
    const page = this.page;
    let from = 0;
    for (let ps = 0; ps < n; ps += PAGE_ROWS) {
      const pe = Math.min(n, ps + PAGE_ROWS);
      page.reset();
      let to = from + (pe - ps);
      if (p.def) {
        if (p.nulls > 0) {
          to = from;
          for (let i = ps; i < pe; i++) to += p.def[i];
        }
        // definition levels: a 4-byte length, then the RLE/bit-packed levels
        const at = page.length;
        page.u32(0);
        hybrid(page, p.def, ps, pe, 1);
        page.view.setUint32(at, page.length - at - 4, true);
      }
      p.values(page, from, to);
      from = to;
      const r = this.writePage(DATA_PAGE, pe - ps, encoding, page.written());
      uncompressed += r.uncompressed;
      compressed += r.compressed;
    }
    const { type } = PHYSICAL[col.type];
    return {
      type,
      name,
      encodings: p.dictionary ? [PLAIN, RLE, RLE_DICTIONARY] : [PLAIN, RLE],
      values: n,
      uncompressed,
      compressed,
      fileOffset,
      dataPageOffset,
      dictionaryPageOffset,
      nulls: p.nulls,
      min: p.min,
      max: p.max,
    };
  }

  private writePage(
    type: number,
    count: number,
    encoding: number,
    body: Uint8Array,
  ): { uncompressed: number; compressed: number } {
    const data = this.codec === 'SNAPPY' ? snappyCompress(body) : body;
    const out = this.out;
    const start = out.length;
    const t = new ThriftWriter(out);
    t.open();
    t.i32(1, type);
    t.i32(2, body.length);
    t.i32(3, data.length);
    if (type === DATA_PAGE) {
      t.struct(5);
      t.i32(1, count);
      t.i32(2, encoding);
      t.i32(3, RLE);
      t.i32(4, RLE);
      t.end();
    } else {
      t.struct(7);
      t.i32(1, count);
      t.i32(2, PLAIN);
      t.end();
    }
    t.end();
    const header = out.length - start;
    out.append(data);
    return { uncompressed: header + body.length, compressed: header + data.length };
  }
}

function schemaElement(t: ThriftWriter, name: string, type: ColumnType): void {
  const { type: physical, repetition } = PHYSICAL[type];
  t.open();
  t.i32(1, physical);
  t.i32(3, repetition);
  t.string(4, name);
  if (type === 'string') {
    t.i32(6, UTF8);
    t.struct(10); // LogicalType
    t.struct(1); // STRING
    t.end();
    t.end();
  } else if (type === 'timestamp') {
    t.struct(10); // LogicalType
    t.struct(8); // TIMESTAMP
    t.bool(1, false); // isAdjustedToUTC: naive wall-clock times
    t.struct(2); // unit
    t.struct(1); // MILLIS
    t.end();
    t.end();
    t.end();
    t.end();
  }
  t.end();
}

function columnChunk(t: ThriftWriter, c: ChunkMeta, codec: ParquetCodec): void {
  t.open();
  t.i64(2, c.fileOffset);
  t.struct(3); // ColumnMetaData
  t.i32(1, c.type);
  t.list(2, T.I32, c.encodings.length);
  for (const e of c.encodings) t.elemI32(e);
  t.list(3, T.BINARY, 1);
  t.elemString(c.name);
  t.i32(4, codec === 'SNAPPY' ? 1 : 0);
  t.i64(5, c.values);
  t.i64(6, c.uncompressed);
  t.i64(7, c.compressed);
  t.i64(9, c.dataPageOffset);
  if (c.dictionaryPageOffset !== undefined) t.i64(11, c.dictionaryPageOffset);
  t.struct(12); // Statistics
  t.i64(3, c.nulls);
  if (c.max) t.binary(5, c.max);
  if (c.min) t.binary(6, c.min);
  t.end();
  t.end();
  t.end();
}

/** Bits needed for indices up to `maxIndex` (at least 1: some readers mishandle width 0). */
function bitWidth(maxIndex: number): number {
  let w = 1;
  while (maxIndex >= 2 ** w) w++;
  return w;
}

function compareBytes(b: Uint8Array, a0: number, aLen: number, b0: number, bLen: number): number {
  const n = Math.min(aLen, bLen);
  for (let i = 0; i < n; i++) if (b[a0 + i] !== b[b0 + i]) return b[a0 + i] - b[b0 + i];
  return aLen - bLen;
}

function writeDoubles(out: ByteBuffer, v: Float64Array, from: number, to: number): void {
  const n = to - from;
  out.ensure(n * 8);
  if (LITTLE_ENDIAN) out.bytes.set(new Uint8Array(v.buffer, v.byteOffset + from * 8, n * 8), out.length);
  else for (let i = 0; i < n; i++) out.view.setFloat64(out.length + i * 8, v[from + i], true);
  out.length += n * 8;
}

/** Integral doubles (|v| < 2^53) as INT64 little-endian. */
function writeInt64s(out: ByteBuffer, v: Float64Array, from: number, to: number): void {
  const n = to - from;
  out.ensure(n * 8);
  const view = out.view;
  let at = out.length;
  for (let i = from; i < to; i++) {
    const x = v[i];
    const hi = Math.floor(x / TWO32);
    view.setUint32(at, x - hi * TWO32, true);
    view.setInt32(at + 4, hi, true);
    at += 8;
  }
  out.length = at;
}

/**
 * The RLE / bit-packing hybrid encoding of `values[from, to)` with `width` bits per value: runs of 8 or more
 * equal values as RLE runs, the rest bit-packed (LSB first) in groups of 8, the last group zero-padded.
 */
function hybrid(out: ByteBuffer, values: Int32Array | Uint8Array, from: number, to: number, width: number): void {
  const valueBytes = (width + 7) >>> 3;
  let i = from;
  while (i < to) {
    const v = values[i];
    let j = i + 1;
    while (j < to && values[j] === v) j++;
    if (j - i >= 8) {
      out.varint((j - i) * 2);
      out.ensure(valueBytes);
      for (let b = 0; b < valueBytes; b++) out.bytes[out.length++] = (v >>> (8 * b)) & 0xff;
      i = j;
      continue;
    }
    const start = i;
    for (;;) {
      i += 8;
      if (i >= to) break;
      const w = values[i];
      let k = i + 1;
      while (k < to && k - i < 8 && values[k] === w) k++;
      if (k - i >= 8) break;
    }
    const end = Math.min(i, to);
    const groups = Math.ceil((end - start) / 8);
    out.varint(groups * 2 + 1);
    bitPack(out, values, start, end, groups * 8, width);
    i = end;
  }
}

// A hot loop (every dictionary index and definition level passes here).
function bitPack(
  out: ByteBuffer,
  values: Int32Array | Uint8Array,
  from: number,
  to: number,
  count: number,
  width: number,
): void {
  out.ensure(Math.ceil((count * width) / 8) + 8);
  const b = out.bytes;
  let o = out.length;
  if (width <= 24) {
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < count; i++) {
      const v = from + i < to ? values[from + i] : 0;
      acc |= v << bits;
      bits += width;
      while (bits >= 8) {
        b[o++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
  } else {
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < count; i++) {
      const v = from + i < to ? values[from + i] : 0;
      acc += v * 2 ** bits;
      bits += width;
      while (bits >= 8) {
        b[o++] = acc % 256;
        acc = Math.floor(acc / 256);
        bits -= 8;
      }
    }
  }
  out.length = o;
}
