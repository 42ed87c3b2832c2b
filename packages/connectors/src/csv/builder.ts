import { type Column, type Frame, formatValue, StringDictionary } from '@retailkit/core';
import { type ConnectorErrorCode, connectorError } from '../errors.js';
import type { MalformedReason, RowSink } from './tokenizer.js';
import { ByteDictionary, parseNumberBytes, parseTimestampBytes, type SlashOrder, type ValueDecoder } from './values.js';

/** Column types the CSV reader produces. */
export type CsvColumnType = 'number' | 'int' | 'timestamp' | 'string' | 'boolean';

/** Why a row went to the quarantine. */
export type CsvRejectReason =
  | 'ragged-row'
  | 'bad-number'
  | 'bad-int'
  | 'bad-date'
  | 'bad-boolean'
  | 'unterminated-quote'
  | 'bad-quote'
  | 'stray-quote';

const ERROR_CODES: Record<CsvRejectReason, ConnectorErrorCode> = {
  'ragged-row': 'CSV_RAGGED_ROW',
  'bad-number': 'CSV_BAD_NUMBER',
  'bad-int': 'CSV_BAD_NUMBER',
  'bad-date': 'CSV_BAD_DATE',
  'bad-boolean': 'CSV_BAD_BOOLEAN',
  'unterminated-quote': 'CSV_UNTERMINATED_QUOTE',
  'bad-quote': 'CSV_BAD_QUOTE',
  'stray-quote': 'CSV_STRAY_QUOTE',
};

/**
 * The error for a field (or an unfinished record) over `maxFieldBytes`; a header row gets its own code. Thrown
 * whatever `onError` says: such a field is a wrong file or a wrong delimiter, not a bad row.
 */
export function fieldTooLarge(line: number, header: boolean, maxFieldBytes: number): Error {
  const what = header ? 'the header row' : `line ${line}: a field`;
  return connectorError(
    header ? 'CSV_HEADER_TOO_LARGE' : 'CSV_FIELD_TOO_LARGE',
    `readCsv: ${what} is over maxFieldBytes (${maxFieldBytes} bytes). Check the file is CSV with this delimiter and quote, or raise options.maxFieldBytes.`,
    { details: { line, maxFieldBytes } },
  );
}

/** One planned output column. */
export interface ColumnPlan {
  /** The header as written in the file. */
  source: string;
  /** The output column name. */
  name: string;
  type: CsvColumnType;
  /** Applied to each distinct string value (e.g. id normalisation). */
  transform?: (value: string) => string;
}

const T_NUMBER = 0;
const T_INT = 1;
const T_TIMESTAMP = 2;
const T_STRING = 3;
const T_BOOLEAN = 4;
const KIND: Record<CsvColumnType, number> = {
  number: T_NUMBER,
  int: T_INT,
  timestamp: T_TIMESTAMP,
  string: T_STRING,
  boolean: T_BOOLEAN,
};

/**
 * The row sink that converts fields straight from bytes into growable typed columns. A row that fails
 * to convert is not counted (the next row overwrites its partial values) and goes to the quarantine or
 * throws, as asked. The first row is the header and is skipped.
 */
export class FrameBuilder implements RowSink {
  length = 0;
  rowsRead = 0;
  blankLines = 0;
  rowsQuarantined = 0;
  readonly batches: { frame: Frame; quarantine: Frame }[] = [];
  private readonly kinds: Int32Array;
  private readonly data: (Float64Array | Int32Array | Uint8Array)[];
  private readonly dicts: (ByteDictionary | null)[];
  private capacity = 0;
  private headerSeen: boolean;
  private scratch = new Uint8Array(256);
  private q = newQuarantine();
  private readonly naBytes: Uint8Array[];

  constructor(
    readonly plan: readonly ColumnPlan[],
    private readonly decoder: ValueDecoder,
    private readonly options: {
      header: boolean;
      onError: 'fail' | 'quarantine';
      dateOrder: SlashOrder;
      naValues: readonly string[];
      batchSize: number;
      quote: number;
      maxFieldBytes: number;
    },
  ) {
    this.headerSeen = !options.header;
    this.kinds = Int32Array.from(plan.map((p) => KIND[p.type]));
    this.dicts = plan.map((p) => (p.type === 'string' ? new ByteDictionary(decoder, p.transform) : null));
    this.data = plan.map(() => new Float64Array(0));
    this.naBytes = options.naValues.filter((v) => v !== '').map((v) => new TextEncoder().encode(v));
    this.allocate(Math.min(options.batchSize, 1 << 16));
  }

