import { createHash } from 'node:crypto';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { invalidArgument } from '@retailkit/core';
import { connectorError, redact } from '../errors.js';
import { loadDrivers } from '../internal/drivers.js';
import type { ObjectInfo, ObjectStore, PutResult } from './types.js';
import { hasTmpSegment, validateKey, validatePrefix } from './validate-key.js';

/** Options of {@link s3Lake}. */
export interface S3LakeOptions {
  bucket: string;
  /** Key prefix inside the bucket (no leading or trailing `/`). Default none. */
  prefix?: string;
  /**
   * A ready `S3Client`, or an `S3ClientConfig` for one (`region`, `endpoint`, `credentials`, `forcePathStyle`…).
   * Default: the SDK's environment. (Typed `object` so that apps without `@aws-sdk/client-s3` type-check.)
   */
  client?: object;
  /** Bytes above which uploads are multipart. Default 16 MiB (minimum 5 MiB, S3's smallest part). */
  multipartThreshold?: number;
  /** Part size of multipart uploads. Default 8 MiB (minimum 5 MiB). */
  partSize?: number;
}

const MiB = 1024 * 1024;

function md5(b: Uint8Array): Buffer {
  return createHash('md5').update(b).digest();
}

function cleanEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '').toLowerCase();
}

/**
 * A lake in an S3 bucket (`@aws-sdk/client-s3`, loaded lazily). Integrity: every request body carries
 * `Content-MD5` (S3 rejects a corrupted body) and the returned ETag is compared with the MD5 computed here
 * (for multipart, MD5 of the part MD5s + `-N`, or the whole object's MD5 as s3rver reports it). Above `multipartThreshold` bytes the upload is multipart with
 * parts streamed in bounded memory (one part buffered); any failure aborts the multipart upload so no orphan
 * parts are left billed. S3 writes are atomic per object. Clients are created with
 * `requestChecksumCalculation: 'WHEN_REQUIRED'` so servers that predate flexible checksums (s3rver, MinIO
 * versions) accept them.
 *
 * @throws RetailKitError `LAKE_KEY`, `LAKE_NOT_FOUND`, `LAKE_CHECKSUM`, `LAKE_IO` (retryable for 5xx/network),
 *   `CONNECTOR_DRIVER_MISSING` without `@aws-sdk/client-s3` (an optional peer).
 * @example
 * const lake = await s3Lake({ bucket: 'retail', prefix: 'lake', client: { region: 'eu-west-1' } });
 * await lake.put('staging/transactions.parquet', bytes);
 */
