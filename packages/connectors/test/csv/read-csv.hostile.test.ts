import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readCsv, writeParquet } from '@retailkit/connectors';
import { fromRows, toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const cp1252 = (s: string) => Buffer.from(s, 'latin1'); // the test texts use only Latin-1 letters
const SEEDS = fileURLToPath(new URL('../../../../seeds/online-retail.csv.gz', import.meta.url));

/** The first `n` physical lines (header included) of the seeds file, without their line endings. */
function seedLines(n: number): string[] {
  return gunzipSync(readFileSync(SEEDS)).toString('utf8').split('\n').slice(0, n);
}

/** Physical lines spanned by a kept row: one, plus the line breaks inside its string values. */
function linesOf(row: Record<string, unknown>): number {
  let n = 1;
  for (const v of Object.values(row)) if (typeof v === 'string') n += (v.match(/\r\n|\r|\n/g) ?? []).length;
  return n;
}

describe('readCsv: a stray quote costs one line, not the rows after it', () => {
  // issue 17, finding 3: an unclosed quote swallowed every following row (rowsRead was 1 with 1,000 rows after it)
  it('one stray quote followed by 1,000 rows: the quoted line is quarantined whole, every other row is read', async () => {
    const lines = seedLines(1011);
    const at = 10; // line index of the damaged row (physical line 11)
    const cells = lines[at].split(',');
    cells[2] = `"${cells[2]}`;
    lines[at] = cells.join(',');
    const text = `${lines.join('\n')}\n`;
    const { frame, quarantine, info } = await readCsv(utf8(text), { onError: 'quarantine' });
    expect(toRows(quarantine)).toEqual([
      { line: at + 1, reason: 'stray-quote', column: null, value: null, raw: lines[at] },
    ]);
    expect(frame.length).toBe(1009);
    expect(info).toMatchObject({ rowsRead: 1010, rowsKept: 1009, rowsQuarantined: 1 });
    // the kept rows are exactly the undamaged ones, in order (oracle: the same file without the damaged line)
    const clean = await readCsv(utf8(`${lines.filter((_, k) => k !== at).join('\n')}\n`));
    expect(toRows(frame)).toEqual(toRows(clean.frame));
  });

  it('a stray quote before a later quoted field (the field closes, text follows): still one line', async () => {
    const text = 'a,b,c\n1,"oops,x\n2,y,z\n3,"q, r",s\n4,t,u\n';
    const { frame, quarantine } = await readCsv(utf8(text), { onError: 'quarantine' });
    expect(toRows(quarantine).map((r) => [r.line, r.reason, r.raw])).toEqual([[2, 'stray-quote', '1,"oops,x']]);
    expect(toRows(frame).map((r) => r.a)).toEqual([2, 3, 4]);
    expect(toRows(frame)[1].b).toBe('q, r');
  });

  it('the quarantined line keeps its full text (no cut at 2,000 characters)', async () => {
    const long = 'x'.repeat(10_000);
    const text = `a,b\n1,"${long}\n2,ok\n`;
    const { quarantine, frame } = await readCsv(utf8(text), { onError: 'quarantine' });
    expect(toRows(quarantine)[0].raw).toBe(`1,"${long}`);
    expect(frame.length).toBe(1);
  });

  it("with onError: 'fail' the stray quote is a coded error naming its line", async () => {
    const err = await readCsv(utf8('a,b\n1,"oops\n2,y\n3,z\n')).catch((e) => e);
    expect(err.code).toBe('CSV_STRAY_QUOTE');
    expect(err.details).toMatchObject({ line: 2, raw: '1,"oops' });
  });

  it('a legitimate quoted field spanning lines is still one value', async () => {
    const { frame, quarantine } = await readCsv(utf8('a,b\n"two\nlines",1\n"three\r\nmore\rlines",2\n'), {
      onError: 'quarantine',
    });
    expect(quarantine.length).toBe(0);
    expect(toRows(frame).map((r) => r.a)).toEqual(['two\nlines', 'three\r\nmore\rlines']);
  });

  // ../shared/data relative to the repository (one level further up from a git worktree under wt/)
  const FULL =
    [
      '../../../../../shared/data/online-retail/online_retail.csv.gz',
      '../../../../../../shared/data/online-retail/online_retail.csv.gz',
    ]
      .map((p) => fileURLToPath(new URL(p, import.meta.url)))
      .find((p) => existsSync(p)) ?? '';
  it.skipIf(FULL === '')(
    'real data: one stray quote in the first 50,000 rows → at most 10 quarantined, every line accounted for',
    async () => {
      const all = gunzipSync(readFileSync(FULL)).toString('latin1');
      let end = 0;
      for (let k = 0; k <= 50_000; k++) end = all.indexOf('\n', end) + 1;
      const lines = all.slice(0, end - 1).split('\n');
      // the description of the 1,000th row, unquoted, gets an opening quote
      let at = 1000;
      while (lines[at].split(',').length !== 8) at++;
      const cells = lines[at].split(',');
      cells[2] = `"${cells[2]}`;
      lines[at] = cells.join(',');
      const text = `${lines.join('\n')}\n`;
      const { frame, quarantine, info } = await readCsv(Buffer.from(text, 'latin1'), { onError: 'quarantine' });
      const q = toRows(quarantine);
      expect(q.length).toBeLessThanOrEqual(10);
      expect(q.some((r) => r.line === at + 1 && r.raw === lines[at])).toBe(true);
      // every physical line is the header, a blank line, part of a kept row, or a quarantined line
      const kept = toRows(frame).reduce((n, r) => n + linesOf(r), 0);
      expect(1 + info.blankLines + kept + q.length).toBe(lines.length);
      expect(info.rowsRead).toBe(info.rowsKept + info.rowsQuarantined);
      console.log(`real-data stray quote: ${q.length} quarantined, ${frame.length} kept of ${lines.length - 1}`);
    },
  );
});

describe('readCsv: fields are bounded', () => {
  // issue 17, finding 7: a 50 MB field took 33 s and 2 GB; a 9 MB header was reported as CSV_EMPTY
  it('a field over maxFieldBytes is CSV_FIELD_TOO_LARGE, also with the default bound (4 MiB)', async () => {
    const err = await readCsv(utf8(`a,b\n1,${'x'.repeat(5000)}\n`), { maxFieldBytes: 1024 }).catch((e) => e);
    expect(err.code).toBe('CSV_FIELD_TOO_LARGE');
    expect(err.details).toMatchObject({ line: 2, maxFieldBytes: 1024 });
    const big = Buffer.alloc(6 << 20, 0x78);
    const def = await readCsv(Buffer.concat([utf8('a,b\n1,"'), big, utf8('"\n')]), {
      onError: 'quarantine',
    }).catch((e) => e);
    expect(def.code).toBe('CSV_FIELD_TOO_LARGE');
  });

  it('a header over the bound gets its own code, not CSV_EMPTY', async () => {
    const header = Array.from({ length: 600_000 }, (_, k) => `column_${k}`).join(',');
    const err = await readCsv(utf8(`${header}\n1\n`)).catch((e) => e);
    expect(err.code).toBe('CSV_HEADER_TOO_LARGE');
  });

  it('a field under the bound is read', async () => {
    const { frame } = await readCsv(utf8(`a\n${'y'.repeat(3000)}\n`), { maxFieldBytes: 4096 });
    expect((toRows(frame)[0].a as string).length).toBe(3000);
  });
});

describe('readCsv: encodings', () => {
  // issue 17, finding 6: the encoding was decided on the first non-ASCII value, corrupting the others
  it('a file mixing UTF-8 and Windows-1252 values decodes each value right, in either order', async () => {
    const a = Buffer.concat([utf8('d\nCRÈME\n'), cp1252('CAFÉ\n')]);
    const b = Buffer.concat([utf8('d\n'), cp1252('CAFÉ\n'), utf8('CRÈME\n')]);
    for (const bytes of [a, b]) {
      const { frame, info, quarantine } = await readCsv(bytes, { onError: 'quarantine' });
      expect(
        toRows(frame)
          .map((r) => r.d)
          .sort(),
      ).toEqual(['CAFÉ', 'CRÈME']);
      expect(quarantine.length).toBe(0);
      expect(info.encoding).toBe('mixed');
      expect(info.decodedValues).toEqual({ utf8: 1, singleByte: 1 });
    }
  });

  it('UTF-16 LE and BE with a byte-order mark are decoded', async () => {
    const text = 'name,n\ncafé £,1\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const [bytes, enc] of [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
    ] as const) {
      const { frame, info } = await readCsv(bytes);
      expect(toRows(frame)).toEqual([{ name: 'café £', n: 1 }]);
      expect(info.encoding).toBe(enc);
    }
  });

  it('UTF-32 is refused with CSV_ENCODING', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0, 0x0a, 0, 0, 0]);
    await expect(readCsv(bytes)).rejects.toMatchObject({ code: 'CSV_ENCODING' });
  });
});

