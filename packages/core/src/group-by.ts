import { RetailKitError } from './errors.js';
import type { Column, Frame } from './frame.js';
import { column } from './frame.js';

/** The result of `groupBy`: a group id per row, numbered by first appearance. */
export interface Groups {
  /** Group id of every row, in [0, count). Rows with a missing key get -1 when `dropMissing` is set. */
  readonly ids: Int32Array;
  /** Number of groups. */
  readonly count: number;
  /** The first row of each group (its representative, for reading key values). */
  readonly firstRow: Int32Array;
  /** Rows per group. */
  readonly sizes: Int32Array;
}

/**
 * Group rows by one or more key columns: the small kernel every aggregation reuses.
 * Group ids are assigned in order of first appearance (like pandas `groupby(sort=False)`).
 * Missing keys (null strings, NaN numbers) form their own group unless `dropMissing` is true.
 *
 * Complexity O(rows × keys) with one hash map per extra key.
 *
 * @example
 * groupBy(fromRows([{ k: 'a' }, { k: 'b' }, { k: 'a' }]), ['k']).ids // Int32Array [0, 1, 0]
 */
export function groupBy(f: Frame, keys: readonly string[], options: { dropMissing?: boolean } = {}): Groups {
  if (keys.length === 0)
    throw new RetailKitError('INVALID_ARGUMENT', 'groupBy: keys must name at least one column; received [].', {
      details: { received: keys },
    });
  const n = f.length;
  const dropMissing = options.dropMissing ?? false;
  let ids = new Int32Array(n);
  let count = 0;
  for (let k = 0; k < keys.length; k++) {
    const col = column(f, keys[k]);
    const next = new Int32Array(n);
    const [keyCodes, width] = columnCodes(col);
    if (k === 0 && width > 0) {
      // dense remap of codes to first-appearance ids
      const remap = new Int32Array(width + 1).fill(-1);
      let c = 0;
      for (let i = 0; i < n; i++) {
        const code = keyCodes[i];
        if (code < 0 && dropMissing) {
          next[i] = -1;
          continue;
        }
        const slot = code + 1;
        let id = remap[slot];
        if (id < 0) id = remap[slot] = c++;
        next[i] = id;
      }
      count = c;
    } else {
      const map = new Map<number, number>();
      let c = 0;
      const mul = width > 0 ? width + 1 : 0;
      const floatKeys = width > 0 ? null : (col as { data: Float64Array }).data;
      const sub = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const prev = k === 0 ? 0 : ids[i];
        if (prev < 0) {
          next[i] = -1;
          continue;
        }
        let code: number;
        if (floatKeys) {
          const v = floatKeys[i];
          if (Number.isNaN(v)) code = -1;
          else {
            let s = sub.get(v);
            if (s === undefined) {
              s = sub.size;
              sub.set(v, s);
            }
            code = s;
          }
        } else code = keyCodes[i];
        if (code < 0 && dropMissing) {
          next[i] = -1;
          continue;
        }
        const key = floatKeys ? prev * 4294967296 + (code + 1) : prev * mul + (code + 1);
        let id = map.get(key);
        if (id === undefined) {
          id = c++;
          map.set(key, id);
        }
        next[i] = id;
      }
      count = c;
    }
    ids = next;
  }
  const firstRow = new Int32Array(count).fill(-1);
  const sizes = new Int32Array(count);
  for (let i = 0; i < n; i++) {
    const g = ids[i];
    if (g < 0) continue;
    if (firstRow[g] < 0) firstRow[g] = i;
    sizes[g]++;
  }
  return { ids, count, firstRow, sizes };
}

/** Dense codes for string/boolean columns ([codes, width]); width 0 means "hash the float data". */
function columnCodes(col: Column): [ArrayLike<number>, number] {
  if (col.type === 'string') return [col.codes, col.values.length];
  if (col.type === 'boolean') return [col.data, 2];
  return [new Int32Array(0), 0];
}

/**
 * Sum `values` per group (NaN values are skipped). Rows with group id -1 are ignored.
 *
 * @example
 * groupSum(Int32Array.of(0, 1, 0), Float64Array.of(1, 2, 3), 2) // Float64Array [4, 2]
 */
export function groupSum(ids: Int32Array, values: ArrayLike<number>, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < ids.length; i++) {
    const g = ids[i];
    const v = values[i];
    if (g >= 0 && !Number.isNaN(v)) out[g] += v;
  }
  return out;
}

/**
 * Row indices sorted by group, as CSR offsets: rows of group g are `order[offsets[g] .. offsets[g+1])`,
 * in original row order within each group (a stable counting sort, O(rows + groups)).
 */
export function groupOffsets(ids: Int32Array, count: number): { order: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) offsets[ids[i] + 1]++;
  for (let g = 0; g < count; g++) offsets[g + 1] += offsets[g];
  const pos = offsets.slice(0, count);
  const order = new Int32Array(offsets[count]);
  for (let i = 0; i < ids.length; i++) {
    const g = ids[i];
    if (g >= 0) order[pos[g]++] = i;
  }
  return { order, offsets };
}
