/**
 * Snappy compression (the raw format, no framing), as Parquet's `SNAPPY` codec stores pages. The input is cut into
 * 64 KiB blocks compressed independently, as the reference implementation does: a hash table of 4-byte sequences
 * finds earlier occurrences within the block, emitted as copies (offsets < 64 KiB) between literals. Output
 * never exceeds `32 + n + n / 6` bytes. One pass, O(n).
 */

const BLOCK = 1 << 16;
const HASH_BITS = 14;
/** Bytes at the end of a block that are never searched for a match (reads 4 bytes ahead safely). */
const INPUT_MARGIN = 15;

const table = new Uint16Array(1 << HASH_BITS);

/** The most bytes {@link snappyCompress} may write for `n` input bytes. */
export function snappyMaxLength(n: number): number {
  return 32 + n + Math.floor(n / 6);
}

/** Compress `input` with Snappy. */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(snappyMaxLength(input.length));
  let o = 0;
  // the uncompressed length as a varint
  let n = input.length;
  while (n >= 0x80) {
    out[o++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[o++] = n;
  for (let start = 0; start < input.length; start += BLOCK)
    o = compressBlock(input, start, Math.min(input.length, start + BLOCK), out, o);
  return out.subarray(0, o);
}

function load32(a: Uint8Array, i: number): number {
  return a[i] | (a[i + 1] << 8) | (a[i + 2] << 16) | (a[i + 3] << 24);
}

function hash(x: number, shift: number): number {
  return Math.imul(x, 0x1e35a7bd) >>> shift;
}

function literal(input: Uint8Array, from: number, to: number, out: Uint8Array, o: number): number {
  const n = to - from - 1;
  if (n < 60) out[o++] = n << 2;
  else if (n < 0x100) {
    out[o++] = 60 << 2;
    out[o++] = n;
  } else {
    // blocks are at most 64 KiB, so two bytes always suffice
    out[o++] = 61 << 2;
    out[o++] = n & 0xff;
    out[o++] = n >>> 8;
  }
  out.set(input.subarray(from, to), o);
  return o + (to - from);
}

function copy(offset: number, length: number, out: Uint8Array, o: number): number {
  let len = length;
  while (len >= 68) {
    out[o++] = 2 | (63 << 2);
    out[o++] = offset & 0xff;
    out[o++] = offset >>> 8;
    len -= 64;
  }
  if (len > 64) {
    out[o++] = 2 | (59 << 2);
    out[o++] = offset & 0xff;
    out[o++] = offset >>> 8;
    len -= 60;
  }
  if (len < 12 && offset < 2048) {
    out[o++] = 1 | ((len - 4) << 2) | ((offset >>> 8) << 5);
    out[o++] = offset & 0xff;
  } else {
    out[o++] = 2 | ((len - 1) << 2);
    out[o++] = offset & 0xff;
    out[o++] = offset >>> 8;
  }
  return o;
}

// A hot loop: one function keeps V8's locals in registers; see the module comment for the algorithm.
function compressBlock(input: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let o = at;
  let nextEmit = start;
  if (end - start >= INPUT_MARGIN) {
    let bits = 8;
    while (bits < HASH_BITS && 1 << bits < end - start) bits++;
    const shift = 32 - bits;
    table.fill(0, 0, 1 << bits);
    const ipLimit = end - INPUT_MARGIN;
    let ip = start + 1;
    let nextHash = hash(load32(input, ip), shift);
    outer: for (;;) {
      let skip = 32;
      let nextIp = ip;
      let candidate: number;
      do {
        ip = nextIp;
        const h = nextHash;
        nextIp = ip + (skip++ >>> 5);
        if (nextIp > ipLimit) break outer;
        nextHash = hash(load32(input, nextIp), shift);
        candidate = start + table[h];
        table[h] = ip - start;
      } while (load32(input, ip) !== load32(input, candidate));
      o = literal(input, nextEmit, ip, out, o);
      do {
        const base = ip;
        let matched = 4;
        while (ip + matched < end && input[ip + matched] === input[candidate + matched]) matched++;
        ip += matched;
        o = copy(base - candidate, matched, out, o);
        nextEmit = ip;
        if (ip >= ipLimit) break outer;
        table[hash(load32(input, ip - 1), shift)] = ip - 1 - start;
        const h = hash(load32(input, ip), shift);
        candidate = start + table[h];
        table[h] = ip - start;
      } while (load32(input, ip) === load32(input, candidate));
      ip++;
      nextHash = hash(load32(input, ip), shift);
    }
  }
  if (nextEmit < end) o = literal(input, nextEmit, end, out, o);
  return o;
}
