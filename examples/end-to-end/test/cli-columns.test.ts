import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRetailKitError } from '@retailkit/core';
import { generateCsv } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseColumnsOption, planColumns } from '../src/columns.js';

const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));

/** Run the CLI as a user would (INIT_CWD is the folder npm was run in): status, stdout, stderr. */
function cli(args: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: tmpdir(), env: { ...process.env, INIT_CWD: cwd }, maxBuffer: 1 << 22 },
      (err, stdout, stderr) => resolve({ status: err ? (err.code as number) : 0, stdout, stderr }),
    );
  });
}

/** The code of what `fn` throws (a RetailKit error). */
async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (isRetailKitError(e)) return e.code;
    throw e;
  }
  throw new Error('did not throw');
}

const UCI = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
const SHOP = ['order_id', 'sku', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'client', 'Country'];

describe('planColumns: --columns and the UCI aliases give the canonical names', () => {
  it('renames the mapped columns and the UCI headers (hand-written expectation)', () => {
    expect(planColumns(SHOP, { invoiceNo: 'order_id', stockCode: 'sku', customerId: 'client' }, 'x.csv')).toEqual({
      order_id: 'invoiceNo',
      sku: 'stockCode',
      Description: 'description',
      Quantity: 'quantity',
      InvoiceDate: 'invoiceDate',
      UnitPrice: 'unitPrice',
      client: 'customerId',
      Country: 'country',
    });
  });

  it('a header whose alias the mapping gives to another column keeps its own name (no two invoiceNo)', () => {
    const rename = planColumns(
      ['Invoice', ...SHOP],
      { invoiceNo: 'order_id', stockCode: 'sku', customerId: 'client' },
      'x',
    );
    expect(rename.Invoice).toBe('Invoice');
    expect(rename.order_id).toBe('invoiceNo');
  });

  it('refuses missing columns with CLI_MISSING_COLUMNS, and an absent mapped column with CLI_BAD_VALUE', async () => {
    expect(await codeOf(() => planColumns(SHOP, {}, 'x.csv'))).toBe('CLI_MISSING_COLUMNS');
    expect(await codeOf(() => planColumns(UCI, { invoiceNo: 'order_id' }, 'x.csv'))).toBe('CLI_BAD_VALUE');
    expect(planColumns(UCI, {}, 'x.csv').CustomerID).toBe('customerId');
  });
});

describe('parseColumnsOption: pairs or a JSON file', () => {
  const here = (p: string) => p;

  it('reads key=column pairs, keys in any case', async () => {
    expect(await parseColumnsOption('invoiceNo=order_id, stockcode=sku,customer_id=client', here)).toEqual({
      invoiceNo: 'order_id',
      stockCode: 'sku',
      customerId: 'client',
    });
  });

  it('refuses an unknown key, a repeated key or column, a pair without =, a missing file (CLI_BAD_VALUE)', async () => {
    for (const v of [
      'invoiceNumber=x',
      'invoiceNo=a,invoiceNo=b',
      'invoiceNo=a,stockCode=a',
      'invoiceNo=a,sku',
      'nope.json',
    ])
      expect(await codeOf(() => parseColumnsOption(v, (p) => join(tmpdir(), 'rk-no-such-dir', p))), v).toBe(
        'CLI_BAD_VALUE',
      );
  });
});

// issue 18, item 5: other column names are mapped with --columns, and refused up front without it
describe.concurrent('the CLI maps other column names (--columns) and refuses missing columns at ingest', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-cli-columns-'));
    const csv = generateCsv({ seed: 3, rows: 2000 }).csv;
    await writeFile(join(dir, 'shop.csv'), `${SHOP.join(',')}${csv.slice(csv.indexOf('\n'))}`);
    await writeFile(
      join(dir, 'map.json'),
      JSON.stringify({ invoiceNo: 'order_id', stockCode: 'sku', customerId: 'client' }),
    );
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without --columns: one line CLI_MISSING_COLUMNS naming the columns found and needed, exit 1, before clean', async () => {
    const r = await cli(['clean', '--data', 'shop.csv', '--out', 'out-missing'], dir);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(r.status).toBe(1);
    expect(lines[0]).toMatch(
      /^retailkit clean: CLI_MISSING_COLUMNS ingest: shop\.csv has no column for invoiceNo, stockCode, customerId\. /,
    );
    expect(lines[0]).toContain(`Found: ${SHOP.join(', ')}.`);
    expect(lines[0]).toContain(
      'Needed: invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customerId, country',
    );
    expect(lines[0]).toContain('--columns invoiceNo=<column>,stockCode=<column>,customerId=<column>');
    expect(r.stdout).not.toContain('✔ ingest');
    expect(existsSync(join(dir, 'out-missing', 'quality.json'))).toBe(false);
  });

  it('with --columns pairs, clean runs on the mapped columns', async () => {
    const r = await cli(
      [
        'clean',
        '--data',
        'shop.csv',
        '--columns',
        'invoiceNo=order_id,stockCode=sku,customerId=client',
        '--out',
        'out-pairs',
        '--quiet',
      ],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const quality = JSON.parse(await readFile(join(dir, 'out-pairs', 'quality.json'), 'utf8'));
    expect(quality.source.rowsRead).toBe(2000);
    expect(quality.rowsIn).toBe(quality.rowsKept + quality.rowsQuarantined);
  });

  it('with a JSON mapping file, ingest.json names each source column and its canonical name', async () => {
    const r = await cli(['ingest', '--data', 'shop.csv', '--columns', 'map.json', '--out', 'out-json', '--quiet'], dir);
    expect(r.stderr).toBe('');
    const ingest = JSON.parse(await readFile(join(dir, 'out-json', 'ingest.json'), 'utf8'));
    expect(ingest.rows + ingest.rowsQuarantined).toBe(2000);
    expect(ingest.columns.map((c: { source: string; name: string }) => [c.source, c.name])).toEqual([
      ['order_id', 'invoiceNo'],
      ['sku', 'stockCode'],
      ['Description', 'description'],
      ['Quantity', 'quantity'],
      ['InvoiceDate', 'invoiceDate'],
      ['UnitPrice', 'unitPrice'],
      ['client', 'customerId'],
      ['Country', 'country'],
    ]);
  });

  it('a mapped column the file does not have: CLI_BAD_VALUE with the closest column, exit 2', async () => {
    const r = await cli(
      [
        'ingest',
        '--data',
        'shop.csv',
        '--columns',
        'invoiceNo=order_idd,stockCode=sku,customerId=client',
        '--out',
        'out-bad',
      ],
      dir,
    );
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(r.status).toBe(2);
    expect(lines[0]).toMatch(
      /^retailkit ingest: CLI_BAD_VALUE --columns: shop\.csv has no column "order_idd" \(given for invoiceNo\); did you mean "order_id"\?/,
    );
  });

  it('a key that is not a transaction column: CLI_BAD_VALUE with the closest key, exit 2, before anything runs', async () => {
    const r = await cli(['ingest', '--data', 'shop.csv', '--columns', 'invoiceNum=order_id', '--out', 'out-key'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^retailkit ingest: CLI_BAD_VALUE --columns: "invoiceNum" is not a transaction column; did you mean invoiceNo\?/,
    );
    expect(existsSync(join(dir, 'out-key'))).toBe(false);
  });
});
