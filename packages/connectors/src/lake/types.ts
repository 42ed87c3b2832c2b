/** Bytes for a lake write: a buffer or a stream of chunks (streamed in bounded memory). */
export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array>;

/** What a write stored. */
export interface PutResult {
  key: string;
  bytes: number;
  /** Hex MD5 of the bytes (checked against the store's ETag / md5Hash where it reports one). */
  md5: string;
  /** Number of parts for a multipart upload (1 otherwise). */
  parts: number;
}

/** One listed object. */
export interface ObjectInfo {
  key: string;
  bytes: number;
}

/**
 * An object store holding the lake. Keys are relative, `/`-separated, validated against traversal (see
 * `validateKey`); conventional prefixes are `raw/` (as extracted) and `staging/` (cleaned, Parquet).
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3' | 'gcs';
  /** Where the lake lives: a folder path, `s3://bucket/prefix` or `gs://bucket/prefix`. */
  readonly uri: string;
  /** Store bytes under `key`, atomically: readers see the old object or the whole new one. */
  put(key: string, body: ObjectBody): Promise<PutResult>;
  /** All bytes of `key`. @throws `LAKE_NOT_FOUND`. */
  get(key: string): Promise<Uint8Array>;
  /** The bytes of `key` as a stream of chunks. */
  stream(key: string): AsyncIterable<Uint8Array>;
  /** Objects whose key starts with `prefix`, sorted by key. */
  list(prefix?: string): Promise<ObjectInfo[]>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** The full URI of a key (a file path for the local store, `s3://…`, `gs://…`), e.g. for warehouse loads. */
  uriOf(key: string): string;
}
