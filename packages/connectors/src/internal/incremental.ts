import { type Frame, missingColumn, valueAt } from '@retailkit/core';
import type { LoadState } from '../warehouse/types.js';

/**
 * Cursor filter for incremental loads. A row is new when its cursor value is greater than the saved cursor,
 * or equal to it with a key not among the saved keys at the cursor. Rows with a missing cursor value load only
 * on the first run (no saved state), so re-running the same load never duplicates them.
 * Tracks the new state as batches pass: O(rows) numeric work, keys built only for rows at the cursor.
 */
export class IncrementalTracker {
  private readonly prevKeys: Set<string>;
  private max: number;
  private keys = new Set<string>();
  rowsLoaded = 0;

  constructor(
    private readonly fn: string,
    private readonly prev: LoadState | undefined,
    private readonly cursorColumn: string,
    private readonly keyColumns: readonly string[] | undefined,
  ) {
    this.prevKeys = new Set(prev?.keysAtCursor ?? []);
    this.max = prev?.cursor ?? Number.NEGATIVE_INFINITY;
    if (prev && prev.cursor !== null) for (const k of prev.keysAtCursor) this.keys.add(k);
  }

  private cursorData(f: Frame): Float64Array {
    const col = f.columns[this.cursorColumn];
    if (!col || (col.type !== 'timestamp' && col.type !== 'number'))
      throw missingColumn(this.fn, f, this.cursorColumn, 'timestamp or number (incremental.cursorColumn)');
    return col.data;
  }

  key(f: Frame, row: number): string {
    const names = this.keyColumns ?? Object.keys(f.columns);
    const vals = names.map((n) => {
      const c = f.columns[n];
      if (!c) throw missingColumn(this.fn, f, n, 'key (incremental.keyColumns)');
      return valueAt(c, row);
    });
    return JSON.stringify(vals);
  }

  /** Indices of the new rows of `f` (undefined = all of them), updating the running state. */
  filter(f: Frame, useState = true): Int32Array | undefined {
    const v = this.cursorData(f);
    const n = f.length;
    const prev = useState ? this.prev : undefined;
    let keep: Int32Array | undefined;
    if (prev) {
      const pc = prev.cursor ?? Number.NEGATIVE_INFINITY;
      const idx = new Int32Array(n);
      let m = 0;
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (x > pc || (x === pc && !this.prevKeys.has(this.key(f, i)))) idx[m++] = i;
      }
      keep = m === n ? undefined : idx.subarray(0, m);
    }
    // New state: highest cursor value and the keys at it, among the rows kept.
    const count = keep ? keep.length : n;
    let bmax = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      const x = v[keep ? keep[k] : k];
      if (x > bmax) bmax = x;
    }
    if (bmax > this.max) {
      this.max = bmax;
      this.keys = new Set();
    }
    if (bmax === this.max && bmax !== Number.NEGATIVE_INFINITY)
      for (let k = 0; k < count; k++) {
        const i = keep ? keep[k] : k;
        if (v[i] === bmax) this.keys.add(this.key(f, i));
      }
    this.rowsLoaded += count;
    return keep;
  }

  state(base: number): LoadState {
    return {
      cursorColumn: this.cursorColumn,
      cursor: this.max === Number.NEGATIVE_INFINITY ? null : this.max,
      keysAtCursor: [...this.keys].sort(),
      rowsLoaded: base + this.rowsLoaded,
    };
  }
}
