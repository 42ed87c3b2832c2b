import { createRng, invalidArgument, type Rng } from '@retailkit/core';
import { tooFewCustomers } from './errors.js';
import type { Matrix } from './internal/matrix.js';

/** Options of `fitKMeans`. */
export interface KMeansOptions {
  /** Number of clusters (≥ 1, ≤ rows). */
  readonly k: number;
  /** Seed of the restarts (default 42). */
  readonly seed?: number;
  /** k-means++ restarts; the run with the lowest inertia wins (default 2). */
  readonly restarts?: number;
  /** Lloyd iterations per run (default 300, scikit-learn's). */
  readonly maxIterations?: number;
  /** Relative tolerance on centroid movement, × mean feature variance (default 1e-4, scikit-learn's `tol`). */
  readonly tolerance?: number;
}

/** A KMeans solution: labels ordered by cluster size (0 = largest), centroids row-major `k × d`. */
export interface KMeansResult {
  readonly k: number;
  readonly labels: Int32Array;
  readonly centroids: Float64Array;
  readonly sizes: Int32Array;
  /** Sum of squared distances of rows to their centroid (scikit-learn's `inertia_`). */
  readonly inertia: number;
  /** Lloyd iterations of the winning run. */
  readonly iterations: number;
}

/**
 * KMeans (Lloyd's algorithm) with greedy k-means++ initialisation (Arthur & Vassilvitskii 2007, with
 * 2 + ⌊ln k⌋ local trials per centre as in scikit-learn), restarted `restarts` times from seeds drawn from
 * `seed`; the solution with the lowest inertia is kept (scikit-learn's `n_init`). An empty cluster is re-seeded
 * with the row farthest from its centroid. Clusters are renumbered by decreasing size (ties: smaller first row),
 * so labels do not depend on initialisation order. Deterministic for a given seed.
 *
 * Complexity O(restarts × (k n d + iterations × n k d)).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for k < 1 or restarts < 1; `RFM_TOO_FEW_CUSTOMERS` when k > rows.
 * @example
 * fitKMeans({ n: 4, d: 1, data: Float64Array.of(0, 1, 10, 11) }, { k: 2, seed: 1 })
 * // { k: 2, labels: Int32Array [0, 0, 1, 1], centroids: Float64Array [0.5, 10.5], sizes: Int32Array [2, 2],
 * //   inertia: 1, iterations: 1 }
 */
export function fitKMeans(x: Matrix, options: KMeansOptions): KMeansResult {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw invalidArgument('fitKMeans', 'k', k, 'an integer ≥ 1');
  if (k > x.n) throw tooFewCustomers('fitKMeans', x.n, k, 'Lower k or pass more customers.');
  const restarts = options.restarts ?? 2;
  if (!Number.isInteger(restarts) || restarts < 1)
    throw invalidArgument('fitKMeans', 'restarts', restarts, 'an integer ≥ 1');
  const maxIterations = options.maxIterations ?? 300;
  const tol = (options.tolerance ?? 1e-4) * meanVariance(x);
  const rng = createRng(options.seed ?? 42);
  // the k-means++ centres of every restart are drawn in order from the seed, then each restart runs Lloyd
  const labels = new Int32Array(x.n);
  let best: KMeansResult | undefined;
  for (let r = 0; r < restarts; r++) {
    const init = kmeansPlusPlus(x, k, rng.fork());
    const iterations = lloyd(x, init, labels, maxIterations, tol);
    const cand = { ...finish(x, labels, k), iterations };
    if (!best || cand.inertia < best.inertia - 1e-9 * Math.abs(best.inertia)) best = cand;
  }
  return best!;
}

function meanVariance(x: Matrix): number {
  let total = 0;
  for (let j = 0; j < x.d; j++) {
    let m = 0;
    for (let i = 0; i < x.n; i++) m += x.data[i * x.d + j];
    m /= x.n;
    let v = 0;
    for (let i = 0; i < x.n; i++) v += (x.data[i * x.d + j] - m) ** 2;
    total += v / x.n;
  }
  return total / (x.d || 1);
}

