import { createRng } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { ExactSum, exactSumSql } from '../../src/internal/exact-sum.js';
import { duckdb, type LineTuple, runOnDuckDb } from '../fixtures/duckdb.js';

const sum = (xs: readonly number[]) => {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s.value();
};

describe('ExactSum', () => {
  it('is the correctly rounded sum in every order (hand-computed: 0.1 + 0.2 + 0.3 is the double 0.6)', () => {
    // exact sum of the three doubles: 0.6000000000000000055…, nearer to the double 0.6 (0.59999999999999997779…)
    // than to the next one (0.60000000000000008881…); naive left-to-right gives the latter
    expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
    for (const order of [
      [0.1, 0.2, 0.3],
      [0.1, 0.3, 0.2],
      [0.2, 0.1, 0.3],
      [0.2, 0.3, 0.1],
      [0.3, 0.1, 0.2],
      [0.3, 0.2, 0.1],
    ])
      expect(sum(order)).toBe(0.6);
  });

  it('keeps what cancels, and large and negative terms (hand-computed)', () => {
    expect(sum([1e12, 0.25, -1e12])).toBe(0.25);
    expect(sum([-2.5, 1.25, -0.75])).toBe(-2);
    expect(sum([])).toBe(0);
  });

  it('equals a BigInt oracle on random revenue-like terms, whatever their order', () => {
    const rng = createRng(11);
    const xs = Array.from(
      { length: 5000 },
      () => Math.round(rng.next() * 200) * (Math.round(rng.next() * 10000) / 100),
    );
    // oracle: every term is an exact multiple of 2^-60 here (|x| ≥ 2^-8 or 0); sum them as integers, round once
    const oracle = Number(xs.reduce((a, x) => a + BigInt(x * 2 ** 60), 0n)) / 2 ** 60;
    expect(sum(xs)).toBe(oracle);
    const shuffled = xs.slice().sort(() => rng.next() - 0.5);
    expect(sum(shuffled)).toBe(oracle);
    expect(sum(xs.slice().reverse())).toBe(oracle);
  });
});

describe('exactSumSql', () => {
  it.skipIf(!duckdb)('gives ExactSum bits in DuckDB, in two insertion orders', async () => {
    const rng = createRng(5);
    const lines: LineTuple[] = Array.from({ length: 3000 }, (_, i) => [
      String(i),
      'A',
      1 + Math.floor(rng.next() * 48),
      '2011-01-03 10:00',
      Math.round(rng.next() * 5000) / 100,
      'c',
    ]);
    const sql = `SELECT ${exactSumSql('duckdb', 'quantity * "unitPrice"')} AS s FROM transactions`;
    const want = sum(lines.map((l) => l[2] * l[4]));
    const [a] = await runOnDuckDb(lines, sql);
    const [b] = await runOnDuckDb(lines.slice().reverse(), sql);
    expect([a.s, b.s]).toEqual([want, want]);
  });

  it('is an aggregate of integer parts in each dialect (BigQuery in BIGNUMERIC)', () => {
    expect(exactSumSql('postgres', 'x')).toContain('AS bigint');
    expect(exactSumSql('duckdb', 'x')).toContain('AS VARCHAR) AS DOUBLE)');
    expect(exactSumSql('bigquery', 'x')).toContain('AS BIGNUMERIC');
  });
});
