import { readFile } from 'node:fs/promises';
import { type Frame, invalidArgument } from '@retailkit/core';
import { type CsvOptions, readCsv } from '../csv/read-csv.js';
import { readArrowIpc } from '../formats/arrow.js';
import { readParquet } from '../formats/parquet.js';

/**
 * Read a local table file into a Frame, choosing the reader by extension: `.parquet` → `readParquet`,
 * `.arrow`/`.arrows`/`.feather` → `readArrowIpc`, `.csv`/`.csv.gz`/`.tsv`/`.txt` → `readCsv` (with `csv`
 * options; canonical transaction columns by default).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for another extension, and the chosen reader's errors.
 * @example
 * const tx = await readTableFile('seeds/online-retail.csv.gz'); // Frame with canonical columns
 */
export async function readTableFile(path: string, options: { csv?: CsvOptions } = {}): Promise<Frame> {
  const lower = String(path).toLowerCase();
  if (lower.endsWith('.parquet')) return readParquet(path);
  if (/\.(arrow|arrows|feather)$/.test(lower)) return readArrowIpc(new Uint8Array(await readFile(path)));
  if (/\.(csv|tsv|txt)(\.gz)?$/.test(lower)) return (await readCsv(path, options.csv)).frame;
  throw invalidArgument('readTableFile', 'path', path, 'a .csv, .csv.gz, .parquet or .arrow file');
}
