import type { Column, Frame } from '@retailkit/core';
import { connectorError } from '../errors.js';

/**
 * Cells whose text the load changed, by column: NUL characters removed, lone UTF-16 surrogates replaced by
 * U+FFFD (a cell with both counts in both).
 */
export type TextRepairs = Record<string, { nulRemoved: number; surrogatesReplaced: number }>;

/** Bit of {@link textFlags}: the text holds U+0000. */
export const HAS_NUL = 1;
/** Bit of {@link textFlags}: the text holds a lone UTF-16 surrogate. */
export const HAS_LONE_SURROGATE = 2;

type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/** What the text policy changes in `s` ({@link HAS_NUL} | {@link HAS_LONE_SURROGATE}); 0 for almost every value. */
export function textFlags(s: string): number {
  // Two native scans (memchr-like), far cheaper than the UTF-8 encoding that follows.
  let f = s.indexOf('\u0000') === -1 ? 0 : HAS_NUL;
  if (!(s as unknown as WellFormed).isWellFormed()) f |= HAS_LONE_SURROGATE;
  return f;
}

/**
 * `s` under the text policy: lone surrogates replaced by U+FFFD, then NUL removed (in that order, so removing a NUL
 * never joins two lone halves into a character that was not there).
 */
export function repairText(s: string): string {
  return (s as unknown as WellFormed).toWellFormed().replaceAll('\u0000', '');
}

/** Add `n` cells with `flags` to `repairs[column]`. */
export function countRepairs(repairs: TextRepairs, column: string, flags: number, n: number): void {
  const r = (repairs[column] ??= { nulRemoved: 0, surrogatesReplaced: 0 });
  if (flags & HAS_NUL) r.nulRemoved += n;
  if (flags & HAS_LONE_SURROGATE) r.surrogatesReplaced += n;
}

/** The refusal of a ±Infinity: named by table, row (index in the frame or stream) and column. */
export function nonFiniteError(fn: string, table: string, row: number, column: string, value: number, type: string) {
  return connectorError(
    'LOAD_NON_FINITE',
    `${fn}: table ${table}, row ${row}, column ${column} holds ${value} in a ${type} column, which no warehouse stores faithfully. Quarantine or fix the row before loading (cleaning quarantines non-finite values; NaN loads as NULL).`,
    { details: { table, row, column, received: String(value), allowed: 'a finite number, or NaN for missing' } },
  );
}

/**
 * A batch checked and repaired for the Parquet-based writers (BigQuery, Redshift): a ±Infinity in a number or
 * timestamp column throws `LOAD_NON_FINITE` (`rowOffset` = rows of the stream before this batch); string
 * dictionaries get the text policy, counted per cell into `repairs`. Returns `frame` itself when nothing changed.
 * Cost: one pass over numeric columns, two native scans per dictionary value, and a pass over a column's codes
 * only when its dictionary needed repair.
 */
export function guardBatch(fn: string, table: string, frame: Frame, rowOffset: number, repairs: TextRepairs): Frame {
  let columns: Record<string, Column> | undefined;
  for (const [name, c] of Object.entries(frame.columns)) {
    if (c.type === 'number' || c.type === 'timestamp') {
      const d = c.data;
      for (let i = 0; i < frame.length; i++) {
        const v = d[i];
        if (v - v !== 0 && !Number.isNaN(v)) throw nonFiniteError(fn, table, rowOffset + i, name, v, c.type);
      }
    } else if (c.type === 'string') {
      let flags: Uint8Array | undefined;
      for (let k = 0; k < c.values.length; k++) {
        const f = textFlags(c.values[k]);
        if (f) (flags ??= new Uint8Array(c.values.length))[k] = f;
      }
      if (!flags) continue;
      // Repaired values may collide ("a\0" and "a"): build a deduplicated dictionary and remap the codes.
      const index = new Map<string, number>();
      const values: string[] = [];
      const remap = new Int32Array(c.values.length);
      for (let k = 0; k < c.values.length; k++) {
        const v = flags[k] ? repairText(c.values[k]) : c.values[k];
        let j = index.get(v);
        if (j === undefined) {
          j = values.length;
          index.set(v, j);
          values.push(v);
        }
        remap[k] = j;
      }
      const codes = new Int32Array(frame.length);
      for (let i = 0; i < frame.length; i++) {
        const code = c.codes[i];
        codes[i] = code < 0 ? -1 : remap[code];
        if (code >= 0 && flags[code]) countRepairs(repairs, name, flags[code], 1);
      }
      (columns ??= { ...frame.columns })[name] = { type: 'string', codes, values };
    }
  }
  return columns ? { length: frame.length, columns } : frame;
}

/** Wrap a stream or a Frame so each batch passes {@link guardBatch}. */
export async function* guardBatches(
  fn: string,
  table: string,
  data: Frame | AsyncIterable<Frame>,
  repairs: TextRepairs,
): AsyncGenerator<Frame> {
  const it = Symbol.asyncIterator in (data as object) ? (data as AsyncIterable<Frame>) : [data as Frame];
  let offset = 0;
  for await (const f of it) {
    yield guardBatch(fn, table, f, offset, repairs);
    offset += f.length;
  }
}

/** Where a PostgreSQL COPY error happened: its `where` context, `COPY t, line 5, column description: "…"`. */
export function copyErrorPosition(e: unknown): { line: number; column?: string } | undefined {
  const where = (e as { where?: unknown })?.where;
  if (typeof where !== 'string') return undefined;
  const m = /COPY [^,]+, line (\d+)(?:, column ([A-Za-z_][A-Za-z0-9_]*))?/.exec(where);
  return m ? { line: Number(m[1]), ...(m[2] ? { column: m[2] } : {}) } : undefined;
}
