/**
 * An FP-tree in flat typed arrays. Node 0 is the root. Nodes of local rank r (0 = most frequent) are
 * `headNodes[headOff[r] .. headOff[r + 1])`, in creation order.
 */
export interface FpTree {
  readonly nRanks: number;
  readonly nodes: number;
  /** Interleaved `[parent, rank]` per node (one cache line serves both on the upward walks). */
  readonly link: Int32Array;
  readonly count: Int32Array;
  readonly headOff: Int32Array;
  readonly headNodes: Int32Array;
  /** Support of each rank in this (conditional) database. */
  readonly support: Int32Array;
  /** True when the tree is one chain root → 1 → 2 → … */
  readonly singlePath: boolean;
}

/**
 * Build an FP-tree from weighted paths whose ranks are ascending within each path. The child of (node, rank) is
 * found in an open-addressing hash table sized for the total path length, so insertion is O(total length).
 */
export function buildTree(
  off: Int32Array,
  ranks: Int32Array,
  weights: Int32Array,
  nPaths: number,
  nRanks: number,
): FpTree {
  const total = off[nPaths];
  const cap = total + 1;
  const link = new Int32Array(2 * cap);
  const count = new Int32Array(cap);
  link[0] = -1;
  link[1] = -1;
  let nodes = 1;
  let size = 16;
  while (size < total * 2) size <<= 1;
  const mask = size - 1;
  const slotNode = new Int32Array(size); // 0 = empty (the root is never a child)
  for (let p = 0; p < nPaths; p++) {
    const w = weights[p];
    let at = 0;
    for (let j = off[p]; j < off[p + 1]; j++) {
      const r = ranks[j];
      let h = (Math.imul(at, 0x9e3779b1) ^ Math.imul(r + 1, 0x85ebca77)) & mask;
      let v: number;
      for (;;) {
        v = slotNode[h];
        if (v === 0) {
          v = nodes++;
          link[2 * v] = at;
          link[2 * v + 1] = r;
          slotNode[h] = v;
          break;
        }
        if (link[2 * v] === at && link[2 * v + 1] === r) break;
        h = (h + 1) & mask;
      }
      count[v] += w;
      at = v;
    }
  }
  let singlePath = true;
  for (let v = 2; v < nodes && singlePath; v++) if (link[2 * v] !== v - 1) singlePath = false;
  const headOff = new Int32Array(nRanks + 1);
  const support = new Int32Array(nRanks);
  for (let v = 1; v < nodes; v++) {
    headOff[link[2 * v + 1] + 1]++;
    support[link[2 * v + 1]] += count[v];
  }
  for (let r = 0; r < nRanks; r++) headOff[r + 1] += headOff[r];
  const fillAt = headOff.slice(0, nRanks);
  const headNodes = new Int32Array(nodes - 1);
  for (let v = 1; v < nodes; v++) headNodes[fillAt[link[2 * v + 1]]++] = v;
  return { nRanks, nodes, link, count, headOff, headNodes, support, singlePath };
}
