import { type Frame, missingColumn } from '@retailkit/core';
import type { Matrix } from '../matrix.js';

export type { Matrix } from '../matrix.js';

/** Gather numeric feature columns of a Frame into a row-major matrix (NaN → `fill`, default 0); `MISSING_COLUMN` for an absent or string column. */
export function featureMatrix(fn: string, frame: Frame, names: readonly string[], fill = 0): Matrix {
  const n = frame.length;
  const d = names.length;
  const data = new Float64Array(n * d);
  names.forEach((name, j) => {
    const col = frame.columns[name];
    if (!col || col.type === 'string') throw missingColumn(fn, frame, name, 'numeric');
    const src = col.data;
    for (let i = 0; i < n; i++) {
      const v = src[i];
      data[i * d + j] = Number.isFinite(v) ? v : fill;
    }
  });
  return { n, d, data };
}

/** Rows `indices` of a matrix. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.d);
  for (let k = 0; k < indices.length; k++) out.set(m.data.subarray(indices[k] * m.d, indices[k] * m.d + m.d), k * m.d);
  return { n: indices.length, d: m.d, data: out };
}
