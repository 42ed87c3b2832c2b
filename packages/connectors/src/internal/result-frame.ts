import {
  booleanColumn,
  type Column,
  type ColumnType,
  type Frame,
  numberColumn,
  stringColumn,
  timestampColumn,
} from '@retailkit/core';

/** Parse a naive `YYYY-MM-DD[ T]HH:MM:SS[.ffffff]` wall-clock text as epoch ms "as if UTC". */
export function wallClockMs(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?/.exec(text);
  if (!m) return Number.NaN;
  const frac = (m[7] ?? '0').slice(0, 3).padEnd(3, '0');
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), +frac);
}

/** The Frame type of one value; undefined for null. */
function typeOf(v: unknown): ColumnType | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'timestamp';
  return 'string';
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
}

/**
 * Build a Frame from result columns. `types[i]` is the engine's declared type when known; otherwise the first
 * non-null value decides (numbers and bigints → number, Date → timestamp, booleans, the rest → string; an all-null
 * column → number of NaN). Timestamps are epoch ms of the naive wall-clock value; decimals become doubles.
 */
export function columnsToFrame(
  names: readonly string[],
  columns: readonly (readonly unknown[])[],
  types: readonly (ColumnType | undefined)[] = [],
): Frame {
  const out: Record<string, Column> = {};
  const length = columns[0]?.length ?? 0;
  names.forEach((name, i) => {
    const values = columns[i] ?? [];
    const type = types[i] ?? values.map(typeOf).find((t) => t !== undefined) ?? 'number';
    if (type === 'timestamp')
      out[name] = timestampColumn(
        values.map((v) =>
          v === null || v === undefined ? null : v instanceof Date ? v.getTime() : wallClockMs(String(v)),
        ),
      );
    else if (type === 'boolean') out[name] = booleanColumn(values.map((v) => v === true));
    else if (type === 'string') out[name] = stringColumn(values.map((v) => (v == null ? null : String(v))));
    else out[name] = numberColumn(values.map(toNumber));
  });
  return { length, columns: out };
}

/** Values a {@link Float64Builder} keeps per block. */
const BLOCK = 65_536;

/**
 * A column of a declared number or timestamp type, value by value into Float64Array blocks, joined into one array of
 * the column's length at the end. A 437,200-row, 21-column PostgreSQL result peaked at 289–327 MB of Node RSS this
 * way, 322–347 MB with one array grown by doubling (scratch, two runs each, 2026-12-07).
 */
class Float64Builder {
  private readonly blocks: Float64Array[] = [];
  private block = new Float64Array(BLOCK);
  private used = 0;
  constructor(private readonly value: (v: unknown) => number) {}
  get length(): number {
    return this.blocks.length * BLOCK + this.used;
  }
  push(v: unknown): void {
    if (this.used === BLOCK) {
      this.blocks.push(this.block);
      this.block = new Float64Array(BLOCK);
      this.used = 0;
    }
    this.block[this.used++] = this.value(v);
  }
  /** The column's values, once: the blocks are let go. */
  take(): Float64Array {
    const out = new Float64Array(this.length);
    for (let k = 0; k < this.blocks.length; k++) out.set(this.blocks[k], k * BLOCK);
    out.set(this.block.subarray(0, this.used), this.blocks.length * BLOCK);
    this.blocks.length = 0;
    this.used = 0;
    return out;
  }
}

const numberValue = (v: unknown): number => toNumber(v) ?? Number.NaN;
const timestampValue = (v: unknown): number =>
  v === null || v === undefined ? Number.NaN : v instanceof Date ? v.getTime() : wallClockMs(String(v));

/**
 * A result's Frame built as its values arrive (a row or a chunk at a time), so that no second copy of the rows is
 * held beside the columns: numbers and timestamps of a declared type go straight into Float64Arrays; other
 * columns are kept as values and converted by {@link columnsToFrame}'s rules at the end.
 */
export class FrameBuilder {
  private readonly numeric: (Float64Builder | undefined)[];
  private readonly values: unknown[][];
  constructor(
    private readonly names: readonly string[],
    private readonly types: readonly (ColumnType | undefined)[],
  ) {
    this.numeric = names.map((_, i) =>
      types[i] === 'number'
        ? new Float64Builder(numberValue)
        : types[i] === 'timestamp'
          ? new Float64Builder(timestampValue)
          : undefined,
    );
    this.values = names.map(() => []);
  }

  /** Append value `v` to column `i`. */
  push(i: number, v: unknown): void {
    const n = this.numeric[i];
    if (n) n.push(v);
    else this.values[i].push(v);
  }

  build(): Frame {
    const rest = columnsToFrame(this.names, this.values, this.types);
    const columns: Record<string, Column> = {};
    let length = rest.length;
    this.names.forEach((name, i) => {
      const n = this.numeric[i];
      if (!n) columns[name] = rest.columns[name];
      else {
        length = n.length;
        columns[name] = this.types[i] === 'timestamp' ? timestampColumn(n.take()) : numberColumn(n.take());
      }
    });
    return { length, columns };
  }
}
