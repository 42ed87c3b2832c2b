import { isUtf8 } from 'node:buffer';

/**
 * Field converters working directly on bytes, so that no JavaScript string is made per field:
 * numbers, timestamps (ISO and US month-first), and a byte-keyed string dictionary that decodes each
 * distinct value once (UTF-8, or Windows-1252 for legacy files).
 */

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];
const textDecoder = new TextDecoder('utf-8');

/**
 * Parse a decimal number from `buf[s, e)`; NaN when it is not one. Accepts an optional sign, digits, a
 * fraction and an exponent, surrounded by optional spaces. Exact: the fast path divides two exactly
 * representable integers (correctly rounded, Clinger's fast path); anything else falls back to `Number()`.
 * Finite only: a text beyond the double range (`1e309`) is NaN too, like `Infinity` and `NaN` texts.
 */
export function parseNumberBytes(buf: Uint8Array, s: number, e: number): number {
  while (s < e && buf[s] === 32) s++;
  while (e > s && buf[e - 1] === 32) e--;
  if (s >= e) return Number.NaN;
  let i = s;
  let neg = false;
  const c0 = buf[i];
  if (c0 === 45) {
    neg = true;
    i++;
  } else if (c0 === 43) i++;
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let any = false;
  while (i < e) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    digits++;
    any = true;
    i++;
  }
  if (i < e && buf[i] === 46) {
    i++;
    while (i < e) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      digits++;
      frac++;
      any = true;
      i++;
    }
  }
  if (!any) return Number.NaN;
  if (i === e && digits <= 15 && frac <= 22) {
    const v = frac === 0 ? mant : mant / POW10[frac];
    return neg ? -v : v;
  }
  if (i < e && (buf[i] === 101 || buf[i] === 69)) {
    // exponent: validate its shape, then let Number() do the exact conversion
    let k = i + 1;
    if (k < e && (buf[k] === 43 || buf[k] === 45)) k++;
    const ks = k;
    while (k < e && buf[k] >= 48 && buf[k] <= 57) k++;
    if (k !== e || k === ks) return Number.NaN;
  } else if (i !== e) return Number.NaN;
  const v = Number(textDecoder.decode(buf.subarray(s, e)));
  return Number.isFinite(v) ? v : Number.NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** Date order for slash dates: `mdy` (US, `12/1/2010`) or `dmy` (`1/12/2010`). */
export type SlashOrder = 'mdy' | 'dmy';

/**
 * Parse a naive wall-clock timestamp from `buf[s, e)` into epoch ms "as if UTC"; NaN when invalid.
 * Accepted: `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM`, `:SS`, `.fff`, and `Z`;
 * and slash dates `M/D/YYYY` (or `D/M/YYYY` with `dmy`), optionally followed by ` H:MM` and `:SS`.
 * Hours, minutes and seconds are range-checked; dates are checked against the calendar (no Feb 30).
 */
export function parseTimestampBytes(buf: Uint8Array, s: number, e: number, order: SlashOrder = 'mdy'): number {
  while (s < e && buf[s] === 32) s++;
  while (e > s && buf[e - 1] === 32) e--;
  let y: number;
  let mo: number;
  let d: number;
  at = s;
  if (e - s >= 10 && buf[s + 4] === 45) {
    if (digits(buf, e, 4) !== 4) return Number.NaN;
    y = value;
    if (buf[at++] !== 45 || digits(buf, e, 2) !== 2) return Number.NaN;
    mo = value;
    if (buf[at++] !== 45 || digits(buf, e, 2) !== 2) return Number.NaN;
    d = value;
  } else {
    if (digits(buf, e, 2) === 0) return Number.NaN;
    const a = value;
    if (buf[at++] !== 47 || digits(buf, e, 2) === 0) return Number.NaN;
    const b = value;
    if (buf[at++] !== 47 || digits(buf, e, 4) !== 4) return Number.NaN;
    y = value;
    if (order === 'mdy') {
      mo = a;
      d = b;
    } else {
      mo = b;
      d = a;
    }
  }
  if (!validDate(y, mo, d)) return Number.NaN;
  let ms = daysFromCivil(y, mo, d) * 86_400_000;
  if (at === e) return ms;
  const sep = buf[at++];
  if (sep !== 32 && sep !== 84) return Number.NaN;
  if (digits(buf, e, 2) === 0) return Number.NaN;
  const h = value;
  if (buf[at++] !== 58 || digits(buf, e, 2) !== 2) return Number.NaN;
  const mi = value;
  let sec = 0;
  let milli = 0;
  if (at < e && buf[at] === 58) {
    at++;
    if (digits(buf, e, 2) !== 2) return Number.NaN;
    sec = value;
    if (at < e && buf[at] === 46) {
      at++;
      const nd = digits(buf, e, 3);
      if (nd === 0) return Number.NaN;
      milli = nd === 1 ? value * 100 : nd === 2 ? value * 10 : value;
      while (at < e && buf[at] >= 48 && buf[at] <= 57) at++;
    }
  }
  if (at < e && buf[at] === 90) at++;
  if (at !== e || h > 23 || mi > 59 || sec > 59) return Number.NaN;
  ms += ((h * 60 + mi) * 60 + sec) * 1000 + milli;
  return ms;
}

// Cursor and last value of `digits` (module state instead of a closure per call: parsing is synchronous).
let at = 0;
let value = 0;

