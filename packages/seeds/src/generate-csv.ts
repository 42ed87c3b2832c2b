import { generateSeed } from './internal/seed.js';
import type { SeedManifest } from './seed-manifest.js';
import type { SeedOptions } from './seed-options.js';

/**
 * The result of `generateCsv`.
 *
 * @example
 * const { csv, manifest }: SeedCsv = generateCsv({ seed: 3, rows: 2000 });
 * csv.slice(0, 19) // 'InvoiceNo,StockCode'
 * manifest.rows // 2000
 */
export interface SeedCsv {
  /** `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`, as in the UCI file. */
  header: string[];
  /** Every data row as its 8 CSV fields, unquoted; an empty string is a missing value. */
  rows: string[][];
  /** The CSV text: RFC 4180 quoting where needed, LF line endings and a final LF. */
  csv: string;
  /** Every planted truth counted from `rows`; `manifest.generator.csvSha256` is the SHA-256 of `csv`'s UTF-8 bytes. */
  manifest: SeedManifest;
}

/**
 * Generate an Online-Retail-shaped transaction file with planted truths, as CSV text — what the committed
 * `seeds/online-retail.csv.gz` holds (gzipped) for the default options. Same rows as `generateTransactions` with
 * the same options. Pure: no I/O, no clock; all randomness from core's `createRng(seed)`.
 *
 * Format: UTF-8, LF, `InvoiceDate` as `YYYY-MM-DD HH:MM:SS` (naive wall-clock), invoice numbers ascending with time
 * from 536365 (`C` prefix for cancellations, `A` for bad-debt adjustments), an invoice's rows contiguous.
 * O(rows): about a second for the default 100 000 rows.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when an option is unknown, not finite, or out of its range (see
 *   `SeedOptions`), or when `customers` cannot fill the rows.
 * @example
 * const { header, rows, csv, manifest } = generateCsv({ seed: 42, rows: 5000 });
 * rows.length // 5000
 * header[0] // 'InvoiceNo'
 * csv.endsWith('\n') // true
 * manifest.weekdays.Sat // 0
 */
export function generateCsv(options: SeedOptions = {}): SeedCsv {
  return generateSeed('generateCsv', options);
}
