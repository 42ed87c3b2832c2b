/**
 * An FP-tree in flat typed arrays. Node 0 is the root. Nodes of local rank r (0 = most frequent) are
 * `headNodes[headOff[r] .. headOff[r + 1])`.
 */
export interface FpTree {
  readonly nRanks: number;
  readonly nodes: number;
  readonly rank: Int32Array;
  readonly count: Int32Array;
  readonly parent: Int32Array;
  readonly headOff: Int32Array;
  readonly headNodes: Int32Array;
  /** Support of each rank in this (conditional) database. */
  readonly support: Int32Array;
  /** True when the tree is one chain root → 1 → 2 → … */
  readonly singlePath: boolean;
}

/**
 * Build an FP-tree from weighted paths whose ranks are ascending within each path. The paths are sorted
 * lexicographically first, so each one shares with the tree exactly its longest common prefix with the previous
 * path: insertion needs no child lookup (O(total length + sort)).
 */
export function buildTree(
  off: Int32Array,
  ranks: Int32Array,
  weights: Int32Array,
  nPaths: number,
  nRanks: number,
): FpTree {
  const order = new Int32Array(nPaths);
  let maxLen = 0;
  let m = 0;
  for (let p = 0; p < nPaths; p++) {
    const len = off[p + 1] - off[p];
    if (len > 0) order[m++] = p;
    if (len > maxLen) maxLen = len;
  }
  const ord = order.subarray(0, m);
  ord.sort((a, b) => {
    let i = off[a];
    let j = off[b];
    const ea = off[a + 1];
    const eb = off[b + 1];
    while (i < ea && j < eb) {
      const d = ranks[i] - ranks[j];
      if (d !== 0) return d;
      i++;
      j++;
    }
    return ea - i - (eb - j);
  });
  const cap = off[nPaths] + 1;
  const rank = new Int32Array(cap);
  const count = new Int32Array(cap);
  const parent = new Int32Array(cap);
  rank[0] = -1;
  parent[0] = -1;
  let nodes = 1;
  const stack = new Int32Array(maxLen + 1);
  let prevStart = 0;
  let prevLen = 0;
  let singlePath = true;
  for (let t = 0; t < m; t++) {
    const p = ord[t];
    const start = off[p];
    const len = off[p + 1] - start;
    const w = weights[p];
    let lcp = 0;
    const lim = len < prevLen ? len : prevLen;
    while (lcp < lim && ranks[start + lcp] === ranks[prevStart + lcp]) lcp++;
    for (let d = 0; d < lcp; d++) count[stack[d + 1]] += w;
    if (lcp < prevLen && lcp < len) singlePath = false;
    for (let d = lcp; d < len; d++) {
      const v = nodes++;
      rank[v] = ranks[start + d];
      count[v] = w;
      parent[v] = stack[d];
      stack[d + 1] = v;
    }
    prevStart = start;
    prevLen = len;
  }
  const headOff = new Int32Array(nRanks + 1);
  const support = new Int32Array(nRanks);
  for (let v = 1; v < nodes; v++) {
    headOff[rank[v] + 1]++;
    support[rank[v]] += count[v];
  }
  for (let r = 0; r < nRanks; r++) headOff[r + 1] += headOff[r];
  const fillAt = headOff.slice(0, nRanks);
  const headNodes = new Int32Array(nodes - 1);
  for (let v = 1; v < nodes; v++) headNodes[fillAt[rank[v]]++] = v;
  return { nRanks, nodes, rank, count, parent, headOff, headNodes, support, singlePath };
}
