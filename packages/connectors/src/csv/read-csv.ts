import { stat } from 'node:fs/promises';
import {
  concat,
  type Frame,
  invalidArgument,
  normalizeHeader,
  TRANSACTION_ALIASES,
  TRANSACTION_SCHEMA,
} from '@retailkit/core';
import { connectorError } from '../errors.js';
import { type ColumnPlan, type CsvColumnType, FrameBuilder, fieldTooLarge } from './builder.js';
import { type ByteSource, openBytes, type ProgressListener, type Sniffed, sniffText } from './source.js';
import { CsvTokenizer, type MalformedReason, type RowSink } from './tokenizer.js';
import { type CsvEncoding, parseNumberBytes, parseTimestampBytes, type SlashOrder, ValueDecoder } from './values.js';

/** Options of `readCsv` and `readCsvBatches`. Every option has a documented default. */
export interface CsvOptions {
  /** Field delimiter, one ASCII character. Default `,`. */
  delimiter?: string;
  /** Quote character, one ASCII character. Default `"`. */
  quote?: string;
  /** Whether the first row is a header. Default true (without one, columns are `column_0`, `column_1`, …). */
  header?: boolean;
  /**
   * Text encoding. Default `auto`: each value is UTF-8 when its bytes are valid UTF-8, else Windows-1252 (Kaggle's
   * `data.csv`), so a file that mixes them loses nothing. A UTF-8 or UTF-16 byte-order mark wins (UTF-16 is
   * decoded); UTF-32 is refused with `CSV_ENCODING`.
   */
  encoding?: CsvEncoding;
  /**
   * Map recognised UCI Online Retail / Online Retail II headers (`InvoiceNo`/`Invoice`, `Customer ID`/`CustomerID`,
   * `Price`/`UnitPrice`, …) to the canonical transaction names and types. Default true.
   */
  canonical?: boolean;
  /** Explicit renames, source header → output name; they win over the canonical mapping. */
  columns?: Record<string, string>;
  /** Declared types by output name; undeclared, non-canonical columns are inferred from the first `inferRows` rows. */
  schema?: Record<string, CsvColumnType>;
  /** Rows sampled for type inference. Default 1000. */
  inferRows?: number;
  /** Order of slash dates: `mdy` (US `12/1/2010 8:26`, the Kaggle file) or `dmy`. Default `mdy`. ISO dates are always accepted. */
  dateOrder?: SlashOrder;
  /** Field texts read as missing besides the empty field. Default none. */
  naValues?: readonly string[];
  /** What to do with a malformed row: `fail` (default) throws naming the line, column and value; `quarantine` collects it with a reason. */
  onError?: 'fail' | 'quarantine';
  /**
   * Normalise the canonical `customerId`: ids written as floats (`17850.0`, as in spreadsheet exports) become
   * `17850`. Default true.
   */
  normalizeIds?: boolean;
  /**
   * The largest field, and the largest record held unfinished while streaming, in bytes. Default 4 MiB. Over it:
   * `CSV_FIELD_TOO_LARGE` (`CSV_HEADER_TOO_LARGE` for the header), except a quoted field running over several lines,
   * which is read as a stray quote (see `stray-quote`).
   */
  maxFieldBytes?: number;
  /** Rows per batch for `readCsvBatches`. Default 65,536. */
  batchSize?: number;
  /** Called as bytes are consumed (compressed bytes for `.gz`). */
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** What was read, for reports and for checking that nothing was lost: `rowsRead = rowsKept + rowsQuarantined`. */
export interface CsvInfo {
  rowsRead: number;
  rowsKept: number;
  rowsQuarantined: number;
  /** Empty lines, skipped (they hold no data). */
  blankLines: number;
  /**
   * The encoding used: `utf-8`, `windows-1252`, `latin1`, `utf-16le`, `utf-16be`, or `mixed` (`auto` found both
   * UTF-8 and Windows-1252 values).
   */
  encoding: string;
  /** Distinct non-ASCII values decoded as UTF-8, and as Windows-1252 (Latin-1 when declared); always set by the reader. */
  decodedValues?: { utf8: number; singleByte: number };
  columns: { source: string; name: string; type: CsvColumnType }[];
}

/** The result of `readCsv`. */
export interface CsvResult {
  frame: Frame;
  /** Rejected rows: `line`, `reason`, `column`, `value`, `raw`. Empty unless `onError: 'quarantine'`. */
  quarantine: Frame;
  info: CsvInfo;
}

interface Resolved {
  delimiter: number;
  quote: number;
  header: boolean;
  encoding: CsvEncoding;
  canonical: boolean;
  columns: Record<string, string>;
  schema: Record<string, CsvColumnType>;
  inferRows: number;
  dateOrder: SlashOrder;
  naValues: readonly string[];
  onError: 'fail' | 'quarantine';
  normalizeIds: boolean;
  batchSize: number;
  maxFieldBytes: number;
}

function resolve(options: CsvOptions): Resolved {
  const char = (name: string, v: string | undefined, d: string): number => {
    const c = v ?? d;
    if (c.length !== 1 || c.charCodeAt(0) > 127 || c === '\n' || c === '\r')
      throw invalidArgument('readCsv', `options.${name}`, c, 'one ASCII character other than a line break');
    return c.charCodeAt(0);
  };
  const batchSize = options.batchSize ?? 65_536;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw invalidArgument('readCsv', 'options.batchSize', batchSize, 'a positive integer');
  const maxFieldBytes = options.maxFieldBytes ?? 4 << 20;
  if (!Number.isInteger(maxFieldBytes) || maxFieldBytes < 1)
    throw invalidArgument('readCsv', 'options.maxFieldBytes', maxFieldBytes, 'a positive integer (bytes)');
  const encodings: CsvEncoding[] = ['auto', 'utf-8', 'windows-1252', 'latin1'];
  const encoding = options.encoding ?? 'auto';
  if (!encodings.includes(encoding))
    throw invalidArgument('readCsv', 'options.encoding', encoding, encodings.join(' | '));
  const onError = options.onError ?? 'fail';
  if (onError !== 'fail' && onError !== 'quarantine')
    throw invalidArgument('readCsv', 'options.onError', onError, "'fail' or 'quarantine'");
  return {
    delimiter: char('delimiter', options.delimiter, ','),
    quote: char('quote', options.quote, '"'),
    header: options.header ?? true,
    encoding,
    canonical: options.canonical ?? true,
    columns: options.columns ?? {},
    schema: options.schema ?? {},
    inferRows: options.inferRows ?? 1000,
    dateOrder: options.dateOrder ?? 'mdy',
    naValues: options.naValues ?? [],
    onError,
    normalizeIds: options.normalizeIds ?? true,
    batchSize,
    maxFieldBytes,
  };
}

/** Collects the header and sample values for inference (strings, at most `limit` rows). */
class SampleSink implements RowSink {
  header: string[] | null = null;
  samples: string[][] = [];
  rows = 0;
  constructor(
    private readonly decoder: ValueDecoder,
    private readonly limit: number,
    private readonly hasHeader: boolean,
    private readonly quote: number,
    private readonly maxFieldBytes: number,
  ) {}
  row(buf: Uint8Array, starts: Int32Array, ends: Int32Array, quoted: Uint8Array, fields: number): boolean {
    const values: string[] = [];
    for (let k = 0; k < fields; k++) {
      let v = this.decoder.text(buf, starts[k], ends[k]);
      if (quoted[k] === 2)
        v = v.split(String.fromCharCode(this.quote, this.quote)).join(String.fromCharCode(this.quote));
      values.push(v);
    }
    if (this.header === null && this.hasHeader) {
      this.header = values;
      return true;
    }
    if (this.header === null) this.header = values.map((_, k) => `column_${k}`);
    if (this.rows++ < this.limit) this.samples.push(values);
    return true;
  }
  malformed(reason: MalformedReason, _buf: Uint8Array, line: number): void {
    if (reason === 'field-too-large') throw fieldTooLarge(line, this.header === null, this.maxFieldBytes);
  }
}

const ID_FLOAT = /^(\d+)\.0+$/;

function plan(header: string[], samples: string[][], o: Resolved): ColumnPlan[] {
  const used = new Map<string, number>();
  return header.map((rawName, k) => {
    const source = k === 0 ? rawName.replace(/^\uFEFF/, '') : rawName;
    let name = o.columns[source];
    if (name === undefined && o.canonical) name = TRANSACTION_ALIASES[normalizeHeader(source)];
    if (name === undefined) name = source.trim() === '' ? `column_${k}` : source;
    const seen = used.get(name) ?? 0;
    used.set(name, seen + 1);
    if (seen > 0) name = `${name}.${seen}`;
    const declared =
      o.schema[name] ??
      (o.canonical && name in TRANSACTION_SCHEMA
        ? (TRANSACTION_SCHEMA as Record<string, CsvColumnType>)[name]
        : undefined);
    const type =
      declared ??
      infer(
        samples.map((r) => r[k]).filter((v) => v !== undefined && v !== '' && !o.naValues.includes(v)),
        o.dateOrder,
      );
    const transform =
      o.canonical && o.normalizeIds && name === 'customerId' ? (v: string) => ID_FLOAT.exec(v)?.[1] ?? v : undefined;
    return { source, name, type, transform };
  });
}

function infer(values: string[], order: SlashOrder): CsvColumnType {
  if (values.length === 0) return 'string';
  const enc = new TextEncoder();
  const all = (test: (b: Uint8Array) => boolean) => values.every((v) => test(enc.encode(v)));
  if (all((b) => !Number.isNaN(parseNumberBytes(b, 0, b.length)))) return 'number';
  if (all((b) => !Number.isNaN(parseTimestampBytes(b, 0, b.length, order)))) return 'timestamp';
  if (values.every((v) => /^(true|false)$/i.test(v))) return 'boolean';
  return 'string';
}

/**
 * Read a CSV or CSV.gz file, bytes or a byte stream, batch by batch, in bounded memory.
 * Each batch is a Frame of at most `batchSize` rows with its quarantined rows; string dictionaries grow
 * across batches (codes stay valid; each batch carries a snapshot of the dictionary).
 *
 * A quoted field may span lines; but when a record spanning lines fails to parse (wrong field count, a value
 * that does not convert, text after its closing quote, no closing quote), its first physical line goes to the
 * quarantine as `stray-quote` with its full text and the lines after it are read as the records they are, so
 * one stray quote costs one line. Quarantined rows are single physical lines; `raw` is the whole line.
 *
 * @throws RetailKitError `CSV_RAGGED_ROW`, `CSV_BAD_NUMBER`, `CSV_BAD_DATE`, `CSV_BAD_BOOLEAN`,
 *   `CSV_UNTERMINATED_QUOTE`, `CSV_BAD_QUOTE`, `CSV_STRAY_QUOTE` (with `onError: 'fail'`), `CSV_FIELD_TOO_LARGE`,
 *   `CSV_HEADER_TOO_LARGE`, `CSV_EMPTY`, `CSV_BAD_HEADER`, `CSV_BINARY_INPUT`, `CSV_ENCODING`, `SOURCE_NOT_FOUND`,
 *   `SOURCE_READ`, `CSV_GZIP`, `INVALID_ARGUMENT`.
 * @example
 * let rows = 0;
 * for await (const { frame, quarantine } of readCsvBatches('online_retail.csv.gz', { onError: 'quarantine' }))
 *   rows += frame.length + quarantine.length; // every row read is in one of the two
 */
export async function* readCsvBatches(
  source: ByteSource,
  options: CsvOptions = {},
): AsyncGenerator<{ frame: Frame; quarantine: Frame; info: CsvInfo }> {
  const o = resolve(options);
  const totalBytes =
    typeof source === 'string'
      ? await stat(source).then(
          (s) => s.size,
          () => undefined,
        )
      : undefined;
  const sniffed: Sniffed = { bom: null };
  const chunks = sniffText(
    openBytes(source, { onProgress: options.onProgress, totalBytes, signal: options.signal }),
    sniffed,
  )[Symbol.asyncIterator]();
  const decoder = new ValueDecoder(o.encoding);
  // 1. sample the first rows (header + up to inferRows rows) to plan the columns
  const prefix: Uint8Array[] = [];
  const sampler = new SampleSink(decoder, o.inferRows, o.header, o.quote, o.maxFieldBytes);
  const sampleTokenizer = new CsvTokenizer(sampler, o.delimiter, o.quote, o.maxFieldBytes);
  let done = false;
  let prefixBytes = 0;
  while ((sampler.rows <= o.inferRows && prefixBytes < 8 << 20) || sampler.header === null) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      sampleTokenizer.end();
      break;
    }
    const chunk = next.value;
    if (prefix.length === 0 && sniffed.bom !== null && decoder.encoding === 'auto') decoder.encoding = 'utf-8';
    prefix.push(chunk);
    prefixBytes += chunk.length;
    sampleTokenizer.push(chunk);
  }
  if (sampler.header === null) {
    throw connectorError('CSV_EMPTY', 'readCsv: the input is empty (no header row). Check the file.', {
      details: {},
    });
  }
  const columns = plan(sampler.header, sampler.samples, o);
  const builder = new FrameBuilder(columns, decoder, {
    header: o.header,
    onError: o.onError,
    dateOrder: o.dateOrder,
    naValues: o.naValues,
    batchSize: o.batchSize,
    quote: o.quote,
    maxFieldBytes: o.maxFieldBytes,
  });
  const tokenizer = new CsvTokenizer(builder, o.delimiter, o.quote, o.maxFieldBytes);
  const info = (): CsvInfo => ({
    rowsRead: builder.rowsRead,
    rowsKept: builder.rowsRead - builder.rowsQuarantined,
    rowsQuarantined: builder.rowsQuarantined,
    blankLines: builder.blankLines,
    encoding: encodingUsed(decoder, sniffed),
    decodedValues: { utf8: decoder.utf8Values, singleByte: decoder.singleByteValues },
    columns: columns.map(({ source: s, name, type }) => ({ source: s, name, type })),
  });
  /** Hand out the batches the builder completed while converting the last chunk. */
  function* drain() {
    for (const batch of builder.batches.splice(0)) yield { ...batch, info: info() };
  }
  // 2. convert: the sampled prefix first, then the rest of the stream
  for (const chunk of prefix) {
    tokenizer.push(chunk);
    yield* drain();
  }
  while (!done) {
    const next = await chunks.next();
    if (next.done) break;
    tokenizer.push(next.value);
    yield* drain();
  }
  tokenizer.end();
  yield* drain();
  const last = builder.flush();
  if (last.frame.length > 0 || last.quarantine.length > 0 || builder.rowsRead === 0) yield { ...last, info: info() };
}

