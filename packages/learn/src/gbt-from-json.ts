import { LEARN_ERROR_CODES, learnError } from './errors.js';
import type { GbtModel, GbtModelJson, GbtObjective } from './gbt-model.js';
import type { TreeArrays } from './internal/boost.js';
import { gbtModel } from './internal/model.js';

const OBJECTIVES: readonly GbtObjective[] = ['squared', 'absolute', 'poisson', 'tweedie', 'logistic'];

/**
 * Rebuild a {@link GbtModel} from its `toJSON()` output (for example after `JSON.parse`); its predictions equal the
 * original model's exactly. A `null` threshold reads back as −∞. O(nodes).
 *
 * @throws `LEARN_BAD_MODEL` when `json` is not a version-1 `retailkit.gbt` object with consistent trees.
 * @example
 * const m = fitGbt(featureMatrix([[0], [1]]), [1, 3], { nTrees: 5, minSamplesLeaf: 1 });
 * gbtFromJSON(JSON.parse(JSON.stringify(m))).predictRow([1]) === m.predictRow([1]) // true
 */
export function gbtFromJSON(json: unknown): GbtModel {
  const j = json as Partial<GbtModelJson> | null;
  const bad = (why: string): never => {
    throw learnError(
      LEARN_ERROR_CODES.badModel,
      `gbtFromJSON: not a GBT model (${why}). Pass the output of a GbtModel's toJSON().`,
      {
        why,
      },
    );
  };
  if (typeof j !== 'object' || j === null || j.kind !== 'retailkit.gbt') return bad("kind is not 'retailkit.gbt'");
  if (j.version !== 1) return bad(`unknown version ${String(j.version)}`);
  if (!OBJECTIVES.includes(j.objective as GbtObjective)) return bad(`unknown objective ${String(j.objective)}`);
  const objective = j.objective as GbtObjective;
  if (objective === 'tweedie' && !((j.tweediePower ?? 0) > 1 && (j.tweediePower ?? 0) < 2))
    return bad('tweediePower outside (1, 2)');
  if (!(Number.isInteger(j.nFeatures) && (j.nFeatures ?? 0) >= 1)) return bad('nFeatures is not a positive integer');
  if (typeof j.base !== 'number' || !Array.isArray(j.trees)) return bad('base or trees missing');
  const nFeatures = j.nFeatures as number;
  const trees: TreeArrays[] = j.trees.map((t, k) => {
    const n = t?.feature?.length ?? -1;
    const arrays = [t?.threshold, t?.left, t?.right, t?.value];
    if (n < 1 || arrays.some((a) => !Array.isArray(a) || a.length !== n)) return bad(`tree ${k} has ragged arrays`);
    for (let i = 0; i < n; i++) {
      const f = t.feature[i];
      const inner = f >= 0;
      if (!Number.isInteger(f) || f >= nFeatures) return bad(`tree ${k} node ${i} has feature ${f}`);
      if (inner && !(t.left[i] > i && t.left[i] < n && t.right[i] > i && t.right[i] < n))
        return bad(`tree ${k} node ${i} has children out of order`);
    }
    return {
      feature: [...t.feature],
      threshold: t.threshold.map((v: number | null) => (v === null ? Number.NEGATIVE_INFINITY : v)),
      left: [...t.left],
      right: [...t.right],
      value: [...t.value],
    };
  });
  return gbtModel(objective, objective === 'tweedie' ? j.tweediePower : undefined, nFeatures, j.base, trees);
}
