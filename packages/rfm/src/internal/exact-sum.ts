import type { SqlDialect } from '@retailkit/core';

/**
 * Sums of revenue that do not depend on the order of the terms, in Node and in every SQL engine, so that a
 * warehouse's per-event revenue has the same bits as Node's and the fits on it (the GBT's splits, which a change in
 * the last bit of one input can flip) are the same.
 *
 * Each term x is split exactly into integers: hi = ⌊x·2²⁰⌋ and lo = ⌊(x·2²⁰ − hi)·2⁴⁰ + ½⌋, so x = (hi·2⁴⁰ + lo)/2⁶⁰
 * exactly when |x| ≥ 2⁻⁸ (a term below that is rounded to a multiple of 2⁻⁶⁰) and |x| < 2⁴³. The integer sums are
 * exact; the total (Σhi·2⁴⁰ + Σlo) is rounded to the nearest double once, then scaled by 2⁻⁶⁰ (exact). So the result
 * is the correctly rounded sum of the terms (up to the rounding of terms below 2⁻⁸), whatever their order.
 */

const HI_SCALE = 2 ** 20;
const LO_SCALE = 2 ** 40;
const SCALE = 2 ** 60;
/** Above this an accumulator in doubles may lose bits: switch to BigInt. */
const SAFE = 2 ** 52;

/** An order-independent sum of terms (see the module doc). */
export class ExactSum {
  private hi = 0;
  private lo = 0;
  private big: bigint | undefined;

  add(x: number): void {
    const scaled = x * HI_SCALE;
    const hi = Math.floor(scaled);
    const lo = Math.floor((scaled - hi) * LO_SCALE + 0.5);
    this.hi += hi;
    this.lo += lo;
    if (Math.abs(this.hi) >= SAFE || this.lo >= SAFE) this.spill();
  }

  /** The correctly rounded sum of the terms added. */
  value(): number {
    if (this.big === undefined && this.hi === 0) return this.lo / SCALE;
    return Number(this.total()) / SCALE;
  }

  private total(): bigint {
    return (this.big ?? 0n) + BigInt(this.hi) * BigInt(LO_SCALE) + BigInt(this.lo);
  }

  private spill(): void {
    this.big = this.total();
    this.hi = 0;
    this.lo = 0;
  }
}

/** The SQL aggregate of `ExactSum` over `expr` (a double expression; NULL terms are skipped, as SUM skips them). */
export function exactSumSql(dialect: SqlDialect, expr: string): string {
  // powers of two as exact literals (String(2 ** 60) would print 1152921504606847000)
  const [HI, LO, ALL] = [20n, 40n, 60n].map((e) => (2n ** e).toString());
  const scaled = `(${expr}) * ${HI}.0`;
  const hi = `FLOOR(${scaled})`;
  const lo = `FLOOR((${scaled} - FLOOR(${scaled})) * ${LO}.0 + 0.5)`;
  if (dialect === 'postgres')
    // SUM(bigint) is numeric (exact); numeric → float8 goes through the decimal text (correctly rounded)
    return `(CAST(SUM(CAST(${hi} AS bigint)) * ${LO} + SUM(CAST(${lo} AS bigint)) AS double precision) / ${ALL}.0)`;
  if (dialect === 'duckdb')
    // one HUGEINT sum of hi·2⁴⁰ + lo (exact), the same integer as the two sums combined, with half
    // their aggregate state (at ×100 of the UCI lines, 2.6 M invoices × 3 amounts: two sums each did not fit
    // DuckDB in 320 MB); through VARCHAR, the conversion to DOUBLE is correctly rounded
    return `(CAST(CAST(SUM(CAST(${hi} AS HUGEINT) * ${LO} + CAST(${lo} AS HUGEINT)) AS VARCHAR) AS DOUBLE) / ${ALL}.0)`;
  // BigQuery: INT64 sums may overflow, BIGNUMERIC's do not
  return `(CAST(CAST(SUM(CAST(${hi} AS BIGNUMERIC)) * ${LO} + SUM(CAST(${lo} AS BIGNUMERIC)) AS STRING) AS FLOAT64) / ${ALL}.0)`;
}

/** `ExactSum` for many groups at once, in typed arrays (no object per group): `add(g, x)`, then `value(g)`. */
export class ExactSums {
  private readonly hi: Float64Array;
  private readonly lo: Float64Array;
  /** Groups whose integer parts outgrew doubles (sums beyond 2³² per group: rare). */
  private readonly big = new Map<number, bigint>();

  constructor(groups: number) {
    this.hi = new Float64Array(groups);
    this.lo = new Float64Array(groups);
  }

  add(g: number, x: number): void {
    const scaled = x * HI_SCALE;
    const hi = Math.floor(scaled);
    this.hi[g] += hi;
    this.lo[g] += Math.floor((scaled - hi) * LO_SCALE + 0.5);
    if (Math.abs(this.hi[g]) >= SAFE || this.lo[g] >= SAFE) {
      this.big.set(g, this.total(g));
      this.hi[g] = 0;
      this.lo[g] = 0;
    }
  }

  /** The correctly rounded sum of group g's terms. */
  value(g: number): number {
    if (this.hi[g] === 0 && !this.big.has(g)) return this.lo[g] / SCALE;
    return Number(this.total(g)) / SCALE;
  }

  private total(g: number): bigint {
    return (this.big.get(g) ?? 0n) + BigInt(this.hi[g]) * BigInt(LO_SCALE) + BigInt(this.lo[g]);
  }
}
