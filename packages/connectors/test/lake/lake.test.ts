import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcsLake } from '../../src/lake/gcs-lake.js';
import { localLake } from '../../src/lake/local-lake.js';
import { s3Lake } from '../../src/lake/s3-lake.js';
import type { ObjectStore } from '../../src/lake/types.js';
import { validateKey } from '../../src/lake/validate-key.js';
import { startGcsDouble } from '../helpers/gcs-double.js';
import { fixedTokenAuth } from '../helpers/google-auth.js';
import { startS3rver } from '../helpers/s3.js';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const bytesOf = (n: number, seed = 1) => {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
};

let dir: string;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let gcs: Awaited<ReturnType<typeof startGcsDouble>>;
const stores: Record<string, () => Promise<ObjectStore>> = {
  local: async () => localLake(join(dir, 'lake')),
  s3: async () => s3Lake({ bucket: 'lake', prefix: 'retail', client: s3.config }),
  gcs: async () =>
    gcsLake({
      bucket: 'lake',
      prefix: 'retail',
      storage: { apiEndpoint: gcs.endpoint, projectId: 'test-project', authClient: fixedTokenAuth() as never },
    }),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'retailkit-lake-'));
  s3 = await startS3rver(['lake', 'other']);
  gcs = await startGcsDouble();
});
afterAll(async () => {
  await s3?.stop();
  await gcs?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('validateKey', () => {
  it.each(['raw/online_retail.csv.gz', 'staging/transactions.parquet', 'raw/dt=2011-12-09/part-0.csv', 'a b/c@d+e'])(
    'accepts %s',
    (k) => expect(validateKey(k)).toBe(k),
  );
  it.each([
    '',
    'raw/.rk-tmp-123-abc',
    '/etc/passwd',
    '../x',
    'raw/../../x',
    'raw/./x',
    'raw//x',
    'raw\\..\\x',
    'raw/x\u0000',
    'raw/%2e%2e/x',
    'raw/x;rm',
  ])('rejects %j with LAKE_KEY', (k) =>
    expect(() => validateKey(k)).toThrow(expect.objectContaining({ code: 'LAKE_KEY' })),
  );
});

/** Write a temporary object the way an interrupted writer leaves one, below the lake's API (which refuses it). */
async function plantTmpObject(store: string, key: string): Promise<void> {
  if (store === 'local') {
    await mkdir(join(dir, 'lake', dirname(key)), { recursive: true });
    await writeFile(join(dir, 'lake', key), 'partial');
  } else if (store === 's3')
    await new S3Client(s3.config).send(new PutObjectCommand({ Bucket: 'lake', Key: `retail/${key}`, Body: 'partial' }));
  else gcs.objects.set(`lake/retail/${key}`, Buffer.from('partial'));
}

// One shared suite for every object store (same behaviour, same checks).
for (const [name, open] of Object.entries(stores))
  describe(`${name} lake (shared suite)`, () => {
    it('puts, gets, streams, lists, checks and deletes objects under raw/ and staging/', async () => {
      const lake = await open();
      const a = bytesOf(1000, 1);
      const r = await lake.put('raw/a.bin', a);
      expect(r).toEqual({ key: 'raw/a.bin', bytes: 1000, md5: md5(a), parts: 1 });
      await lake.put('staging/b.parquet', bytesOf(10, 2));
      expect(await lake.get('raw/a.bin')).toEqual(a);
      const chunks: Uint8Array[] = [];
      for await (const c of lake.stream('raw/a.bin')) chunks.push(c);
      expect(md5(Buffer.concat(chunks))).toBe(md5(a));
      expect(await lake.list('raw/')).toEqual([{ key: 'raw/a.bin', bytes: 1000 }]);
      expect((await lake.list()).map((o) => o.key)).toEqual(['raw/a.bin', 'staging/b.parquet']);
      expect(await lake.exists('raw/a.bin')).toBe(true);
      await lake.delete('raw/a.bin');
      expect(await lake.exists('raw/a.bin')).toBe(false);
      await expect(lake.get('raw/a.bin')).rejects.toMatchObject({ code: 'LAKE_NOT_FOUND' });
    });

    it('streams a body in and overwrites atomically', async () => {
      const lake = await open();
      async function* parts() {
        for (let i = 0; i < 5; i++) yield bytesOf(300, i);
      }
      const r = await lake.put('raw/streamed.bin', parts());
      const all = Buffer.concat(Array.from({ length: 5 }, (_, i) => bytesOf(300, i)));
      expect(r.bytes).toBe(1500);
      expect(r.md5).toBe(md5(all));
      await lake.put('raw/streamed.bin', bytesOf(7, 9));
      expect(await lake.get('raw/streamed.bin')).toEqual(bytesOf(7, 9));
    });

    it('hides in-flight .rk-tmp- objects from list and refuses them as keys', async () => {
      // issue 17, finding 10: .rk-tmp- keys were hidden by the local lake but listed on S3.
      const lake = await open();
      await lake.put('tmpcheck/real.bin', bytesOf(3));
      await plantTmpObject(name, 'tmpcheck/.rk-tmp-4242-abcdef');
      expect((await lake.list('tmpcheck/')).map((o) => o.key)).toEqual(['tmpcheck/real.bin']);
      await expect(lake.put('tmpcheck/.rk-tmp-1', bytesOf(1))).rejects.toMatchObject({ code: 'LAKE_KEY' });
    });

    it('rejects traversal keys before touching the store', async () => {
      const lake = await open();
      await expect(lake.put('../escape', bytesOf(1))).rejects.toMatchObject({ code: 'LAKE_KEY' });
      await expect(lake.get('raw/../../etc/passwd')).rejects.toMatchObject({ code: 'LAKE_KEY' });
    });
  });

describe('localLake', () => {
  it('leaves no temporary file behind when a streamed write fails, and keeps the old object', async () => {
    const lake = localLake(join(dir, 'atomic'));
    await lake.put('raw/x.bin', bytesOf(5, 1));
    async function* broken() {
      yield bytesOf(100, 2);
      throw new Error('source dropped');
    }
    await expect(lake.put('raw/x.bin', broken())).rejects.toThrow('source dropped');
    expect(await lake.get('raw/x.bin')).toEqual(bytesOf(5, 1));
    expect(await readdir(join(dir, 'atomic', 'raw'))).toEqual(['x.bin']);
  });

  it('does not follow keys outside its folder even with a sibling folder of the same prefix', async () => {
    await writeFile(join(dir, 'lake-secret'), 'secret');
    const lake = localLake(join(dir, 'lake'));
    await expect(lake.get('../lake-secret')).rejects.toMatchObject({ code: 'LAKE_KEY' });
  });
});

describe('localLake: symbolic links and key conflicts', () => {
  // issue 17, finding 10: a symlink inside the lake folder let a put write outside it.
  it('refuses to write or read through a link to a folder outside the lake', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.txt'), 'secret');
    const root = join(dir, 'linked-lake');
    await mkdir(root, { recursive: true });
    await symlink(outside, join(root, 'escape'));
    const lake = localLake(root);
    for (const key of ['escape/new.bin', 'escape/sub/deeper/new.bin'])
      await expect(lake.put(key, bytesOf(4))).rejects.toMatchObject({ code: 'LAKE_KEY' });
    expect(await readdir(outside)).toEqual(['secret.txt']);
    await expect(lake.get('escape/secret.txt')).rejects.toMatchObject({ code: 'LAKE_KEY' });
    await expect(collectStream(lake.stream('escape/secret.txt'))).rejects.toMatchObject({ code: 'LAKE_KEY' });
    await expect(lake.delete('escape/secret.txt')).rejects.toMatchObject({ code: 'LAKE_KEY' });
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('refuses to read or write through a link to a file outside the lake', async () => {
    const root = join(dir, 'file-link-lake');
    await mkdir(join(root, 'raw'), { recursive: true });
    await writeFile(join(dir, 'outside-file.txt'), 'secret');
    await symlink(join(dir, 'outside-file.txt'), join(root, 'raw', 'link.txt'));
    const lake = localLake(root);
    await expect(lake.get('raw/link.txt')).rejects.toMatchObject({ code: 'LAKE_KEY' });
    await expect(lake.put('raw/link.txt', bytesOf(4))).rejects.toMatchObject({ code: 'LAKE_KEY' });
    expect(await readFile(join(dir, 'outside-file.txt'), 'utf8')).toBe('secret');
  });

  it('follows links that stay inside the lake', async () => {
    const root = join(dir, 'inner-link-lake');
    const lake = localLake(root);
    await lake.put('data/2026/a.bin', bytesOf(5));
    await symlink(join(root, 'data', '2026'), join(root, 'current'));
    expect(await lake.get('current/a.bin')).toEqual(bytesOf(5));
    await lake.put('current/b.bin', bytesOf(6));
    expect(await lake.get('data/2026/b.bin')).toEqual(bytesOf(6));
  });

  // issue 17, finding 10: conf/a then conf/a/b raised a raw EEXIST.
  it('refuses a key under an existing object, and an object where a folder of keys is, with LAKE_KEY_CONFLICT', async () => {
    const lake = localLake(join(dir, 'conflict-lake'));
    await lake.put('conf/a', bytesOf(1));
    await expect(lake.put('conf/a/b', bytesOf(2))).rejects.toMatchObject({
      code: 'LAKE_KEY_CONFLICT',
      details: { key: 'conf/a/b', conflictsWith: 'conf/a' },
    });
    await expect(lake.put('conf/a/b/c', bytesOf(2))).rejects.toMatchObject({ code: 'LAKE_KEY_CONFLICT' });
    await lake.put('conf/x/y', bytesOf(3));
    await expect(lake.put('conf/x', bytesOf(4))).rejects.toMatchObject({
      code: 'LAKE_KEY_CONFLICT',
      details: { key: 'conf/x', conflictsWith: 'conf/x' },
    });
    expect((await lake.list('conf/')).map((o) => o.key)).toEqual(['conf/a', 'conf/x/y']);
    await expect(lake.get('conf/a/b')).rejects.toMatchObject({ code: 'LAKE_NOT_FOUND' });
    expect(await lake.exists('conf/a/b')).toBe(false);
    await lake.delete('conf/a/b');
    expect(await lake.get('conf/a')).toEqual(bytesOf(1));
  });
});

async function collectStream(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

describe('s3Lake (s3rver on loopback)', () => {
  it('uploads above the threshold in verified multipart parts (ETag = md5 of part md5s + -N)', async () => {
    const lake = await s3Lake({
      bucket: 'lake',
      client: s3.config,
      multipartThreshold: 5 * 2 ** 20,
      partSize: 5 * 2 ** 20,
    });
    const big = bytesOf(12 * 2 ** 20, 3);
    const r = await lake.put('raw/big.bin', big);
    expect(r).toEqual({ key: 'raw/big.bin', bytes: big.length, md5: md5(big), parts: 3 });
    expect(md5(await lake.get('raw/big.bin'))).toBe(md5(big));
  });

  it('aborts the multipart upload when the source fails midway (no object, abort sent)', async () => {
    const client = new S3Client(s3.config);
    const sent: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'record' },
    );
    const lake = await s3Lake({ bucket: 'lake', client, multipartThreshold: 5 * 2 ** 20, partSize: 5 * 2 ** 20 });
    async function* failing() {
      yield bytesOf(6 * 2 ** 20, 4);
      yield bytesOf(1 * 2 ** 20, 5);
      throw new Error('connection dropped');
    }
    await expect(lake.put('raw/failed.bin', failing())).rejects.toThrow();
    expect(sent).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']);
    expect(await lake.exists('raw/failed.bin')).toBe(false);
  });

  it('rejects an upload whose ETag does not match the MD5 sent (LAKE_CHECKSUM)', async () => {
    const client = new S3Client(s3.config);
    client.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        (out.output as { ETag?: string }).ETag = '"00000000000000000000000000000000"';
        return out;
      },
      { step: 'initialize', name: 'corruptEtag' },
    );
    const lake = await s3Lake({ bucket: 'lake', client });
    await expect(lake.put('raw/c.bin', bytesOf(100))).rejects.toMatchObject({ code: 'LAKE_CHECKSUM', retryable: true });
  });

  it('names objects with s3:// URIs under its prefix', async () => {
    const lake = await s3Lake({ bucket: 'lake', prefix: 'retail/v1', client: s3.config });
    expect(lake.uri).toBe('s3://lake/retail/v1');
    expect(lake.uriOf('staging/t.parquet')).toBe('s3://lake/retail/v1/staging/t.parquet');
  });
});

