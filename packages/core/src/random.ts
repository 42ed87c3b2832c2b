import { invalidArgument } from './errors.js';

/** A seeded pseudo-random number generator (all RetailKit randomness goes through one). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Fisher–Yates shuffle in place (an array or a typed array); returns it. */
  shuffle<A extends { length: number; [index: number]: unknown }>(items: A): A;
  /** A new independent generator derived from this one (for parallel streams). */
  fork(): Rng;
}

/**
 * Create a seeded PRNG: SplitMix32 seeding a xoshiro128** generator. Same seed, same sequence, on every
 * platform. Period 2^128 − 1. Not cryptographic.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a non-finite seed.
 * @example
 * createRng(42).next() // 0.5823… (always the same for seed 42)
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed))
    throw invalidArgument('createRng', 'seed', seed, 'a finite number', 'Pass e.g. { seed: 42 }.');
  let sm = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  if ((a | b | c | d) === 0) a = 1;
  let spare: number | null = null;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c = (c ^ t) >>> 0;
    d = rotl(d >>> 0, 11);
    return result;
  };
  function shuffle<A extends { length: number; [index: number]: unknown }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor((nextU32() / 4294967296) * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = nextU32() / 4294967296;
      const v = nextU32() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle,
    fork: () => createRng(nextU32()),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
