import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLake } from '../../src/lake/local-lake.js';
import { extractZip, safeEntryName } from '../../src/sources/extract-zip.js';
import { kaggleCredentials, kaggleDownload } from '../../src/sources/kaggle.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'retailkit-kaggle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CSV = 'InvoiceNo,StockCode\n536365,85123A\n';

describe('extractZip guards (archives crafted with fflate)', () => {
  it('extracts files and skips folders', async () => {
    const zip = zipSync({ 'data.csv': strToU8(CSV), 'docs/': new Uint8Array(0), 'docs/readme.txt': strToU8('hi') });
    const entries = await extractZip(zip);
    expect(entries.map((e) => [e.name, Buffer.from(e.data).toString()])).toEqual([
      ['data.csv', CSV],
      ['docs/readme.txt', 'hi'],
    ]);
  });

  it.each(['../evil.sh', 'a/../../evil.sh', '/etc/cron.d/evil', 'C:/evil.bat', 'a\\..\\evil'])(
    'rejects zip-slip entry %j',
    async (name) => {
      const zip = zipSync({ 'ok.txt': strToU8('fine'), [name]: strToU8('pwned') });
      await expect(extractZip(zip)).rejects.toMatchObject({ code: 'ZIP_SLIP' });
      expect(() => safeEntryName(name)).toThrow();
    },
  );

  it('rejects a high-ratio entry (8 MiB of zeros in a few KB)', async () => {
    const zip = zipSync({ 'bomb.bin': new Uint8Array(8 * 2 ** 20) });
    expect(zip.length).toBeLessThan(200_000);
    await expect(extractZip(zip)).rejects.toMatchObject({ code: 'ZIP_BOMB', details: { limit: 'maxRatio' } });
  });

  it('rejects too many entries and too many total bytes', async () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, strToU8('x')])));
    await expect(extractZip(many, { maxEntries: 10 })).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      details: { limit: 'maxEntries' },
    });
    const big = zipSync({ 'a.txt': strToU8('y'.repeat(5000)) });
    await expect(extractZip(big, { maxTotalBytes: 1000 })).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      details: { limit: 'maxTotalBytes' },
    });
  });
});

describe('kaggleCredentials', () => {
  it('prefers KAGGLE_USERNAME/KAGGLE_KEY from the environment', async () => {
    expect(await kaggleCredentials({ env: { KAGGLE_USERNAME: 'u', KAGGLE_KEY: 'k' } })).toEqual({
      username: 'u',
      key: 'k',
    });
  });

  it('reads ~/.kaggle/kaggle.json and warns when others can read it', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.kaggle'), { recursive: true });
    const file = join(home, '.kaggle', 'kaggle.json');
    await writeFile(file, JSON.stringify({ username: 'alice', key: 'k3y-secret' }));
    await chmod(file, 0o644);
    const warnings: string[] = [];
    const c = await kaggleCredentials({ env: {}, home, onWarning: (m) => warnings.push(m) });
    expect(c).toEqual({ username: 'alice', key: 'k3y-secret' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('chmod 600');
    expect(warnings[0]).not.toContain('k3y-secret');
    await chmod(file, 0o600);
    warnings.length = 0;
    await kaggleCredentials({ env: {}, home, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });

  it('fails with KAGGLE_CREDENTIALS when nothing is configured', async () => {
    await expect(kaggleCredentials({ env: {}, home: join(dir, 'nobody') })).rejects.toMatchObject({
      code: 'KAGGLE_CREDENTIALS',
    });
  });
});

describe('kaggleDownload (loopback double of the Kaggle API)', () => {
  it('downloads with Basic auth, follows the redirect to storage without the credentials, unzips into the lake', async () => {
    const zip = zipSync({ 'data.csv': strToU8(CSV) });
    const seen: { url?: string; auth?: string }[] = [];
    const storage = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) }).end(zip);
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
    const storageUrl = `http://localhost:${(storage.address() as { port: number }).port}/blob/archive.zip`;
    let failures = 0;
    const api = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      if (failures++ === 0) return res.writeHead(503).end();
      res.writeHead(302, { location: storageUrl }).end();
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    try {
      const lake = localLake(join(dir, 'lake'));
      const r = await kaggleDownload({
        dataset: 'carrie1/ecommerce-data',
        credentials: { username: 'alice', key: 'k3y-secret' },
        apiBase: `http://127.0.0.1:${(api.address() as { port: number }).port}/api/v1`,
        lake,
        http: { allow: { loopback: true }, baseDelayMs: 1 },
      });
      expect(r.files).toEqual([
        { name: 'data.csv', bytes: CSV.length, key: 'raw/kaggle/carrie1/ecommerce-data/data.csv' },
      ]);
      expect(Buffer.from(await lake.get('raw/kaggle/carrie1/ecommerce-data/data.csv')).toString()).toBe(CSV);
      const basic = `Basic ${Buffer.from('alice:k3y-secret').toString('base64')}`;
      expect(seen).toEqual([
        { url: '/api/v1/datasets/download/carrie1/ecommerce-data', auth: basic },
        { url: '/api/v1/datasets/download/carrie1/ecommerce-data', auth: basic },
        { url: '/blob/archive.zip', auth: undefined },
      ]);
    } finally {
      api.close();
      storage.close();
    }
  });

  it.each([
    [
      'an HTML error page',
      'text/html',
      '<!DOCTYPE html><html><head><title>Kaggle: Sign in</title></head></html>',
      'an HTML page',
    ],
    ['a JSON error', 'application/json', '{"code":403,"message":"You must accept this dataset\'s rules"}', 'JSON'],
    ['bytes that are not a zip', 'application/octet-stream', 'InvoiceNo,StockCode\n', 'not a zip archive'],
  ])('answers %s with ZIP_NOT_ZIP, not "0 files"', async (_what, type, body, looksLike) => {
    // issue 17, finding 10: a non-zip body or an HTML error page returned 0 files and no error.
    const api = createServer((_q, res) => res.writeHead(200, { 'content-type': type }).end(body));
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    try {
      const err = await kaggleDownload({
        dataset: 'carrie1/ecommerce-data',
        credentials: { username: 'alice', key: 'k3y-secret' },
        apiBase: `http://127.0.0.1:${(api.address() as { port: number }).port}/api/v1`,
        http: { allow: { loopback: true }, retries: 0 },
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'ZIP_NOT_ZIP', details: { looksLike, dataset: 'carrie1/ecommerce-data' } });
      expect(err.message).toMatch(/^kaggleDownload: .*carrie1\/ecommerce-data/);
      expect(err.message).not.toContain('k3y-secret');
    } finally {
      api.close();
    }
  });

  it('rejects a dataset name that is not owner/slug', async () => {
    await expect(
      kaggleDownload({ dataset: '../../etc', credentials: { username: 'u', key: 'k' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
