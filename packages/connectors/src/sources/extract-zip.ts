import { crc32, inflateRaw } from 'node:zlib';
import { invalidArgument, type RetailKitError } from '@retailkit/core';
import { connectorError } from '../errors.js';
import { readZipDirectory, type ZipDirectoryEntry } from './zip-directory.js';

/** Limits of {@link extractZip} against decompression bombs. */
export interface ZipLimits {
  /** Most entries (files and folders). Default 10,000. */
  maxEntries?: number;
  /**
   * Most bytes of all entries together, uncompressed (a streamed archive may itself hold at most this plus 64 MiB).
   * Default 1 GiB, room for the largest retail data sets on Kaggle (the UCI Online Retail file is about 45 MB).
   */
  maxTotalBytes?: number;
  /**
   * Highest uncompressed/compressed ratio, of each entry and of the whole archive, checked once the uncompressed
   * bytes pass 1 MiB. Default 200 (CSV compresses 5–20×).
   */
  maxRatio?: number;
}

/** One extracted file. */
export interface ZipEntry {
  /** Relative path inside the archive, validated (no traversal). */
  name: string;
  data: Uint8Array;
}

const RATIO_FLOOR = 2 ** 20;
const METHODS: Record<number, string> = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'lzma' };
Object.assign(METHODS, { 19: 'lz77', 93: 'zstd', 95: 'xz', 96: 'jpeg', 97: 'wavpack', 98: 'ppmd', 99: 'aes' });

/**
 * Check an archive entry name against zip-slip: relative, `/`-separated, no `..` or `.` segment, no backslash,
 * no drive letter, no NUL, at most 1024 characters.
 *
 * @throws RetailKitError `ZIP_SLIP`.
 */
export function safeEntryName(name: string): string {
  const bad =
    name.length === 0 ||
    name.length > 1024 ||
    name.startsWith('/') ||
    name.includes('\\') ||
    name.includes('\u0000') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((s, i, all) => s === '..' || s === '.' || (s === '' && i < all.length - 1));
  if (bad)
    throw connectorError(
      'ZIP_SLIP',
      `extractZip: entry ${JSON.stringify(name.slice(0, 200))} would be written outside the target folder; the archive is rejected.`,
      {
        details: { entry: name.slice(0, 200) },
      },
    );
  return name;
}

/**
 * Extract a ZIP archive (bytes or a stream of chunks) in memory, refusing hostile archives before inflating any
 * byte: the central directory is read first, and the entry count, every entry name (zip-slip, duplicates), the
 * compression method and the declared sizes are checked against the limits: total uncompressed size, and the
 * uncompressed/compressed ratio of each entry and of the whole archive. Because headers can lie, every entry is
 * then inflated with its declared size as a hard cap (off the event loop), and its length and CRC-32 are
 * checked. Folders are skipped. Stored (0) and deflated (8) entries are supported; zip64 is read. A stream is
 * collected first (a zip's directory is at its end), up to `maxTotalBytes` plus 64 MiB.
 *
 * @throws RetailKitError `ZIP_NOT_ZIP` (details.looksLike, e.g. "an HTML page"), `ZIP_CORRUPT` (truncated,
 *   bad offsets, wrong size or CRC), `ZIP_UNSUPPORTED` (method, encryption, spanning), `ZIP_DUPLICATE_ENTRY`,
 *   `ZIP_SLIP`, `ZIP_BOMB` (details.limit names the limit), `INVALID_ARGUMENT` for a bad limit.
 * @example
 * const entries = await extractZip(zipBytes); // [{ name: 'data.csv', data: Uint8Array }]
 */
export async function extractZip(
  source: Uint8Array | AsyncIterable<Uint8Array>,
  limits: ZipLimits = {},
): Promise<ZipEntry[]> {
  const maxEntries = limit('maxEntries', limits.maxEntries, 10_000);
  const maxTotal = limit('maxTotalBytes', limits.maxTotalBytes, 2 ** 30);
  const maxRatio = limit('maxRatio', limits.maxRatio, 200);
  const archive = source instanceof Uint8Array ? source : await collect(source, maxTotal + 64 * 2 ** 20);
  const entries = readZipDirectory(archive, maxEntries);
  const files = checkEntries(entries, { maxTotal, maxRatio, archiveBytes: archive.length });
  const out: ZipEntry[] = [];
  for (const e of files) out.push({ name: e.name, data: await inflateEntry(archive, e) });
  return out;
}

function limit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) throw invalidArgument('extractZip', name, value, 'a number > 0');
  return value;
}

