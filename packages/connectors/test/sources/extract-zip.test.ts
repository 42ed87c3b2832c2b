import { readFile } from 'node:fs/promises';
import { deflateRawSync, gunzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractZip } from '../../src/sources/extract-zip.js';
import { buildZip } from './zip-bytes.js';

const CSV = strToU8('InvoiceNo,StockCode\n536365,85123A\n');
const MiB = 2 ** 20;
const text = (b: Uint8Array) => Buffer.from(b).toString();

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) yield bytes.subarray(o, o + size);
}

describe('extractZip: decompression bombs refused before inflating', () => {
  // issue 17, finding 2: 1,900 entries of 1 MiB of zeros (about 2.1 MB) used to inflate to 1.99 GB in memory.
  const zeros = deflateRawSync(new Uint8Array(MiB));
  const manySmall = (data?: Uint8Array) =>
    buildZip(
      Array.from({ length: 1900 }, (_, i) => ({
        name: `part-${i}.bin`,
        compressed: data ?? zeros,
        size: MiB,
        crc: 0,
      })),
    );

  it('refuses 1,900 entries of 1 MiB of zeros on the overall ratio, from the declared sizes alone', async () => {
    const bomb = manySmall();
    expect(bomb.length).toBeGreaterThan(1_900_000);
    expect(bomb.length).toBeLessThan(2_300_000);
    const err = await extractZip(bomb).catch((e) => e);
    expect(err).toMatchObject({ code: 'ZIP_BOMB', details: { limit: 'maxRatio', maxRatio: 200 } });
    // Entries whose data is not even deflate are refused the same way: nothing was inflated.
    await expect(extractZip(manySmall(new Uint8Array(1000).fill(0xff)))).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      details: { limit: 'maxRatio' },
    });
  });

  it('refuses the same archive on the total size when the ratio limit is raised (default 1 GiB)', async () => {
    await expect(extractZip(manySmall(), { maxRatio: 1e6 })).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      details: { limit: 'maxTotalBytes', maxTotalBytes: 2 ** 30 },
    });
  });

  it('refuses an archive declaring more entries than maxEntries before reading them', async () => {
    const zip = buildZip(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: CSV })));
    await expect(extractZip(zip, { maxEntries: 11 })).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      details: { limit: 'maxEntries', entries: 12 },
    });
  });

  it('stops an entry whose header under-declares its size at the declared size (headers can lie)', async () => {
    const zip = buildZip([{ name: 'liar.bin', compressed: deflateRawSync(new Uint8Array(8 * MiB)), size: 1000 }]);
    await expect(extractZip(zip)).rejects.toMatchObject({ code: 'ZIP_BOMB', details: { limit: 'declaredSize' } });
  });

  it('refuses a stream longer than maxTotalBytes plus 64 MiB without waiting for its end', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(MiB);
      }
    }
    await expect(extractZip(endless(), { maxTotalBytes: MiB })).rejects.toMatchObject({ code: 'ZIP_BOMB' });
    expect(pulled).toBe(66);
  });

  it('keeps a real-shaped data set: the seeds CSV (8.3 MB, about 6.6× as a zip) passes the defaults', async () => {
    const csv = gunzipSync(await readFile(new URL('../../../../seeds/online-retail.csv.gz', import.meta.url)));
    const zip = buildZip([{ name: 'online-retail.csv', data: csv }]);
    // Info-ZIP's zip makes 1,248,289 bytes of this file (6.6×); the UCI file gzips about 6×.
    expect(csv.length / zip.length).toBeLessThan(10);
    const [entry] = await extractZip(zip);
    expect(Buffer.from(entry.data).equals(csv)).toBe(true);
  });
});

