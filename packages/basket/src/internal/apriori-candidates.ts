/** JavaScript code-unit order, the order of `itemLabels` and of the items inside every itemset. */
export function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Length first, then item by item in label order (the order of an `ItemsetTable`). */
export function compareItemsets(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const c = compareLabels(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** The number of joined pairs before the prune (Σ over blocks sharing a (k−2)-prefix of m·(m − 1)/2), for budgets. */
export function joinSize(frequent: readonly (readonly string[])[]): number {
  const keys = frequent.map((s) => JSON.stringify([...s].sort(compareLabels).slice(0, -1)));
  const blocks = new Map<string, number>();
  for (const key of keys) blocks.set(key, (blocks.get(key) ?? 0) + 1);
  let n = 0;
  for (const m of blocks.values()) n += (m * (m - 1)) / 2;
  return n;
}

/**
 * Apriori's candidate generation on labels: the frequent (k−1)-sets (all of one length) sorted, then the
 * F(k−1) × F(k−1) join of every two sets sharing their first k−2 items, then the prune of every candidate with a
 * (k−1)-subset that is not frequent. Candidates come out sorted, each with its items sorted.
 */
export function aprioriCandidates(frequent: readonly (readonly string[])[]): string[][] {
  if (frequent.length < 2) return [];
  const level = frequent.map((s) => [...s].sort(compareLabels)).sort(compareItemsets);
  const k1 = level[0].length;
  const known = new Set(level.map((s) => JSON.stringify(s)));
  const out: string[][] = [];
  for (let s = 0; s < level.length; ) {
    let e = s + 1;
    while (e < level.length && samePrefix(level[s], level[e], k1 - 1)) e++;
    for (let i = s; i < e; i++)
      for (let j = i + 1; j < e; j++) {
        const cand = [...level[i], level[j][k1 - 1]];
        if (allSubsetsFrequent(cand, known)) out.push(cand);
      }
    s = e;
  }
  return out;
}

function samePrefix(a: readonly string[], b: readonly string[], len: number): boolean {
  for (let x = 0; x < len; x++) if (a[x] !== b[x]) return false;
  return true;
}

/** The two parents are frequent; check the subsets that drop one of the first k−1 items. */
function allSubsetsFrequent(cand: readonly string[], known: ReadonlySet<string>): boolean {
  for (let drop = 0; drop < cand.length - 2; drop++)
    if (!known.has(JSON.stringify(cand.filter((_, x) => x !== drop)))) return false;
  return true;
}
