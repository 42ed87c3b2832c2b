import { quantileSorted, type SqlFunctions } from '@retailkit/core';
import type { FenceParameters, FenceRule, OutlierRule } from '../outlier-fence.js';

/** Bounds of an IQR fence: rows with value >= upper or value <= lower are outliers (both bounds inclusive). */
export interface IqrFence {
  q1: number;
  q3: number;
  iqr: number;
  lower: number;
  upper: number;
}

/**
 * Mark `out[i] = 1` for the rows outside a fence over `values`, statistics and marks restricted to rows where
 * `where` is 1 (all rows when absent); returns the fence's parameters (what `quality.json` reports).
 * `rule` comes with its defaults filled in (`factor`, `threshold`).
 */
export function markFence(values: Float64Array, rule: Required<FenceRule>, out: Uint8Array, where?: Uint8Array) {
  if (rule.method === 'iqr') {
    const fence = iqrFence(values, rule.factor, where);
    if (!Number.isNaN(fence.q1)) markOutsideFence(values, fence, out, where);
    return { method: 'iqr', factor: rule.factor, ...fence } satisfies FenceParameters;
  }
  const { mean, std } = meanStd(values, where);
  markZscore(values, mean, std, rule.threshold, out, where);
  return { method: 'zscore', threshold: rule.threshold, mean, std } satisfies FenceParameters;
}

/**
 * `markFence`'s statistics in SQL, for a one-row aggregate over the fence's population: `inner` are the select
 * items the population subquery adds (BigQuery's window quartiles), `outer` the aggregate items named
 * `<prefix>_q1`, `_q3`, `_iqr`, `_lower`, `_upper`, `_mean`, `_std` (NULL where the method has none), `value` the
 * population column. IQR: `PERCENTILE_CONT` is type 7 (`quantileSorted`'s interpolation); BigQuery has it only as
 * an analytic function, so there it is computed over the window and collapsed with `ANY_VALUE`. z-score: `AVG`
 * and `STDDEV_POP` (population σ), equal to the in-memory mean and σ up to summation order.
 */
export function fenceStatsSql(
  f: SqlFunctions,
  rule: Required<OutlierRule>,
  value: string,
  prefix: string,
): { inner: string[]; outer: string[] } {
  const name = (s: string) => f.ident(`${prefix}_${s}`);
  const nul = `CAST(NULL AS ${f.floatType})`;
  const nulls = (names: string[]) => names.map((s) => `${nul} AS ${name(s)}`);
  if (rule.method === 'iqr') {
    const bq = f.dialect === 'bigquery';
    const window = (p: string) => `${prefix}_w${p}`;
    const inner = bq ? ['25', '75'].map((p) => `PERCENTILE_CONT(${value}, 0.${p}) OVER () AS ${window(p)}`) : [];
    const quartile = (p: string) =>
      bq ? `ANY_VALUE(${window(p)})` : `PERCENTILE_CONT(0.${p}) WITHIN GROUP (ORDER BY ${value})`;
    const q1 = quartile('25');
    const q3 = quartile('75');
    const factor = f.literal(rule.factor);
    return {
      inner,
      outer: [
        `${q1} AS ${name('q1')}`,
        `${q3} AS ${name('q3')}`,
        `${q3} - ${q1} AS ${name('iqr')}`,
        `${q1} - ${factor} * (${q3} - ${q1}) AS ${name('lower')}`,
        `${q3} + ${factor} * (${q3} - ${q1}) AS ${name('upper')}`,
        ...nulls(['mean', 'std']),
      ],
    };
  }
  if (rule.method === 'zscore')
    return {
      inner: [],
      outer: [
        ...nulls(['q1', 'q3', 'iqr', 'lower', 'upper']),
        `AVG(${value}) AS ${name('mean')}`,
        `STDDEV_POP(${value}) AS ${name('std')}`,
      ],
    };
  return { inner: [], outer: nulls(['q1', 'q3', 'iqr', 'lower', 'upper', 'mean', 'std']) };
}

/**
 * Q1, Q3 of `values` over rows where `alive` is 1 (all rows when absent) by core's `quantileSorted` (Hyndman &
 * Fan type 7, numpy's default) and the fence at `factor`. NaN is missing and skipped; ±Infinity is a value and
 * counts (so not core's `sortedFinite`, which drops it). q1, q3 are NaN when no value is present.
 * O(n log n): one sorted copy of the present values.
 */
export function iqrFence(values: Float64Array, factor: number, alive?: Uint8Array): IqrFence {
  const sorted = sortedPresent(values, alive);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  return { q1, q3, iqr, lower: q1 - factor * iqr, upper: q3 + factor * iqr };
}

/** Sorted copy of the non-NaN `values` of rows where `alive` is 1 (all rows when absent). */
function sortedPresent(values: Float64Array, alive?: Uint8Array): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v) && (!alive || alive[i])) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}

/** Mean and population standard deviation (divide by n, numpy/scipy `ddof=0`) over alive, non-NaN rows. */
export function meanStd(values: Float64Array, alive?: Uint8Array): { mean: number; std: number; n: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if ((!alive || alive[i]) && !Number.isNaN(v)) {
      n++;
      sum += v;
    }
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if ((!alive || alive[i]) && !Number.isNaN(v)) {
      const d = v - mean;
      ss += d * d;
    }
  }
  return { mean, std: n > 0 ? Math.sqrt(ss / n) : Number.NaN, n };
}

/** Set `out[i] = 1` where value >= upper or value <= lower (and alive). NaN is never marked. */
export function markOutsideFence(values: Float64Array, fence: IqrFence, out: Uint8Array, alive?: Uint8Array): number {
  let c = 0;
  const { lower, upper } = fence;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if ((!alive || alive[i]) && (v >= upper || v <= lower)) {
      out[i] = 1;
      c++;
    }
  }
  return c;
}

/**
 * Set `out[i] = 1` where NOT |z| < threshold, z = (v − mean)/std (and alive). A NaN value has NaN z and is
 * marked (pandas `abs(z) < 3` is false for NaN). When std is 0 every z is taken as 0 (nothing marked) instead
 * of pandas' 0/0 = NaN, which would drop every row.
 */
export function markZscore(
  values: Float64Array,
  mean: number,
  std: number,
  threshold: number,
  out: Uint8Array,
  alive?: Uint8Array,
): number {
  let c = 0;
  const degenerate = !(std > 0);
  for (let i = 0; i < values.length; i++) {
    if (alive && !alive[i]) continue;
    const v = values[i];
    const z = degenerate ? (Number.isNaN(v) ? Number.NaN : 0) : (v - mean) / std;
    if (!(Math.abs(z) < threshold)) {
      out[i] = 1;
      c++;
    }
  }
  return c;
}
