/**
 * The row passes of `clean`, one small function each so V8 optimises every loop on its own (monomorphic
 * typed-array access, no closures). Codes index per-dictionary lookup tables computed once per call.
 */

/** Invoice kinds per dictionary code. */
export const INVOICE_NORMAL = 0;
export const INVOICE_CANCELLATION = 1;
export const INVOICE_ADJUSTMENT = 2;
export const INVOICE_BLANK = 3;

/** Quarantine reason per row (1-based index into QUARANTINE_REASONS; 0 = trusted). Returns the trusted count. */
export function quarantinePass(
  invCodes: Int32Array,
  invKind: Uint8Array,
  stockCodes: Int32Array,
  stockBlank: Uint8Array,
  q: Float64Array,
  p: Float64Array,
  date: Float64Array,
  reason: Uint8Array,
): number {
  let alive = 0;
  for (let i = 0; i < reason.length; i++) {
    const ic = invCodes[i];
    const kind = ic < 0 ? INVOICE_BLANK : invKind[ic];
    const sc = stockCodes[i];
    const qi = q[i];
    const pi = p[i];
    let r = 0;
    if (kind === INVOICE_BLANK) r = 1;
    else if (sc < 0 || stockBlank[sc] !== 0) r = 2;
    else if (!Number.isFinite(qi)) r = 3;
    else if (!Number.isFinite(pi)) r = 4;
    else if (!Number.isFinite(date[i])) r = 5;
    else if (qi < 0 && kind !== INVOICE_CANCELLATION && pi !== 0) r = 6;
    else if (qi > 0 && kind === INVOICE_CANCELLATION) r = 7;
    reason[i] = r;
    if (r === 0) alive++;
  }
  return alive;
}

/** Count trusted rows whose code is marked in `changed`. */
export function countChanged(codes: Int32Array, changed: Uint8Array, reason: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < codes.length; i++) {
    const k = codes[i];
    if (reason[i] === 0 && k >= 0 && changed[k] !== 0) c++;
  }
  return c;
}

/** Rows where `flag[i]` is set and the row is trusted (reason 0). */
export function countTrusted(flag: Uint8Array, reason: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < flag.length; i++) if (flag[i] !== 0 && reason[i] === 0) c++;
  return c;
}

/** Description codes with missing/fillable codes replaced by `fillCode`; returns trusted rows filled. */
export function fillCodes(
  codes: Int32Array,
  fillable: Uint8Array,
  fillCode: number,
  reason: Uint8Array,
  out: Int32Array,
): number {
  let filled = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0 || fillable[c] !== 0) {
      out[i] = fillCode;
      if (reason[i] === 0) filled++;
    } else out[i] = c;
  }
  return filled;
}

/** Stock codes of trusted rows, -1 elsewhere (so statistics only see trusted rows). */
export function trustedCodes(codes: Int32Array, reason: Uint8Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = reason[i] === 0 ? codes[i] : -1;
  return out;
}

/** Each row's description replaced by its stock code's mode; returns trusted rows changed. */
export function applyModes(
  stockCodes: Int32Array,
  best: Int32Array,
  descIn: Int32Array,
  reason: Uint8Array,
  out: Int32Array,
): number {
  let changed = 0;
  for (let i = 0; i < stockCodes.length; i++) {
    const sc = stockCodes[i];
    const b = sc < 0 ? -1 : best[sc];
    const d = b < 0 ? descIn[i] : b;
    out[i] = d;
    if (reason[i] === 0 && d !== descIn[i]) changed++;
  }
  return changed;
}

/** Lookup tables the flag pass needs. */
export interface FlagTables {
  invKind: Uint8Array;
  stockIsB: Uint8Array;
  stockIsD: Uint8Array;
  stockCat: Int32Array;
  stockVariant: Uint8Array;
  baseCode: Int32Array;
  custBlank: Uint8Array;
  countryUnknown: Uint8Array;
  descDiscount: Uint8Array;
}

/** Output arrays of the flag pass. */
export interface FlagArrays {
  anonymous: Uint8Array;
  cancellation: Uint8Array;
  badDebt: Uint8Array;
  freeLine: Uint8Array;
  zeroPrice: Uint8Array;
  discount: Uint8Array;
  nonProduct: Uint8Array;
  colourVariant: Uint8Array;
  unknownCountry: Uint8Array;
  /** Sale lines: trusted, not cancelled/bad debt/non-product/discount, quantity > 0 and price > 0. */
  sale: Uint8Array;
  revenue: Float64Array;
  category: Int32Array;
  base: Int32Array;
}

/** Flags, revenue, category and base-code columns for every row in one pass. */
export function flagPass(
  invCodes: Int32Array,
  stockCodes: Int32Array,
  custCodes: Int32Array,
  countryCodes: Int32Array,
  descCodes: Int32Array,
  q: Float64Array,
  p: Float64Array,
  reason: Uint8Array,
  t: FlagTables,
  f: FlagArrays,
): void {
  const { invKind, stockIsB, stockIsD, stockCat, stockVariant, baseCode, custBlank, countryUnknown, descDiscount } = t;
  const { anonymous, cancellation, badDebt, freeLine, zeroPrice, discount, nonProduct, colourVariant, unknownCountry } =
    f;
  const { sale, revenue, category, base } = f;
  for (let i = 0; i < reason.length; i++) {
    const qi = q[i];
    const pi = p[i];
    revenue[i] = qi * pi;
    const ic = invCodes[i];
    const kind = ic < 0 ? INVOICE_BLANK : invKind[ic];
    const sc = stockCodes[i];
    const cc = custCodes[i];
    const co = countryCodes[i];
    anonymous[i] = cc < 0 || custBlank[cc] !== 0 ? 1 : 0;
    const isCancel = kind === INVOICE_CANCELLATION ? 1 : 0;
    cancellation[i] = isCancel;
    let debt = 0;
    let disc = descDiscount[descCodes[i]];
    let cat = -1;
    if (sc >= 0) {
      debt = stockIsB[sc];
      disc |= stockIsD[sc];
      cat = stockCat[sc];
      colourVariant[i] = stockVariant[sc];
      base[i] = baseCode[sc];
    } else base[i] = -1;
    if (kind === INVOICE_ADJUSTMENT || pi < 0) debt = 1;
    badDebt[i] = debt;
    freeLine[i] = qi < 0 && pi === 0 ? 1 : 0;
    zeroPrice[i] = qi > 0 && pi === 0 ? 1 : 0;
    discount[i] = disc;
    category[i] = cat;
    const np = cat >= 0 ? 1 : 0;
    nonProduct[i] = np;
    unknownCountry[i] = co < 0 || countryUnknown[co] !== 0 ? 1 : 0;
    sale[i] = reason[i] === 0 && (isCancel | debt | np | disc) === 0 && qi > 0 && pi > 0 ? 1 : 0;
  }
}

/** Mark rows with `mask[i]` and `live[i]`: clear live, set reason; returns how many. */
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

/** Keep mask (1) of rows with reason 0. */
export function trustedMask(reason: Uint8Array): Uint8Array {
  const out = new Uint8Array(reason.length);
  for (let i = 0; i < reason.length; i++) out[i] = reason[i] === 0 ? 1 : 0;
  return out;
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
