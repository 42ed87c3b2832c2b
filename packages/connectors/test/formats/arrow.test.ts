import { fromRows, toRows } from '@retailkit/core';
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrowToFrame, frameToArrow, readArrowIpc, writeArrowIpc } from '../../src/formats/arrow.js';
import { frameArb, typesOf } from '../helpers/arbitrary.js';

const T = (s: string) => Date.parse(`${s}Z`);

describe('Frame ↔ Arrow', () => {
  it('maps each Frame type to the Arrow type that keeps it (dictionary strings, naive ms timestamps, nulls)', () => {
    const f = fromRows(
      [
        { s: 'UK', x: 2.55, t: T('2010-12-01T08:26:00'), b: true },
        { s: null, x: null, t: null, b: false },
        { s: 'UK', x: -1, t: T('2011-12-09T12:50:00'), b: true },
      ],
      { s: 'string', x: 'number', t: 'timestamp', b: 'boolean' },
    );
    const t = frameToArrow(f);
    expect(t.schema.fields.map((x) => String(x.type))).toEqual([
      'Dictionary<Int32, Utf8>',
      'Float64',
      'Timestamp<MILLISECOND>',
      'Bool',
    ]);
    expect((t.schema.fields[2].type as arrow.Timestamp).timezone ?? null).toBeNull();
    // Expected values written by hand from the rows above.
    expect(t.getChild('s')!.toJSON()).toEqual(['UK', null, 'UK']);
    expect(t.getChild('x')!.toJSON()).toEqual([2.55, null, -1]);
    expect(t.getChild('t')!.nullCount).toBe(1);
    expect(Number(t.getChild('t')!.get(2))).toBe(T('2011-12-09T12:50:00'));
    expect(t.getChild('b')!.toJSON()).toEqual([true, false, true]);
  });

  it('reads Arrow tables made by apache-arrow itself (plain Utf8, Int64, zoned and second timestamps, dates)', () => {
    const t = new arrow.Table({
      name: arrow.vectorFromArray(['a', null, 'b'], new arrow.Utf8()),
      n: arrow.vectorFromArray([1n, 2n, null], new arrow.Int64()),
      // vectorFromArray takes epoch ms and stores whole seconds.
      sec: arrow.vectorFromArray([1000, 2000, 3000], new arrow.TimestampSecond()),
      d: arrow.vectorFromArray([new Date(Date.UTC(2011, 0, 2)), null, null], new arrow.DateDay()),
      k: arrow.vectorFromArray([7, 8, 9], new arrow.Int32()),
    });
    const f = arrowToFrame(t);
    expect(typesOf(f)).toEqual({ name: 'string', n: 'number', sec: 'timestamp', d: 'timestamp', k: 'int' });
    expect(toRows(f, { timestamps: 'ms' })).toEqual([
      { name: 'a', n: 1, sec: 1000, d: Date.UTC(2011, 0, 2), k: 7 },
      { name: null, n: 2, sec: 2000, d: null, k: 8 },
      { name: 'b', n: null, sec: 3000, d: null, k: 9 },
    ]);
  });

  it('property: Frame → Arrow → Frame and Frame → IPC (file and stream) → Frame keep rows and types', () => {
    fc.assert(
      fc.property(frameArb, fc.constantFrom('file' as const, 'stream' as const), (f, format) => {
        const rows = toRows(f, { timestamps: 'ms' });
        const direct = arrowToFrame(frameToArrow(f));
        expect(typesOf(direct)).toEqual(typesOf(f));
        expect(toRows(direct, { timestamps: 'ms' })).toEqual(rows);
        const viaIpc = readArrowIpc(writeArrowIpc(f, { format }));
        expect(typesOf(viaIpc)).toEqual(typesOf(f));
        expect(toRows(viaIpc, { timestamps: 'ms' })).toEqual(rows);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('rejects nested Arrow columns and non-Arrow bytes with ARROW_UNSUPPORTED', () => {
    const t = new arrow.Table({ l: arrow.vectorFromArray([[1], [2, 3]]) });
    expect(() => arrowToFrame(t)).toThrow(expect.objectContaining({ code: 'ARROW_UNSUPPORTED' }));
    expect(() => readArrowIpc(new Uint8Array([1, 2, 3]))).toThrow(
      expect.objectContaining({ code: 'ARROW_UNSUPPORTED' }),
    );
  });
});
