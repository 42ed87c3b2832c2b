/**
 * A dense row-major matrix of numbers: `data[i * d + j]` is row i (a customer), column j (a feature). The input of
 * `fitScaler`, `fitKMeans`, `selectK`, `silhouetteScores`, `predictTree` and `permutationImportance`.
 *
 * @example
 * const x: Matrix = { n: 2, d: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) }; // rows [1, 2, 3] and [4, 5, 6]
 */
export interface Matrix {
  /** Rows. */
  readonly n: number;
  /** Columns. */
  readonly d: number;
  /** n × d values, row after row. */
  readonly data: Float64Array;
}
