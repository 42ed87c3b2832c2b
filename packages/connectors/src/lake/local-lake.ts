import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { invalidArgument, RetailKitError } from '@retailkit/core';
import { connectorError } from '../errors.js';
import type { ObjectBody, ObjectInfo, ObjectStore, PutResult } from './types.js';
import { validateKey, validatePrefix } from './validate-key.js';

const TMP = '.rk-tmp-';

/**
 * A lake in a local folder (the default). Writes go to a temporary file in the target folder, are fsynced, and
 * are renamed into place, so a crash never leaves a half-written object under its key. Keys are validated
 * (no traversal) and the resolved path is checked to stay inside the folder.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an empty `dir`; its methods `LAKE_KEY`, `LAKE_NOT_FOUND`, `LAKE_IO`.
 * @example
 * const lake = localLake(dir);
 * await lake.put('raw/a.txt', new TextEncoder().encode('hi'));
 * // { key: 'raw/a.txt', bytes: 2, md5: '49f68a5c8493ec2c0bf489821c21fc3b', parts: 1 }
 */
export function localLake(dir: string): ObjectStore {
  if (typeof dir !== 'string' || dir === '') throw invalidArgument('localLake', 'dir', dir, 'a folder path');
  const root = resolve(dir);
  const pathOf = (key: string, fn: string): string => {
    validateKey(key, fn);
    const p = resolve(root, ...key.split('/'));
    if (!p.startsWith(root + sep)) validateKey('..', fn);
    return p;
  };
  const notFound = (key: string, e: unknown) =>
    connectorError('LAKE_NOT_FOUND', `localLake: no object "${key}" in ${root}.`, { cause: e, details: { key } });

  return {
    kind: 'local',
    uri: root,

    async put(key: string, body: ObjectBody): Promise<PutResult> {
      const path = pathOf(key, 'localLake.put');
      await mkdir(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `${TMP}${process.pid}-${randomBytes(6).toString('hex')}`);
      const md5 = createHash('md5');
      let bytes = 0;
      const fh = await open(tmp, 'w');
      try {
        const chunks: AsyncIterable<Uint8Array> | Uint8Array[] = body instanceof Uint8Array ? [body] : body;
        for await (const c of chunks) {
          md5.update(c);
          bytes += c.length;
          await fh.write(c);
        }
        await fh.sync();
        await fh.close();
        await rename(tmp, path);
      } catch (e) {
        await fh.close().catch(() => undefined);
        await rm(tmp, { force: true });
        // A failing source (HTTP, unzip…) keeps its own error; only file-system failures become LAKE_IO.
        if (e instanceof RetailKitError) throw e;
        throw connectorError('LAKE_IO', `localLake.put: writing "${key}" failed: ${(e as Error).message}`, {
          cause: e,
          details: { key },
        });
      }
      return { key, bytes, md5: md5.digest('hex'), parts: 1 };
    },

    async get(key: string): Promise<Uint8Array> {
      const path = pathOf(key, 'localLake.get');
      try {
        return new Uint8Array(await readFile(path));
      } catch (e) {
        throw notFound(key, e);
      }
    },

    async *stream(key: string): AsyncGenerator<Uint8Array> {
      const path = pathOf(key, 'localLake.stream');
      try {
        await stat(path);
      } catch (e) {
        throw notFound(key, e);
      }
      for await (const c of createReadStream(path)) yield c as Buffer;
    },

    async list(prefix = ''): Promise<ObjectInfo[]> {
      validatePrefix(prefix, 'localLake.list');
      const out: ObjectInfo[] = [];
      const walk = async (d: string): Promise<void> => {
        let entries: import('node:fs').Dirent[];
        try {
          entries = await readdir(d, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const p = join(d, e.name);
          if (e.isDirectory()) await walk(p);
          else if (e.isFile() && !e.name.startsWith(TMP)) {
            const key = relative(root, p).split(sep).join('/');
            if (key.startsWith(prefix)) out.push({ key, bytes: (await stat(p)).size });
          }
        }
      };
      await walk(root);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async exists(key: string): Promise<boolean> {
      const path = pathOf(key, 'localLake.exists');
      return stat(path).then(
        (s) => s.isFile(),
        () => false,
      );
    },

    async delete(key: string): Promise<void> {
      await rm(pathOf(key, 'localLake.delete'), { force: true });
    },

    uriOf(key: string): string {
      return pathOf(key, 'localLake.uriOf');
    },
  };
}
