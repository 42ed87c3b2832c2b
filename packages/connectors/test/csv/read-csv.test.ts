import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readCsv, readCsvBatches } from '@retailkit/connectors';
import { describe as describeFrame, type Frame, RetailKitError, toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
const rows = (f: Frame) => toRows(f, { timestamps: 'iso' });

describe('readCsv: RFC 4180 and edge cases', () => {
  it('quoted fields with embedded commas', async () => {
    const { frame } = await readCsv(utf8('a,b\n"x, y",2\n'));
    expect(rows(frame)).toEqual([{ a: 'x, y', b: 2 }]);
  });

  it('escaped quotes inside quoted fields', async () => {
    const { frame } = await readCsv(utf8('a,b\n"say ""hi""",1\n""" start",2\n'));
    expect(rows(frame).map((r) => r.a)).toEqual(['say "hi"', '" start']);
  });

  it('newlines inside quoted fields, and line numbers that count them', async () => {
    const text = 'a,b\n"line1\nline2",1\n"ok",x\n';
    const { frame } = await readCsv(utf8('a,b\n"line1\nline2",1\n'));
    expect(rows(frame)).toEqual([{ a: 'line1\nline2', b: 1 }]);
    await expect(readCsv(utf8(text), { schema: { b: 'number' } })).rejects.toMatchObject({
      code: 'CSV_BAD_NUMBER',
      details: { line: 4, column: 'b', value: 'x' },
    });
  });

  it('CRLF and LF line endings give the same frame', async () => {
    const lf = await readCsv(utf8('a,b\nx,1\ny,2\n'));
    const crlf = await readCsv(utf8('a,b\r\nx,1\r\ny,2\r\n'));
    expect(rows(crlf.frame)).toEqual(rows(lf.frame));
    expect(rows(lf.frame)).toEqual([
      { a: 'x', b: 1 },
      { a: 'y', b: 2 },
    ]);
  });

  it('a last row without a line ending', async () => {
    const { frame } = await readCsv(utf8('a,b\nx,1\ny,2'));
    expect(frame.length).toBe(2);
  });

  it('UTF-8 with a byte-order mark: the BOM is not part of the first header', async () => {
    const { frame, info } = await readCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('name,n\ncafé,1\n')]));
    expect(Object.keys(frame.columns)).toEqual(['name', 'n']);
    expect(rows(frame)[0].name).toBe('café');
    expect(info.encoding).toBe('utf-8');
  });

  it('Windows-1252 bytes: £ (0xA3) and € (0x80) decode correctly', async () => {
    const bytes = Buffer.concat([
      utf8('d,p\n'),
      Buffer.from([0xa3, 0x31, 0x2c, 0x31, 0x0a, 0x80, 0x32, 0x2c, 0x32, 0x0a]),
    ]);
    const { frame, info } = await readCsv(bytes);
    expect(rows(frame).map((r) => r.d)).toEqual(['£1', '€2']);
    expect(info.encoding).toBe('windows-1252');
  });

  it('ISO-8859-1 when declared', async () => {
    const bytes = Buffer.concat([utf8('d\n'), Buffer.from([0xe9, 0x0a])]);
    const { frame } = await readCsv(bytes, { encoding: 'latin1' });
    expect(rows(frame)[0].d).toBe('é');
  });

  it('ISO dates and US M/D/YYYY H:MM dates are wall-clock times encoded as UTC', async () => {
    const { frame } = await readCsv(
      utf8(
        `${HEADER}1,A,x,1,2010-12-01 08:26:00,1,1,UK\n2,A,x,1,12/1/2010 8:26,1,1,UK\n3,A,x,1,2011-02-28T23:59:59,1,1,UK\n`,
      ),
    );
    expect(rows(frame).map((r) => r.invoiceDate)).toEqual([
      '2010-12-01T08:26:00.000Z',
      '2010-12-01T08:26:00.000Z',
      '2011-02-28T23:59:59.000Z',
    ]);
  });

  it('impossible dates are errors, not silently shifted (Feb 30, hour 24)', async () => {
    await expect(readCsv(utf8('d\n2011-02-30\n'), { schema: { d: 'timestamp' } })).rejects.toMatchObject({
      code: 'CSV_BAD_DATE',
    });
    await expect(readCsv(utf8('d\n1/1/2011 24:00\n'), { schema: { d: 'timestamp' } })).rejects.toMatchObject({
      code: 'CSV_BAD_DATE',
    });
  });

  it('empty fields are missing values in every type', async () => {
    const { frame } = await readCsv(utf8(`${HEADER}1,A,,,,,,\n`));
    expect(rows(frame)[0]).toEqual({
      invoiceNo: '1',
      stockCode: 'A',
      description: null,
      quantity: null,
      invoiceDate: null,
      unitPrice: null,
      customerId: null,
      country: null,
    });
  });

  it('declared naValues are missing too', async () => {
    const { frame } = await readCsv(utf8('x\n1\nNA\n'), { naValues: ['NA'] });
    expect(rows(frame).map((r) => r.x)).toEqual([1, null]);
  });

  it('column mapping: Online Retail II headers (Invoice, Price, Customer ID) map to canonical names', async () => {
    const { frame } = await readCsv(
      utf8(
        'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n489434,85048,X,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n',
      ),
    );
    expect(rows(frame)[0]).toMatchObject({ invoiceNo: '489434', unitPrice: 6.95, customerId: '13085', quantity: 12 });
  });

  it('explicit column mapping wins over the canonical mapping', async () => {
    const { frame } = await readCsv(utf8('Kunde,Menge\nA,3\n'), {
      columns: { Kunde: 'customerId', Menge: 'quantity' },
    });
    expect(rows(frame)).toEqual([{ customerId: 'A', quantity: 3 }]);
  });

  it('types are inferred for unknown columns from the first rows', async () => {
    const { info } = await readCsv(utf8('n,t,s,b\n1.5,2011-01-01,x,true\n2,2011-01-02,y,false\n'));
    expect(info.columns.map((c) => c.type)).toEqual(['number', 'timestamp', 'string', 'boolean']);
  });

  it('numbers parse exactly like Number() (fast path and exponent fallback)', async () => {
    const texts = ['2.55', '-0.001', '1e3', '0.1', '123456789012.345', '-11062.06', '+7', '38970'];
    const { frame } = await readCsv(utf8(`x\n${texts.join('\n')}\n`), { schema: { x: 'number' } });
    expect(rows(frame).map((r) => r.x)).toEqual(texts.map(Number));
  });

  it('duplicate headers get a numeric suffix, like pandas', async () => {
    const { frame } = await readCsv(utf8('a,a\n1,2\n'));
    expect(Object.keys(frame.columns)).toEqual(['a', 'a.1']);
  });

  it('blank lines are skipped and counted', async () => {
    const { frame, info } = await readCsv(utf8('a\n1\n\n2\n'));
    expect(frame.length).toBe(2);
    expect(info.blankLines).toBe(1);
  });
});

