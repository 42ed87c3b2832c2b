import { fromRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeParquet } from '../../src/formats/parquet.js';
import { loadTables } from '../../src/load/load-tables.js';
import { type BigQueryWarehouse, bigQueryWarehouse } from '../../src/warehouse/bigquery-warehouse.js';
import { type BigQueryDouble, startBigQueryDouble } from '../helpers/bigquery-double.js';
import { fixedTokenAuth } from '../helpers/google-auth.js';

const T = (s: string) => Date.parse(`${s}Z`);
const SCHEMA = { invoiceNo: 'string', quantity: 'number', invoiceDate: 'timestamp' } as const;
const rows = [
  { invoiceNo: '536365', quantity: 6, invoiceDate: T('2010-12-01T08:26:00') },
  { invoiceNo: '536366', quantity: null, invoiceDate: T('2010-12-01T08:28:00') },
];
let dbl: BigQueryDouble;
let wh: BigQueryWarehouse;

describe('bigQueryWarehouse (contract tests against a loopback double of the BigQuery REST API)', () => {
  beforeAll(async () => {
    dbl = await startBigQueryDouble();
    wh = await bigQueryWarehouse({
      projectId: 'retail-test',
      dataset: 'retail',
      clientOptions: { apiEndpoint: dbl.endpoint, authClient: fixedTokenAuth() },
    });
  });
  afterAll(async () => {
    await dbl?.stop();
  });

  it('contract: replace uploads Parquet in a WRITE_TRUNCATE load job, then counts the table', async () => {
    dbl.requests.length = 0;
    const r = await wh.load('transactions', fromRows(rows, SCHEMA), { disposition: 'replace' });
    expect(r).toEqual({
      table: 'transactions',
      disposition: 'replace',
      rowsReceived: 2,
      rowsSkipped: 0,
      rowsLoaded: 2,
      rowsInTable: 2,
    });
    const upload = dbl.requests.find((q) => q.path === '/upload/bigquery/v2/projects/retail-test/jobs')!;
    expect((upload.body as { configuration: unknown }).configuration).toEqual({
      load: {
        sourceFormat: 'PARQUET',
        writeDisposition: 'WRITE_TRUNCATE',
        createDisposition: 'CREATE_IF_NEEDED',
        destinationTable: { projectId: 'retail-test', datasetId: 'retail', tableId: 'transactions' },
      },
    });
    // The double decoded the uploaded Parquet: values and naive timestamps arrive intact.
    expect(dbl.tables.get('retail-test.retail.transactions')).toEqual(rows);
    const q = dbl.requests.find((x) => x.path === '/bigquery/v2/projects/retail-test/queries');
    expect((q!.body as { query: string }).query).toBe('SELECT COUNT(*) AS n FROM `retail-test.retail.transactions`');
    // Loading the same data again with replace gives the same count.
    expect((await wh.load('transactions', fromRows(rows, SCHEMA), { disposition: 'replace' })).rowsInTable).toBe(2);
    expect((await wh.load('transactions', fromRows(rows, SCHEMA), { disposition: 'append' })).rowsInTable).toBe(4);
  });

  it('contract: merge loads a staging table and sends one MERGE statement keyed on the primary key', async () => {
    dbl.requests.length = 0;
    await wh.load('transactions', fromRows(rows, SCHEMA), { disposition: 'merge', primaryKey: ['invoiceNo'] });
    const merge = dbl.requests
      .map((q) => (q.body as { query?: string } | undefined)?.query)
      .find((s) => s?.startsWith('MERGE'));
    expect(merge).toBe(
      'MERGE `retail-test.retail.transactions` T USING (SELECT * EXCEPT (rk_row) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `invoiceNo`) AS rk_row FROM `retail-test.retail.transactions__rk_stage`) WHERE rk_row = 1) S ON T.`invoiceNo` = S.`invoiceNo` WHEN MATCHED THEN UPDATE SET `quantity` = S.`quantity`, `invoiceDate` = S.`invoiceDate` WHEN NOT MATCHED THEN INSERT (`invoiceNo`, `quantity`, `invoiceDate`) VALUES (S.`invoiceNo`, S.`quantity`, S.`invoiceDate`)',
    );
    expect(dbl.requests.some((q) => q.method === 'DELETE' && q.path.endsWith('/tables/transactions__rk_stage'))).toBe(
      true,
    );
  });

  it('contract: loads Parquet from the lake by gs:// URI and creates external tables', async () => {
    dbl.gcsObjects.set('gs://lake/staging/t.parquet', await writeParquet(fromRows(rows, SCHEMA)));
    const r = await wh.loadFromLake('from_lake', ['gs://lake/staging/t.parquet'], { disposition: 'replace' });
    expect(r.rowsLoaded).toBe(2);
    expect(r.rowsInTable).toBe(2);
    await wh.createExternalTable('ext_tx', ['gs://lake/staging/*.parquet']);
    expect(dbl.external.get('retail-test.retail.ext_tx')).toMatchObject({
      tableReference: { projectId: 'retail-test', datasetId: 'retail', tableId: 'ext_tx' },
      externalDataConfiguration: {
        sourceFormat: 'PARQUET',
        sourceUris: ['gs://lake/staging/*.parquet'],
        autodetect: true,
      },
    });
  });

  it('contract: rejects bad identifiers and incremental loads before sending anything', async () => {
    dbl.requests.length = 0;
    await expect(wh.load('t; DROP TABLE x', fromRows(rows, SCHEMA))).rejects.toMatchObject({ code: 'SQL_IDENTIFIER' });
    await expect(
      wh.load('t', fromRows(rows, SCHEMA), { incremental: { cursorColumn: 'invoiceDate' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(dbl.requests).toEqual([]);
    expect(wh.capabilities.transactionalState).toBe(false);
  });

  // issue 17, finding 4: several tables in one call commit all or none.
  it('contract: loadTables stages every table, then applies them in one multi-statement transaction', async () => {
    dbl.requests.length = 0;
    const r = await loadTables({
      warehouse: wh,
      tables: { tx_a: fromRows(rows, SCHEMA), tx_b: fromRows(rows, SCHEMA), tx_c: fromRows(rows, SCHEMA) },
      disposition: 'merge',
      primaryKey: { tx_a: ['invoiceNo'], tx_b: ['invoiceNo'], tx_c: ['invoiceNo'] },
    });
    expect(r.tables.map((t) => t.rowsLoaded)).toEqual([2, 2, 2]);
    const uploads = dbl.requests
      .filter((q) => q.path === '/upload/bigquery/v2/projects/retail-test/jobs')
      .map((q) => (q.body as { configuration: { load: { destinationTable: { tableId: string } } } }).configuration);
    // Load jobs only ever write the staging tables.
    expect(uploads.map((c) => c.load.destinationTable.tableId)).toEqual([
      'tx_a__rk_stage',
      'tx_b__rk_stage',
      'tx_c__rk_stage',
    ]);
    const queries = dbl.requests.map((q) => (q.body as { query?: string } | undefined)?.query).filter(Boolean);
    const script = queries.find((q) => q?.startsWith('BEGIN'))!;
    const merge = (t: string) =>
      `MERGE \`retail-test.retail.${t}\` T USING (SELECT * EXCEPT (rk_row) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY \`invoiceNo\`) AS rk_row FROM \`retail-test.retail.${t}__rk_stage\`) WHERE rk_row = 1) S ON T.\`invoiceNo\` = S.\`invoiceNo\` WHEN MATCHED THEN UPDATE SET \`quantity\` = S.\`quantity\`, \`invoiceDate\` = S.\`invoiceDate\` WHEN NOT MATCHED THEN INSERT (\`invoiceNo\`, \`quantity\`, \`invoiceDate\`) VALUES (S.\`invoiceNo\`, S.\`quantity\`, S.\`invoiceDate\`)`;
    // Golden script: BigQuery's documented transaction pattern (rolls back and re-raises on any error).
    expect(script).toBe(
      [
        'BEGIN',
        '  BEGIN TRANSACTION;',
        `  ${merge('tx_a')};`,
        `  ${merge('tx_b')};`,
        `  ${merge('tx_c')};`,
        '  COMMIT TRANSACTION;',
        'EXCEPTION WHEN ERROR THEN',
        '  ROLLBACK TRANSACTION;',
        '  RAISE USING MESSAGE = @@error.message;',
        'END;',
      ].join('\n'),
    );
    // Missing targets are created (empty, with the staging columns) before the transaction, not inside it.
    expect(
      queries.indexOf('CREATE TABLE IF NOT EXISTS `retail-test.retail.tx_a` LIKE `retail-test.retail.tx_a__rk_stage`'),
    ).toBeLessThan(queries.indexOf(script));
    // Staging tables are dropped afterwards.
    for (const t of ['tx_a', 'tx_b', 'tx_c'])
      expect(dbl.requests.some((q) => q.method === 'DELETE' && q.path.endsWith(`/tables/${t}__rk_stage`))).toBe(true);
  });

  it('contract: when the third table fails, no statement touches the targets and the staging tables go', async () => {
    await wh.load('keep_a', fromRows(rows, SCHEMA), { disposition: 'replace' });
    await wh.load('keep_b', fromRows(rows, SCHEMA), { disposition: 'replace' });
    const before = structuredClone([...dbl.tables.entries()].filter(([k]) => !k.includes('__rk_stage')));
    dbl.requests.length = 0;
    const bad = fromRows([{ invoiceNo: 'x', quantity: 1, invoiceDate: Number.POSITIVE_INFINITY }], SCHEMA);
    for (const disposition of ['replace', 'append'] as const) {
      const err = await loadTables({
        warehouse: wh,
        tables: { keep_a: fromRows(rows, SCHEMA), keep_b: fromRows(rows, SCHEMA), keep_c: bad },
        disposition,
      }).catch((e) => e);
      expect(err).toMatchObject({
        code: 'LOAD_NON_FINITE',
        details: { table: 'keep_c', row: 0, column: 'invoiceDate' },
      });
    }
    expect(dbl.requests.filter((q) => (q.body as { query?: string } | undefined)?.query)).toEqual([]);
    expect([...dbl.tables.entries()].filter(([k]) => !k.includes('__rk_stage'))).toEqual(before);
    expect([...dbl.tables.keys()].filter((k) => k.includes('__rk_stage'))).toEqual([]);
  });

  // issue 17, finding 4: the text policy applies to every writer.
  it('contract: NUL is removed and lone surrogates become U+FFFD before the upload, counted per column', async () => {
    const dirty = fromRows(
      [
        { invoiceNo: 'a\u0000b', quantity: 1, invoiceDate: T('2010-12-01T08:26:00') },
        { invoiceNo: 'ab', quantity: 2, invoiceDate: T('2010-12-01T08:26:00') },
        { invoiceNo: 'c\uDC00', quantity: 3, invoiceDate: T('2010-12-01T08:26:00') },
      ],
      SCHEMA,
    );
    const r = await wh.load('dirty', dirty, { disposition: 'replace' });
    expect(r.textRepairs).toEqual({ invoiceNo: { nulRemoved: 1, surrogatesReplaced: 1 } });
    expect(dbl.tables.get('retail-test.retail.dirty')?.map((x) => x.invoiceNo)).toEqual(['ab', 'ab', 'c\uFFFD']);
  });
});
