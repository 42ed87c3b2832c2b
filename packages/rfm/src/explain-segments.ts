import { createRng, type Frame, invalidArgument } from '@retailkit/core';
import { type DecisionTree, predictTree, type TreeParams } from './decision-tree.js';
import { presort } from './internal/cart.js';
import { fitForest, predictForest } from './internal/forest.js';
import { featureMatrix, takeRows } from './internal/matrix.js';
import { accuracy, macroF1 } from './internal/metrics.js';
import { readableRules } from './internal/readable-rules.js';
import { fitDecisionTree } from './internal/tree.js';
import type { Matrix } from './matrix.js';
import { type PermutationImportance, permutationImportance } from './permutation-importance.js';

/** Options of `explainSegments`. */
export interface ExplainOptions {
  /** Feature columns the tree may use (unscaled), default: every numeric column. */
  readonly features?: readonly string[];
  /** Segment names, by segment id, used in the rules. */
  readonly names?: readonly string[];
  readonly seed?: number;
  /** Cross-validation folds (default 5, stratified). */
  readonly folds?: number;
  /** Random-search candidates (default 20). */
  readonly candidates?: number;
  /** Holdout share (default 0.2, stratified). */
  readonly testSize?: number;
  /** Permutation repeats (default 10; 0 skips importance). */
  readonly importanceRepeats?: number;
  /**
   * The shallowest candidate whose CV accuracy is within this of the best is chosen, for readable rules
   * (default 0.01; 0 = the most accurate).
   */
  readonly cvTolerance?: number;
  /** Model scored by permutation importance: the tree (default) or a random forest. */
  readonly importanceModel?: 'tree' | 'forest';
  /** Readable rules per segment (default 3). */
  readonly maxRules?: number;
  /** Conditions per readable rule (default 3; a range on one feature is one condition). */
  readonly maxConditions?: number;
  /** Words for feature names in the rules, over the defaults ("recency" → "days since last order", …). */
  readonly featureLabels?: Readonly<Record<string, string>>;
}

/** One condition of a readable rule: `above < feature ≤ atMost` (either bound may be absent). */
export interface RuleCondition {
  readonly feature: string;
  /** The feature in words ("days since last order"). */
  readonly label: string;
  /** Exclusive lower bound. */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly atMost?: number;
}

/** A short rule that describes one segment, with how well it does so. */
export interface SegmentRule {
  readonly segment: number;
  readonly name: string;
  /** At most `maxConditions`; a range on one feature is one condition. */
  readonly conditions: readonly RuleCondition[];
  /** Share of the segment's customers the rule matches. */
  readonly coverage: number;
  /** Share of the customers the rule matches that are in the segment. */
  readonly precision: number;
  /** "3 < orders ≤ 12 and days since last order ≤ 40 → Loyal". */
  readonly text: string;
}

/** Result of `explainSegments`. */
export interface SegmentExplanation {
  /** The tree (fitted on the training part with the best hyper-parameters). */
  readonly tree: DecisionTree;
  readonly params: Required<TreeParams>;
  /** Mean k-fold CV accuracy of the chosen candidate. */
  readonly cvAccuracy: number;
  readonly trainAccuracy: number;
  /** Holdout accuracy and macro-F1 of the tree against the cluster labels. */
  readonly accuracy: number;
  readonly macroF1: number;
  readonly holdoutSize: number;
  /** Every candidate tried, with its CV accuracy. */
  readonly search: { params: Required<TreeParams>; cvAccuracy: number }[];
  /** Up to `maxRules` short rules per segment with their coverage and precision on every row (see above). */
  readonly rules: SegmentRule[];
  readonly importance?: PermutationImportance & { model: 'tree' | 'forest' };
  /** Holdout scores of the random forest, when it was fitted. */
  readonly forest?: { accuracy: number; macroF1: number };
}

/**
 * Explain cluster labels with a decision tree: stratified holdout split (`testSize`), seeded random search of
 * `candidates` hyper-parameter sets (maxDepth 2–12, minSamplesLeaf, minSamplesSplit, gini/entropy) scored by
 * stratified `folds`-fold CV accuracy on the training part, choice of the shallowest candidate within
 * `cvTolerance` of the best CV accuracy (readable rules), refit on the training part, holdout
 * accuracy and macro-F1, readable rules per segment, and permutation importance (`importanceRepeats`) on the
 * holdout, overall and per segment — of the tree or, with `importanceModel: 'forest'`, of a random forest.
 * Features are presorted once and every fold reuses the order (weights 0/1), so the search costs
 * O(candidates × folds × depth × d n).
 *
 * Readable rules: each leaf's path becomes one range per feature; conditions are pruned (the one whose removal
 * keeps the highest precision first) to at most `maxConditions`, and further while the precision stays within 0.05
 * of the leaf's; then up to `maxRules` rules per segment are picked greedily by the segment's customers they newly
 * cover (each after the first must add ≥ 5 % of the segment; each at least 50 % precise). Coverage = matched segment customers / segment
 * size, precision = matched segment customers / matched customers, both over every row of `table`.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a label/table length mismatch or bad folds/testSize;
 *   `MISSING_COLUMN` for a feature that is not a numeric column of `table`.
 * @example
 * const rows = Array.from({ length: 100 }, (_, i) => ({ frequency: i % 10, monetary: (i * 37) % 1000 }));
 * const labels = Int32Array.from(rows, (r) => (r.frequency > 5 ? 1 : 0));
 * const e = explainSegments(fromRows(rows), labels, { names: ['Occasional', 'Frequent'], seed: 1 });
 * e.accuracy // 1
 * e.rules.map((r) => r.text) // ['orders ≤ 5.5 → Occasional', 'orders > 5.5 → Frequent']
 * e.rules.map((r) => [r.coverage, r.precision]) // [[1, 1], [1, 1]]
 */
