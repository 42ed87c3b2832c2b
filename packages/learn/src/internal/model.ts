import { invalidArgument } from '@retailkit/core';
import type { FeatureMatrix } from '../feature-matrix.js';
import type { GbtModel, GbtModelJson, GbtObjective } from '../gbt-model.js';
import type { TreeArrays } from './boost.js';
import { objective } from './objectives.js';

/** Raw score of one row: base + the leaf value of each tree. */
function rawScore(base: number, trees: readonly TreeArrays[], x: ArrayLike<number>, offset: number): number {
  let s = base;
  for (const t of trees) {
    let node = 0;
    while (t.feature[node] >= 0) {
      const v = x[offset + t.feature[node]];
      node = Number.isNaN(v) || v <= t.threshold[node] ? t.left[node] : t.right[node];
    }
    s += t.value[node];
  }
  return s;
}

/** The immutable model object over fitted (or deserialised) trees. */
export function gbtModel(
  name: GbtObjective,
  tweediePower: number | undefined,
  nFeatures: number,
  base: number,
  trees: readonly TreeArrays[],
): GbtModel {
  const inverse = objective(name, tweediePower ?? 1.5).inverse;
  const check = (fn: string, x: FeatureMatrix): void => {
    if (x.cols !== nFeatures) throw invalidArgument(fn, 'x.cols', x.cols, `${nFeatures} (the training columns)`);
    if (x.values.length !== x.rows * x.cols)
      throw invalidArgument(fn, 'x.values.length', x.values.length, `rows × cols = ${x.rows * x.cols}`);
  };
  const scores = (x: FeatureMatrix, link: boolean): Float64Array => {
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      const f = rawScore(base, trees, x.values, i * x.cols);
      out[i] = link ? inverse(f) : f;
    }
    return out;
  };
  return Object.freeze({
    objective: name,
    tweediePower,
    nFeatures,
    nTrees: trees.length,
    predict(x: FeatureMatrix) {
      check('GbtModel.predict', x);
      return scores(x, true);
    },
    predictRaw(x: FeatureMatrix) {
      check('GbtModel.predictRaw', x);
      return scores(x, false);
    },
    predictRow: (row: ArrayLike<number>) => inverse(rawScore(base, trees, row, 0)),
    toJSON(): GbtModelJson {
      return {
        kind: 'retailkit.gbt',
        version: 1,
        objective: name,
        ...(tweediePower === undefined ? {} : { tweediePower }),
        nFeatures,
        base,
        trees: trees.map((t) => ({
          feature: [...t.feature],
          threshold: t.threshold.map((v) => (v === Number.NEGATIVE_INFINITY ? null : v)),
          left: [...t.left],
          right: [...t.right],
          value: [...t.value],
        })),
      };
    },
  });
}
