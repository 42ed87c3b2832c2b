import { readCsv } from '@retailkit/connectors';
import { toRows } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** An independent RFC 4180 writer (the oracle): quote when a field has a comma, quote, CR or LF. */
function writeCsv(header: string[], rows: (string | number)[][], eol: string): string {
  const field = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join(eol) + eol;
}

describe('readCsv properties (fast-check)', () => {
  it('any table of non-empty strings and finite numbers round-trips through CSV text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }).filter((s) => !s.includes('\uFEFF')),
            fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 64 }),
        async (table, eol, chunk) => {
          const text = writeCsv(['s', 'n'], table, eol);
          const bytes = Buffer.from(text, 'utf8');
          async function* chunks() {
            for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
          }
          const { frame } = await readCsv(chunks(), { schema: { s: 'string', n: 'number' }, encoding: 'utf-8' });
          const back = toRows(frame).map((r) => [r.s, r.n]);
          expect(back).toEqual(table.map(([s, n]) => [s, Object.is(n, -0) ? 0 : n]));
        },
      ),
      { numRuns: 150 },
    );
  });
});
