import { RetailKitError } from '@retailkit/core';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_ERROR_CODES } from '../../src/errors.js';
import { extractZip } from '../../src/sources/extract-zip.js';
import { buildZip } from './zip-bytes.js';

// issue 17, findings 2 and 10: random and mutated archive bytes end in entries or a coded error, never another
// exception (TypeError, RangeError, "invalid zip data") and never a hang.

const CODES = new Set<string>(Object.values(CONNECTOR_ERROR_CODES));
const SIGNATURES = [0x04034b50, 0x02014b50, 0x06054b50, 0x06064b50, 0x07064b50];

const entryArb = fc.record({
  name: fc.stringMatching(/^[a-z0-9_]{1,8}(\/[a-z0-9_][a-z0-9_.]{0,7}){0,2}$/),
  data: fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.integer({ min: 0, max: 5000 }).map((n) => new Uint8Array(n).fill(65)),
  ),
  method: fc.constantFrom(0, 8),
});

/** A valid archive, from fflate (a real writer) or the hand writer (zip64 records too), and its entries. */
const archiveArb = fc
  .tuple(
    fc.uniqueArray(entryArb, { maxLength: 5, selector: (e) => e.name }),
    fc.constantFrom('fflate', 'plain', 'zip64'),
  )
  .filter(([entries]) => entries.every((a) => entries.every((b) => a === b || !b.name.startsWith(`${a.name}/`))))
  .map(([entries, writer]) => ({
    entries,
    bytes:
      writer === 'fflate'
        ? zipSync(Object.fromEntries(entries.map((e) => [e.name, [e.data, { level: e.method === 0 ? 0 : 6 }]])))
        : buildZip(entries, { zip64: writer === 'zip64' }),
  }));

type Mutation = (b: Uint8Array) => Uint8Array;
/** A position in [0, 1); fast-check's doubles lean to the bounds, which would mostly hit byte 0. */
const fraction = fc.nat({ max: 999_999 }).map((n) => n / 1e6);
/** Mutations past the signature (mutating the first bytes only ever tests ZIP_NOT_ZIP). */
const past4 = (b: Uint8Array, f: number) => Math.min(b.length, 4 + Math.floor(Math.max(0, b.length - 4) * f));
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fraction.map((f) => (b: Uint8Array) => b.subarray(0, Math.floor(b.length * f))),
  fc
    .array(fc.tuple(fraction, fc.integer({ min: 1, max: 255 })), {
      minLength: 1,
      maxLength: 8,
    })
    .map((flips) => (b: Uint8Array) => {
      const c = new Uint8Array(b);
      for (const [f, x] of flips) if (c.length > 4) c[Math.min(c.length - 1, past4(c, f))] ^= x;
      return c;
    }),
  fc
    .tuple(fraction, fc.constantFrom(...SIGNATURES), fc.uint8Array({ maxLength: 60 }))
    .map(([f, sig, tail]) => (b: Uint8Array) => {
      const at = past4(b, f);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(sig);
      return new Uint8Array(Buffer.concat([b.subarray(0, at), head, tail, b.subarray(at)]));
    }),
  fc.tuple(fraction, fc.constantFrom(0, 0xff), fc.integer({ min: 1, max: 8 })).map(([f, v, n]) => (b: Uint8Array) => {
    const c = new Uint8Array(b);
    c.fill(v, past4(c, f), past4(c, f) + n);
    return c;
  }),
);

const inputArb = fc.oneof(
  { weight: 2, arbitrary: archiveArb.map((a) => ({ ...a, mutated: false })) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(archiveArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
      .map(([a, ms]) => ({ entries: a.entries, bytes: ms.reduce((b, m) => m(b), a.bytes), mutated: true })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ entries: [], bytes: b, mutated: true })) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({
      entries: [],
      bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...b]),
      mutated: true,
    })),
  },
);

async function outcome(bytes: Uint8Array): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('extractZip did not settle within 5 s')), 5000);
  });
  try {
    await Promise.race([extractZip(bytes), hang]);
    return 'ok';
  } catch (e) {
    if (e instanceof RetailKitError && CODES.has(e.code)) return e.code;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

describe('extractZip fuzz', () => {
  it('answers every random or mutated archive with its entries or a coded RetailKitError', async () => {
    let cases = 0;
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(inputArb, async ({ entries, bytes, mutated }) => {
        cases++;
        const code = await outcome(bytes);
        seen[code] = (seen[code] ?? 0) + 1;
        if (!mutated) {
          expect(code).toBe('ok');
          const got = await extractZip(bytes);
          // Sorted: a JS object (fflate's input) puts integer-like names first.
          const pairs = (list: { name: string; data: Uint8Array }[]) =>
            list.map((e) => `${e.name}:${Buffer.from(e.data).toString('hex')}`).sort();
          expect(pairs(got)).toEqual(pairs(entries));
        }
      }),
      { numRuns: 1000, seed: 17 },
    );
    console.log(`fuzz zip: ${cases} cases (${JSON.stringify(seen)})`);
    expect(cases).toBe(1000);
  });
});
