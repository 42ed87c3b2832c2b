import { snappyUncompress } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { snappyCompress, snappyMaxLength } from '../../src/internal/snappy.js';

/** Decompress with hyparquet's independent Snappy decoder (the oracle), given the original length. */
function roundTrip(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  snappyUncompress(snappyCompress(input), out);
  return out;
}

/** Deterministic pseudo-random bytes (xorshift32), incompressible. */
function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('snappyCompress', () => {
  it('round-trips through an independent decoder: empty, tiny, incompressible, repetitive, across 64 KiB blocks', () => {
    const text = new TextEncoder().encode(
      'WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,17850\n'.repeat(4000),
    );
    const farRepeat = new Uint8Array(20_000);
    farRepeat.set(noise(5000, 7), 0);
    farRepeat.set(noise(5000, 7), 10_000); // a match 10,000 bytes back: the 3-byte copy form
    for (const input of [
      new Uint8Array(0),
      Uint8Array.of(42),
      noise(14),
      noise(100_000),
      text,
      new Uint8Array(70_000),
      farRepeat,
    ])
      expect(Buffer.from(roundTrip(input)).equals(Buffer.from(input)), `${input.length} bytes`).toBe(true);
  });

  it('compresses repetition and stays within the format bound on noise', () => {
    // 100,000 zero bytes: a literal, then 64-byte copies of 3 bytes each per 64 KiB block (≈ 4.7 KB in all)
    expect(snappyCompress(new Uint8Array(100_000)).length).toBeLessThan(5_000);
    const n = noise(100_000, 3);
    expect(snappyCompress(n).length).toBeLessThanOrEqual(snappyMaxLength(n.length));
  });
});
