/** The real UCI Online Retail file the forecast benchmarks read (never copied into the repository). */
import { existsSync } from 'node:fs';
import { readCsv } from '@retailkit/connectors';
import type { Frame } from '@retailkit/core';

/** The file, or `FORECAST_BENCH_DATA` when set (e.g. from a checkout that is not next to `shared/`). */
export const ONLINE_RETAIL =
  process.env.FORECAST_BENCH_DATA ??
  new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url).pathname;

/** The parsed file, or undefined (with a line saying so) when it is absent. */
export async function readOnlineRetail(who: string): Promise<Frame | undefined> {
  if (!existsSync(ONLINE_RETAIL)) {
    console.log(`${who}: ${ONLINE_RETAIL} is absent; skipped.`);
    return undefined;
  }
  return (await readCsv(ONLINE_RETAIL)).frame;
}
