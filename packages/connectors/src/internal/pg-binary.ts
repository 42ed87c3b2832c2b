import { type Column, type ColumnType, type Frame, StringDictionary } from '@retailkit/core';

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

/** Fixed payload size of a column type in the binary format (strings vary). */
function fixedSize(type: ColumnType): number {
  switch (type) {
    case 'number':
    case 'timestamp':
      return 8;
    case 'int':
      return 4;
    case 'boolean':
      return 1;
    default:
      return 0;
  }
}

/**
 * Encodes Frame rows into PostgreSQL binary COPY tuples. String dictionaries are UTF-8 encoded once per value
 * and reused across batches while each new dictionary extends the previous one (as readCsvBatches' do).
 */
export class CopyBinaryEncoder {
  private readonly names: string[];
  private readonly encoded: Buffer[][];
  private readonly seen: (readonly string[] | undefined)[];

  constructor(names: readonly string[]) {
    this.names = [...names];
    this.encoded = names.map(() => []);
    this.seen = names.map(() => undefined);
  }

  private dictionary(ci: number, values: readonly string[]): Buffer[] {
    if (this.seen[ci] === values) return this.encoded[ci];
    let enc = this.encoded[ci];
    const prev = this.seen[ci];
    let prefix = prev !== undefined && prev.length <= values.length;
    if (prefix && prev) for (let i = 0; i < prev.length && prefix; i++) prefix = prev[i] === values[i];
    if (!prefix) enc = this.encoded[ci] = [];
    for (let i = enc.length; i < values.length; i++) enc.push(Buffer.from(values[i], 'utf8'));
    this.seen[ci] = values;
    return enc;
  }

  /** Chunks of about 1 MiB holding the tuples of `frame` (the rows at `rows` when given, in that order). */
  *encode(frame: Frame, rows?: ArrayLike<number>): Generator<Buffer> {
    const cols: Column[] = this.names.map((n) => frame.columns[n]);
    const nc = cols.length;
    const dicts: (Buffer[] | undefined)[] = cols.map((c, i) =>
      c.type === 'string' ? this.dictionary(i, c.values) : undefined,
    );
    let fixed = 2;
    for (const c of cols) fixed += 4 + fixedSize(c.type);
    const n = rows ? rows.length : frame.length;
    let buf = Buffer.allocUnsafe(CHUNK);
    let pos = 0;
    for (let k = 0; k < n; k++) {
      const r = rows ? rows[k] : k;
      let need = fixed;
      for (let ci = 0; ci < nc; ci++) {
        const c = cols[ci];
        if (c.type === 'string') {
          const code = c.codes[r];
          if (code >= 0) need += dicts[ci]![code].length;
        }
      }
      if (pos + need > buf.length) {
        if (pos > 0) yield buf.subarray(0, pos);
        buf = Buffer.allocUnsafe(Math.max(CHUNK, need));
        pos = 0;
      }
      buf.writeInt16BE(nc, pos);
      pos += 2;
      for (let ci = 0; ci < nc; ci++) {
        const c = cols[ci];
        switch (c.type) {
          case 'number': {
            const v = c.data[r];
            if (Number.isNaN(v)) {
              buf.writeInt32BE(-1, pos);
              pos += 4;
            } else {
              buf.writeInt32BE(8, pos);
              buf.writeDoubleBE(v, pos + 4);
              pos += 12;
            }
            break;
          }
          case 'timestamp': {
            const v = c.data[r];
            if (Number.isNaN(v)) {
              buf.writeInt32BE(-1, pos);
              pos += 4;
            } else {
              const micros = Math.round((v - PG_EPOCH_MS) * 1000);
              const hi = Math.floor(micros / TWO32);
              buf.writeInt32BE(8, pos);
              buf.writeInt32BE(hi, pos + 4);
              buf.writeUInt32BE(micros - hi * TWO32, pos + 8);
              pos += 12;
            }
            break;
          }
          case 'int':
            buf.writeInt32BE(4, pos);
            buf.writeInt32BE(c.data[r], pos + 4);
            pos += 8;
            break;
          case 'boolean':
            buf.writeInt32BE(1, pos);
            buf[pos + 4] = c.data[r] ? 1 : 0;
            pos += 5;
            break;
          case 'string': {
            const code = c.codes[r];
            if (code < 0) {
              buf.writeInt32BE(-1, pos);
              pos += 4;
            } else {
              const s = dicts[ci]![code];
              buf.writeInt32BE(s.length, pos);
              pos += 4;
              if (s.length < 32) for (let j = 0; j < s.length; j++) buf[pos + j] = s[j];
              else s.copy(buf, pos);
              pos += s.length;
            }
            break;
          }
        }
      }
    }
    if (pos > 0) yield buf.subarray(0, pos);
  }
}

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
