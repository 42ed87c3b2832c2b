import { invalidArgument } from '@retailkit/core';
import type { DecisionTree, PathStep, TreeParams } from '../decision-tree.js';
import type { Matrix } from '../matrix.js';
import { fitCart, majority, presort } from './cart.js';

/**
 * Fit a CART classification tree (gini or entropy, binary splits at midpoints, `x ≤ threshold` goes left),
 * written on presorted typed arrays (`ml-cart` implements the same algorithm but scans every candidate split
 * with a fresh pass over the node, O(n²) per feature per node, too slow for a 100-fit search). The tree is
 * deterministic (features tried in order; ties go to the first feature).
 *
 * Complexity O(d n log n) for the presort plus O(depth × d n).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for labels outside [0, classes) or non-positive depth.
 * @example
 * const t = fitDecisionTree({ n: 4, d: 1, data: Float64Array.of(1, 2, 10, 11) }, Int32Array.of(0, 0, 1, 1), ['x']);
 * t.nodes[0] // { feature: 0, threshold: 6, left: 1, right: 2, counts: [2, 2], samples: 4 }
 */
export function fitDecisionTree(
  x: Matrix,
  y: Int32Array,
  features: readonly string[],
  params: TreeParams = {},
  fit: { weights?: Float64Array; sorted?: readonly Int32Array[]; classes?: number } = {},
): DecisionTree {
  const p: Required<TreeParams> = {
    maxDepth: params.maxDepth ?? 8,
    minSamplesLeaf: params.minSamplesLeaf ?? 1,
    minSamplesSplit: params.minSamplesSplit ?? 2,
    criterion: params.criterion ?? 'gini',
  };
  if (!(p.maxDepth >= 1)) throw invalidArgument('fitDecisionTree', 'maxDepth', p.maxDepth, 'an integer ≥ 1');
  let classes = fit.classes ?? 0;
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] >= 0)) throw invalidArgument('fitDecisionTree', `y[${i}]`, y[i], 'a class index ≥ 0');
    if (y[i] + 1 > classes) classes = y[i] + 1;
  }
  const weights = fit.weights ?? new Float64Array(x.n).fill(1);
  const sorted = fit.sorted ?? presort(x);
  const nodes = fitCart(x, y, classes, weights, sorted, { ...p, maxFeatures: x.d });
  return { features: [...features], classes, params: p, nodes };
}

/**
 * The decision path of one feature vector: the tests it passed from the root to its leaf, the leaf's class,
 * the leaf's confidence (share of training rows of that class) and the leaf's node id.
 *
 * @example
 * treePath(tree, [3, 120]) // { steps: [{ feature: 'frequency', op: '<=', threshold: 4.5, value: 3 }], segment: 0, confidence: 0.97 }
 */
export function treePath(
  tree: Pick<DecisionTree, 'features' | 'nodes'>,
  v: ArrayLike<number>,
): { steps: PathStep[]; segment: number; confidence: number; leaf: number } {
  const steps: PathStep[] = [];
  let id = 0;
  for (;;) {
    const node = tree.nodes[id];
    if (node.feature < 0) break;
    const value = v[node.feature];
    const left = value <= node.threshold;
    steps.push({ feature: tree.features[node.feature], op: left ? '<=' : '>', threshold: node.threshold, value });
    id = left ? node.left : node.right;
  }
  const leaf = tree.nodes[id];
  const segment = majority(leaf);
  return { steps, segment, confidence: leaf.samples > 0 ? leaf.counts[segment] / leaf.samples : 0, leaf: id };
}

/**
 * `3000` → "3,000", `12.345` → "12.35" (`decimals` at most, default 2). `v` is first rounded to 12 significant
 * digits, so values equal up to summation order (a threshold between a warehouse's sums and the same sums in Node,
 * 15331.724999999999 and 15331.725000000002) print the same.
 */
export function formatNumber(v: number, decimals = 2): string {
  const f = 10 ** decimals;
  const r = Math.round(Number(v.toPrecision(12)) * f) / f;
  const [int, frac] = Math.abs(r).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${r < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}