export async function s3Lake(options: S3LakeOptions): Promise<ObjectStore> {
  const fn = 's3Lake';
  if (typeof options?.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket))
    throw invalidArgument(
      fn,
      'bucket',
      options?.bucket,
      'an S3 bucket name (3–63 lower-case letters, digits, dots, dashes)',
    );
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix) validateKey(prefix, fn);
  const threshold = options.multipartThreshold ?? 16 * MiB;
  const partSize = options.partSize ?? 8 * MiB;
  if (!(partSize >= 5 * MiB)) throw invalidArgument(fn, 'partSize', partSize, 'at least 5 MiB (S3 minimum part size)');
  if (!(threshold >= 5 * MiB)) throw invalidArgument(fn, 'multipartThreshold', threshold, 'at least 5 MiB');
  const [sdk] = await loadDrivers(fn, ['@aws-sdk/client-s3']);
  const client: S3Client =
    options.client instanceof sdk.S3Client
      ? (options.client as S3Client)
      : new sdk.S3Client({
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          ...((options.client as S3ClientConfig | undefined) ?? {}),
        });
  const Bucket = options.bucket;
  const full = (key: string) => (prefix ? `${prefix}/${key}` : key);
  const fail = (what: string, key: string, e: unknown): never => {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
    const status = err.$metadata?.httpStatusCode;
    if (err.name === 'NoSuchKey' || err.name === 'NotFound' || status === 404)
      throw connectorError('LAKE_NOT_FOUND', `${what}: no object "${key}" in s3://${Bucket}/${prefix}.`, {
        details: { key },
      });
    throw connectorError('LAKE_IO', `${what}: ${redact(err.message ?? String(e))} (status ${status ?? 'none'})`, {
      details: { key, status: status ?? null, name: err.name ?? null },
      retryable: status === undefined || status >= 500 || status === 429,
    });
  };

  async function putSingle(key: string, body: Uint8Array): Promise<PutResult> {
    const digest = md5(body);
    let etag: string | undefined;
    try {
      const r = await client.send(
        new sdk.PutObjectCommand({ Bucket, Key: full(key), Body: body, ContentMD5: digest.toString('base64') }),
      );
      etag = r.ETag;
    } catch (e) {
      return fail('s3Lake.put', key, e);
    }
    if (etag && cleanEtag(etag) !== digest.toString('hex'))
      throw connectorError(
        'LAKE_CHECKSUM',
        `s3Lake.put: "${key}" stored with ETag ${etag}, expected MD5 ${digest.toString('hex')}.`,
        {
          details: { key, etag, md5: digest.toString('hex') },
          retryable: true,
        },
      );
    return { key, bytes: body.length, md5: digest.toString('hex'), parts: 1 };
  }

  async function putMultipart(
    key: string,
    first: Uint8Array,
    rest: AsyncIterator<Uint8Array> | undefined,
  ): Promise<PutResult> {
    let uploadId: string | undefined;
    try {
      const created = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket, Key: full(key) }));
      uploadId = created.UploadId!;
    } catch (e) {
      return fail('s3Lake.put', key, e);
    }
    const whole = createHash('md5');
    const partDigests: Buffer[] = [];
    const parts: { ETag: string; PartNumber: number }[] = [];
    let bytes = 0;
    try {
      let buf: Uint8Array = first;
      const send = async (part: Uint8Array) => {
        const d = md5(part);
        const PartNumber = parts.length + 1;
        const r = await client.send(
          new sdk.UploadPartCommand({
            Bucket,
            Key: full(key),
            UploadId: uploadId,
            PartNumber,
            Body: part,
            ContentMD5: d.toString('base64'),
          }),
        );
        if (cleanEtag(r.ETag) !== d.toString('hex'))
          throw connectorError(
            'LAKE_CHECKSUM',
            `s3Lake.put: part ${PartNumber} of "${key}" came back with ETag ${r.ETag}, expected ${d.toString('hex')}.`,
            {
              details: { key, part: PartNumber },
              retryable: true,
            },
          );
        parts.push({ ETag: r.ETag!, PartNumber });
        partDigests.push(d);
        whole.update(part);
        bytes += part.length;
      };
      for (;;) {
        while (buf.length >= partSize) {
          await send(buf.subarray(0, partSize));
          buf = buf.subarray(partSize);
        }
        const next = rest ? await rest.next() : { done: true as const, value: undefined };
        if (next.done) break;
        buf = buf.length ? Buffer.concat([buf, next.value]) : next.value;
      }
      if (buf.length > 0 || parts.length === 0) await send(buf);
      const done = await client.send(
        new sdk.CompleteMultipartUploadCommand({
          Bucket,
          Key: full(key),
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      const expected = `${md5(Buffer.concat(partDigests)).toString('hex')}-${parts.length}`;
      const wholeHex = whole.digest('hex');
      // AWS answers md5(part md5s)-N; some compatible servers (s3rver) answer the whole object's MD5.
      const got = cleanEtag(done.ETag);
      if (got && got !== expected && got !== wholeHex)
        throw connectorError(
          'LAKE_CHECKSUM',
          `s3Lake.put: "${key}" completed with ETag ${done.ETag}, expected ${expected}.`,
          {
            details: { key, etag: done.ETag, expected },
            retryable: true,
          },
        );
      return { key, bytes, md5: wholeHex, parts: parts.length };
    } catch (e) {
      await client
        .send(new sdk.AbortMultipartUploadCommand({ Bucket, Key: full(key), UploadId: uploadId }))
        .catch(() => undefined);
      if ((e as Error).name === 'RetailKitError') throw e;
      return fail('s3Lake.put', key, e);
    }
  }

  return {
    kind: 's3',
    uri: `s3://${Bucket}${prefix ? `/${prefix}` : ''}`,

    async put(key, body) {
      validateKey(key, 's3Lake.put');
      if (body instanceof Uint8Array)
        return body.length > threshold ? putMultipart(key, body, undefined) : putSingle(key, body);
      // A stream: buffer up to the threshold; small objects go in one PUT.
      const it = body[Symbol.asyncIterator]();
      const held: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const n = await it.next();
        if (n.done) return putSingle(key, Buffer.concat(held));
        held.push(n.value);
        size += n.value.length;
        if (size > threshold) return putMultipart(key, Buffer.concat(held), it);
      }
    },

    async get(key) {
      validateKey(key, 's3Lake.get');
      try {
        const r = await client.send(new sdk.GetObjectCommand({ Bucket, Key: full(key) }));
        const bytes = await r.Body!.transformToByteArray();
        const etag = cleanEtag(r.ETag);
        if (etag && !etag.includes('-') && etag !== md5(bytes).toString('hex'))
          throw connectorError(
            'LAKE_CHECKSUM',
            `s3Lake.get: "${key}" read back with a different MD5 than its ETag ${etag}.`,
            {
              details: { key },
              retryable: true,
            },
          );
        return bytes;
      } catch (e) {
        if ((e as Error).name === 'RetailKitError') throw e;
        return fail('s3Lake.get', key, e);
      }
    },

    async *stream(key) {
      validateKey(key, 's3Lake.stream');
      let r: import('@aws-sdk/client-s3').GetObjectCommandOutput;
      try {
        r = await client.send(new sdk.GetObjectCommand({ Bucket, Key: full(key) }));
      } catch (e) {
        return fail('s3Lake.stream', key, e);
      }
      for await (const c of r.Body as AsyncIterable<Uint8Array>) yield c;
    },

    async list(p = '') {
      validatePrefix(p, 's3Lake.list');
      const out: ObjectInfo[] = [];
      let token: string | undefined;
      const base = prefix ? `${prefix}/` : '';
      try {
        do {
          const r = await client.send(
            new sdk.ListObjectsV2Command({ Bucket, Prefix: base + p, ContinuationToken: token }),
          );
          for (const o of r.Contents ?? []) {
            const key = o.Key!.slice(base.length);
            // In-flight temporary objects (`.rk-tmp-…`) are never listed, as in the local lake.
            if (!hasTmpSegment(key)) out.push({ key, bytes: o.Size ?? 0 });
          }
          token = r.IsTruncated ? r.NextContinuationToken : undefined;
        } while (token);
      } catch (e) {
        return fail('s3Lake.list', p, e);
      }
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async exists(key) {
      validateKey(key, 's3Lake.exists');
      try {
        await client.send(new sdk.HeadObjectCommand({ Bucket, Key: full(key) }));
        return true;
      } catch (e) {
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404 || (e as Error).name === 'NotFound') return false;
        return fail('s3Lake.exists', key, e);
      }
    },

    async delete(key) {
      validateKey(key, 's3Lake.delete');
      try {
        await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: full(key) }));
      } catch (e) {
        fail('s3Lake.delete', key, e);
      }
    },

    uriOf(key) {
      validateKey(key, 's3Lake.uriOf');
      return `s3://${Bucket}/${full(key)}`;
    },
  };
}