/** Greedy k-means++ seeding: centres row-major `k × d`. */
export function kmeansPlusPlus(x: Matrix, k: number, rng: Rng): Float64Array {
  const { n, d, data } = x;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = dist2(data, i * d, centers, 0, d);
    pot += closest[i];
  }
  const cand = new Float64Array(n);
  const bestD = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPot = Number.POSITIVE_INFINITY;
    let bestIdx = 0;
    for (let t = 0; t < trials; t++) {
      // sample a row with probability closest[i] / pot
      let target = rng.next() * pot;
      let idx = n - 1;
      for (let i = 0; i < n; i++) {
        target -= closest[i];
        if (target < 0) {
          idx = i;
          break;
        }
      }
      let p = 0;
      for (let i = 0; i < n; i++) {
        const dd = Math.min(closest[i], dist2(data, i * d, data, idx * d, d));
        cand[i] = dd;
        p += dd;
      }
      if (p < bestPot) {
        bestPot = p;
        bestIdx = idx;
        bestD.set(cand);
      }
    }
    centers.set(data.subarray(bestIdx * d, bestIdx * d + d), c * d);
    closest.set(bestD);
    pot = bestPot;
  }
  return centers;
}

/**
 * Lloyd iterations from the given centres (updated in place), with Hamerly's (2010) exact acceleration: an
 * upper bound on each row's distance to its centre and a lower bound on the second-closest let most rows skip
 * the k distance computations; assignments are identical to plain Lloyd. Cluster sums are kept up to date as
 * rows move (O(moves × d) per iteration instead of O(n d)) and recomputed exactly every 10 iterations so
 * rounding cannot drift. Writes the labels, returns the iterations run. A hot loop: one function on purpose.
 */
function lloyd(x: Matrix, centers: Float64Array, labels: Int32Array, maxIterations: number, tol: number): number {
  const { n, d, data } = x;
  const k = centers.length / d;
  const next = new Float64Array(k * d);
  const sums = new Float64Array(k * d);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sizes = new Int32Array(k);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const b = nearestTwo(data, i * d, centers, k, d, upper, lower, i);
    labels[i] = b;
    sizes[b]++;
    for (let j = 0; j < d; j++) sums[b * d + j] += data[i * d + j];
  }
  let it = 0;
  while (it < maxIterations) {
    it++;
    if (it % 10 === 0) {
      sums.fill(0);
      for (let i = 0; i < n; i++) {
        const c = labels[i] * d;
        for (let j = 0; j < d; j++) sums[c + j] += data[i * d + j];
      }
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        // re-seed an empty cluster with the row farthest from its centre
        let far = 0;
        for (let i = 1; i < n; i++) if (upper[i] > upper[far]) far = i;
        const from = labels[far];
        upper[far] = 0;
        for (let j = 0; j < d; j++) {
          const v = data[far * d + j];
          sums[from * d + j] -= v;
          sums[c * d + j] = v;
        }
        sizes[from]--;
        sizes[c] = 1;
        labels[far] = c;
      }
    }
    for (let c = 0; c < k; c++) {
      const inv = sizes[c] > 0 ? 1 / sizes[c] : 0;
      for (let j = 0; j < d; j++) next[c * d + j] = sizes[c] > 0 ? sums[c * d + j] * inv : centers[c * d + j];
    }
    let shift = 0;
    let maxMove = 0;
    let second = 0;
    let argMax = 0;
    for (let c = 0; c < k; c++) {
      const m = dist2(next, c * d, centers, c * d, d);
      shift += m;
      moved[c] = Math.sqrt(m);
      if (moved[c] > maxMove) {
        second = maxMove;
        maxMove = moved[c];
        argMax = c;
      } else if (moved[c] > second) second = moved[c];
    }
    centers.set(next);
    for (let c = 0; c < k; c++) {
      let m = Number.POSITIVE_INFINITY;
      for (let o = 0; o < k; o++) if (o !== c) m = Math.min(m, dist2(centers, c * d, centers, o * d, d));
      half[c] = Math.sqrt(m) / 2;
    }
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const a = labels[i];
      const u = upper[i] + moved[a];
      const l = lower[i] - (a === argMax ? second : maxMove);
      lower[i] = l;
      const bound = Math.max(half[a], l);
      if (u <= bound) {
        upper[i] = u;
        continue;
      }
      const tight = Math.sqrt(dist2(data, i * d, centers, a * d, d));
      upper[i] = tight;
      if (tight <= bound) continue;
      const b = nearestTwo(data, i * d, centers, k, d, upper, lower, i);
      labels[i] = b;
      if (b !== a) {
        changed++;
        sizes[a]--;
        sizes[b]++;
        for (let j = 0; j < d; j++) {
          const v = data[i * d + j];
          sums[a * d + j] -= v;
          sums[b * d + j] += v;
        }
      }
    }
    if (changed === 0 || shift <= tol) break;
  }
  return it;
}

