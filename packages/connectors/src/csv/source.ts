import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RetailKitError } from '@retailkit/core';
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
      if (e instanceof RetailKitError) throw e;
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