describe('extractZip: malformed archives get coded errors', () => {
  it('reads stored, deflated and zip64 archives, from bytes or a stream of chunks', async () => {
    const entries = [
      { name: 'data.csv', data: CSV },
      { name: 'notes/readme.txt', data: strToU8('stored'), method: 0 },
    ];
    for (const zip64 of [false, true]) {
      const zip = buildZip(entries, { zip64 });
      for (const input of [zip, chunks(zip, 7)]) {
        const got = await extractZip(input);
        expect(got.map((e) => [e.name, text(e.data)])).toEqual([
          ['data.csv', text(CSV)],
          ['notes/readme.txt', 'stored'],
        ]);
      }
    }
  });

  it.each([
    ['an HTML error page', '<!DOCTYPE html><html><head><title>Not Found</title></head></html>', 'an HTML page'],
    ['JSON', '{"code":404,"message":"Not found"}', 'JSON'],
    ['a CSV', 'InvoiceNo,StockCode\n536365,85123A\n', 'not a zip archive'],
    ['nothing', '', 'empty'],
  ])('refuses %s as ZIP_NOT_ZIP', async (_what, body, looksLike) => {
    // issue 17, finding 10: a non-zip input used to extract to 0 files without an error.
    await expect(extractZip(strToU8(body))).rejects.toMatchObject({ code: 'ZIP_NOT_ZIP', details: { looksLike } });
  });

  it('refuses a truncated archive as ZIP_CORRUPT at every cut', async () => {
    // issue 17, finding 10: a truncated zip gave an uncoded "invalid zip data".
    const zip = zipSync({ 'data.csv': CSV, 'more.csv': strToU8('x'.repeat(3000)) });
    for (const cut of [10, 40, Math.floor(zip.length / 2), zip.length - 30, zip.length - 1]) {
      const err = await extractZip(zip.subarray(0, cut)).catch((e) => e);
      expect(err.code, `cut at ${cut}`).toBe('ZIP_CORRUPT');
    }
  });

  it('refuses an entry whose bytes fail their CRC-32 or do not inflate', async () => {
    const stored = buildZip([{ name: 'a.txt', data: strToU8('hello world'), method: 0 }]);
    stored[30 + 5 + 3] ^= 0x20;
    await expect(extractZip(stored)).rejects.toMatchObject({ code: 'ZIP_CORRUPT', details: { entry: 'a.txt' } });
    const garbage = buildZip([{ name: 'b.txt', compressed: new Uint8Array(50).fill(0xff), size: 10 }]);
    await expect(extractZip(garbage)).rejects.toMatchObject({ code: 'ZIP_CORRUPT', details: { entry: 'b.txt' } });
  });

  it.each([
    [12, 'bzip2'],
    [14, 'lzma'],
    [93, 'zstd'],
  ])('refuses compression method %i (%s) as ZIP_UNSUPPORTED, not a TypeError', async (method, label) => {
    // issue 17, finding 10: a bzip2 entry raised a TypeError.
    const zip = buildZip([{ name: 'data.csv', data: CSV, compressed: strToU8('BZh91AY&SY'), method }]);
    const err = await extractZip(zip).catch((e) => e);
    expect(err).toMatchObject({ code: 'ZIP_UNSUPPORTED', details: { method } });
    expect(err.message).toContain(label);
  });

  it('refuses encrypted entries as ZIP_UNSUPPORTED', async () => {
    const zip = buildZip([{ name: 'secret.csv', data: CSV, flags: 1 }]);
    await expect(extractZip(zip)).rejects.toMatchObject({ code: 'ZIP_UNSUPPORTED', details: { encrypted: true } });
  });

  it('refuses duplicate entry names instead of letting one overwrite the other', async () => {
    // issue 17, finding 10: duplicate names overwrote each other.
    const zip = buildZip([
      { name: 'data.csv', data: CSV },
      { name: 'data.csv', data: strToU8('evil') },
    ]);
    await expect(extractZip(zip)).rejects.toMatchObject({
      code: 'ZIP_DUPLICATE_ENTRY',
      details: { entry: 'data.csv' },
    });
  });

  it('rejects a limit that is not a positive number', async () => {
    await expect(extractZip(zipSync({}), { maxRatio: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
