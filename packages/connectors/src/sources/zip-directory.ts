import { connectorError } from '../errors.js';

/** One entry as the central directory declares it (sizes may lie; the extractor checks the bytes it inflates). */
export interface ZipDirectoryEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's compressed bytes (after its local header). */
  dataOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const U16 = 0xffff;
const U32 = 0xffffffff;

/** What a non-zip input looks like, from its first bytes, for the error message. */
export function sniffFormat(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const t = head.trimStart().toLowerCase();
  if (bytes.length === 0) return 'empty';
  if (t.startsWith('<!doctype html') || t.startsWith('<html') || /<(head|body|title)[\s>]/.test(t))
    return 'an HTML page';
  if (t.startsWith('<?xml') || t.startsWith('<')) return 'an XML document';
  if (t.startsWith('{') || t.startsWith('[')) return 'JSON';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'a gzip file';
  if (head.startsWith('PAR1')) return 'a Parquet file';
  if (head.startsWith('MZ')) return 'a Windows executable';
  if (head.startsWith('BZh')) return 'a bzip2 file';
  if (head.startsWith('7z\u00bc\u00af')) return 'a 7-Zip archive';
  if (head.startsWith('Rar!')) return 'a RAR archive';
  return 'not a zip archive';
}

function corrupt(what: string, details: Record<string, unknown> = {}): Error {
  return connectorError(
    'ZIP_CORRUPT',
    `extractZip: the archive is truncated or corrupt (${what}); download it again or check its source.`,
    { details },
  );
}

/**
 * Parse a whole zip archive's end record and central directory (zip64 included) and locate every entry's data,
 * checking that every offset and size stays inside the archive. Reads no compressed byte.
 *
 * @throws RetailKitError `ZIP_NOT_ZIP`, `ZIP_CORRUPT`, `ZIP_UNSUPPORTED` (spanned archives), `ZIP_BOMB`
 *   (more entries than `maxEntries`, checked before the directory is read).
 */
export function readZipDirectory(buf: Uint8Array, maxEntries: number): ZipDirectoryEntry[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const sig0 = buf.length >= 4 ? view.getUint32(0, true) : 0;
  if (sig0 !== SIG_LOCAL && sig0 !== SIG_END && sig0 !== SIG_END64) {
    const looksLike = sniffFormat(buf);
    throw connectorError(
      'ZIP_NOT_ZIP',
      `extractZip: the input is not a zip archive (${looksLike === 'not a zip archive' ? 'no zip signature' : `it is ${looksLike}`}, ${buf.length} bytes, starting ${JSON.stringify(Buffer.from(buf.subarray(0, 40)).toString('latin1'))}); pass the bytes of a .zip file.`,
      { details: { looksLike, bytes: buf.length } },
    );
  }
  const end = findEnd(view);
  const { count, cdOffset, cdEnd } = readEnd(view, end);
  if (count > maxEntries)
    throw connectorError(
      'ZIP_BOMB',
      `extractZip: the archive declares ${count} entries, more than maxEntries (${maxEntries}); the archive is rejected as a decompression bomb.`,
      { details: { limit: 'maxEntries', maxEntries, entries: count } },
    );
  if (count * 46 > cdEnd - cdOffset) throw corrupt('central directory shorter than its entry count');
  const out: ZipDirectoryEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    const e = readCentral(view, buf, p, cdEnd);
    out.push({ ...e.entry, dataOffset: localData(view, e.localOffset, e.entry.compressedSize, cdOffset) });
    p = e.next;
  }
  return out;
}

function findEnd(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - U16);
  for (let i = view.byteLength - 22; i >= stop; i--)
    if (view.getUint32(i, true) === SIG_END && i + 22 + view.getUint16(i + 20, true) <= view.byteLength) return i;
  throw corrupt('no end-of-central-directory record', { bytes: view.byteLength });
}

function readEnd(view: DataView, end: number): { count: number; cdOffset: number; cdEnd: number } {
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0)
    throw connectorError(
      'ZIP_UNSUPPORTED',
      'extractZip: spanned (multi-disk) archives are not supported; join the parts into one .zip first.',
      {
        details: { feature: 'spanned' },
      },
    );
  let count = view.getUint16(end + 10, true);
  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  let limit = end;
  if (count === U16 || size === U32 || offset === U32) {
    const loc = end - 20;
    if (loc < 0 || view.getUint32(loc, true) !== SIG_LOCATOR64) throw corrupt('zip64 locator missing');
    const at = big(view, loc + 8);
    if (at + 56 > loc || view.getUint32(at, true) !== SIG_END64) throw corrupt('zip64 end record missing');
    count = big(view, at + 32);
    size = big(view, at + 40);
    offset = big(view, at + 48);
    limit = at;
  }
  if (offset + size > limit) throw corrupt('central directory past the end of the archive', { offset, size });
  return { count, cdOffset: offset, cdEnd: offset + size };
}

function big(view: DataView, at: number): number {
  const v = view.getBigUint64(at, true);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

function readCentral(
  view: DataView,
  buf: Uint8Array,
  p: number,
  cdEnd: number,
): { entry: Omit<ZipDirectoryEntry, 'dataOffset'>; localOffset: number; next: number } {
  if (p + 46 > cdEnd || view.getUint32(p, true) !== SIG_CENTRAL) throw corrupt('bad central directory entry');
  const nameLen = view.getUint16(p + 28, true);
  const extraLen = view.getUint16(p + 30, true);
  const next = p + 46 + nameLen + extraLen + view.getUint16(p + 32, true);
  if (next > cdEnd) throw corrupt('central directory entry past its end');
  const flags = view.getUint16(p + 8, true);
  const raw = buf.subarray(p + 46, p + 46 + nameLen);
  let compressedSize = view.getUint32(p + 20, true);
  let size = view.getUint32(p + 24, true);
  let localOffset = view.getUint32(p + 42, true);
  // zip64 extra field (id 1): the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
  for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
    const id = view.getUint16(x, true);
    const len = view.getUint16(x + 2, true);
    if (x + 4 + len > p + 46 + nameLen + extraLen) throw corrupt('extra field past its entry');
    if (id === 1) {
      let q = x + 4;
      const take = () => {
        if (q + 8 > x + 4 + len) throw corrupt('short zip64 extra field');
        q += 8;
        return big(view, q - 8);
      };
      if (size === U32) size = take();
      if (compressedSize === U32) compressedSize = take();
      if (localOffset === U32) localOffset = take();
    }
    x += 4 + len;
  }
  const entry = {
    name: decodeName(raw, flags),
    method: view.getUint16(p + 10, true),
    flags,
    crc: view.getUint32(p + 16, true),
    compressedSize,
    size,
  };
  return { entry, localOffset, next };
}

function decodeName(raw: Uint8Array, flags: number): string {
  // Bit 11 marks UTF-8; many tools write UTF-8 without it, so valid UTF-8 is read as such, else Latin-1.
  try {
    return new TextDecoder('utf-8', { fatal: (flags & 0x800) === 0 }).decode(raw);
  } catch {
    return Buffer.from(raw).toString('latin1');
  }
}

function localData(view: DataView, at: number, compressedSize: number, cdOffset: number): number {
  if (at + 30 > cdOffset || view.getUint32(at, true) !== SIG_LOCAL) throw corrupt('bad local header', { offset: at });
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + compressedSize > cdOffset) throw corrupt('entry data past the central directory', { offset: at });
  return start;
}
