/** A growable little-endian byte buffer (the Parquet encoder's scratch and output space). */
export class ByteBuffer {
  bytes: Uint8Array;
  view: DataView;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.length++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }

  /** An unsigned LEB128 varint of a non-negative integer up to 2^53. */
  varint(v: number): void {
    this.ensure(8);
    let x = v;
    while (x >= 0x80) {
      this.bytes[this.length++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    this.bytes[this.length++] = x;
  }

  append(b: Uint8Array): void {
    this.ensure(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  /** The bytes written so far, as a view (valid until the next write). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** The bytes written so far, as a copy. */
  copy(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}
