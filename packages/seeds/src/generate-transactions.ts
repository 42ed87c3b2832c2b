import {
  type Column,
  type Frame,
  frame,
  numberColumn,
  parseIsoDate,
  stringColumn,
  type TRANSACTION_SCHEMA,
  timestampColumn,
} from '@retailkit/core';
import { generateSeed } from './internal/seed.js';
import type { SeedManifest } from './seed-manifest.js';
import type { SeedOptions } from './seed-options.js';

/**
 * The result of `generateTransactions`.
 *
 * @example
 * const { frame, manifest }: SeedTransactions = generateTransactions({ seed: 3, rows: 2000 });
 * frame.length === manifest.rows // true
 */
export interface SeedTransactions {
  /**
   * The rows as a transaction Frame with core's `TRANSACTION_SCHEMA` columns, in file order: `invoiceNo`,
   * `stockCode`, `description` (null when empty), `quantity`, `invoiceDate` (epoch ms of the naive wall-clock time,
   * as if UTC), `unitPrice`, `customerId` (null for guest orders), `country`.
   */
  frame: Frame;
  /** Every planted truth counted from the rows (the same object `generateCsv` returns for the same options). */
  manifest: SeedManifest;
}

/** The column names of the frame, in order (core's canonical transaction schema). */
type TransactionColumnName = keyof typeof TRANSACTION_SCHEMA;

/**
 * Generate realistic transactions with planted truths, for tests: the same rows as `generateCsv` (and, with the
 * default options, as the committed `seeds/online-retail.csv.gz`), as a `Frame`, with the manifest of what was
 * planted — customer archetypes, bundles with their support and lift, seasonality, cancellations, outliers and the
 * anomalies each cleaning rule handles. Pure: no I/O, no clock; all randomness from core's `createRng(seed)`.
 *
 * Reading the CSV text of `generateCsv` with `@retailkit/connectors`' `readCsv` gives an equal frame (empty fields
 * become null; dates become epoch ms as if UTC). O(rows): about a second for the default 100 000 rows.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when an option is unknown, not finite, or out of its range (see
 *   `SeedOptions`), or when `customers` cannot fill the rows.
 * @example
 * const { frame, manifest } = generateTransactions({ seed: 7, rows: 3000 });
 * frame.length // 3000
 * Object.keys(frame.columns) // ['invoiceNo', 'stockCode', 'description', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country']
 * manifest.bundles.map((b) => b.name)[0] // 'regency teacups'
 */
export function generateTransactions(options: SeedOptions = {}): SeedTransactions {
  const { rows, manifest } = generateSeed('generateTransactions', options);
  const n = rows.length;
  const text = (j: number): (string | null)[] => rows.map((r) => (r[j] === '' ? null : r[j]));
  const quantity = new Float64Array(n);
  const unitPrice = new Float64Array(n);
  const invoiceDate = new Float64Array(n);
  const dates = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    quantity[i] = Number(r[3]);
    unitPrice[i] = Number(r[5]);
    let t = dates.get(r[4]);
    if (t === undefined) dates.set(r[4], (t = parseIsoDate(r[4])));
    invoiceDate[i] = t;
  }
  const columns: Record<TransactionColumnName, Column> = {
    invoiceNo: stringColumn(text(0)),
    stockCode: stringColumn(text(1)),
    description: stringColumn(text(2)),
    quantity: numberColumn(quantity),
    invoiceDate: timestampColumn(invoiceDate),
    unitPrice: numberColumn(unitPrice),
    customerId: stringColumn(text(6)),
    country: stringColumn(text(7)),
  };
  return { frame: frame(columns), manifest };
}
