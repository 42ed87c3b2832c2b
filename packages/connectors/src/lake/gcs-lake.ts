import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Storage, StorageOptions } from '@google-cloud/storage';
import { invalidArgument, isRetailKitError } from '@retailkit/core';
import { connectorError, redact } from '../errors.js';
import { loadDrivers } from '../internal/drivers.js';
import type { ObjectInfo, ObjectStore, PutResult } from './types.js';
import { hasTmpSegment, validateKey, validatePrefix } from './validate-key.js';

/** Options of {@link gcsLake}. */
export interface GcsLakeOptions {
  bucket: string;
  /** Key prefix inside the bucket. Default none. */
  prefix?: string;
  /**
   * A ready `Storage`, or `StorageOptions` for one (`projectId`, `apiEndpoint`, `authClient`, `keyFilename`…).
   * (Typed `object` so that apps without `@google-cloud/storage` type-check.)
   */
  storage?: object;
}

/**
 * A lake in a Google Cloud Storage bucket (`@google-cloud/storage`, loaded lazily). Uploads are streamed as
 * single-request uploads with MD5 validation (the client compares its MD5 with the stored object's `md5Hash` and
 * deletes a corrupted upload); downloads are MD5-validated against `x-goog-hash`. Object writes are atomic.
 *
 * @throws RetailKitError `LAKE_KEY`, `LAKE_NOT_FOUND`, `LAKE_CHECKSUM`, `LAKE_IO` (retryable for 5xx/network),
 *   `CONNECTOR_DRIVER_MISSING` without `@google-cloud/storage` (an optional peer).
 * @example
 * const lake = await gcsLake({ bucket: 'retail-lake', storage: { projectId: 'my-project' } });
 */
export async function gcsLake(options: GcsLakeOptions): Promise<ObjectStore> {
  const fn = 'gcsLake';
  if (typeof options?.bucket !== 'string' || !/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(options.bucket))
    throw invalidArgument(fn, 'bucket', options?.bucket, 'a GCS bucket name');
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix) validateKey(prefix, fn);
  const [gcs] = await loadDrivers(fn, ['@google-cloud/storage']);
  const storage =
    options.storage instanceof gcs.Storage
      ? (options.storage as Storage)
      : new gcs.Storage(options.storage as StorageOptions);
  const bucket = storage.bucket(options.bucket);
  const full = (key: string) => (prefix ? `${prefix}/${key}` : key);
  const fail = (what: string, key: string, e: unknown): never => {
    const err = e as { code?: number | string; message?: string };
    if (err.code === 404)
      throw connectorError('LAKE_NOT_FOUND', `${what}: no object "${key}" in gs://${options.bucket}/${prefix}.`, {
        details: { key },
      });
    const msg = redact(err.message ?? String(e));
    if (/md5|crc32c|checksum|CONTENT_DOWNLOAD_MISMATCH|FILE_NO_UPLOAD/i.test(`${err.code} ${msg}`))
      throw connectorError('LAKE_CHECKSUM', `${what}: integrity check failed for "${key}": ${msg}`, {
        details: { key },
        retryable: true,
      });
    const status = typeof err.code === 'number' ? err.code : undefined;
    throw connectorError('LAKE_IO', `${what}: ${msg}`, {
      details: { key, status: status ?? null },
      retryable: status === undefined || status >= 500 || status === 429,
    });
  };

  return {
    kind: 'gcs',
    uri: `gs://${options.bucket}${prefix ? `/${prefix}` : ''}`,

    async put(key, body): Promise<PutResult> {
      validateKey(key, 'gcsLake.put');
      const md5 = createHash('md5');
      let bytes = 0;
      const source = body instanceof Uint8Array ? [body] : body;
      const counted = Readable.from(
        (async function* () {
          for await (const c of source) {
            md5.update(c);
            bytes += c.length;
            yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
          }
        })(),
      );
      try {
        await pipeline(
          counted,
          bucket
            .file(full(key))
            .createWriteStream({ resumable: false, validation: 'md5', contentType: 'application/octet-stream' }),
        );
      } catch (e) {
        if (isRetailKitError(e)) throw e;
        return fail('gcsLake.put', key, e);
      }
      return { key, bytes, md5: md5.digest('hex'), parts: 1 };
    },

    async get(key) {
      validateKey(key, 'gcsLake.get');
      try {
        const [b] = await bucket.file(full(key)).download({ validation: 'md5' });
        return new Uint8Array(b);
      } catch (e) {
        return fail('gcsLake.get', key, e);
      }
    },

    async *stream(key) {
      validateKey(key, 'gcsLake.stream');
      try {
        for await (const c of bucket.file(full(key)).createReadStream({ validation: 'md5' })) yield c as Buffer;
      } catch (e) {
        fail('gcsLake.stream', key, e);
      }
    },

    async list(p = '') {
      validatePrefix(p, 'gcsLake.list');
      const base = prefix ? `${prefix}/` : '';
      try {
        const [files] = await bucket.getFiles({ prefix: base + p, autoPaginate: true });
        // In-flight temporary objects (`.rk-tmp-…`) are never listed, as in the local lake.
        const out: ObjectInfo[] = files
          .map((f) => ({ key: f.name.slice(base.length), bytes: Number(f.metadata.size ?? 0) }))
          .filter((o) => !hasTmpSegment(o.key));
        return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      } catch (e) {
        return fail('gcsLake.list', p, e);
      }
    },

    async exists(key) {
      validateKey(key, 'gcsLake.exists');
      try {
        return (await bucket.file(full(key)).exists())[0];
      } catch (e) {
        return fail('gcsLake.exists', key, e);
      }
    },

    async delete(key) {
      validateKey(key, 'gcsLake.delete');
      try {
        await bucket.file(full(key)).delete({ ignoreNotFound: true });
      } catch (e) {
        fail('gcsLake.delete', key, e);
      }
    },

    uriOf(key) {
      validateKey(key, 'gcsLake.uriOf');
      return `gs://${options.bucket}/${full(key)}`;
    },
  };
}