  private allocate(capacity: number): void {
    for (let k = 0; k < this.plan.length; k++) {
      const kind = this.kinds[k];
      const old = this.data[k];
      const next =
        kind === T_STRING || kind === T_INT
          ? new Int32Array(capacity)
          : kind === T_BOOLEAN
            ? new Uint8Array(capacity)
            : new Float64Array(capacity);
      next.set(old.subarray(0, this.length) as never);
      this.data[k] = next;
    }
    this.capacity = capacity;
  }

  private isNa(buf: Uint8Array, s: number, e: number): boolean {
    if (s === e) return true;
    for (const na of this.naBytes) {
      if (na.length !== e - s) continue;
      let same = true;
      for (let k = 0; k < na.length; k++)
        if (na[k] !== buf[s + k]) {
          same = false;
          break;
        }
      if (same) return true;
    }
    return false;
  }

  row(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    quoted: Uint8Array,
    fields: number,
    line: number,
    rowStart: number,
    rowEnd: number,
  ): boolean {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return true;
    }
    if (fields === 1 && starts[0] === ends[0] && quoted[0] === 0) {
      this.blankLines++;
      return true;
    }
    this.rowsRead++;
    const ncol = this.plan.length;
    if (fields !== ncol)
      return this.reject('ragged-row', line, -1, `${fields} fields, expected ${ncol}`, buf, rowStart, rowEnd);
    if (this.length === this.capacity) this.allocate(this.capacity * 2);
    const at = this.length;
    const hasNa = this.naBytes.length > 0;
    for (let k = 0; k < ncol; k++) {
      let b = buf;
      let s = starts[k];
      let e = ends[k];
      if (quoted[k] === 2) {
        // unescape "" → " into scratch
        const len = e - s;
        if (this.scratch.length < len) this.scratch = new Uint8Array(len * 2);
        let w = 0;
        for (let r = s; r < e; r++) {
          const c = buf[r];
          this.scratch[w++] = c;
          if (c === this.options.quote) r++;
        }
        b = this.scratch;
        s = 0;
        e = w;
      }
      const missing = s === e || (hasNa && this.isNa(b, s, e));
      switch (this.kinds[k]) {
        case T_STRING:
          (this.data[k] as Int32Array)[at] = missing ? -1 : (this.dicts[k] as ByteDictionary).code(b, s, e);
          break;
        case T_NUMBER: {
          if (missing) {
            (this.data[k] as Float64Array)[at] = Number.NaN;
            break;
          }
          const v = parseNumberBytes(b, s, e);
          if (Number.isNaN(v)) {
            return this.reject('bad-number', line, k, null, b, s, e, buf, rowStart, rowEnd);
          }
          (this.data[k] as Float64Array)[at] = v;
          break;
        }
        case T_TIMESTAMP: {
          if (missing) {
            (this.data[k] as Float64Array)[at] = Number.NaN;
            break;
          }
          const v = parseTimestampBytes(b, s, e, this.options.dateOrder);
          if (Number.isNaN(v)) {
            return this.reject('bad-date', line, k, null, b, s, e, buf, rowStart, rowEnd);
          }
          (this.data[k] as Float64Array)[at] = v;
          break;
        }
        case T_INT: {
          const v = missing ? Number.NaN : parseNumberBytes(b, s, e);
          if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
            return this.reject('bad-int', line, k, null, b, s, e, buf, rowStart, rowEnd);
          }
          (this.data[k] as Int32Array)[at] = v;
          break;
        }
        default: {
          const v = missing ? -1 : parseBooleanBytes(b, s, e);
          if (v < 0) {
            return this.reject('bad-boolean', line, k, null, b, s, e, buf, rowStart, rowEnd);
          }
          (this.data[k] as Uint8Array)[at] = v;
        }
      }
    }
    this.length++;
    if (this.length >= this.options.batchSize) this.batches.push(this.flush());
    return true;
  }

  malformed(reason: MalformedReason, buf: Uint8Array, line: number, rowStart: number, rowEnd: number): void {
    if (reason === 'field-too-large') throw fieldTooLarge(line, !this.headerSeen, this.options.maxFieldBytes);
    if (!this.headerSeen) {
      throw connectorError('CSV_BAD_HEADER', `readCsv: the header row (line ${line}) is malformed (${reason}).`, {
        details: { line, reason },
      });
    }
    this.rowsRead++;
    this.reject(reason, line, -1, null, buf, rowStart, rowEnd);
  }

  /** Quarantine a row or throw (`onError: 'fail'`); false, uncounted, when the row spans lines: the tokenizer re-reads it. */
  private reject(
    reason: CsvRejectReason,
    line: number,
    k: number,
    note: string | null,
    b: Uint8Array,
    s: number,
    e: number,
    rowBuf: Uint8Array = b,
    rowStart: number = s,
    rowEnd: number = e,
  ): boolean {
    // a row spanning several physical lines (a quoted field ran on) is handed back uncounted, to be read line by line
    for (let r = rowStart; r < rowEnd; r++)
      if (rowBuf[r] === 10 || rowBuf[r] === 13) {
        this.rowsRead--;
        return false;
      }
    const value = k >= 0 ? this.decoder.text(b, s, e) : null;
    const raw = this.decoder.text(rowBuf, rowStart, rowEnd);
    const column = k >= 0 ? this.plan[k].source : null;
    if (this.options.onError === 'fail') {
      const what =
        reason === 'ragged-row'
          ? `the row has ${note}`
          : reason === 'unterminated-quote'
            ? 'a quoted field is never closed'
            : reason === 'bad-quote'
              ? 'there is text after a closing quote'
              : reason === 'stray-quote'
                ? 'a quote opens a field that runs on over the next lines and the record does not parse (a stray quote?)'
                : `cannot parse ${formatValue(value)} as ${reason === 'bad-date' ? 'a date' : reason === 'bad-boolean' ? 'a boolean' : reason === 'bad-int' ? 'an integer' : 'a number'}`;
      const where = column === null ? `line ${line}` : `line ${line}, column "${column}"`;
      throw connectorError(
        ERROR_CODES[reason],
        `readCsv: ${where}: ${what}. Fix the file, declare the column's type in options.schema, or pass onError: 'quarantine' to collect such rows with a reason.`,
        { details: { line, column, value, reason, raw } },
      );
    }
    this.rowsQuarantined++;
    const q = this.q;
    q.line.push(line);
    q.reason.push(reason);
    q.column.push(column);
    q.value.push(value);
    q.raw.push(raw);
    return true;
  }

  /** Move the rows built so far into a Frame (and the quarantine into its Frame) and start afresh. */
  flush(): { frame: Frame; quarantine: Frame } {
    const n = this.length;
    const columns: Record<string, Column> = {};
    for (let k = 0; k < this.plan.length; k++) {
      const p = this.plan[k];
      const data = this.data[k];
      const part = data.slice(0, n);
      switch (this.kinds[k]) {
        case T_STRING:
          columns[p.name] = {
            type: 'string',
            codes: part as Int32Array,
            values: (this.dicts[k] as ByteDictionary).values.slice(),
          };
          break;
        case T_INT:
          columns[p.name] = { type: 'int', data: part as Int32Array };
          break;
        case T_BOOLEAN:
          columns[p.name] = { type: 'boolean', data: part as Uint8Array };
          break;
        default:
          columns[p.name] = { type: this.kinds[k] === T_NUMBER ? 'number' : 'timestamp', data: part as Float64Array };
      }
    }
    this.length = 0;
    const quarantine = quarantineFrame(this.q);
    this.q = newQuarantine();
    return { frame: { length: n, columns }, quarantine };
  }
}

