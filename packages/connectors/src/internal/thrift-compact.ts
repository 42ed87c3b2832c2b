import type { ByteBuffer } from './byte-buffer.js';

/** Thrift compact protocol type ids. */
export const T = { I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

const utf8 = new TextEncoder();

/**
 * A writer of the Thrift compact protocol, as Parquet's page headers and footer use it: field headers carry the
 * delta from the previous field id when it is 1–15, integers are zigzag varints, structs end with a 0 byte.
 * Callers write fields in increasing id order.
 */
export class ThriftWriter {
  private last = 0;
  private readonly stack: number[] = [];

  constructor(readonly out: ByteBuffer) {}

  private field(id: number, type: number): void {
    const delta = id - this.last;
    if (delta > 0 && delta <= 15) this.out.u8((delta << 4) | type);
    else {
      this.out.u8(type);
      this.out.varint(zigzag(id));
    }
    this.last = id;
  }

  i32(id: number, v: number): void {
    this.field(id, T.I32);
    this.out.varint(zigzag(v));
  }

  i64(id: number, v: number): void {
    this.field(id, T.I64);
    this.out.varint(zigzag(v));
  }

  bool(id: number, v: boolean): void {
    this.field(id, v ? 1 : 2);
  }

  binary(id: number, b: Uint8Array): void {
    this.field(id, T.BINARY);
    this.out.varint(b.length);
    this.out.append(b);
  }

  string(id: number, s: string): void {
    this.binary(id, utf8.encode(s));
  }

  /** Open a struct field; close it with {@link end}. */
  struct(id: number): void {
    this.field(id, T.STRUCT);
    this.open();
  }

  /** A list field of `size` elements of `type`; write the elements next (structs with {@link open}/{@link end}). */
  list(id: number, type: number, size: number): void {
    this.field(id, T.LIST);
    if (size < 15) this.out.u8((size << 4) | type);
    else {
      this.out.u8(0xf0 | type);
      this.out.varint(size);
    }
  }

  /** Begin a struct that is a list element (or the top-level struct). */
  open(): void {
    this.stack.push(this.last);
    this.last = 0;
  }

  /** End the struct begun last. */
  end(): void {
    this.out.u8(0);
    this.last = this.stack.pop() ?? 0;
  }

  /** A list element of type I32. */
  elemI32(v: number): void {
    this.out.varint(zigzag(v));
  }

  /** A list element of type BINARY (a string). */
  elemString(s: string): void {
    const b = utf8.encode(s);
    this.out.varint(b.length);
    this.out.append(b);
  }
}

/** Zigzag encoding of an integer in the safe range: 0, -1, 1, -2 → 0, 1, 2, 3. */
function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}
