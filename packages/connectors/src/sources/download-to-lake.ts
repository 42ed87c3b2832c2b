import type { ObjectStore, PutResult } from '../lake/types.js';
import { validateKey } from '../lake/validate-key.js';
import { type FetchRawOptions, fetchRaw } from './fetch-raw.js';

/**
 * Stream a URL into the lake (default key: `raw/<file name of the URL>`), with every guarantee of
 * {@link fetchRaw} (retries, limits, SSRF guard) and the lake's atomic write: a failed download leaves no
 * object, or the previous one, under the key.
 *
 * @throws RetailKitError as {@link fetchRaw} (`HTTP_*`, `SSRF_BLOCKED`), `LAKE_KEY`, and the lake's `LAKE_IO`.
 * @example
 * await downloadToLake('https://example.org/online_retail.csv.gz', lake);
 * // { key: 'raw/online_retail.csv.gz', bytes: 7548701, md5: '…', parts: 1 }
 */
export async function downloadToLake(
  url: string,
  lake: Pick<ObjectStore, 'put'>,
  options: FetchRawOptions & { key?: string } = {},
): Promise<PutResult> {
  const name = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'download');
  const key = validateKey(options.key ?? `raw/${name}`, 'downloadToLake');
  return lake.put(key, fetchRaw(url, options));
}
