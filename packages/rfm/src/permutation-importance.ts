import { createRng, invalidArgument } from '@retailkit/core';
import { accuracy, recallOf } from './internal/metrics.js';
import type { Matrix } from './matrix.js';

/** Importance of one feature: mean and standard deviation of the score drop over the repeats. */
export interface FeatureImportance {
  readonly feature: string;
  readonly mean: number;
  readonly std: number;
}

/** Result of `permutationImportance`. */
export interface PermutationImportance {
  /** Drop in accuracy, features sorted by decreasing mean. */
  readonly overall: FeatureImportance[];
  /** Per class: drop in that class's recall (rows of the class still predicted as it), sorted. */
  readonly perClass: Record<number, FeatureImportance[]>;
}

/** Options of `permutationImportance`. */
export interface PermutationOptions {
  /** Shuffles per feature (default 10). */
  readonly repeats?: number;
  readonly seed?: number;
}

/**
 * Model-agnostic permutation importance (Breiman 2001; scikit-learn `permutation_importance`): for each
 * feature, shuffle its column `repeats` times (seeded) and record the drop of the score from the unshuffled
 * baseline; mean and population standard deviation over repeats. Overall score = accuracy; per class = that
 * class's recall, so "which features does the model need to recognise segment c".
 *
 * Complexity O(d × repeats × cost of predict(n)).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when names or labels do not match the matrix.
 * @example
 * // rows, labels and e of the explainSegments example (the tree uses frequency only)
 * const x = { n: 100, d: 2, data: Float64Array.from(rows.flatMap((r) => [r.frequency, r.monetary])) };
 * permutationImportance((m) => predictTree(e.tree, m), x, labels, ['frequency', 'monetary'], { repeats: 5, seed: 1 }).overall
 * // [{ feature: 'frequency', mean: 0.46799999999999997, std: 0.029933259094191523 },
 * //  { feature: 'monetary', mean: 0, std: 0 }]
 */
export function permutationImportance(
  predict: (x: Matrix) => Int32Array,
  x: Matrix,
  y: Int32Array,
  features: readonly string[],
  options: PermutationOptions = {},
): PermutationImportance {
  if (features.length !== x.d)
    throw invalidArgument('permutationImportance', 'features.length', features.length, `${x.d}`);
  if (y.length !== x.n) throw invalidArgument('permutationImportance', 'y.length', y.length, `${x.n}`);
  const repeats = options.repeats ?? 10;
  const rng = createRng(options.seed ?? 42);
  let classes = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > classes) classes = y[i] + 1;
  const present = Array.from({ length: classes }, (_, c) => c).filter((c) => y.includes(c));
  const base = predict(x);
  const baseAcc = accuracy(y, base);
  const baseRecall = present.map((c) => recallOf(y, base, c));
  const work = { n: x.n, d: x.d, data: Float64Array.from(x.data) };
  const perm = Int32Array.from({ length: x.n }, (_, i) => i);
  const overall: FeatureImportance[] = [];
  const perClass: Record<number, FeatureImportance[]> = {};
  for (const c of present) perClass[c] = [];
  for (let j = 0; j < x.d; j++) {
    const drops: number[] = [];
    const classDrops = present.map(() => [] as number[]);
    for (let r = 0; r < repeats; r++) {
      rng.shuffle(perm);
      for (let i = 0; i < x.n; i++) work.data[i * x.d + j] = x.data[perm[i] * x.d + j];
      const pred = predict(work);
      drops.push(baseAcc - accuracy(y, pred));
      present.forEach((c, k) => {
        classDrops[k].push(baseRecall[k] - recallOf(y, pred, c));
      });
    }
    for (let i = 0; i < x.n; i++) work.data[i * x.d + j] = x.data[i * x.d + j];
    overall.push({ feature: features[j], ...meanStd(drops) });
    present.forEach((c, k) => {
      perClass[c].push({ feature: features[j], ...meanStd(classDrops[k]) });
    });
  }
  const sort = (a: FeatureImportance[]) => a.sort((p, q) => q.mean - p.mean || (p.feature < q.feature ? -1 : 1));
  sort(overall);
  for (const c of present) sort(perClass[c]);
  return { overall, perClass };
}

function meanStd(v: number[]): { mean: number; std: number } {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  const s = Math.sqrt(v.reduce((t, x) => t + (x - m) ** 2, 0) / v.length);
  return { mean: m, std: s };
}
