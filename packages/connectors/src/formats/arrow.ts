import { type Column, type Frame, StringDictionary } from '@retailkit/core';
import * as arrow from 'apache-arrow';
import { connectorError } from '../errors.js';

function validityFromMissing(n: number, missing: (i: number) => boolean): { bitmap?: Uint8Array; nulls: number } {
  let nulls = 0;
  for (let i = 0; i < n; i++) if (missing(i)) nulls++;
  if (nulls === 0) return { nulls };
  const bitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (!missing(i)) bitmap[i >> 3] |= 1 << (i & 7);
  return { bitmap, nulls };
}

function columnToData(col: Column, n: number): arrow.Data {
  switch (col.type) {
    case 'number': {
      const d = col.data;
      const { bitmap, nulls } = validityFromMissing(n, (i) => Number.isNaN(d[i]));
      return arrow.makeData({ type: new arrow.Float64(), length: n, nullCount: nulls, nullBitmap: bitmap, data: d });
    }
    case 'int':
      return arrow.makeData({ type: new arrow.Int32(), length: n, nullCount: 0, data: col.data });
    case 'boolean': {
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (col.data[i]) bits[i >> 3] |= 1 << (i & 7);
      return arrow.makeData({ type: new arrow.Bool(), length: n, nullCount: 0, data: bits });
    }
    case 'timestamp': {
      const d = col.data;
      const { bitmap, nulls } = validityFromMissing(n, (i) => Number.isNaN(d[i]));
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number.isNaN(d[i]) ? 0n : BigInt(Math.round(d[i]));
      // No time zone: naive wall-clock, as RetailKit keeps source timestamps.
      return arrow.makeData({
        type: new arrow.TimestampMillisecond(),
        length: n,
        nullCount: nulls,
        nullBitmap: bitmap,
        data: out,
      });
    }
    case 'string': {
      const codes = col.codes;
      const { bitmap, nulls } = validityFromMissing(n, (i) => codes[i] < 0);
      const dict = arrow.vectorFromArray([...col.values], new arrow.Utf8());
      const safe = nulls ? codes.map((c) => Math.max(c, 0)) : codes;
      return arrow.makeData({
        type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
        length: n,
        nullCount: nulls,
        nullBitmap: bitmap,
        data: safe,
        dictionary: dict,
      });
    }
  }
}

/**
 * Convert a Frame to an Arrow table without copying numeric buffers. Types: number → Float64 (NaN → null),
 * int → Int32, boolean → Bool, timestamp → Timestamp(ms) with no time zone (naive wall-clock), string →
 * Dictionary<Int32, Utf8> (code -1 → null). Column order is kept.
 *
 * Complexity O(rows × columns).
 *
 * @example
 * frameToArrow(fromRows([{ a: 1 }, { a: null }])).getChild('a')?.toJSON() // [1, null]
 */
export function frameToArrow(frame: Frame): arrow.Table {
  const fields: arrow.Field[] = [];
  const children: arrow.Data[] = [];
  for (const [name, col] of Object.entries(frame.columns)) {
    const d = columnToData(col, frame.length);
    fields.push(new arrow.Field(name, d.type, true));
    children.push(d);
  }
  const schema = new arrow.Schema(fields);
  const struct = arrow.makeData({
    type: new arrow.Struct(fields),
    length: frame.length,
    nullCount: 0,
    children,
  });
  return new arrow.Table(schema, new arrow.RecordBatch(schema, struct));
}

function isValid(d: arrow.Data, i: number): boolean {
  const bm = d.nullBitmap;
  if (!bm || d.nullCount === 0 || bm.length === 0) return true;
  const j = d.offset + i;
  return (bm[j >> 3] & (1 << (j & 7))) !== 0;
}

const MS_PER: Record<number, number> = {
  [arrow.TimeUnit.SECOND]: 1000,
  [arrow.TimeUnit.MILLISECOND]: 1,
  [arrow.TimeUnit.MICROSECOND]: 1 / 1000,
  [arrow.TimeUnit.NANOSECOND]: 1 / 1_000_000,
};

/**
 * Convert an Arrow table to a Frame. Float, integer and decimal-free numeric types → number (Int32 without nulls
 * stays int), Bool → boolean, Timestamp (any unit; a zoned timestamp keeps its UTC instant), Date → timestamp,
 * Utf8 and Dictionary<Utf8> → dictionary-encoded strings. Nulls become NaN / code -1.
 *
 * @throws RetailKitError `ARROW_UNSUPPORTED` for nested or binary columns.
 * @example
 * arrowToFrame(frameToArrow(fromRows([{ sku: 'A', qty: 2 }]))).columns.qty.type // 'number'
 */
