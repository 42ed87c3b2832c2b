import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { invalidArgument, isRetailKitError } from '@retailkit/core';
import { connectorError } from '../errors.js';
import type { ObjectStore, PutResult } from '../lake/types.js';
import { extractZip, type ZipEntry, type ZipLimits } from './extract-zip.js';
import { type FetchRawOptions, fetchRaw } from './fetch-raw.js';

/** Kaggle API credentials. */
export interface KaggleCredentials {
  username: string;
  key: string;
}

/** Options of {@link kaggleCredentials}. */
export interface KaggleCredentialOptions {
  /** Environment to read `KAGGLE_USERNAME`, `KAGGLE_KEY`, `KAGGLE_CONFIG_DIR` from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Home folder holding `.kaggle/kaggle.json`. Default `os.homedir()`. */
  home?: string;
  /** Receives warnings (a credentials file readable by others). Default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

/**
 * Kaggle credentials, as the official CLI finds them: `KAGGLE_USERNAME` + `KAGGLE_KEY`, else
 * `$KAGGLE_CONFIG_DIR/kaggle.json` or `~/.kaggle/kaggle.json`. Warns when that file can be read by group or
 * others (fix: `chmod 600`). The key never appears in messages.
 *
 * @throws RetailKitError `KAGGLE_CREDENTIALS` when none are found or the file is malformed.
 */
export async function kaggleCredentials(options: KaggleCredentialOptions = {}): Promise<KaggleCredentials> {
  const env = options.env ?? process.env;
  const warn = options.onWarning ?? ((m: string) => process.emitWarning(m, { code: 'RETAILKIT_KAGGLE_PERMISSIONS' }));
  if (env.KAGGLE_USERNAME && env.KAGGLE_KEY) return { username: env.KAGGLE_USERNAME, key: env.KAGGLE_KEY };
  const file = join(env.KAGGLE_CONFIG_DIR ?? join(options.home ?? homedir(), '.kaggle'), 'kaggle.json');
  let text: string;
  try {
    const st = await stat(file);
    if ((st.mode & 0o077) !== 0)
      warn(
        `kaggleCredentials: ${file} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 on it.`,
      );
    text = await readFile(file, 'utf8');
  } catch {
    throw connectorError(
      'KAGGLE_CREDENTIALS',
      `kaggleCredentials: no credentials; set KAGGLE_USERNAME and KAGGLE_KEY or create ${file} (Kaggle → Settings → API → Create New Token).`,
      { details: { file } },
    );
  }
  try {
    const j = JSON.parse(text) as { username?: unknown; key?: unknown };
    if (typeof j.username === 'string' && typeof j.key === 'string' && j.username && j.key)
      return { username: j.username, key: j.key };
  } catch {
    // fall through: malformed
  }
  throw connectorError(
    'KAGGLE_CREDENTIALS',
    `kaggleCredentials: ${file} must be JSON with "username" and "key" strings.`,
    {
      details: { file },
    },
  );
}

/** Options of {@link kaggleDownload}. */
export interface KaggleDownloadOptions extends KaggleCredentialOptions {
  /** `owner/slug`, e.g. `carrie1/ecommerce-data`. */
  dataset: string;
  /** Credentials (default: {@link kaggleCredentials}). */
  credentials?: KaggleCredentials;
  /** API root. Default `https://www.kaggle.com/api/v1`. */
  apiBase?: string;
  /** Where to store the extracted files: under `raw/kaggle/<owner>/<slug>/` (default: only returned). */
  lake?: ObjectStore;
  /** Archive limits (zip-slip and bomb guards are always on). */
  zip?: ZipLimits;
  /** HTTP behaviour (retries, limits, SSRF allowance). */
  http?: Omit<FetchRawOptions, 'headers'>;
}

/**
 * Download a Kaggle data set (`GET {apiBase}/datasets/download/{owner}/{slug}`, HTTP Basic auth), unzip it with
 * the zip-slip and decompression-bomb guards of {@link extractZip}, and optionally store each file in the lake.
 *
 * @throws RetailKitError `KAGGLE_CREDENTIALS`, `INVALID_ARGUMENT`, `HTTP_*`, `SSRF_BLOCKED`, `ZIP_NOT_ZIP` (an HTML
 *   error page or any other body that is not a zip), and the other `ZIP_*` codes of {@link extractZip}.
 * @example
 * const { files } = await kaggleDownload({ dataset: 'carrie1/ecommerce-data', lake: localLake('out/lake') });
 * // files → [{ name: 'data.csv', bytes: 45580638, key: 'raw/kaggle/carrie1/ecommerce-data/data.csv' }]
 */
export async function kaggleDownload(
  options: KaggleDownloadOptions,
): Promise<{ files: { name: string; bytes: number; key?: string }[]; entries: ZipEntry[]; stored: PutResult[] }> {
  const fn = 'kaggleDownload';
  const m = /^([A-Za-z0-9][A-Za-z0-9_-]*)\/([A-Za-z0-9][A-Za-z0-9_.-]*)$/.exec(options?.dataset ?? '');
  if (!m) throw invalidArgument(fn, 'dataset', options?.dataset, "'owner/slug' (letters, digits, '-', '_', '.')");
  const creds = options.credentials ?? (await kaggleCredentials(options));
  const base = (options.apiBase ?? 'https://www.kaggle.com/api/v1').replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${creds.username}:${creds.key}`).toString('base64')}`;
  const url = `${base}/datasets/download/${m[1]}/${m[2]}`;
  const entries = await extractZip(
    fetchRaw(url, { ...(options.http ?? {}), headers: { authorization: auth } }),
    options.zip,
  ).catch((e: unknown) => {
    if (!isRetailKitError(e) || e.code !== 'ZIP_NOT_ZIP') throw e;
    throw connectorError(
      'ZIP_NOT_ZIP',
      `${fn}: ${url} answered with ${e.details.looksLike === 'not a zip archive' ? 'bytes that are not a zip archive' : e.details.looksLike} instead of the data set's zip archive; check the dataset name "${options.dataset}", that your account accepted the data set's rules on kaggle.com, and apiBase.`,
      { cause: e, details: { ...e.details, dataset: options.dataset } },
    );
  });
  const stored: PutResult[] = [];
  const files: { name: string; bytes: number; key?: string }[] = [];
  for (const e of entries) {
    const key = `raw/kaggle/${m[1]}/${m[2]}/${e.name}`;
    if (options.lake) stored.push(await options.lake.put(key, e.data));
    files.push({ name: e.name, bytes: e.data.length, ...(options.lake ? { key } : {}) });
  }
  return { files, entries, stored };
}
