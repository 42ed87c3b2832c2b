import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { invalidArgument, isRetailKitError } from '@retailkit/core';
import { connectorError } from '../errors.js';
import type { ObjectBody, ObjectInfo, ObjectStore, PutResult } from './types.js';
import { hasTmpSegment, TMP_PREFIX, validateKey, validatePrefix } from './validate-key.js';

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
  /**
   * The real path of `path`'s deepest existing ancestor must stay inside the real root: a symbolic link inside
   * the lake folder never lets a key read or write outside it. An ancestor that is a file, or (`put`) a target
   * that is a folder, is a key conflict. Returns whether the path itself exists.
   */
  const confine = async (path: string, key: string, fn: string, forWrite: boolean): Promise<boolean> => {
    let realRoot: string;
    try {
      realRoot = await realpath(root);
    } catch (e) {
      if (forWrite && (e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw notFound(key, e);
    }
    let p = path;
    let real: string | undefined;
    while (real === undefined) {
      try {
        real = await realpath(p);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code !== 'ENOENT' && code !== 'ENOTDIR') || p === root) throw lakeIo(fn, key, e);
        p = dirname(p);
      }
    }
    if (real !== realRoot && !real.startsWith(realRoot + sep))
      throw connectorError(
        'LAKE_KEY',
        `${fn}: key ${JSON.stringify(key)} is not allowed (it resolves outside the lake through a symbolic link, to ${real}). Remove the link or use another key.`,
        { details: { key, reason: 'symbolic link outside the lake' } },
      );
    const exists = p === path;
    // Reads: an ancestor that is a file simply means there is no such object.
    if (!forWrite) return exists;
    const folder = await stat(real).then(
      (st) => st.isDirectory(),
      (e) => Promise.reject(lakeIo(fn, key, e)),
    );
    if (!exists && !folder) throw conflict(fn, key, relative(root, p).split(sep).join('/'), 'an object');
    if (exists && folder) throw conflict(fn, key, key, 'a folder of other objects');
    return exists;
  };
  const conflict = (fn: string, key: string, at: string, what: string) =>
    connectorError(
      'LAKE_KEY_CONFLICT',
      `${fn}: key ${JSON.stringify(key)} needs ${at === key ? 'an object' : 'a folder'} at "${at}", but ${JSON.stringify(at)} is ${what}; in a local lake a key cannot be both an object and the prefix folder of other keys. Choose another key.`,
      { details: { key, conflictsWith: at } },
    );
  const lakeIo = (fn: string, key: string, e: unknown) =>
    connectorError('LAKE_IO', `${fn}: "${key}" failed: ${(e as Error).message}`, { cause: e, details: { key } });
  const notFound = (key: string, e: unknown) =>
    connectorError('LAKE_NOT_FOUND', `localLake: no object "${key}" in ${root}.`, { cause: e, details: { key } });

  return {
    kind: 'local',
    uri: root,

    async put(key: string, body: ObjectBody): Promise<PutResult> {
      const path = pathOf(key, 'localLake.put');
      await confine(path, key, 'localLake.put', true);
      try {
        await mkdir(dirname(path), { recursive: true });
      } catch (e) {
        throw lakeIo('localLake.put', key, e);
      }
      // A link created between the check and the mkdir is caught here, before any byte is written.
      await confine(dirname(path), key, 'localLake.put', false);
      const tmp = join(dirname(path), `${TMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
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
        if (isRetailKitError(e)) throw e;
        throw connectorError('LAKE_IO', `localLake.put: writing "${key}" failed: ${(e as Error).message}`, {
          cause: e,
          details: { key },
        });
      }
      return { key, bytes, md5: md5.digest('hex'), parts: 1 };
    },

    async get(key: string): Promise<Uint8Array> {
      const path = pathOf(key, 'localLake.get');
      if (!(await confine(path, key, 'localLake.get', false))) throw notFound(key, undefined);
      try {
        return new Uint8Array(await readFile(path));
      } catch (e) {
        throw notFound(key, e);
      }
    },

    async *stream(key: string): AsyncGenerator<Uint8Array> {
      const path = pathOf(key, 'localLake.stream');
      if (!(await confine(path, key, 'localLake.stream', false))) throw notFound(key, undefined);
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
          else if (e.isFile()) {
            const key = relative(root, p).split(sep).join('/');
            if (key.startsWith(prefix) && !hasTmpSegment(key)) out.push({ key, bytes: (await stat(p)).size });
          }
        }
      };
      await walk(root);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async exists(key: string): Promise<boolean> {
      const path = pathOf(key, 'localLake.exists');
      if (!(await confine(path, key, 'localLake.exists', false).catch(rethrowUnlessMissing))) return false;
      return stat(path).then(
        (s) => s.isFile(),
        () => false,
      );
    },

    async delete(key: string): Promise<void> {
      const path = pathOf(key, 'localLake.delete');
      // The object itself may be a link (rm removes the link); its folder must resolve inside the lake.
      if (await confine(dirname(path), key, 'localLake.delete', false).catch(rethrowUnlessMissing))
        await rm(path, { force: true }).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOTDIR') throw lakeIo('localLake.delete', key, e);
        });
    },

    uriOf(key: string): string {
      return pathOf(key, 'localLake.uriOf');
    },
  };
}

/** A missing lake folder means there is nothing to delete or find; a link outside the lake still throws. */
function rethrowUnlessMissing(e: unknown): false {
  if (isRetailKitError(e) && e.code === 'LAKE_NOT_FOUND') return false;
  throw e;
}
