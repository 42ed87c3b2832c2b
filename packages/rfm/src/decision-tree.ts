import { leafOf, majority } from './internal/cart.js';
import type { Matrix } from './matrix.js';

/** A CART node: `feature = -1` for a leaf. Rows with x[feature] ≤ threshold go left. */
export interface TreeNode {
  /** Column index of the split (into the tree's `features`), -1 for a leaf. */
  readonly feature: number;
  readonly threshold: number;
  /** Node ids of the children (-1 for a leaf). */
  readonly left: number;
  readonly right: number;
  /** Weighted class counts of the training rows reaching the node. */
  readonly counts: number[];
  readonly samples: number;
}

/** Hyper-parameters of a decision tree (scikit-learn names in camelCase). */
export interface TreeParams {
  /** Default 8. */
  readonly maxDepth?: number;
  /** Default 1. */
  readonly minSamplesLeaf?: number;
  /** Default 2. */
  readonly minSamplesSplit?: number;
  /** Default `gini`. */
  readonly criterion?: 'gini' | 'entropy';
}

/** A fitted classification tree: plain data. */
export interface DecisionTree {
  readonly features: readonly string[];
  readonly classes: number;
  readonly params: Required<TreeParams>;
  readonly nodes: readonly TreeNode[];
}

/**
 * Predict the class of every row of `x` (columns in `tree.features` order) with a fitted tree, such as
 * `explainSegments(…).tree`: each row walks from the root (x[feature] ≤ threshold → left) to a leaf and takes
 * its majority class. O(n × depth).
 *
 * @example
 * // e: the explainSegments example's result (features frequency, monetary; split at frequency 5.5)
 * predictTree(e.tree, { n: 2, d: 2, data: Float64Array.of(3, 250, 8, 100) }) // Int32Array [0, 1]
 */
export function predictTree(tree: Pick<DecisionTree, 'nodes'>, x: Matrix): Int32Array {
  const out = new Int32Array(x.n);
  for (let i = 0; i < x.n; i++) out[i] = majority(tree.nodes[leafOf(tree.nodes, x.data, i * x.d)]);
  return out;
}

/** One step of a decision path. */
export interface PathStep {
  readonly feature: string;
  /** `<=` (went left) or `>` (went right). */
  readonly op: '<=' | '>';
  readonly threshold: number;
  readonly value: number;
}
