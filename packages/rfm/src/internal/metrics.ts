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

/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labellings: 1 = identical partitions, ≈ 0 = chance.
 * ARI = (Σ C(n_ij, 2) − E) / (½(Σ C(a_i, 2) + Σ C(b_j, 2)) − E), E = Σ C(a_i, 2) Σ C(b_j, 2) / C(n, 2).
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const pairs = new Map<string, number>();
  const ca = new Map<number, number>();
  const cb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}|${b[i]}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    ca.set(a[i], (ca.get(a[i]) ?? 0) + 1);
    cb.set(b[i], (cb.get(b[i]) ?? 0) + 1);
  }
  const c2 = (v: number) => (v * (v - 1)) / 2;
  let index = 0;
  for (const v of pairs.values()) index += c2(v);
  let sa = 0;
  let sb = 0;
  for (const v of ca.values()) sa += c2(v);
  for (const v of cb.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
