import { Unzip, type UnzipFile, UnzipInflate } from 'fflate';
import { connectorError } from '../errors.js';

/** Limits of {@link extractZip} against decompression bombs. */
export interface ZipLimits {
  /** Most entries (files and folders). Default 10,000. */
  maxEntries?: number;
  /** Most bytes of all entries together, uncompressed. Default 2 GiB. */
  maxTotalBytes?: number;
  /** Highest uncompressed/compressed ratio of an entry (checked once it passes 1 MiB). Default 200. */
  maxRatio?: number;
}

/** One extracted file. */
export interface ZipEntry {
  /** Relative path inside the archive, validated (no traversal). */
  name: string;
  data: Uint8Array;
}

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
 * Extract a ZIP archive (bytes or a stream of chunks) with fflate's streaming inflater, enforcing the limits
 * on the bytes actually produced (not the sizes the archive declares): entry count, total size and per-entry
 * compression ratio; every entry name is checked for zip-slip before any byte of it is inflated. Folders are
 * skipped. Stored (0) and deflated (8) entries are supported.
 *
 * @throws RetailKitError `ZIP_SLIP`, `ZIP_BOMB` (details say which limit).
 * @example
 * const entries = await extractZip(zipBytes); // [{ name: 'data.csv', data: Uint8Array }]
 */
export async function extractZip(
  source: Uint8Array | AsyncIterable<Uint8Array>,
  limits: ZipLimits = {},
): Promise<ZipEntry[]> {
  const maxEntries = limits.maxEntries ?? 10_000;
  const maxTotal = limits.maxTotalBytes ?? 2 * 2 ** 30;
  const maxRatio = limits.maxRatio ?? 200;
  const out: ZipEntry[] = [];
  let entries = 0;
  let total = 0;
  let failure: Error | undefined;
  const bomb = (what: string, details: Record<string, unknown>) =>
    connectorError('ZIP_BOMB', `extractZip: ${what}; the archive is rejected as a decompression bomb.`, { details });
  const uz = new Unzip((file: UnzipFile) => {
    if (failure) return;
    try {
      entries++;
      if (entries > maxEntries) throw bomb(`more than ${maxEntries} entries`, { limit: 'maxEntries', maxEntries });
      safeEntryName(file.name);
      if (file.name.endsWith('/')) return;
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      const compressed = file.size;
      file.ondata = (err, chunk, final) => {
        if (failure) return;
        if (err) {
          failure = connectorError('ZIP_BOMB', `extractZip: entry "${file.name}" is corrupt (${err.message}).`, {
            cause: err,
          });
          return;
        }
        bytes += chunk.length;
        total += chunk.length;
        if (total > maxTotal) {
          failure = bomb(`entries inflate past ${maxTotal} bytes`, {
            limit: 'maxTotalBytes',
            maxTotalBytes: maxTotal,
            entry: file.name,
          });
          file.terminate();
          return;
        }
        if (bytes > 2 ** 20 && compressed !== undefined && bytes > compressed * maxRatio) {
          failure = bomb(`entry "${file.name}" inflates more than ${maxRatio}× its compressed size`, {
            limit: 'maxRatio',
            maxRatio,
            entry: file.name,
          });
          file.terminate();
          return;
        }
        chunks.push(chunk);
        if (final) out.push({ name: file.name, data: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
      };
      file.start();
    } catch (e) {
      failure = e as Error;
    }
  });
  uz.register(UnzipInflate);
  const pieces: AsyncIterable<Uint8Array> | Uint8Array[] = source instanceof Uint8Array ? [source] : source;
  // fflate's inflater pushes output synchronously; feeding in slices keeps a bomb from allocating at once.
  const SLICE = 64 * 1024;
  for await (const piece of pieces) {
    for (let o = 0; o < piece.length && !failure; o += SLICE)
      uz.push(piece.subarray(o, Math.min(piece.length, o + SLICE)));
    if (failure) break;
  }
  if (!failure) uz.push(new Uint8Array(0), true);
  if (failure) throw failure;
  return out;
}
