import { createRng } from '@retailkit/core';
import type { TreeNode, TreeParams } from '../decision-tree.js';
import type { Matrix } from '../matrix.js';
import { fitCart, leafOf, majority, presort } from './cart.js';

/** Options of `fitForest`. */
export interface ForestOptions extends TreeParams {
  /** Trees (default 50). */
  readonly trees?: number;
  /** Features tried per node (default ⌈√d⌉). */
  readonly maxFeatures?: number;
  readonly seed?: number;
}

/** A random forest: bagged CART trees with random feature subsets per node. */
export interface Forest {
  readonly features: readonly string[];
  readonly classes: number;
  readonly trees: readonly (readonly TreeNode[])[];
}

/**
 * Fit a random forest (Breiman 2001): `trees` CART trees, each on a bootstrap sample (as integer weights)
 * trying `maxFeatures` random features per node; prediction = majority vote of the trees' leaf classes.
 * Seeded. Used as the stronger classifier for permutation importance (the original used XGBoost);
 * `ml-random-forest` builds on `ml-cart`'s quadratic splitter, hence this small implementation.
 *
 * Complexity O(trees × depth × maxFeatures × n).
 *
 * @example
 * const f = fitForest(x, y, names, { trees: 50, seed: 1 });
 * predictForest(f, x) // Int32Array of classes
 */
export function fitForest(x: Matrix, y: Int32Array, features: readonly string[], options: ForestOptions = {}): Forest {
  const rng = createRng(options.seed ?? 42);
  const sorted = presort(x);
  let classes = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > classes) classes = y[i] + 1;
  const count = options.trees ?? 50;
  const maxFeatures = options.maxFeatures ?? Math.ceil(Math.sqrt(x.d));
  const trees: TreeNode[][] = [];
  const w = new Float64Array(x.n);
  for (let t = 0; t < count; t++) {
    w.fill(0);
    for (let i = 0; i < x.n; i++) w[rng.int(x.n)]++;
    trees.push(
      fitCart(x, y, classes, w, sorted, {
        maxDepth: options.maxDepth ?? 12,
        minSamplesLeaf: options.minSamplesLeaf ?? 1,
        minSamplesSplit: options.minSamplesSplit ?? 2,
        criterion: options.criterion ?? 'gini',
        maxFeatures,
        rng: rng.fork(),
      }),
    );
  }
  return { features: [...features], classes, trees };
}

/** Majority vote of a forest for every row. */
export function predictForest(forest: Forest, x: Matrix): Int32Array {
  const out = new Int32Array(x.n);
  const votes = new Int32Array(forest.classes);
  for (let i = 0; i < x.n; i++) {
    votes.fill(0);
    for (const nodes of forest.trees) votes[majority(nodes[leafOf(nodes, x.data, i * x.d)])]++;
    let best = 0;
    for (let c = 1; c < forest.classes; c++) if (votes[c] > votes[best]) best = c;
    out[i] = best;
  }
  return out;
}