function bomb(what: string, details: Record<string, unknown>): RetailKitError {
  return connectorError('ZIP_BOMB', `extractZip: ${what}; the archive is rejected as a decompression bomb.`, {
    details,
  });
}

async function collect(source: AsyncIterable<Uint8Array>, cap: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const c of source) {
    bytes += c.length;
    if (bytes > cap)
      throw bomb(`the archive itself passes ${cap} bytes`, { limit: 'maxTotalBytes', archiveBytes: bytes });
    parts.push(c);
  }
  const b = Buffer.concat(parts);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** Names, methods and declared sizes against the limits; returns the file entries (folders dropped). */
function checkEntries(
  entries: ZipDirectoryEntry[],
  o: { maxTotal: number; maxRatio: number; archiveBytes: number },
): ZipDirectoryEntry[] {
  const seen = new Set<string>();
  const files: ZipDirectoryEntry[] = [];
  let total = 0;
  for (const e of entries) {
    safeEntryName(e.name);
    if (e.name.endsWith('/')) continue;
    if (seen.has(e.name))
      throw connectorError(
        'ZIP_DUPLICATE_ENTRY',
        `extractZip: entry ${JSON.stringify(e.name.slice(0, 200))} appears twice; one would overwrite the other, so the archive is rejected.`,
        { details: { entry: e.name.slice(0, 200) } },
      );
    seen.add(e.name);
    if (e.flags & 1 || e.method === 99)
      throw unsupported(e, 'encrypted entries are not supported; decrypt the archive first');
    if (e.method !== 0 && e.method !== 8)
      throw unsupported(
        e,
        `compression method ${e.method} (${METHODS[e.method] ?? 'unknown'}) is not supported; re-pack it with deflate`,
      );
    if (e.method === 0 && e.compressedSize !== e.size)
      throw connectorError(
        'ZIP_CORRUPT',
        `extractZip: stored entry ${JSON.stringify(e.name)} has different compressed and uncompressed sizes.`,
        { details: { entry: e.name } },
      );
    total += e.size;
    if (total > o.maxTotal)
      throw bomb(`entries declare more than ${o.maxTotal} bytes`, {
        limit: 'maxTotalBytes',
        maxTotalBytes: o.maxTotal,
        entry: e.name,
      });
    if (e.size > RATIO_FLOOR && e.size > e.compressedSize * o.maxRatio)
      throw bomb(`entry "${e.name}" inflates more than ${o.maxRatio}× its compressed size`, {
        limit: 'maxRatio',
        maxRatio: o.maxRatio,
        entry: e.name,
      });
    if (total > RATIO_FLOOR && total > o.archiveBytes * o.maxRatio)
      throw bomb(`the entries inflate more than ${o.maxRatio}× the archive's ${o.archiveBytes} bytes`, {
        limit: 'maxRatio',
        maxRatio: o.maxRatio,
        totalBytes: total,
      });
    files.push(e);
  }
  return files;
}

function unsupported(e: ZipDirectoryEntry, why: string): RetailKitError {
  return connectorError('ZIP_UNSUPPORTED', `extractZip: entry ${JSON.stringify(e.name.slice(0, 200))}: ${why}.`, {
    details: { entry: e.name.slice(0, 200), method: e.method, encrypted: (e.flags & 1) === 1 },
  });
}

/** Inflate one entry with its declared size as a hard cap, then check its length and CRC-32. */
async function inflateEntry(archive: Uint8Array, e: ZipDirectoryEntry): Promise<Uint8Array> {
  const raw = archive.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
  let data: Uint8Array;
  if (e.method === 0) data = new Uint8Array(raw);
  else {
    const b = await new Promise<Buffer>((resolve, reject) =>
      inflateRaw(raw, { maxOutputLength: Math.max(1, e.size) }, (err, out) => (err ? reject(err) : resolve(out))),
    ).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ERR_BUFFER_TOO_LARGE')
        throw bomb(`entry "${e.name}" inflates past the ${e.size} bytes its header declares`, {
          limit: 'declaredSize',
          entry: e.name,
        });
      throw connectorError(
        'ZIP_CORRUPT',
        `extractZip: entry ${JSON.stringify(e.name)} does not inflate (${err.message}); the archive is truncated or corrupt.`,
        { cause: err, details: { entry: e.name } },
      );
    });
    data = new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  if (data.length !== e.size || crc32(data) !== e.crc)
    throw connectorError(
      'ZIP_CORRUPT',
      `extractZip: entry ${JSON.stringify(e.name)} does not match its declared ${data.length !== e.size ? 'size' : 'CRC-32'}; the archive is corrupt.`,
      { details: { entry: e.name, declaredBytes: e.size, bytes: data.length } },
    );
  return data;
}
