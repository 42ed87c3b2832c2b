import { createRng } from '@retailkit/core';
import { invalidArgument } from './errors.js';
import type { Matrix } from './internal/matrix.js';

/** Options of `silhouetteScores`. */
export interface SilhouetteOptions {
  /** Rows beyond which a seeded random sample is scored instead of every row (default 10,000). */
  readonly sampleSize?: number;
  /** Seed of the sample (default 42). */
  readonly seed?: number;
}

/** Result of `silhouetteScores`. */
export interface SilhouetteResult {
  /** Mean silhouette coefficient per labelling, in the order given. */
  readonly scores: number[];
  /** Rows scored (all rows, or the sample). */
  readonly rowsScored: number;
  /** True when a sample was scored. */
  readonly sampled: boolean;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) of several labellings of the same rows, in one pass over the
 * pairs: s(i) = (b − a) / max(a, b), a = mean Euclidean distance to the other members of i's cluster,
 * b = the smallest mean distance to another cluster; s(i) = 0 for a singleton (scikit-learn's convention).
 * Every pair distance is computed once and added to the per-cluster sums of all labellings, so scoring
 * k = 2…12 costs one O(n² d) distance pass plus O(n² L) additions — no n × n matrix is stored.
 *
 * Exact up to `sampleSize` rows; beyond, a seeded uniform sample of `sampleSize` rows is scored against itself
 * (as scikit-learn's `silhouette_score(sample_size=…, random_state=…)` does).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when a labelling's length differs from the rows or has < 2 clusters.
 * @example
 * silhouetteScores({ n: 4, d: 1, data: Float64Array.of(0, 1, 10, 11) }, [Int32Array.of(0, 0, 1, 1)]).scores
 * // [0.9] — a = 1, b = 10 for every row
 */
export function silhouetteScores(
  x: Matrix,
  labelings: readonly Int32Array[],
  options: SilhouetteOptions = {},
): SilhouetteResult {
  const sampleSize = options.sampleSize ?? 10_000;
  let rows: Int32Array;
  const sampled = x.n > sampleSize;
  if (sampled) {
    const all = Int32Array.from({ length: x.n }, (_, i) => i);
    createRng(options.seed ?? 42).shuffleInts(all);
    rows = all.subarray(0, sampleSize).sort();
  } else rows = Int32Array.from({ length: x.n }, (_, i) => i);
  const n = rows.length;
  const d = x.d;
  const L = labelings.length;
  const ks: number[] = [];
  const offs: number[] = [];
  let T = 0;
  const labs: Int32Array[] = [];
  labelings.forEach((lab, l) => {
    if (lab.length !== x.n) throw invalidArgument('silhouetteScores', `labelings[${l}].length`, lab.length, `${x.n}`);
    let k = 0;
    for (let i = 0; i < lab.length; i++) if (lab[i] + 1 > k) k = lab[i] + 1;
    if (k < 2) throw invalidArgument('silhouetteScores', `labelings[${l}]`, `${k} cluster`, 'at least 2 clusters');
    ks.push(k);
    offs.push(T);
    T += k;
    labs.push(Int32Array.from(rows, (r) => lab[r]));
  });
  // packed sample rows
  const pts = new Float64Array(n * d);
  for (let i = 0; i < n; i++) pts.set(x.data.subarray(rows[i] * d, rows[i] * d + d), i * d);
  // per-row, per-labelling sums of distances to every cluster: sums[i * T + offs[l] + c]
  const sums = new Float64Array(n * T);
  const B = 64;
  const block = new Float64Array(B * B);
  const lanes = new Float64Array(4 * Math.max(...ks));
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = i0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      const w = j1 - j0;
      for (let i = i0; i < i1; i++) {
        const pi = i * d;
        const bi = (i - i0) * B;
        for (let j = j0; j < j1; j++) {
          let s = 0;
          if (j > i) {
            const pj = j * d;
            for (let t = 0; t < d; t++) {
              const u = pts[pi + t] - pts[pj + t];
              s += u * u;
            }
          }
          block[bi + j - j0] = j > i ? Math.sqrt(s) : 0;
        }
      }
      for (let l = 0; l < L; l++) {
        const lab = labs[l];
        const off = offs[l];
        const k = ks[l];
        // rows of block I receive distances to block J, and rows of J (when J ≠ I) receive those to I.
        // Four interleaved partial sums per cluster break the store-to-load chains of a histogram update.
        for (let i = i0; i < i1; i++) {
          const bi = (i - i0) * B;
          lanes.fill(0, 0, 4 * k);
          let jj = 0;
          const start = j0 === i0 ? i - i0 + 1 : 0;
          for (jj = start; jj + 3 < w; jj += 4) {
            lanes[lab[j0 + jj]] += block[bi + jj];
            lanes[k + lab[j0 + jj + 1]] += block[bi + jj + 1];
            lanes[2 * k + lab[j0 + jj + 2]] += block[bi + jj + 2];
            lanes[3 * k + lab[j0 + jj + 3]] += block[bi + jj + 3];
          }
          for (; jj < w; jj++) lanes[lab[j0 + jj]] += block[bi + jj];
          const base = i * T + off;
          for (let c = 0; c < k; c++) sums[base + c] += lanes[c] + lanes[k + c] + lanes[2 * k + c] + lanes[3 * k + c];
        }
        for (let j = j0; j < j1; j++) {
          const jj = j - j0;
          const end = j0 === i0 ? j : i1;
          lanes.fill(0, 0, 4 * k);
          let i = i0;
          for (; i + 3 < end; i += 4) {
            lanes[lab[i]] += block[(i - i0) * B + jj];
            lanes[k + lab[i + 1]] += block[(i + 1 - i0) * B + jj];
            lanes[2 * k + lab[i + 2]] += block[(i + 2 - i0) * B + jj];
            lanes[3 * k + lab[i + 3]] += block[(i + 3 - i0) * B + jj];
          }
          for (; i < end; i++) lanes[lab[i]] += block[(i - i0) * B + jj];
          const base = j * T + off;
          for (let c = 0; c < k; c++) sums[base + c] += lanes[c] + lanes[k + c] + lanes[2 * k + c] + lanes[3 * k + c];
        }
      }
    }
  }
  const scores: number[] = [];
  for (let l = 0; l < L; l++) {
    const k = ks[l];
    const size = new Float64Array(k);
    for (let i = 0; i < n; i++) size[labs[l][i]]++;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = labs[l][i];
      if (size[own] <= 1) continue;
      const a = sums[i * T + offs[l] + own] / (size[own] - 1);
      let b = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        if (c === own || size[c] === 0) continue;
        const m = sums[i * T + offs[l] + c] / size[c];
        if (m < b) b = m;
      }
      if (!Number.isFinite(b)) continue; // a single non-empty cluster: s(i) = 0
      const den = Math.max(a, b);
      total += den > 0 ? (b - a) / den : 0;
    }
    scores.push(total / n);
  }
  return { scores, rowsScored: n, sampled };
}

/**
 * Mean silhouette coefficient of one labelling (see `silhouetteScores`).
 *
 * @example
 * silhouetteScore({ n: 4, d: 1, data: Float64Array.of(0, 1, 10, 11) }, Int32Array.of(0, 0, 1, 1)) // 0.9
 */
export function silhouetteScore(x: Matrix, labels: Int32Array, options: SilhouetteOptions = {}): number {
  return silhouetteScores(x, [labels], options).scores[0];
}
