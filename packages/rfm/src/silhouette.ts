import { createRng, invalidArgument } from '@retailkit/core';
import type { Matrix } from './matrix.js';

/** Options of `silhouetteScores`. */
export interface SilhouetteOptions {
  /**
   * Rows beyond which a seeded uniform sample of this many rows is scored instead of every row (default 10,000;
   * `Infinity` = always exact), as scikit-learn's `silhouette_score(sample_size=…, random_state=…)`.
   */
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
 * accumulator per cluster rather than scattered histogram updates.
 *
 * Exact up to `sampleSize` rows; beyond, a seeded uniform sample of `sampleSize` rows (drawn without
 * replacement from `seed`) is scored against itself, as scikit-learn's `silhouette_score(sample_size=…)` does.
 * The same seed and size give the same sample.
 *
 * Complexity O(m² (d + L)) for m = min(n, sampleSize) rows and L labellings; memory O(m × Σk).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when a labelling's length differs from the rows, it has < 2
 *   clusters, or `sampleSize` is below 2.
 * @example
 * silhouetteScores({ n: 4, d: 1, data: Float64Array.of(0, 1, 10, 11) }, [Int32Array.of(0, 0, 1, 1)])
 * // { scores: [0.899749373433584], rowsScored: 4, sampled: false } — row 0: a = 1, b = 10.5, s = 9.5 / 10.5 …
 */
export function silhouetteScores(
  x: Matrix,
  labelings: readonly Int32Array[],
  options: SilhouetteOptions = {},
): SilhouetteResult {
  const sampleSize = options.sampleSize ?? 10_000;
  if (!(sampleSize >= 2))
    throw invalidArgument('silhouetteScores', 'sampleSize', sampleSize, 'a number ≥ 2 (Infinity: every row)');
  let rows: Int32Array;
  const sampled = x.n > sampleSize;
  if (sampled) {
    const all = Int32Array.from({ length: x.n }, (_, i) => i);
    createRng(options.seed ?? 42).shuffle(all);
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
  const B = 64;
  // per labeling, per block of B rows: the rows' offsets within the block ordered by cluster (perm, L × n) and
  // where each cluster's run starts (seg, k + 1 entries per block, labelling l from segOffs[l])
  const nBlocks = Math.ceil(n / B);
  const perms = new Int32Array(L * n);
  const segOffs = new Int32Array(L);
  let segLen = 0;
  for (let l = 0; l < L; l++) {
    segOffs[l] = segLen;
    segLen += nBlocks * (ks[l] + 1);
  }
  const segs = new Int32Array(segLen);
  for (let l = 0; l < L; l++) {
    const k = ks[l];
    const lab = labs[l];
    for (let b0 = 0, blk = 0; b0 < n; b0 += B, blk++) {
      const b1 = Math.min(n, b0 + B);
      const at = segOffs[l] + blk * (k + 1);
      for (let i = b0; i < b1; i++) segs[at + lab[i] + 1]++;
      for (let c = 0; c < k; c++) segs[at + c + 1] += segs[at + c];
      const fill = segs.slice(at, at + k);
      for (let i = b0; i < b1; i++) perms[l * n + b0 + fill[lab[i]]++] = i - b0;
    }
  }
  // per-row, per-labelling sums of distances to every cluster: sums[i * T + offs[l] + c], accumulated as
  // PARTS partial sums over interleaved row blocks and added in part order (shorter running sums)
  const parts = n >= PARTS_MIN_ROWS ? PARTS : 1;
  const args: PassArgs = {
    pts,
    n,
    d,
    B,
    L,
    T,
    parts,
    ks: Int32Array.from(ks),
    offs: Int32Array.from(offs),
    segOffs,
    perms,
    segs,
  };
  const sums = new Float64Array(n * T);
  pairPass(args, 0, sums);
  if (parts > 1) {
    const partial = new Float64Array(n * T);
    for (let p = 1; p < parts; p++) {
      partial.fill(0);
      pairPass(args, p, partial);
      for (let i = 0; i < sums.length; i++) sums[i] += partial[i];
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

/** Rows from which the pair sums are split into `PARTS` partial sums. */
const PARTS_MIN_ROWS = 1500;
const PARTS = 4;

interface PassArgs {
  pts: Float64Array;
  n: number;
  d: number;
  B: number;
  L: number;
  T: number;
  parts: number;
  ks: Int32Array;
  offs: Int32Array;
  segOffs: Int32Array;
  perms: Int32Array;
  segs: Int32Array;
}

/**
 * The pair pass over the row blocks of one part, added into `sums` (blocks are dealt to parts in a snake order,
 * 0 1 2 3 3 2 1 0 0 1 …, so each part gets a similar share of the triangle). A hot loop: one function on
 * purpose, with the distance kernel and both gathers inline.
 */
function pairPass(args: PassArgs, part: number, sums: Float64Array): void {
  const { pts, n, d, B, L, T, parts, ks, offs, segOffs, perms, segs } = args;
  const block = new Float64Array(B * B);
  for (let i0 = 0, bi0 = 0; i0 < n; i0 += B, bi0++) {
    const round = Math.floor(bi0 / parts);
    const slot = bi0 % parts;
    if ((round % 2 === 0 ? slot : parts - 1 - slot) !== part) continue;
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
        const pl = l * n;
        const segI = segOffs[l] + (i0 / B) * (k + 1);
        const segJ = segOffs[l] + (j0 / B) * (k + 1);
        // rows of block I receive their distances to block J summed per cluster of J, and rows of J those to I.
        // The block's entries below the diagonal are 0, so diagonal blocks need no special case. Rows of each
        // block are pre-ordered by cluster, so a cluster's sum is a run of gathers into one accumulator.
        // The two loops below differ only in the gather's stride (1 along a row, B down a column); they are kept
        // apart on purpose (a strided helper shared by both is measurably slower).
        for (let i = i0; i < i1; i++) {
          const bi = (i - i0) * B;
          const base = i * T + off;
          for (let c = 0; c < k; c++) {
            const a = segs[segJ + c];
            const b = segs[segJ + c + 1];
            let s0 = 0;
            let s1 = 0;
            let p = a;
            for (; p + 1 < b; p += 2) {
              s0 += block[bi + perms[pl + j0 + p]];
              s1 += block[bi + perms[pl + j0 + p + 1]];
            }
            if (p < b) s0 += block[bi + perms[pl + j0 + p]];
            sums[base + c] += s0 + s1;
          }
        }
        for (let j = j0; j < j1; j++) {
          const jj = j - j0;
          const base = j * T + off;
          for (let c = 0; c < k; c++) {
            const a = segs[segI + c];
            const b = segs[segI + c + 1];
            let s0 = 0;
            let s1 = 0;
            let p = a;
            for (; p + 1 < b; p += 2) {
              s0 += block[perms[pl + i0 + p] * B + jj];
              s1 += block[perms[pl + i0 + p + 1] * B + jj];
            }
            if (p < b) s0 += block[perms[pl + i0 + p] * B + jj];
            sums[base + c] += s0 + s1;
          }
        }
      }
    }
  }
}