export function explainSegments(table: Frame, labels: Int32Array, options: ExplainOptions = {}): SegmentExplanation {
  if (labels.length !== table.length)
    throw invalidArgument('explainSegments', 'labels.length', labels.length, `${table.length} (one per row)`);
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) throw invalidArgument('explainSegments', 'folds', folds, 'an integer ≥ 2');
  const testSize = options.testSize ?? 0.2;
  if (!(testSize > 0 && testSize < 1))
    throw invalidArgument('explainSegments', 'testSize', testSize, 'a number in (0, 1)');
  const features =
    options.features ??
    Object.entries(table.columns)
      .filter(([, c]) => c.type !== 'string')
      .map(([n]) => n);
  const x = featureMatrix('explainSegments', table, features);
  const rng = createRng(options.seed ?? 42);
  let classes = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] + 1 > classes) classes = labels[i] + 1;

  // stratified holdout split and stratified folds on the training part
  const isTest = new Uint8Array(x.n);
  const fold = new Int32Array(x.n).fill(-1);
  for (let c = 0; c < classes; c++) {
    const idx: number[] = [];
    for (let i = 0; i < x.n; i++) if (labels[i] === c) idx.push(i);
    rng.shuffle(idx);
    const nTest = idx.length > 1 ? Math.round(idx.length * testSize) : 0;
    idx.forEach((row, p) => {
      if (p < nTest) isTest[row] = 1;
      else fold[row] = (p - nTest) % folds;
    });
  }
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let i = 0; i < x.n; i++) (isTest[i] ? testRows : trainRows).push(i);
  const sorted = presort(x);

  const grid = {
    maxDepth: [2, 3, 4, 5, 6, 7, 8, 9, 10, 12],
    minSamplesLeaf: [1, 2, 4, 8, 16, 32],
    minSamplesSplit: [2, 4, 8, 16, 32, 64],
    criterion: ['gini', 'entropy'] as const,
  };
  const pick = <T>(a: readonly T[]): T => a[rng.int(a.length)];
  const search: { params: Required<TreeParams>; cvAccuracy: number }[] = [];
  const w = new Float64Array(x.n);
  for (let t = 0; t < (options.candidates ?? 20); t++) {
    const params: Required<TreeParams> = {
      maxDepth: pick(grid.maxDepth),
      minSamplesLeaf: pick(grid.minSamplesLeaf),
      minSamplesSplit: pick(grid.minSamplesSplit),
      criterion: pick(grid.criterion),
    };
    let score = 0;
    for (let f = 0; f < folds; f++) {
      const evalRows: number[] = [];
      for (let i = 0; i < x.n; i++) {
        w[i] = fold[i] >= 0 && fold[i] !== f ? 1 : 0;
        if (fold[i] === f) evalRows.push(i);
      }
      const tree = fitDecisionTree(x, labels, features, params, { weights: w, sorted, classes });
      const xe = takeRows(x, evalRows);
      score += accuracy(
        Int32Array.from(evalRows, (i) => labels[i]),
        predictTree(tree, xe),
      );
    }
    search.push({ params, cvAccuracy: score / folds });
  }
  // prefer readable trees: the shallowest candidate within `tolerance` of the best CV accuracy
  const top = Math.max(...search.map((s) => s.cvAccuracy));
  const tolerance = options.cvTolerance ?? 0.01;
  const best = search
    .filter((s) => s.cvAccuracy >= top - tolerance)
    .sort(
      (a, b) =>
        a.params.maxDepth - b.params.maxDepth ||
        b.params.minSamplesLeaf - a.params.minSamplesLeaf ||
        b.cvAccuracy - a.cvAccuracy,
    )[0];
  for (let i = 0; i < x.n; i++) w[i] = isTest[i] ? 0 : 1;
  const tree = fitDecisionTree(x, labels, features, best.params, { weights: w, sorted, classes });
  const xTrain = takeRows(x, trainRows);
  const yTrain = Int32Array.from(trainRows, (i) => labels[i]);
  const xTest = takeRows(x, testRows);
  const yTest = Int32Array.from(testRows, (i) => labels[i]);
  const predTest = predictTree(tree, xTest);
  const rules = readableRules(tree, x, labels, {
    names: options.names,
    maxRules: options.maxRules,
    maxConditions: options.maxConditions,
    featureLabels: options.featureLabels,
  });
  let importance: SegmentExplanation['importance'];
  let forest: SegmentExplanation['forest'];
  const repeats = options.importanceRepeats ?? 10;
  if (options.importanceModel === 'forest') {
    const model = fitForest(xTrain, yTrain, features, { seed: options.seed ?? 42, trees: 50 });
    const pf = predictForest(model, xTest);
    forest = { accuracy: accuracy(yTest, pf), macroF1: macroF1(yTest, pf) };
    if (repeats > 0)
      importance = {
        model: 'forest',
        ...permutationImportance((m: Matrix) => predictForest(model, m), xTest, yTest, features, {
          repeats,
          seed: options.seed,
        }),
      };
  } else if (repeats > 0)
    importance = {
      model: 'tree',
      ...permutationImportance((m: Matrix) => predictTree(tree, m), xTest, yTest, features, {
        repeats,
        seed: options.seed,
      }),
    };
  return {
    tree,
    params: best.params,
    cvAccuracy: best.cvAccuracy,
    trainAccuracy: accuracy(yTrain, predictTree(tree, xTrain)),
    accuracy: accuracy(yTest, predTest),
    macroF1: macroF1(yTest, predTest),
    holdoutSize: testRows.length,
    search,
    rules,
    importance,
    forest,
  };
}