function parseBooleanBytes(b: Uint8Array, s: number, e: number): number {
  const len = e - s;
  const lower = (i: number) => b[s + i] | 0x20;
  if (len === 1)
    return b[s] === 49 || lower(0) === 116 || lower(0) === 121
      ? 1
      : b[s] === 48 || lower(0) === 102 || lower(0) === 110
        ? 0
        : -1;
  if (len === 4 && lower(0) === 116 && lower(1) === 114 && lower(2) === 117 && lower(3) === 101) return 1;
  if (len === 5 && lower(0) === 102 && lower(1) === 97 && lower(2) === 108 && lower(3) === 115 && lower(4) === 101)
    return 0;
  return -1;
}

interface QuarantineRows {
  line: number[];
  reason: string[];
  column: (string | null)[];
  value: (string | null)[];
  raw: string[];
}
function newQuarantine(): QuarantineRows {
  return { line: [], reason: [], column: [], value: [], raw: [] };
}

function dict(values: (string | null)[]): Column {
  const d = new StringDictionary();
  const codes = Int32Array.from(values, (v) => (v === null ? -1 : d.code(v)));
  return { type: 'string', codes, values: d.values };
}

/** The quarantine as a Frame: `line`, `reason`, `column` (source header), `value`, `raw` (the row's text). */
function quarantineFrame(q: QuarantineRows): Frame {
  return {
    length: q.line.length,
    columns: {
      line: { type: 'number', data: Float64Array.from(q.line) },
      reason: dict(q.reason),
      column: dict(q.column),
      value: dict(q.value),
      raw: dict(q.raw),
    },
  };
}

/** Names of the quarantine columns, for documentation and tests. */
export const QUARANTINE_COLUMNS = ['line', 'reason', 'column', 'value', 'raw'] as const;
