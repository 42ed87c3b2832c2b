/** Share of equal labels. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return yTrue.length ? ok / yTrue.length : 0;
}

/**
 * Macro-averaged F1 over the labels present in either array (scikit-learn `f1_score(average='macro')`,
 * `zero_division=0`).
 */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const labels = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) {
    labels.add(yTrue[i]);
    labels.add(yPred[i]);
  }
  let total = 0;
  for (const c of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < yTrue.length; i++) {
      const t = yTrue[i] === c;
      const p = yPred[i] === c;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    total += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return labels.size ? total / labels.size : 0;
}

/** Recall of class `c`: share of its rows predicted as `c` (NaN when it has none). */
export function recallOf(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, c: number): number {
  let n = 0;
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++)
    if (yTrue[i] === c) {
      n++;
      if (yPred[i] === c) ok++;
    }
  return n ? ok / n : Number.NaN;
}
