import { resolve } from 'node:path';
import { connectorError } from '../errors.js';
import { gcsLake } from '../lake/gcs-lake.js';
import { localLake } from '../lake/local-lake.js';
import { s3Lake } from '../lake/s3-lake.js';
import type { ObjectStore } from '../lake/types.js';

/** Options of {@link openLake}: client settings for cloud stores (credentials come from the environment). */
export interface OpenLakeOptions {
  /** For `s3://`: an `S3ClientConfig` (or `S3Client`), e.g. `{ endpoint, forcePathStyle: true }` for MinIO. */
  s3?: object;
  /** For `gs://`: `StorageOptions` (or a `Storage`), e.g. `{ projectId }`. */
  gcs?: object;
}

/**
 * Open a lake from a URI: a folder path (`./out/lake`, `/data/lake`, `file:///data/lake`), `s3://bucket/prefix`
 * or `gs://bucket/prefix`. Cloud drivers are imported only when used.
 *
 * @throws RetailKitError `LAKE_URI` for another scheme.
 * @example
 * const lake = await openLake('s3://retail-lake/prod'); lake.uri // 's3://retail-lake/prod'
 */
export async function openLake(uri: string, options: OpenLakeOptions = {}): Promise<ObjectStore> {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (s3) return s3Lake({ bucket: s3[1], prefix: s3[2], client: options.s3 });
  const gs = /^gs:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (gs) return gcsLake({ bucket: gs[1], prefix: gs[2], storage: options.gcs });
  if (uri.startsWith('file://')) return localLake(new URL(uri).pathname);
  if (typeof uri !== 'string' || uri === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(uri))
    throw connectorError(
      'LAKE_URI',
      `openLake: ${JSON.stringify(uri)} is not a lake URI; use a folder path, s3://bucket/prefix or gs://bucket/prefix.`,
      {
        details: { uri },
      },
    );
  return localLake(resolve(uri));
}