/** Squared distance between rows `ai` of `a` and `bi` of `b` (length d). */
function dist2(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ai + j] - b[bi + j];
    s += t * t;
  }
  return s;
}

/** The nearest centre of the row at `xi` (first of equals); its distance and the second-nearest into the bounds. */
function nearestTwo(
  data: Float64Array,
  xi: number,
  centers: Float64Array,
  k: number,
  d: number,
  upper: Float64Array,
  lower: Float64Array,
  i: number,
): number {
  let b1 = 0;
  let d1 = Number.POSITIVE_INFINITY;
  let d2 = Number.POSITIVE_INFINITY;
  for (let c = 0, ci = 0; c < k; c++, ci += d) {
    let v = 0;
    for (let j = 0; j < d; j++) {
      const t = data[xi + j] - centers[ci + j];
      v += t * t;
    }
    if (v < d1) {
      d2 = d1;
      d1 = v;
      b1 = c;
    } else if (v < d2) d2 = v;
  }
  upper[i] = Math.sqrt(d1);
  lower[i] = Math.sqrt(d2);
  return b1;
}

/** Recompute centroids as cluster means, renumber by size, and compute inertia. */
export function finish(x: Matrix, raw: Int32Array, k: number): KMeansResult {
  const { n, d, data } = x;
  const size = new Int32Array(k);
  const first = new Int32Array(k).fill(n);
  for (let i = 0; i < n; i++) {
    size[raw[i]]++;
    if (i < first[raw[i]]) first[raw[i]] = i;
  }
  const byCluster = Array.from({ length: k }, (_, c) => c).sort((a, b) => size[b] - size[a] || first[a] - first[b]);
  const rank = new Int32Array(k);
  byCluster.forEach((c, r) => {
    rank[c] = r;
  });
  const labels = new Int32Array(n);
  const centroids = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = rank[raw[i]];
    labels[i] = c;
    sizes[c]++;
    for (let j = 0; j < d; j++) centroids[c * d + j] += data[i * d + j];
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centroids[c * d + j] /= sizes[c] || 1;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j] - centroids[c * d + j];
      inertia += t * t;
    }
  }
  return { k, labels, centroids, sizes, inertia, iterations: 0 };
}

/** Nearest centroid of a vector: [cluster, Euclidean distance]. */
export function nearestCentroid(centroids: ArrayLike<number>, k: number, v: ArrayLike<number>): [number, number] {
  const d = v.length;
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = v[j] - centroids[c * d + j];
      s += t * t;
    }
    if (s < bestD) {
      bestD = s;
      best = c;
    }
  }
  return [best, Math.sqrt(bestD)];
}
