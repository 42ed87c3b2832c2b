import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isRetailKitError } from '@retailkit/core';
import { connectorError } from '../errors.js';

/** What the CSV reader accepts: a path (or `file:` URL), bytes, or a stream of byte chunks. */
export type ByteSource = string | URL | Uint8Array | AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/** Progress of a read: compressed bytes consumed from the source so far. */
export type ProgressListener = (progress: { bytes: number; totalBytes?: number }) => void;

/**
 * The decompressed bytes of a source as an async iterable of chunks. Gzip is recognised by its magic
 * bytes (1f 8b), whatever the file is called. Reading is streamed: memory stays bounded by the chunk size.
 */
export async function* openBytes(
  source: ByteSource,
  options: { onProgress?: ProgressListener; totalBytes?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Uint8Array> {
  const raw = rawChunks(source);
  let bytes = 0;
  const counted = async function* () {
    for await (const chunk of raw) {
      options.signal?.throwIfAborted();
      bytes += chunk.length;
      options.onProgress?.({ bytes, totalBytes: options.totalBytes });
      yield chunk;
    }
  };
  const it = counted()[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = first.value;
  const rest = {
    [Symbol.asyncIterator]: () => it,
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    const input = Readable.from(
      (async function* () {
        yield head;
        yield* rest;
      })(),
      { objectMode: false },
    );
    input.on('error', (e) => gunzip.destroy(e));
    input.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Uint8Array;
    } catch (e) {
      if (isRetailKitError(e)) throw e;
      throw connectorError('CSV_GZIP', `readCsv: the gzip stream is corrupt or truncated (${(e as Error).message}).`, {
        cause: e,
      });
    }
    return;
  }
  yield head;
  yield* rest;
}

async function* rawChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (typeof source === 'string' || source instanceof URL) {
    const stream = createReadStream(source, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw connectorError(
        err.code === 'ENOENT' ? 'SOURCE_NOT_FOUND' : 'SOURCE_READ',
        `readCsv: cannot read ${String(source)} (${err.code ?? err.message}). Check the path.`,
        { cause: e, details: { path: String(source), errno: err.code } },
      );
    }
    return;
  }
  if (source instanceof Uint8Array) {
    const step = 1 << 20;
    for (let i = 0; i < source.length; i += step) yield source.subarray(i, i + step);
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array | string>)
    yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

/**
 * Signatures of binary formats that are sometimes handed to a CSV reader by mistake: [bytes (-1: any byte),
 * what it is, what to do].
 */
const BINARY_SIGNATURES: [number[], string, string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive', 'extract it with extractZip first and read the CSV inside'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty ZIP archive', 'extract it with extractZip first and read the CSV inside'],
  [[0x1f, 0x8b], 'gzip inside gzip', 'decompress it once (gunzip) and read the resulting .csv.gz'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file', 'read it with readParquet (or readTableFile)'],
  [[0x41, 0x52, 0x52, 0x4f, 0x57, 0x31], 'an Arrow IPC file', 'read it with readArrowIpc (or readTableFile)'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an Excel 97-2003 workbook (XLS)', 'save it as CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document', 'export its tables to CSV'],
  [[0x42, 0x5a, 0x68, -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 'a bzip2 stream', 'decompress it (bunzip2) first'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an xz stream', 'decompress it (unxz) first'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a Zstandard stream', 'decompress it (unzstd) first'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7z archive', 'extract it first'],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], 'a RAR archive', 'extract it first'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database', 'export its tables to CSV'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image', 'pass the CSV file instead'],
  [[0xff, 0xd8, 0xff], 'a JPEG image', 'pass the CSV file instead'],
];

const startsWith = (head: Uint8Array, sig: number[]) =>
  head.length >= sig.length && sig.every((b, k) => b < 0 || head[k] === b);

/** What the start of the (decompressed) input says about its encoding. */
export interface Sniffed {
  /** `utf-8`, `utf-16le` or `utf-16be` when a byte-order mark (or UTF-16 ASCII text) was found. */
  bom: 'utf-8' | 'utf-16le' | 'utf-16be' | null;
}

/**
 * Check the first bytes of the decompressed input, then pass the chunks on: binary formats are refused with
 * `CSV_BINARY_INPUT` (ZIP and XLSX, Parquet, Arrow, gzip inside gzip, …), UTF-32 with `CSV_ENCODING`; a UTF-8
 * byte-order mark is dropped; UTF-16 (a byte-order mark, or ASCII text with every other byte zero) is
 * transcoded to UTF-8 chunk by chunk. The cost is one look at the first chunk.
 */
export async function* sniffText(chunks: AsyncIterable<Uint8Array>, sniffed: Sniffed): AsyncGenerator<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < 16) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  refuseBinary(head);
  const b = head;
  let utf16: 'utf-16le' | 'utf-16be' | null = null;
  if (startsWith(b, [0xff, 0xfe, 0, 0]) || startsWith(b, [0, 0, 0xfe, 0xff])) {
    throw connectorError(
      'CSV_ENCODING',
      'readCsv: the input is UTF-32 (it starts with a UTF-32 byte-order mark), which the reader does not decode. Convert it to UTF-8 (iconv -f UTF-32 -t UTF-8).',
      { details: { encoding: 'utf-32' } },
    );
  }
  if (startsWith(b, [0xef, 0xbb, 0xbf])) {
    sniffed.bom = 'utf-8';
    head = head.subarray(3);
  } else if (startsWith(b, [0xff, 0xfe]) || (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0))
    utf16 = 'utf-16le';
  else if (startsWith(b, [0xfe, 0xff]) || (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0))
    utf16 = 'utf-16be';
  const rest = async function* () {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  };
  if (utf16 === null) {
    yield* rest();
    return;
  }
  sniffed.bom = utf16;
  const decoder = new TextDecoder(utf16);
  const encoder = new TextEncoder();
  for await (const chunk of rest()) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield encoder.encode(text);
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield encoder.encode(tail);
}

function refuseBinary(head: Uint8Array): void {
  for (const [sig, what, fix] of BINARY_SIGNATURES) {
    if (!startsWith(head, sig)) continue;
    let kind = what;
    let todo = fix;
    if (sig[0] === 0x50 && sig[1] === 0x4b && Buffer.from(head).toString('latin1').includes('xl/')) {
      kind = 'an Excel workbook (XLSX, a ZIP archive)';
      todo = 'save the sheet as CSV from the spreadsheet, then read that file';
    }
    throw connectorError('CSV_BINARY_INPUT', `readCsv: the input is ${kind}, not CSV text: ${todo}.`, {
      details: { format: kind, signature: Buffer.from(head.subarray(0, sig.length)).toString('hex') },
    });
  }
}
