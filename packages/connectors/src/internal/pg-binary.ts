import { type Column, type ColumnType, type Frame, StringDictionary } from '@retailkit/core';
import { countRepairs, repairText, type TextRepairs, textFlags } from '../warehouse/guard.js';

/** PostgreSQL's epoch (2000-01-01T00:00:00Z) in Unix epoch milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO32 = 4_294_967_296;
const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
const CHUNK = 1 << 20;

/** Binary COPY header: signature, flags 0, header extension length 0. */
export function copyHeader(): Buffer {
  const b = Buffer.alloc(19);
  SIGNATURE.copy(b, 0);
  return b;
}

/** Binary COPY trailer: a field count of -1. */
export function copyTrailer(): Buffer {
  return Buffer.from([0xff, 0xff]);
}

/**
 * One column's dictionary, UTF-8 encoded once per value as ready-made binary COPY fields (a 4-byte big-endian
 * length, then the bytes) laid end to end in one arena: field `i` is `arena[offsets[i], offsets[i + 1])`.
 */
interface EncodedDictionary {
  values: readonly string[] | undefined;
  arena: Buffer;
  offsets: Int32Array;
  /** How many of `values` are encoded (fewer than `values.length` once the array grew in place). */
  count: number;
  /** The longest field in bytes (length prefix included), for bounding a row's size. */
  maxField: number;
  /** Per value, what the text policy changed in it (`textFlags`); allocated on the first value that needs it. */
  flags: Uint8Array | undefined;
}

const NULL_FIELD = -1;
/** {@link fillChunk}'s switch value of each column type. */
const K_NUMBER = 0;
const K_TIMESTAMP = 1;
const K_INT = 2;
const K_BOOLEAN = 3;
const K_STRING = 4;
const KIND: Readonly<Record<ColumnType, number>> = {
  number: K_NUMBER,
  timestamp: K_TIMESTAMP,
  int: K_INT,
  boolean: K_BOOLEAN,
  string: K_STRING,
};
/** Bytes of a fixed-size field (4-byte length, then float8, int8 µs, int4 or bool), by kind. */
const FIXED_FIELD_BYTES = [12, 12, 8, 5];

/** Thrown by {@link CopyBinaryEncoder.encode} for a ±Infinity: the row (in the frame) and the column. */
export class NonFiniteValue extends Error {
  constructor(
    readonly row: number,
    readonly column: string,
    readonly value: number,
    readonly type: ColumnType,
  ) {
    super(`non-finite ${type} ${value} at row ${row}, column ${column}`);
  }
}

/**
 * Encodes Frame rows into PostgreSQL binary COPY tuples. String dictionaries are UTF-8 encoded once per value
 * and reused across batches while each new dictionary extends the previous one (as readCsvBatches' do), or is the
 * same array grown in place.
 *
 * Tuple layout (PostgreSQL "Binary Format" of COPY): int16 field count, then per field an int32 byte length
 * (-1 for NULL) and the bytes: float8 for `number`, int8 microseconds since 2000-01-01 for `timestamp`, int4,
 * bool (1 byte), text as UTF-8. Complexity: O(rows × columns) plus O(new dictionary values) per batch.
 *
 * Text policy (PostgreSQL text holds neither): U+0000 is removed and a lone UTF-16 surrogate becomes U+FFFD, each
 * changed cell counted in {@link repairs}. A ±Infinity in a number or timestamp column throws
 * {@link NonFiniteValue}; NaN is NULL.
 */
export class CopyBinaryEncoder {
  private readonly names: string[];
  private readonly dicts: EncodedDictionary[];
  /** Cells changed by the text policy so far, by column. */
  readonly repairs: TextRepairs = {};

  constructor(names: readonly string[]) {
    this.names = [...names];
    this.dicts = names.map(() => ({
      values: undefined,
      arena: Buffer.allocUnsafe(0),
      offsets: new Int32Array(1),
      count: 0,
      maxField: 4,
      flags: undefined,
    }));
  }