export function arrowToFrame(table: arrow.Table): Frame {
  const n = table.numRows;
  const columns: Record<string, Column> = {};
  for (const field of table.schema.fields) {
    const vec = table.getChild(field.name)!;
    const t = field.type as arrow.DataType;
    const chunks = vec.data;
    if (arrow.DataType.isDictionary(t) || arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) {
      const dict = new StringDictionary();
      const codes = new Int32Array(n);
      let off = 0;
      for (const d of chunks) {
        if (arrow.DataType.isDictionary(d.type)) {
          const values = d.dictionary ? d.dictionary.toArray() : [];
          const remap = Array.from(values as ArrayLike<string | null>, (v) => (v == null ? -1 : dict.code(String(v))));
          const keys = d.values as ArrayLike<number | bigint>;
          for (let i = 0; i < d.length; i++) codes[off + i] = isValid(d, i) ? remap[Number(keys[d.offset + i])] : -1;
        } else {
          const v = new arrow.Vector([d]);
          for (let i = 0; i < d.length; i++) {
            const s = v.get(i);
            codes[off + i] = s == null ? -1 : dict.code(String(s));
          }
        }
        off += d.length;
      }
      columns[field.name] = { type: 'string', codes, values: dict.values };
    } else if (arrow.DataType.isBool(t)) {
      const data = new Uint8Array(n);
      let off = 0;
      for (const d of chunks) {
        const bits = d.values as Uint8Array;
        for (let i = 0; i < d.length; i++) {
          const j = d.offset + i;
          data[off + i] = isValid(d, i) && (bits[j >> 3] & (1 << (j & 7))) !== 0 ? 1 : 0;
        }
        off += d.length;
      }
      columns[field.name] = { type: 'boolean', data };
    } else if (arrow.DataType.isTimestamp(t) || arrow.DataType.isDate(t)) {
      const data = new Float64Array(n);
      let off = 0;
      for (const d of chunks) {
        const dt = d.type as arrow.Timestamp | arrow.Date_;
        const scale = arrow.DataType.isDate(dt) ? (dt.unit === arrow.DateUnit.DAY ? 86_400_000 : 1) : MS_PER[dt.unit];
        const vals = d.values as ArrayLike<number | bigint>;
        for (let i = 0; i < d.length; i++)
          data[off + i] = isValid(d, i) ? Number(vals[d.offset + i]) * scale : Number.NaN;
        off += d.length;
      }
      columns[field.name] = { type: 'timestamp', data };
    } else if (arrow.DataType.isInt(t) || arrow.DataType.isFloat(t)) {
      const allValid = chunks.every((d) => d.nullCount === 0);
      if (arrow.DataType.isInt(t) && t.bitWidth <= 32 && t.isSigned && allValid) {
        const data = new Int32Array(n);
        let off = 0;
        for (const d of chunks) {
          const vals = d.values as ArrayLike<number>;
          for (let i = 0; i < d.length; i++) data[off + i] = vals[d.offset + i];
          off += d.length;
        }
        columns[field.name] = { type: 'int', data };
      } else {
        const data = new Float64Array(n);
        let off = 0;
        for (const d of chunks) {
          if (arrow.DataType.isFloat(t) && t.precision === arrow.Precision.HALF) {
            const v = new arrow.Vector([d]);
            for (let i = 0; i < d.length; i++) data[off + i] = (v.get(i) as number | null) ?? Number.NaN;
          } else {
            const vals = d.values as ArrayLike<number | bigint>;
            for (let i = 0; i < d.length; i++) data[off + i] = isValid(d, i) ? Number(vals[d.offset + i]) : Number.NaN;
          }
          off += d.length;
        }
        columns[field.name] = { type: 'number', data };
      }
    } else {
      throw connectorError(
        'ARROW_UNSUPPORTED',
        `arrowToFrame: column "${field.name}" has Arrow type ${String(t)}, which a Frame cannot hold. Select or cast the flat columns (numbers, strings, booleans, timestamps) first.`,
        { details: { column: field.name, type: String(t) } },
      );
    }
  }
  return { length: n, columns };
}

/**
 * Serialise a Frame (or an Arrow table) as Arrow IPC: the `file` format (random access, `.arrow`) or the
 * `stream` format (`.arrows`). Types as {@link frameToArrow}.
 *
 * @example
 * const bytes = writeArrowIpc(fromRows([{ a: 1 }]));
 * new TextDecoder().decode(bytes.subarray(0, 6)) // 'ARROW1' (the file format's magic)
 */
export function writeArrowIpc(data: Frame | arrow.Table, options: { format?: 'file' | 'stream' } = {}): Uint8Array {
  const table = data instanceof arrow.Table ? data : frameToArrow(data);
  return arrow.tableToIPC(table, options.format ?? 'file');
}

/**
 * Read Arrow IPC bytes (file or stream format, detected) into a Frame (see {@link arrowToFrame}).
 *
 * @throws RetailKitError `ARROW_UNSUPPORTED` for nested columns or bytes that are not Arrow IPC.
 * @example
 * toRows(readArrowIpc(writeArrowIpc(fromRows([{ sku: 'A', qty: 2 }])))) // [{ sku: 'A', qty: 2 }]
 */
export function readArrowIpc(bytes: Uint8Array): Frame {
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (e) {
    throw connectorError('ARROW_UNSUPPORTED', `readArrowIpc: the bytes are not Arrow IPC (${(e as Error).message}).`, {
      cause: e,
    });
  }
  if (table.schema.fields.length === 0 && bytes.length > 0)
    throw connectorError(
      'ARROW_UNSUPPORTED',
      `readArrowIpc: the ${bytes.length} bytes hold no Arrow schema; pass Arrow IPC file or stream bytes.`,
      {
        details: { bytes: bytes.length },
      },
    );
  return arrowToFrame(table);
}
