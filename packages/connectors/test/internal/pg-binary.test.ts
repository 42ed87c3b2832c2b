import { type Frame, fromRows, StringDictionary, toRows } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CopyBinaryEncoder,
  copyHeader,
  copyTrailer,
  decodeCopyBinary,
  NonFiniteValue,
} from '../../src/internal/pg-binary.js';
import { timestampArb } from '../helpers/arbitrary.js';

const T = (s: string) => Date.parse(`${s}Z`);
const hex = (chunks: Iterable<Buffer>) => Buffer.concat([...chunks]).toString('hex');

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

async function roundTrip(frames: Frame[], names: string[], types: ('string' | 'number' | 'timestamp' | 'boolean')[]) {
  const enc = new CopyBinaryEncoder(names);
  const bytes = Buffer.concat([copyHeader(), ...frames.flatMap((f) => [...enc.encode(f)]), copyTrailer()]);
  const out: Record<string, unknown>[] = [];
  for await (const b of decodeCopyBinary(once(bytes), names, types, 1000)) out.push(...toRows(b, { timestamps: 'ms' }));
  return out;
}

describe('CopyBinaryEncoder (PostgreSQL binary COPY tuples)', () => {
  it('writes the bytes the binary COPY format specifies, NULLs as length -1', () => {
    const f: Frame = {
      length: 2,
      columns: {
        s: { type: 'string', codes: Int32Array.of(0, -1), values: ['é'] },
        x: { type: 'number', data: Float64Array.of(1.5, Number.NaN) },
        t: { type: 'timestamp', data: Float64Array.of(T('2000-01-01T00:00:01'), T('1999-12-31T23:59:59')) },
        i: { type: 'int', data: Int32Array.of(7, -1) },
        b: { type: 'boolean', data: Uint8Array.of(1, 0) },
      },
    };
    // Expected bytes written by hand from the PostgreSQL documentation ("COPY", Binary Format): int16 field
    // count; per field int32 length then the value: UTF-8 text, float8, int8 µs since 2000-01-01, int4, bool.
    const row1 = '0005' + '00000002c3a9' + '000000083ff8000000000000' + '00000008' + '00000000000f4240';
    const row1b = '0000000400000007' + '0000000101';
    const row2 = '0005' + 'ffffffff' + 'ffffffff' + '00000008' + 'fffffffffff0bdc0' + '00000004ffffffff' + '0000000100';
    expect(hex(new CopyBinaryEncoder(['s', 'x', 't', 'i', 'b']).encode(f))).toBe(row1 + row1b + row2);
    // Columns go in the order asked, whatever the Frame's order; `rows` picks and orders tuples.
    expect(hex(new CopyBinaryEncoder(['b']).encode(f, [1, 0, 1]))).toBe(
      '0001' + '0000000100' + '0001' + '0000000101' + '0001' + '0000000100',
    );
    expect(copyHeader().toString('hex')).toBe('5047434f50590aff0d0a00' + '00000000' + '00000000');
    expect(copyTrailer().toString('hex')).toBe('ffff');
  });

  it('reuses a growing dictionary across batches and re-encodes one that does not extend the last', async () => {
    const batch = (values: string[], codes: number[]): Frame => ({
      length: codes.length,
      columns: { s: { type: 'string', codes: Int32Array.from(codes), values } },
    });
    const rows = await roundTrip(
      [
        batch(['a', 'bb'], [0, 1, -1]),
        batch(['a', 'bb', 'ccc€'], [2, 0]), // extends the previous dictionary
        batch(['zz', 'a'], [0, 1]), // a different dictionary: codes mean other strings now
        batch(['zz', 'a', 'x'.repeat(300)], [2, 0]), // long values take the bulk-copy path
      ],
      ['s'],
      ['string'],
    );
    expect(rows.map((r) => r.s)).toEqual(['a', 'bb', null, 'ccc€', 'a', 'zz', 'a', 'x'.repeat(300), 'zz']);
  });

  it('encodes the values a dictionary array gained in place since the last batch (a live StringDictionary)', async () => {
    // Batches sharing one StringDictionary's `values`: the same array object, longer at each batch.
    const dict = new StringDictionary();
    const batch = (strings: string[]): Frame => ({
      length: strings.length,
      columns: { s: { type: 'string', codes: Int32Array.from(strings, (v) => dict.code(v)), values: dict.values } },
    });
    const enc = new CopyBinaryEncoder(['s']);
    // Each batch is encoded before the next one grows the array.
    const chunks = [['a'], ['bb', 'a'], ['ccc', 'bb']].flatMap((strings) => [...enc.encode(batch(strings))]);
    const bytes = Buffer.concat([copyHeader(), ...chunks, copyTrailer()]);
    const out: unknown[] = [];
    for await (const b of decodeCopyBinary(once(bytes), ['s'], ['string'], 1000))
      out.push(...toRows(b).map((r) => r.s));
    expect(out).toEqual(['a', 'bb', 'a', 'ccc', 'bb']);
  });

  it('splits large batches into chunks of about 1 MiB on tuple boundaries', async () => {
    const n = 40_000;
    const values = Array.from({ length: 50 }, (_, i) => `value-${i}-${'é'.repeat(i)}`);
    const f: Frame = {
      length: n,
      columns: {
        s: { type: 'string', codes: Int32Array.from({ length: n }, (_, i) => (i % 13 === 0 ? -1 : i % 50)), values },
        x: { type: 'number', data: Float64Array.from({ length: n }, (_, i) => i / 7) },
      },
    };
    const chunks = [...new CopyBinaryEncoder(['s', 'x']).encode(f)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(1 << 20);
    const out: Record<string, unknown>[] = [];
    const bytes = Buffer.concat([copyHeader(), ...chunks, copyTrailer()]);
    // Each chunk starts a tuple: decoding chunk by chunk from the second one on sees a field count first.
    for (const c of chunks) expect(c.readInt16BE(0)).toBe(2);
    for await (const b of decodeCopyBinary(once(bytes), ['s', 'x'], ['string', 'number'], 8192)) out.push(...toRows(b));
    expect(out).toHaveLength(n);
    expect(out[1]).toEqual({ s: values[1], x: 1 / 7 });
    expect(out[13]).toEqual({ s: null, x: 13 / 7 });
    expect(out[n - 1]).toEqual({ s: values[(n - 1) % 50], x: (n - 1) / 7 });
  });

  it('property: decode(encode(frame)) gives the rows back', async () => {
    const row = fc.record({
      s: fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { nil: null }),
      x: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
      t: fc.option(timestampArb, { nil: null }),
      b: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 50 }), async (rows) => {
        const f = fromRows(rows, { s: 'string', x: 'number', t: 'timestamp', b: 'boolean' });
        const back = await roundTrip([f], ['s', 'x', 't', 'b'], ['string', 'number', 'timestamp', 'boolean']);
        expect(back).toEqual(rows);
      }),
      { numRuns: 100 },
    );
  });

  // issue 17, finding 4: PostgreSQL text holds no U+0000, and UTF-8 has no lone surrogates.
  it('removes NUL and replaces lone surrogates by U+FFFD, counting the changed cells per column', async () => {
    const values = ['ok', 'a\u0000b', 'x\uD800y', '\u0000\uDC00', '😀 pair', 'ab'];
    const f: Frame = {
      length: 7,
      columns: { s: { type: 'string', codes: Int32Array.of(0, 1, 1, 2, 3, 4, -1), values } },
    };
    const enc = new CopyBinaryEncoder(['s']);
    // Expected bytes by hand: 'ab' (NUL removed), 'x' EF BF BD 'y' (U+FFFD in UTF-8), EF BF BD alone.
    const bytes = Buffer.concat([...enc.encode(f)]).toString('hex');
    expect(bytes).toContain('0001' + '00000002' + '6162');
    expect(bytes).toContain('0001' + '00000005' + '78efbfbd79');
    expect(bytes).toContain('0001' + '00000003' + 'efbfbd');
    // Cells, hand-counted: rows 1, 2 and 4 had a NUL; rows 3 and 4 a lone surrogate; the emoji pair is intact.
    expect(enc.repairs).toEqual({ s: { nulRemoved: 3, surrogatesReplaced: 2 } });
    // Rows picked by an incremental filter count only the rows sent; a dictionary grown in place keeps its flags.
    const enc2 = new CopyBinaryEncoder(['s']);
    [...enc2.encode(f, [0, 1])];
    const grown = {
      ...f,
      columns: { s: { type: 'string' as const, codes: Int32Array.of(1, 5, 6), values: [...values, 'z\u0000'] } },
    };
    [...enc2.encode(grown)];
    expect(enc2.repairs).toEqual({ s: { nulRemoved: 3, surrogatesReplaced: 0 } });
    const back = await roundTrip([f], ['s'], ['string']);
    expect(back.map((r) => r.s)).toEqual(['ok', 'ab', 'ab', 'x\uFFFDy', '\uFFFD', '😀 pair', null]);
    // Two lone halves around a NUL stay two replacement characters (removing the NUL joins nothing).
    const glued = await roundTrip([fromRows([{ s: '\uD800\u0000\uDC00' }], { s: 'string' })], ['s'], ['string']);
    expect(glued).toEqual([{ s: '\uFFFD\uFFFD' }]);
  });

  // issue 17, finding 9: a timestamp of ±Infinity used to be written as 2000-01-01.
  it('refuses ±Infinity in number and timestamp columns with the row and column; NaN stays NULL', () => {
    const frame = (t: number, x: number): Frame => ({
      length: 3,
      columns: {
        x: { type: 'number', data: Float64Array.of(1, Number.NaN, x) },
        t: { type: 'timestamp', data: Float64Array.of(0, Number.NaN, t) },
      },
    });
    const err = (f: Frame) => {
      try {
        [...new CopyBinaryEncoder(['x', 't']).encode(f)];
      } catch (e) {
        return e;
      }
    };
    expect(err(frame(Number.POSITIVE_INFINITY, 2))).toMatchObject({ row: 2, column: 't', type: 'timestamp' });
    expect(err(frame(0, Number.NEGATIVE_INFINITY))).toMatchObject({ row: 2, column: 'x', type: 'number' });
    expect(err(frame(0, 2))).toBeUndefined();
    expect(err(frame(Number.NEGATIVE_INFINITY, 2))).toBeInstanceOf(NonFiniteValue);
  });

  // issue 17, finding 4: the text policy against an independent oracle (code point by code point).
  it('property: every string round-trips as the text policy says, and the counts are the cells changed', async () => {
    const isLone = (ch: string) => ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff;
    const oracle = (v: string) => {
      let out = '';
      for (const ch of v) out += ch === '\u0000' ? '' : isLone(ch) ? '\uFFFD' : ch;
      return out;
    };
    const text = fc
      .array(fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', 'a', 'é', '😀', '\uD83D\uDE00'), { maxLength: 6 })
      .map((a) => a.join(''));
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 30 }), async (strings) => {
        cases++;
        const f = fromRows(
          strings.map((s) => ({ s })),
          { s: 'string' },
        );
        const enc = new CopyBinaryEncoder(['s']);
        const bytes = Buffer.concat([copyHeader(), ...enc.encode(f), copyTrailer()]);
        const back: unknown[] = [];
        for await (const b of decodeCopyBinary(once(bytes), ['s'], ['string'], 1000))
          back.push(...toRows(b).map((r) => r.s));
        expect(back).toEqual(strings.map((s) => (s === null ? null : oracle(s))));
        const nul = strings.filter((s) => s?.includes('\u0000')).length;
        const sur = strings.filter((s) => s !== null && [...s].some(isLone)).length;
        expect(enc.repairs.s ?? { nulRemoved: 0, surrogatesReplaced: 0 }).toEqual({
          nulRemoved: nul,
          surrogatesReplaced: sur,
        });
      }),
      { numRuns: 200 },
    );
    console.log(`fuzz load text policy: ${cases} cases`);
  });
});