  private dictionary(ci: number, values: readonly string[]): EncodedDictionary {
    const d = this.dicts[ci];
    const prev = d.values;
    // The same array may have grown in place since (a StringDictionary's live `values`): `count` says how much of it
    // is encoded. A new array keeps the encoded fields when it starts with the same values (a grown copy); the same
    // array needs no comparison with itself.
    if (prev === values && d.count === values.length) return d;
    let prefix = prev !== undefined && d.count <= values.length;
    if (prev !== values) for (let i = d.count - 1; prefix && i >= 0; i--) prefix = prev![i] === values[i];
    if (!prefix) {
      d.count = 0;
      d.maxField = 4;
      d.flags = undefined;
    }
    const n = values.length;
    if (d.offsets.length < n + 1) {
      const o = new Int32Array(Math.max(n + 1, d.offsets.length * 2));
      o.set(d.offsets.subarray(0, d.count + 1));
      d.offsets = o;
    }
    let pos = d.offsets[d.count];
    for (let i = d.count; i < n; i++) {
      let v = values[i];
      const f = textFlags(v);
      if (f) {
        if (!d.flags || d.flags.length < n) {
          const g = new Uint8Array(Math.max(n, (d.flags?.length ?? 0) * 2));
          if (d.flags) g.set(d.flags);
          d.flags = g;
        }
        d.flags[i] = f;
        v = repairText(v);
      }
      const max = 4 + v.length * 3;
      if (pos + max > d.arena.length) {
        const a = Buffer.allocUnsafe(Math.max(pos + max, d.arena.length * 2, 4096));
        d.arena.copy(a, 0, 0, pos);
        d.arena = a;
      }
      const len = d.arena.write(v, pos + 4, 'utf8');
      d.arena.writeInt32BE(len, pos);
      pos += 4 + len;
      d.offsets[i + 1] = pos;
      if (4 + len > d.maxField) d.maxField = 4 + len;
    }
    if (d.flags && d.flags.length < n) {
      const g = new Uint8Array(n);
      g.set(d.flags);
      d.flags = g;
    }
    d.count = n;
    d.values = values;
    return d;
  }

  /** Count the cells of a batch whose dictionary value the text policy changed (only for such a dictionary). */
  private countRepairs(name: string, codes: ArrayLike<number>, flags: Uint8Array, rows: ArrayLike<number> | number) {
    const tally = [0, 0, 0, 0];
    if (typeof rows === 'number') for (let r = 0; r < rows; r++) tally[codes[r] < 0 ? 0 : flags[codes[r]]]++;
    else
      for (let k = 0; k < rows.length; k++) {
        const code = codes[rows[k]];
        tally[code < 0 ? 0 : flags[code]]++;
      }
    for (let f = 1; f < 4; f++) if (tally[f]) countRepairs(this.repairs, name, f, tally[f]);
  }

  /** Chunks of about 1 MiB holding the tuples of `frame` (the rows at `rows` when given, in that order). */
  *encode(frame: Frame, rows?: ArrayLike<number>): Generator<Buffer> {
    const cols: Column[] = this.names.map((n) => frame.columns[n]);
    const kinds = Int32Array.from(cols, (c) => KIND[c.type]);
    const nums = cols.map((c) => (c.type === 'number' || c.type === 'timestamp' ? c.data : EMPTY_F64));
    const ints = cols.map((c) =>
      c.type === 'string' ? c.codes : c.type === 'int' || c.type === 'boolean' ? c.data : EMPTY_I32,
    );
    const dicts = cols.map((c, ci) => (c.type === 'string' ? this.dictionary(ci, c.values) : EMPTY_DICT));
    for (let ci = 0; ci < cols.length; ci++) {
      const flags = dicts[ci].flags;
      if (flags) this.countRepairs(this.names[ci], ints[ci], flags, rows ?? frame.length);
    }
    // A bound on any row's size: field count, plus per field its length and its longest possible payload.
    let rowMax = 2;
    for (let ci = 0; ci < cols.length; ci++)
      rowMax += kinds[ci] === K_STRING ? dicts[ci].maxField : FIXED_FIELD_BYTES[kinds[ci]];
    const n = rows ? rows.length : frame.length;
    const size = Math.max(CHUNK, rowMax);
    const plan: EncodePlan = { kinds, nums, ints, dicts, rows, rowMax, end: 0 };
    const bad = (e: unknown) => {
      if (!(e instanceof NonFiniteValue)) return e;
      const ci = Number(e.column);
      return new NonFiniteValue(e.row, this.names[ci], e.value, cols[ci].type);
    };
    for (let k = 0; k < n; ) {
      const buf = Buffer.allocUnsafe(size);
      try {
        k = fillChunk(plan, buf, k, n);
      } catch (e) {
        throw bad(e);
      }
      yield buf.subarray(0, plan.end);
    }
  }
}

