/**
 * Row passes shared by `clean`'s steps, views and report, one small function each so V8 optimises every loop on
 * its own (monomorphic typed-array access, no closures).
 */

/** Keep mask (1) of rows with reason 0. */
export function trustedMask(reason: Uint8Array): Uint8Array {
  const out = new Uint8Array(reason.length);
  for (let i = 0; i < reason.length; i++) out[i] = reason[i] === 0 ? 1 : 0;
  return out;
}

/** Rows with `mask[i]` and `live[i]`: clear live, set `reason[i] = code`; returns how many. */
export function removeMarked(mask: Uint8Array, live: Uint8Array, reason: Uint8Array, code: number): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i] !== 0 && live[i] !== 0) {
      live[i] = 0;
      reason[i] = code;
      c++;
    }
  return c;
}

/** Σ values[i] where mask[i] (or all rows without a mask), skipping non-finite values when `finiteOnly`. */
export function sumWhere(values: Float64Array, mask?: Uint8Array, finiteOnly = false): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    const v = values[i];
    if (finiteOnly && !Number.isFinite(v)) continue;
    s += v;
  }
  return s;
}

/** Min and max of a timestamp array (NaN skipped). */
export function minMax(values: Float64Array): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Pack flag arrays into one bit set per row: bit k = flags[k][i]. */
export function packFlags(flags: readonly Uint8Array[], n: number): Uint16Array {
  const bits = new Uint16Array(n);
  for (let k = 0; k < flags.length; k++) {
    const f = flags[k];
    const b = 1 << k;
    for (let i = 0; i < n; i++) if (f[i] !== 0) bits[i] |= b;
  }
  return bits;
}

/** Keep mask over kept rows (`rows[k]` indexes `bits`, or identity when absent): 1 where no bit of `drop` is set. */
export function bitsKeepMask(bits: Uint16Array, drop: number, rows: Int32Array | null, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (rows === null) for (let k = 0; k < n; k++) out[k] = (bits[k] & drop) === 0 ? 1 : 0;
  else for (let k = 0; k < n; k++) out[k] = (bits[rows[k]] & drop) === 0 ? 1 : 0;
  return out;
}
