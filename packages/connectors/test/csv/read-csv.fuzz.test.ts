import { readCsv } from '@retailkit/connectors';
import { toRows } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// issue 17, findings 3 and 6: random quoting, stray quotes, mixed encodings, line endings, truncation and chunking;
// whatever the input, every physical line ends in a kept row, the quarantine, the header or the blank lines.

type Cell = { text: string; cp1252: boolean; quoted: boolean };
const ALPHABET = ['a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', '£', '€'];
const CP1252: Record<string, number> = { é: 0xe9, '£': 0xa3, '€': 0x80 };

const cell = fc
  .record({
    parts: fc.array(fc.constantFrom(...ALPHABET), { maxLength: 6 }),
    cp1252: fc.boolean(),
    quoted: fc.boolean(),
  })
  .map(({ parts, cp1252, quoted }): Cell => {
    let text = parts.join('');
    if (text.startsWith('"')) text = `q${text}`; // a value starting with a quote could close a stray quote cleanly
    // Windows-1252 values keep one non-ASCII letter: two together can form valid UTF-8 by chance
    if (cp1252) {
      const first = [...text].findIndex((ch) => ch in CP1252);
      text = [...text].map((ch, k) => (ch in CP1252 && k !== first ? 'x' : ch)).join('');
    }
    return { text, cp1252, quoted: quoted || /[",\r\n]/.test(text) };
  });

function encodeCell(c: Cell): Buffer {
  const body = c.quoted ? `"${c.text.replace(/"/g, '""')}"` : c.text;
  if (!c.cp1252) return Buffer.from(body, 'utf8');
  return Buffer.from([...body].map((ch) => CP1252[ch] ?? ch.charCodeAt(0)));
}

/** Physical lines of bytes: line breaks (CRLF, LF or CR) plus an unterminated last line. */
function physicalLines(b: Buffer): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 10) n++;
    else if (b[i] === 13) {
      n++;
      if (b[i + 1] === 10) i++;
    }
  }
  return n + (b.length > 0 && b[b.length - 1] !== 10 && b[b.length - 1] !== 13 ? 1 : 0);
}
const breaks = (v: unknown) => (typeof v === 'string' ? (v.match(/\r\n|\r|\n/g) ?? []).length : 0);

let cases = 0;
describe('readCsv fuzz: nothing is lost', () => {
  it('every physical line is accounted for; clean inputs read back exactly; a stray quote costs its row only', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 25 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.option(fc.tuple(fc.nat(), fc.nat({ max: 1 })), { nil: null }), // stray quote: row, field
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), // truncation point
        fc.integer({ min: 1, max: 97 }), // chunk size
        async (table, eol, stray, cut, chunk) => {
          cases++;
          const lines = table.map(([s, t], k) => {
            const cells = [s, t].map(encodeCell);
            if (stray && stray[0] % table.length === k && !(stray[1] === 0 ? s : t).quoted)
              cells[stray[1]] = Buffer.concat([Buffer.from('"'), cells[stray[1]]]);
            return Buffer.concat([Buffer.from(`${k + 1},`), cells[0], Buffer.from(','), cells[1]]);
          });
          const damaged = stray && !table[stray[0] % table.length][stray[1]].quoted ? stray[0] % table.length : -1;
          const header = Buffer.from(`id,s,t${eol}`);
          let bytes = Buffer.concat([header, ...lines.flatMap((l) => [l, Buffer.from(eol)])]);
          if (cut !== null) bytes = bytes.subarray(0, header.length + Math.floor(cut * (bytes.length - header.length)));
          async function* chunks() {
            for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
          }
          const { frame, quarantine, info } = await readCsv(chunks(), {
            schema: { id: 'number', s: 'string', t: 'string' },
            onError: 'quarantine',
          });
          const kept = toRows(frame);
          const q = toRows(quarantine);
          expect(info.rowsRead).toBe(info.rowsKept + info.rowsQuarantined);
          expect(frame.length + quarantine.length).toBe(info.rowsRead);
          const keptLines = kept.reduce((n, r) => n + 1 + breaks(r.s) + breaks(r.t), 0);
          const quarantinedLines = q.reduce((n, r) => n + 1 + breaks(r.raw), 0);
          expect(1 + info.blankLines + keptLines + quarantinedLines).toBe(physicalLines(bytes));
          const expected = table.map(([s, t], k) => ({ id: k + 1, s: s.text || null, t: t.text || null }));
          if (cut === null && damaged < 0) {
            expect(q).toEqual([]);
            expect(kept).toEqual(expected);
          } else if (cut === null) {
            const byId = new Map(kept.map((r) => [r.id, r]));
            for (const [k, row] of expected.entries()) if (k !== damaged) expect(byId.get(row.id)).toEqual(row);
          }
        },
      ),
      { numRuns: 400 },
    );
    console.log(`fuzz csv: ${cases} cases`);
  });
});