describe('gcsLake (contract test against a loopback double of the JSON API)', () => {
  it('contract: uses simple uploads, media downloads, paged listing and delete on the JSON API paths', async () => {
    const lake = await stores.gcs();
    gcs.objects.clear();
    gcs.requests.length = 0;
    await lake.put('raw/one.bin', bytesOf(10, 1));
    await lake.put('raw/two.bin', bytesOf(10, 2));
    await lake.put('raw/three.bin', bytesOf(10, 3));
    expect((await lake.list('raw/')).map((o) => o.key)).toEqual(['raw/one.bin', 'raw/three.bin', 'raw/two.bin']);
    expect(await lake.get('raw/two.bin')).toEqual(bytesOf(10, 2));
    await lake.delete('raw/two.bin');
    expect(gcs.requests).toEqual([
      'POST /upload/storage/v1/b/lake/o',
      'POST /upload/storage/v1/b/lake/o',
      'POST /upload/storage/v1/b/lake/o',
      'GET /storage/v1/b/lake/o',
      'GET /storage/v1/b/lake/o',
      'GET /storage/v1/b/lake/o/retail%2Fraw%2Ftwo.bin',
      'DELETE /storage/v1/b/lake/o/retail%2Fraw%2Ftwo.bin',
    ]);
    expect(gcs.objects.has('lake/retail/raw/one.bin')).toBe(true);
    expect(lake.uriOf('raw/one.bin')).toBe('gs://lake/retail/raw/one.bin');
  });

  it('contract: a download whose bytes do not match x-goog-hash is rejected (LAKE_CHECKSUM)', async () => {
    const lake = await stores.gcs();
    await lake.put('raw/check.bin', bytesOf(64, 5));
    gcs.corruptDownloads.on = true;
    try {
      await expect(lake.get('raw/check.bin')).rejects.toMatchObject({ code: 'LAKE_CHECKSUM' });
    } finally {
      gcs.corruptDownloads.on = false;
    }
  });
});