describe('readCsv: binary formats are refused by their signature', () => {
  const zip = (name: string) => {
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(name.length, 26);
    return Buffer.concat([head, Buffer.from(name), Buffer.alloc(64)]);
  };
  it.each([
    ['a ZIP archive', zip('data.csv'), /ZIP archive.*extractZip/],
    ['an XLSX workbook', zip('xl/workbook.xml'), /Excel workbook \(XLSX/],
    ['gzip inside gzip', gzipSync(gzipSync(utf8('a\n1\n'))), /gzip inside gzip/],
  ])('%s', async (_, bytes, message) => {
    const err = await readCsv(bytes).catch((e) => e);
    expect(err.code).toBe('CSV_BINARY_INPUT');
    expect(err.message).toMatch(message);
  });

  it('a Parquet file, also gzipped (the signature is checked after decompression)', async () => {
    const parquet = await writeParquet(fromRows([{ a: 1 }]));
    for (const bytes of [parquet, gzipSync(parquet)])
      await expect(readCsv(bytes)).rejects.toMatchObject({
        code: 'CSV_BINARY_INPUT',
        details: { format: 'a Parquet file' },
      });
  });

  it('CSV.gz stays legitimate', async () => {
    expect((await readCsv(gzipSync(utf8('a\n1\n')))).frame.length).toBe(1);
  });
});

describe('readCsv: non-finite numbers', () => {
  // issue 17, finding 9: 1e309 was read as Infinity
  it('1e309, -1e309, Infinity, NaN and 400 digits are bad-number, not Infinity', async () => {
    const texts = ['1e309', '-1e309', 'Infinity', '-Infinity', 'NaN', '9'.repeat(400)];
    const { frame, quarantine } = await readCsv(utf8(`x\n1.5\n${texts.join('\n')}\n`), {
      schema: { x: 'number' },
      onError: 'quarantine',
    });
    expect(toRows(frame)).toEqual([{ x: 1.5 }]);
    expect(toRows(quarantine).map((r) => [r.reason, r.value])).toEqual(texts.map((t) => ['bad-number', t]));
  });
});
