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

describe('writeCsv → readCsv round trip', () => {
  it('gives back the same rows, including quotes, newlines, missing values and timestamps', async () => {
    const { writeCsv } = await import('@retailkit/connectors');
    const { fromRows } = await import('@retailkit/core');
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'rk-csv-'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            s: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: null }),
            n: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
            t: fc.option(
              fc.integer({ min: 0, max: 4e12 }).map((v) => Math.floor(v / 1000) * 1000),
              { nil: null },
            ),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (rows) => {
          const f = fromRows(rows, { s: 'string', n: 'number', t: 'timestamp' });
          const path = join(dir, 'x.csv.gz');
          await writeCsv(f, path);
          const back = await readCsv(path, { schema: { s: 'string', n: 'number', t: 'timestamp' }, encoding: 'utf-8' });
          expect(toRows(back.frame, { timestamps: 'ms' })).toEqual(
            rows.map((r) => ({ ...r, n: r.n === null ? null : Object.is(r.n, -0) ? 0 : r.n })),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
