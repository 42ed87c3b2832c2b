import { createHash } from 'node:crypto';
import { CORE_ERROR_CODES, RetailKitError } from './errors.js';
import type { Column, Frame } from './frame.js';
import type { JsonSchema } from './predictor.js';

/** The current artifact envelope version written by this release. */
export const ARTIFACT_SCHEMA_VERSION = 1;

/**
 * A fitted model as versioned JSON: what `serve` loads. Parameters are data only, never code.
 * `checksum` is the SHA-256 of the canonical JSON of every other field (see `artifactChecksum`).
 */
export interface ModelArtifact<P = unknown> {
  readonly kind: string;
  readonly schemaVersion: number;
  readonly name: string;
  readonly version: string;
  /** ISO 8601; supplied by the caller (analytics packages never read the clock). */
  readonly createdAt: string;
  /** Fingerprint of the training data (see `fingerprint`). */
  readonly trainingFingerprint: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  readonly params: P;
  /** Optional per-feature reference samples for drift monitoring. */
  readonly reference?: Record<string, number[]>;
  readonly checksum: string;
}

/** Deepest nesting of arrays and objects `canonicalJson` accepts (a fitted model's artifact nests a few levels). */
const MAX_JSON_DEPTH = 1000;

/**
 * JSON with object keys sorted recursively, so equal values give equal text. Non-finite numbers
 * become the strings `"Infinity"`, `"-Infinity"`, `"NaN"`.
 *
 * @throws RetailKitError `ARTIFACT_INVALID` when arrays and objects nest deeper than `MAX_JSON_DEPTH` (1000)
 *   levels, rather than overflowing the stack.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, 0);
}

function canonical(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
    return JSON.stringify(value) ?? 'null';
  }
  if (depth >= MAX_JSON_DEPTH)
    throw new RetailKitError(
      CORE_ERROR_CODES.artifactInvalid,
      `canonicalJson: the value nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels. A model artifact never does; refuse this input.`,
      { details: { maxDepth: MAX_JSON_DEPTH } },
    );
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, depth + 1)}`).join(',')}}`;
}

/** SHA-256 (hex) of the canonical JSON of an artifact without its `checksum` field. */
export function artifactChecksum(artifact: Omit<ModelArtifact, 'checksum'> & { checksum?: string }): string {
  const { checksum: _ignored, ...rest } = artifact;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/**
 * Seal an artifact: fill `schemaVersion` and compute `checksum`.
 *
 * @example
 * sealArtifact({ kind: 'demo', name: 'd', version: '1', createdAt: '2011-12-10T00:00:00.000Z', trainingFingerprint: 'x',
 *   inputSchema: {}, outputSchema: {}, params: {} }).checksum // 64 hex characters
 */
export function sealArtifact<P>(artifact: Omit<ModelArtifact<P>, 'checksum' | 'schemaVersion'>): ModelArtifact<P> {
  const withVersion = { ...artifact, schemaVersion: ARTIFACT_SCHEMA_VERSION };
  return { ...withVersion, checksum: artifactChecksum(withVersion as ModelArtifact) };
}

/**
 * Check an artifact's envelope: fields present, schema version supported, kind expected, checksum intact.
 *
 * @throws RetailKitError `ARTIFACT_INVALID`, `ARTIFACT_VERSION`, `ARTIFACT_KIND` or `ARTIFACT_CHECKSUM`.
 */
export function verifyArtifact<P = unknown>(value: unknown, expectedKind?: string): ModelArtifact<P> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new RetailKitError('ARTIFACT_INVALID', 'verifyArtifact: an artifact must be a JSON object.', {
      details: { received: typeof value },
    });
  const a = value as Record<string, unknown>;
  for (const field of ['kind', 'name', 'version', 'createdAt', 'checksum', 'trainingFingerprint'])
    if (typeof a[field] !== 'string')
      throw new RetailKitError('ARTIFACT_INVALID', `verifyArtifact: field "${field}" must be a string.`, {
        details: { field, received: a[field] },
      });
  if (typeof a.schemaVersion !== 'number' || !Number.isInteger(a.schemaVersion) || a.schemaVersion < 1)
    throw new RetailKitError('ARTIFACT_INVALID', 'verifyArtifact: schemaVersion must be a positive integer.', {
      details: { received: a.schemaVersion },
    });
  if (a.schemaVersion > ARTIFACT_SCHEMA_VERSION)
    throw new RetailKitError(
      'ARTIFACT_VERSION',
      `verifyArtifact: artifact "${a.name}" has schemaVersion ${a.schemaVersion}, newer than this release supports (${ARTIFACT_SCHEMA_VERSION}). Upgrade RetailKit.`,
      { details: { received: a.schemaVersion, supported: ARTIFACT_SCHEMA_VERSION } },
    );
  if (expectedKind !== undefined && a.kind !== expectedKind)
    throw new RetailKitError(
      'ARTIFACT_KIND',
      `verifyArtifact: expected kind "${expectedKind}", received "${a.kind}".`,
      { details: { expected: expectedKind, received: a.kind } },
    );
  const expected = artifactChecksum(a as unknown as ModelArtifact);
  if (expected !== a.checksum)
    throw new RetailKitError(
      'ARTIFACT_CHECKSUM',
      `verifyArtifact: artifact "${a.name}" fails its checksum (the file was changed after it was written). Re-export the model.`,
      { details: { name: a.name } },
    );
  return a as unknown as ModelArtifact<P>;
}

/**
 * A stable fingerprint of a Frame's content (column names, types and values): `sha256:<hex>`.
 * Used as the training-data fingerprint of artifacts. O(rows × columns).
 */
export function fingerprint(f: Frame): string {
  const h = createHash('sha256');
  h.update(`rows:${f.length};`);
  for (const [name, col] of Object.entries(f.columns)) {
    h.update(`${name}:${col.type};`);
    hashColumn(h, col);
  }
  return `sha256:${h.digest('hex')}`;
}

function hashColumn(h: ReturnType<typeof createHash>, col: Column): void {
  if (col.type === 'string') {
    // the decoded strings (equal content with different dictionaries gives equal fingerprints), in chunks of 4,096
    // rows joined by U+0001 (U+0000 for a missing value): each dictionary value is UTF-8 encoded once and the
    // chunk's bytes copied, the same bytes as hashing the joined strings
    const encoded = col.values.map((v) => Buffer.from(v, 'utf8'));
    let buf = Buffer.allocUnsafe(1 << 16);
    let len = 0;
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i];
      const bytes = c < 0 ? NUL : encoded[c];
      if (len + bytes.length + 1 > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, len + bytes.length + 1));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      if (i % CHUNK !== 0) buf[len++] = 1;
      bytes.copy(buf, len);
      len += bytes.length;
      if (i % CHUNK === CHUNK - 1) {
        h.update(buf.subarray(0, len));
        len = 0;
      }
    }
    h.update(buf.subarray(0, len));
  } else {
    h.update(new Uint8Array(col.data.buffer, col.data.byteOffset, col.data.byteLength));
  }
}

/** Rows per hashed chunk of a string column. */
const CHUNK = 4096;
const NUL = Buffer.from([0]);
