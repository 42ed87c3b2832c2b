import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fromRows, toRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArrowIpc } from '../../src/formats/arrow.js';
import { writeParquetFile } from '../../src/formats/parquet.js';
import { localLake } from '../../src/lake/local-lake.js';
import { downloadToLake } from '../../src/sources/download-to-lake.js';
import { readTableFile } from '../../src/sources/read-table-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'retailkit-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const f = fromRows(
  [
    { a: 'x', n: 1 },
    { a: null, n: 2.5 },
  ],
  { a: 'string', n: 'number' },
);

describe('readTableFile', () => {
  it('reads Parquet, Arrow and CSV.gz by extension into the same rows', async () => {
    await writeParquetFile(join(dir, 't.parquet'), f);
    await writeFile(join(dir, 't.arrow'), writeArrowIpc(f));
    await writeFile(join(dir, 't.csv.gz'), gzipSync('a,n\nx,1\n,2.5\n'));
    const expected = [
      { a: 'x', n: 1 },
      { a: null, n: 2.5 },
    ];
    expect(toRows(await readTableFile(join(dir, 't.parquet')))).toEqual(expected);
    expect(toRows(await readTableFile(join(dir, 't.arrow')))).toEqual(expected);
    expect(toRows(await readTableFile(join(dir, 't.csv.gz'), { csv: { canonical: false } }))).toEqual(expected);
    await expect(readTableFile(join(dir, 't.xlsx'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('downloadToLake', () => {
  it('streams a loopback URL into raw/<name> after a 503, and leaves nothing behind on a 404', async () => {
    let n = 0;
    const server = createServer((req, res) => {
      if (req.url === '/missing.csv') return res.writeHead(404).end();
      if (n++ === 0) return res.writeHead(503).end();
      res.writeHead(200).end('a,n\nx,1\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const lake = localLake(join(dir, 'lake'));
      const put = await downloadToLake(`${base}/online_retail.csv`, lake, {
        allow: { loopback: true },
        baseDelayMs: 1,
      });
      expect(put).toMatchObject({ key: 'raw/online_retail.csv', bytes: 8 });
      expect(Buffer.from(await lake.get('raw/online_retail.csv')).toString()).toBe('a,n\nx,1\n');
      await expect(downloadToLake(`${base}/missing.csv`, lake, { allow: { loopback: true } })).rejects.toMatchObject({
        code: 'HTTP_STATUS',
      });
      expect(await readdir(join(dir, 'lake', 'raw'))).toEqual(['online_retail.csv']);
    } finally {
      server.close();
    }
  });
});