function encodingUsed(decoder: ValueDecoder, sniffed: Sniffed): string {
  if (sniffed.bom !== null) return sniffed.bom;
  if (decoder.encoding !== 'auto') return decoder.encoding;
  if (decoder.singleByteValues === 0) return 'utf-8';
  return decoder.utf8Values === 0 ? 'windows-1252' : 'mixed';
}

/**
 * Read a whole CSV or CSV.gz into one typed Frame (streamed; the Frame is the only thing kept).
 * Canonical transaction columns are recognised from the UCI headers of Online Retail and Online Retail II.
 *
 * @throws RetailKitError as {@link readCsvBatches}.
 * @example
 * const { frame, info } = await readCsv('online_retail.csv.gz');
 * frame.length // 541909
 * info.columns[0] // { source: 'InvoiceNo', name: 'invoiceNo', type: 'string' }
 */
export async function readCsv(source: ByteSource, options: CsvOptions = {}): Promise<CsvResult> {
  const frames: Frame[] = [];
  const quarantines: Frame[] = [];
  let info: CsvInfo | undefined;
  for await (const batch of readCsvBatches(source, {
    ...options,
    batchSize: options.batchSize ?? Number.MAX_SAFE_INTEGER,
  })) {
    frames.push(batch.frame);
    quarantines.push(batch.quarantine);
    info = batch.info;
  }
  const frame = frames.length === 1 ? frames[0] : concat(frames);
  const quarantine = quarantines.length === 1 ? quarantines[0] : concat(quarantines);
  return { frame, quarantine, info: info as CsvInfo };
}