describe('readCsv: malformed rows fail loudly or go to the quarantine', () => {
  const bad = `${HEADER}1,A,ok,1,2011-01-01 10:00:00,1.5,1,UK\n2,A,ragged,1\n3,A,x,12x,2011-01-01 10:00:00,1,1,UK\n4,A,x,1,not a date,1,1,UK\n5,A,ok,2,2011-01-02 10:00:00,2.5,,UK\n`;

  it('a ragged row fails with the line number', async () => {
    const err = await readCsv(utf8(bad)).catch((e) => e);
    expect(err).toBeInstanceOf(RetailKitError);
    expect(err.code).toBe('CSV_RAGGED_ROW');
    expect(err.message).toContain('line 3');
    expect(err.message).toContain("onError: 'quarantine'");
  });

  it('an unparseable number names line, column and value', async () => {
    const err = await readCsv(utf8(`${HEADER}3,A,x,12x,2011-01-01 10:00:00,1,1,UK\n`)).catch((e) => e);
    expect(err.code).toBe('CSV_BAD_NUMBER');
    expect(err.message).toBe(
      `readCsv: line 2, column "Quantity": cannot parse "12x" as a number. Fix the file, declare the column's type in options.schema, or pass onError: 'quarantine' to collect such rows with a reason.`,
    );
  });

  it("onError: 'quarantine' keeps every other row and gives each bad one a reason; counts add up", async () => {
    const { frame, quarantine, info } = await readCsv(utf8(bad), { onError: 'quarantine' });
    expect(frame.length).toBe(2);
    expect(rows(frame).map((r) => r.invoiceNo)).toEqual(['1', '5']);
    expect(rows(quarantine).map((r) => [r.line, r.reason, r.column, r.value])).toEqual([
      [3, 'ragged-row', null, null],
      [4, 'bad-number', 'Quantity', '12x'],
      [5, 'bad-date', 'InvoiceDate', 'not a date'],
    ]);
    expect(info.rowsRead).toBe(info.rowsKept + info.rowsQuarantined);
    expect(info).toMatchObject({ rowsRead: 5, rowsKept: 2, rowsQuarantined: 3 });
  });

  it('an unterminated quote at the end of the file is quarantined, not swallowed', async () => {
    const { quarantine, frame } = await readCsv(utf8('a,b\n1,2\n"open,3\n'), { onError: 'quarantine' });
    expect(frame.length).toBe(1);
    expect(rows(quarantine)[0]).toMatchObject({ reason: 'unterminated-quote', line: 3 });
  });

  it('text after a closing quote is a bad-quote row', async () => {
    const { quarantine, frame } = await readCsv(utf8('a,b\n"x"y,2\n3,4\n'), { onError: 'quarantine' });
    expect(frame.length).toBe(1);
    expect(rows(quarantine)[0]).toMatchObject({ reason: 'bad-quote', line: 2 });
  });

  it('an empty input is an error', async () => {
    await expect(readCsv(utf8(''))).rejects.toMatchObject({ code: 'CSV_EMPTY' });
  });

  it('a missing file names the path', async () => {
    await expect(readCsv('/nonexistent/file.csv')).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });
});

