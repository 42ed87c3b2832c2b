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