/** Read an unsigned integer of 1..maxDigits digits at `at` (advancing it) into `value`; returns the digit count. */
function digits(buf: Uint8Array, e: number, maxDigits: number): number {
  let v = 0;
  let nd = 0;
  while (at < e && nd < maxDigits) {
    const c = buf[at] - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    nd++;
    at++;
  }
  value = v;
  return nd;
}

/** Text encodings the reader decodes. `auto`: each value UTF-8 when it is valid UTF-8, else Windows-1252. */
export type CsvEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'latin1';

// Windows-1252 code points for bytes 0x80..0x9F (undefined bytes map to themselves, as in WHATWG).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Decode bytes as Windows-1252 (`cp1252 = true`) or ISO-8859-1. */
export function decodeSingleByte(buf: Uint8Array, s: number, e: number, cp1252: boolean): string {
  let out = '';
  for (let i = s; i < e; i++) {
    const b = buf[i];
    out += String.fromCharCode(cp1252 && b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b);
  }
  return out;
}

/** Decodes distinct values; counts the non-ASCII values decoded each way. */
export class ValueDecoder {
  /** The encoding in force: the requested one (`utf-8` when the input starts with a byte-order mark). */
  encoding: CsvEncoding;
  /** Non-ASCII values decoded as UTF-8. */
  utf8Values = 0;
  /** Non-ASCII values decoded as Windows-1252 (or Latin-1 when declared). */
  singleByteValues = 0;
  constructor(requested: CsvEncoding) {
    this.encoding = requested;
  }
  /** Decode a value of a column, counting how it was decoded. */
  decode(buf: Uint8Array, s: number, e: number): string {
    const text = this.text(buf, s, e);
    if (this.lastNonAscii) {
      if (this.lastUtf8) this.utf8Values++;
      else this.singleByteValues++;
    }
    return text;
  }
  private lastNonAscii = false;
  private lastUtf8 = false;
  /** Decode bytes (a value, or a quarantined row's raw text) without counting them. */
  text(buf: Uint8Array, s: number, e: number): string {
    let ascii = true;
    for (let i = s; i < e; i++)
      if (buf[i] >= 0x80) {
        ascii = false;
        break;
      }
    this.lastNonAscii = !ascii;
    if (ascii) return decodeSingleByte(buf, s, e, false);
    switch (this.encoding) {
      case 'utf-8':
        this.lastUtf8 = true;
        return textDecoder.decode(buf.subarray(s, e));
      case 'windows-1252':
        this.lastUtf8 = false;
        return decodeSingleByte(buf, s, e, true);
      case 'latin1':
        this.lastUtf8 = false;
        return decodeSingleByte(buf, s, e, false);
      default: {
        const bytes = buf.subarray(s, e);
        this.lastUtf8 = isUtf8(bytes);
        return this.lastUtf8 ? textDecoder.decode(bytes) : decodeSingleByte(bytes, 0, bytes.length, true);
      }
    }
  }
}

/**
 * A string dictionary keyed by raw bytes: an open-addressing hash table over an append-only byte arena.
 * Each distinct byte sequence is decoded to a JavaScript string once.
 */
export class ByteDictionary {
  readonly values: string[] = [];
  private readonly valueIndex = new Map<string, number>();
  private entries = 0;
  private entryValue = new Int32Array(256);
  private table = new Int32Array(1024); // entry + 1; 0 = empty
  private hashes = new Int32Array(256);
  private offsets = new Int32Array(257);
  private arena = new Uint8Array(4096);
  private arenaLength = 0;

  constructor(
    private readonly decoder: ValueDecoder,
    private readonly transform?: (value: string) => string,
  ) {}

  get size(): number {
    return this.values.length;
  }

  /** The code of the value in `buf[s, e)`, adding it when new. */
  code(buf: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const mask = this.table.length - 1;
    let slot = h & mask;
    const len = e - s;
    for (;;) {
      const entry = this.table[slot];
      if (entry === 0) break;
      const c = entry - 1;
      if (this.hashes[c] === h) {
        const o = this.offsets[c];
        if (this.offsets[c + 1] - o === len) {
          let same = true;
          const arena = this.arena;
          for (let k = 0; k < len; k++)
            if (arena[o + k] !== buf[s + k]) {
              same = false;
              break;
            }
          if (same) return this.entryValue[c];
        }
      }
      slot = (slot + 1) & mask;
    }
    return this.add(buf, s, e, h, slot);
  }

  private add(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const c = this.entries++;
    const len = e - s;
    if (this.arenaLength + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLength + len));
      next.set(this.arena.subarray(0, this.arenaLength));
      this.arena = next;
    }
    this.arena.set(buf.subarray(s, e), this.arenaLength);
    if (c + 1 >= this.hashes.length) {
      const hs = new Int32Array(this.hashes.length * 2);
      hs.set(this.hashes);
      this.hashes = hs;
      const os = new Int32Array(hs.length + 1);
      os.set(this.offsets);
      this.offsets = os;
      const ev = new Int32Array(hs.length);
      ev.set(this.entryValue);
      this.entryValue = ev;
    }
    this.hashes[c] = h;
    this.offsets[c] = this.arenaLength;
    this.arenaLength += len;
    this.offsets[c + 1] = this.arenaLength;
    const raw = this.decoder.decode(buf, s, e);
    const text = this.transform ? this.transform(raw) : raw;
    let code = this.valueIndex.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(text);
      this.valueIndex.set(text, code);
    }
    this.entryValue[c] = code;
    this.table[slot] = c + 1;
    if ((c + 1) * 2 > this.table.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let c = 0; c < this.entries; c++) {
      let slot = this.hashes[c] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = c + 1;
    }
    this.table = table;
  }
}