describe('readCsv: streams, gzip and batches', () => {
  const text = `${HEADER}${Array.from({ length: 500 }, (_, i) => `${536365 + i},8512${i % 10}A,"DESC, ${i % 7}",${i},2010-12-01 08:26:00,2.55,${17850 + (i % 13)},United Kingdom`).join('\n')}\n`;

  it('gzip is recognised by its magic bytes and gives the same frame', async () => {
    const plain = await readCsv(utf8(text));
    const gz = await readCsv(gzipSync(utf8(text)));
    expect(rows(gz.frame)).toEqual(rows(plain.frame));
    expect(plain.frame.length).toBe(500);
  });

  it('chunk boundaries anywhere (1-byte chunks from a stream) do not change the result', async () => {
    const bytes = utf8(text.slice(0, text.lastIndexOf('\n', 3000) + 1));
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      })(),
    );
    const streamed = await readCsv(stream);
    const whole = await readCsv(bytes);
    expect(rows(streamed.frame)).toEqual(rows(whole.frame));
  });

  it('batches hold at most batchSize rows and add up to the whole', async () => {
    let total = 0;
    let batches = 0;
    for await (const b of readCsvBatches(utf8(text), { batchSize: 128 })) {
      expect(b.frame.length).toBeLessThanOrEqual(128);
      total += b.frame.length;
      batches++;
    }
    expect(total).toBe(500);
    expect(batches).toBe(4);
  });
});

/** A file of ../shared/data relative to the repository (one level further up from a git worktree under wt/). */
const sharedData = (name: string) =>
  [`../../../../../shared/data/${name}`, `../../../../../../shared/data/${name}`]
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p)) ?? name;
const SAMPLE = sharedData('online-retail/online_retail_kaggle_format.sample.csv');
describe.skipIf(!existsSync(SAMPLE))('the Kaggle-format sample (cp1252, M/D/YYYY H:MM)', () => {
  it('reads every row with £ decoded and US dates parsed', async () => {
    const { frame, info } = await readCsv(SAMPLE);
    expect(info.encoding).toBe('windows-1252');
    expect(frame.length).toBe(20032);
    const desc = frame.columns.description;
    if (desc.type !== 'string') throw new Error('description should be a string column');
    const pounds = desc.values.filter((v) => v.includes('£'));
    expect(pounds.length).toBeGreaterThan(0);
    expect(desc.values.some((v) => v.includes('\uFFFD') || v.includes('Â£'))).toBe(false);
    const first = toRows(frame, { timestamps: 'iso' })[0];
    expect(first).toMatchObject({
      invoiceNo: '536365',
      stockCode: '85123A',
      invoiceDate: '2010-12-01T08:26:00.000Z',
      unitPrice: 2.55,
      customerId: '17850',
    });
  });
});
if (!existsSync(SAMPLE)) console.log(`skipped the Kaggle sample test: ${SAMPLE} not found`);

const FULL = sharedData('online-retail/online_retail.csv.gz');
describe.skipIf(!existsSync(FULL))('the full UCI file (facts from its README)', () => {
  it('matches the published counts', async () => {
    const { frame } = await readCsv(FULL);
    const s = Object.fromEntries(describeFrame(frame).map((c) => [c.name, c]));
    expect(frame.length).toBe(541909);
    expect(s.invoiceNo.distinct).toBe(25900);
    expect(s.stockCode.distinct).toBe(4070);
    expect(s.customerId).toMatchObject({ distinct: 4372, missing: 135080 });
    expect(s.description.missing).toBe(1454);
    expect(s.country.distinct).toBe(38);
    expect(new Date(s.invoiceDate.min as number).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(new Date(s.invoiceDate.max as number).toISOString()).toBe('2011-12-09T12:50:00.000Z');
  });
});
