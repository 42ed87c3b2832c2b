import { connectorError } from '../errors.js';

/** The conventional lake prefixes: `raw/` for data as extracted, `staging/` for cleaned Parquet. */
export const LAKE_PREFIXES = { raw: 'raw/', staging: 'staging/' } as const;

/** Prefix of in-flight temporary objects: such keys are refused by `validateKey` and hidden by every `list`. */
export const TMP_PREFIX = '.rk-tmp-';

/** Whether a key has a segment naming an in-flight temporary object. */
export function hasTmpSegment(key: string): boolean {
  return key.split('/').some((s) => s.startsWith(TMP_PREFIX));
}

const SEGMENT = /^[A-Za-z0-9._=+@-][A-Za-z0-9 ._=+@-]*$/;

/**
 * Check an object key: relative, `/`-separated segments of letters, digits and `._=+@-` (spaces inside),
 * no empty, `.` or `..` segment, no segment starting with `.rk-tmp-` (in-flight writes), no backslash, no control
 * character, at most 1024 bytes. Rejects rather
 * than normalises, so `raw/../etc/passwd` or `/etc/passwd` can never name a file outside the lake.
 *
 * @throws RetailKitError `LAKE_KEY` naming the bad segment.
 * @example
 * validateKey('raw/online_retail.csv.gz') // 'raw/online_retail.csv.gz'
 * validateKey('raw/../secret') // throws LAKE_KEY
 */
export function validateKey(key: string, fn = 'lake'): string {
  const bad = (why: string): never => {
    throw connectorError(
      'LAKE_KEY',
      `${fn}: key ${JSON.stringify(key)} is not allowed (${why}). Use relative keys such as "raw/online_retail.csv.gz".`,
      {
        details: { key, reason: why },
      },
    );
  };
  if (typeof key !== 'string' || key.length === 0) return bad('empty');
  if (Buffer.byteLength(key) > 1024) bad('longer than 1024 bytes');
  if (key.startsWith('/')) bad('absolute');
  for (const seg of key.split('/')) {
    if (seg === '') bad('empty segment');
    if (seg === '.' || seg === '..') bad('dot segment');
    if (seg.startsWith(TMP_PREFIX))
      bad(`segment ${JSON.stringify(seg)} starts with ${TMP_PREFIX}, reserved for in-flight writes`);
    if (!SEGMENT.test(seg)) bad(`segment ${JSON.stringify(seg)} has characters outside [A-Za-z0-9 ._=+@-]`);
  }
  return key;
}

/** Check a key prefix for `list` (empty allowed; a trailing `/` allowed). */
export function validatePrefix(prefix: string, fn = 'lake'): string {
  if (prefix === '') return prefix;
  validateKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, fn);
  return prefix;
}