/** What {@link fillChunk} needs: per column its kind and data, the dictionaries, the rows, a row-size bound. */
interface EncodePlan {
  kinds: Int32Array;
  nums: Float64Array[];
  ints: (Int32Array | Uint32Array | Uint8Array)[];
  dicts: EncodedDictionary[];
  rows: ArrayLike<number> | undefined;
  rowMax: number;
  /** Out: the bytes written by the last call. */
  end: number;
}

/**
 * Encode tuples `from`, `from + 1`, … into `buf` until the next one might not fit; returns the index of the first
 * tuple not written (`plan.end` = bytes used). A plain function rather than the generator's body so V8 optimizes
 * its loop within the first batch (on-stack replacement), not only from the second call on.
 */
function fillChunk(plan: EncodePlan, buf: Buffer, from: number, n: number): number {
  const { kinds, nums, ints, dicts, rows, rowMax } = plan;
  const nc = kinds.length;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const limit = buf.length - rowMax;
  let pos = 0;
  let k = from;
  for (; k < n && pos <= limit; k++) {
    const r = rows ? rows[k] : k;
    view.setInt16(pos, nc);
    pos += 2;
    for (let ci = 0; ci < nc; ci++) {
      switch (kinds[ci]) {
        case K_NUMBER: {
          const v = nums[ci][r];
          if (v - v === 0) {
            view.setInt32(pos, 8);
            view.setFloat64(pos + 4, v);
            pos += 12;
          } else if (Number.isNaN(v)) {
            view.setInt32(pos, NULL_FIELD);
            pos += 4;
          } else throw new NonFiniteValue(r, String(ci), v, 'number');
          break;
        }
        case K_TIMESTAMP: {
          const v = nums[ci][r];
          if (v - v !== 0) {
            if (!Number.isNaN(v)) throw new NonFiniteValue(r, String(ci), v, 'timestamp');
            view.setInt32(pos, NULL_FIELD);
            pos += 4;
          } else {
            const micros = Math.round((v - PG_EPOCH_MS) * 1000);
            const hi = Math.floor(micros / TWO32);
            view.setInt32(pos, 8);
            view.setInt32(pos + 4, hi);
            view.setUint32(pos + 8, micros - hi * TWO32);
            pos += 12;
          }
          break;
        }
        case K_INT:
          view.setInt32(pos, 4);
          view.setInt32(pos + 4, ints[ci][r]);
          pos += 8;
          break;
        case K_BOOLEAN:
          view.setInt32(pos, 1);
          buf[pos + 4] = ints[ci][r] ? 1 : 0;
          pos += 5;
          break;
        default: {
          const code = ints[ci][r];
          if (code < 0) {
            view.setInt32(pos, NULL_FIELD);
            pos += 4;
          } else {
            const d = dicts[ci];
            const s = d.offsets[code];
            const e = d.offsets[code + 1];
            if (e - s <= 64) {
              const a = d.arena;
              for (let j = s; j < e; j++) buf[pos++] = a[j];
            } else pos += d.arena.copy(buf, pos, s, e);
          }
        }
      }
    }
  }
  plan.end = pos;
  return k;
}

const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_DICT: EncodedDictionary = {
  values: [],
  arena: Buffer.allocUnsafe(0),
  offsets: new Int32Array(1),
  count: 0,
  maxField: 4,
  flags: undefined,
};

