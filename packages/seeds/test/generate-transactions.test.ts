import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type Frame, isRetailKitError, TRANSACTION_SCHEMA, valueAt } from '@retailkit/core';
import { generateCsv, generateTransactions } from '@retailkit/seeds';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-oracle.js';

const CSV_PATH = fileURLToPath(new URL('../../../seeds/online-retail.csv.gz', import.meta.url));

/**
 * Expected frame values from CSV records, computed independently of the package: empty field → null, numbers by
 * `Number`, dates by the JS `Date` parser of `YYYY-MM-DDTHH:MM:SSZ`.
 */
function expectedRows(records: string[][]): unknown[][] {
  return records.map(([inv, code, desc, q, date, p, cust, country]) => [
    inv,
    code,
    desc === '' ? null : desc,
    Number(q),
    Date.parse(`${date.replace(' ', 'T')}Z`),
    Number(p),
    cust === '' ? null : cust,
    country,
  ]);
}

const frameRows = (f: Frame): unknown[][] => {
  const cols = Object.values(f.columns);
  return Array.from({ length: f.length }, (_, i) => cols.map((c) => valueAt(c, i)));
};

describe('generateTransactions', () => {
  it("returns core's transaction columns, in schema order, holding the rows generateCsv writes", () => {
    const options = { seed: 5, rows: 3000, days: 120 };
    const { frame, manifest } = generateTransactions(options);
    const csv = generateCsv(options);
    expect(Object.keys(frame.columns)).toEqual(Object.keys(TRANSACTION_SCHEMA));
    expect(Object.values(frame.columns).map((c) => c.type)).toEqual(Object.values(TRANSACTION_SCHEMA));
    expect(frameRows(frame)).toEqual(expectedRows(parseCsv(csv.csv).slice(1)));
    expect(manifest).toEqual(csv.manifest);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateTransactions({ seed: 1, rows: 2000 });
    const b = generateTransactions({ seed: 1, rows: 2000 });
    const c = generateTransactions({ seed: 2, rows: 2000 });
    expect(frameRows(b.frame)).toEqual(frameRows(a.frame));
    expect(c.manifest.generator.csvSha256).not.toBe(a.manifest.generator.csvSha256);
  });

  it('names itself in errors', () => {
    try {
      generateTransactions({ rows: 1 });
      expect.unreachable();
    } catch (e) {
      expect(isRetailKitError(e) && e.code).toBe('INVALID_ARGUMENT');
      expect((e as Error).message).toMatch(/^generateTransactions: rows must be an integer in \[2000, 2000000\]/);
    }
  });

  it.skipIf(!existsSync(CSV_PATH))('with the defaults, holds the rows of the committed seed file', () => {
    const committed = parseCsv(gunzipSync(readFileSync(CSV_PATH)).toString('utf8'));
    const { frame, manifest } = generateTransactions();
    expect(committed[0]).toEqual(manifest.columns);
    expect(frame.length).toBe(100_000);
    expect(frameRows(frame)).toEqual(expectedRows(committed.slice(1)));
  });
});
