import { invalidArgument } from '@retailkit/core';

/**
 * A dense feature matrix in row-major order: the value of feature `j` in row `i` is `values[i * cols + j]`;
 * NaN marks a missing value.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: ArrayLike<number>;
}

/**
 * Build a row-major {@link FeatureMatrix} from rows of equal length (numbers; NaN for missing). O(rows × cols).
 *
 * @throws `INVALID_ARGUMENT` when the rows differ in length.
 * @example
 * featureMatrix([[1, 2], [3, NaN]]) // { rows: 2, cols: 2, values: Float64Array [1, 2, 3, NaN] }
 */
export function featureMatrix(rows: readonly ArrayLike<number>[]): FeatureMatrix {
  const cols = rows.length ? rows[0].length : 0;
  const values = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.length !== cols)
      throw invalidArgument('featureMatrix', `rows[${i}].length`, row.length, `${cols} (the length of rows[0])`);
    for (let j = 0; j < cols; j++) values[i * cols + j] = row[j];
  }
  return { rows: rows.length, cols, values };
}