interface ColBuilder {
  type: ColumnType;
  num: Float64Array;
  codes: Int32Array;
  bool: Uint8Array;
  dict: StringDictionary;
}

/**
 * Decodes a binary `COPY … TO STDOUT (FORMAT binary)` stream into Frames of at most `batchSize` rows.
 * `types[i]` tells how field `i` was cast: `number` (float8), `timestamp` (timestamp), `boolean` (bool),
 * `string` (text). Memory: one batch plus one partial tuple.
 */
export async function* decodeCopyBinary(
  chunks: AsyncIterable<Buffer>,
  names: readonly string[],
  types: readonly ColumnType[],
  batchSize: number,
): AsyncGenerator<Frame> {
  const nc = names.length;
  const dicts = types.map(() => new StringDictionary());
  const fresh = (): ColBuilder[] =>
    types.map((type, i) => ({
      type,
      num: type === 'number' || type === 'timestamp' ? new Float64Array(batchSize) : new Float64Array(0),
      codes: type === 'string' ? new Int32Array(batchSize) : new Int32Array(0),
      bool: type === 'boolean' ? new Uint8Array(batchSize) : new Uint8Array(0),
      dict: dicts[i],
    }));
  let b = fresh();
  let rows = 0;
  let pending: Buffer = Buffer.alloc(0);
  let headerDone = false;
  let finished = false;
  const emit = (): Frame => {
    const columns: Record<string, Column> = {};
    for (let i = 0; i < nc; i++) {
      const c = b[i];
      if (c.type === 'string')
        columns[names[i]] = { type: 'string', codes: c.codes.slice(0, rows), values: [...c.dict.values] };
      else if (c.type === 'boolean') columns[names[i]] = { type: 'boolean', data: c.bool.slice(0, rows) };
      else columns[names[i]] = { type: c.type, data: c.num.slice(0, rows) } as Column;
    }
    const f = { length: rows, columns };
    b = fresh();
    rows = 0;
    return f;
  };
  for await (const chunk of chunks) {
    let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let pos = 0;
    if (!headerDone) {
      if (buf.length < 19) {
        pending = buf;
        continue;
      }
      const ext = buf.readInt32BE(15);
      if (buf.length < 19 + ext) {
        pending = buf;
        continue;
      }
      pos = 19 + ext;
      headerDone = true;
    }
    for (;;) {
      if (finished || pos + 2 > buf.length) break;
      const count = buf.readInt16BE(pos);
      if (count === -1) {
        finished = true;
        pos += 2;
        break;
      }
      // Check the whole tuple is present before decoding it.
      let p = pos + 2;
      let complete = true;
      for (let i = 0; i < count; i++) {
        if (p + 4 > buf.length) {
          complete = false;
          break;
        }
        const len = buf.readInt32BE(p);
        p += 4 + Math.max(len, 0);
        if (p > buf.length) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
      p = pos + 2;
      for (let i = 0; i < count; i++) {
        const len = buf.readInt32BE(p);
        p += 4;
        const c = b[i];
        if (len < 0) {
          if (c.type === 'string') c.codes[rows] = -1;
          else if (c.type === 'boolean') c.bool[rows] = 0;
          else c.num[rows] = Number.NaN;
          continue;
        }
        switch (c.type) {
          case 'number':
            c.num[rows] = buf.readDoubleBE(p);
            break;
          case 'timestamp': {
            const hi = buf.readInt32BE(p);
            const lo = buf.readUInt32BE(p + 4);
            c.num[rows] = (hi * TWO32 + lo) / 1000 + PG_EPOCH_MS;
            break;
          }
          case 'boolean':
            c.bool[rows] = buf[p] ? 1 : 0;
            break;
          default:
            c.codes[rows] = c.dict.code(buf.toString('utf8', p, p + len));
        }
        p += len;
      }
      pos = p;
      rows++;
      if (rows === batchSize) yield emit();
    }
    pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
    buf = pending;
  }
  if (rows > 0) yield emit();
}
