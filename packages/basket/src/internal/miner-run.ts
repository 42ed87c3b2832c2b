import { invalidArgument } from '@retailkit/core';
import { basketsFromArrays } from '../baskets-from-arrays.js';
import type { Baskets } from '../build-baskets.js';
import { BASKET_ERROR_CODES, basketError } from '../errors.js';
import type { Itemset, ItemsetOutput, ItemsetTable, MineOptions } from '../itemset-table.js';
import { resolveMinCount } from './min-count.js';

/** Transactions in CSR form, the miners' input. */
export interface Db {
  readonly n: number;
  readonly nItems: number;
  readonly offsets: Int32Array;
  readonly items: Int32Array;
}

/** The budget and sink shared by the miners' cores. */
export class Collector {
  readonly flat: number[] = [];
  readonly starts: number[] = [0];
  readonly counts: number[] = [];
  private readonly deadline: number;
  private ticks = 0;
  constructor(
    private readonly fn: string,
    readonly maxItemsets: number,
    readonly maxCandidates: number,
    private readonly clock: (() => number) | null,
    private readonly timeoutMs: number,
  ) {
    this.deadline = clock ? clock() + timeoutMs : Number.POSITIVE_INFINITY;
  }
  get size(): number {
    return this.counts.length;
  }
  /** Record `buf[0..len)` (+ `last` when ≥ 0) with `count`. */
  emit(buf: ArrayLike<number>, len: number, last: number, count: number): void {
    const f = this.flat;
    for (let i = 0; i < len; i++) f.push(buf[i]);
    if (last >= 0) f.push(last);
    this.starts.push(f.length);
    this.counts.push(count);
    if (this.counts.length > this.maxItemsets)
      throw basketError(
        BASKET_ERROR_CODES.budgetExceeded,
        `${this.fn}: more than maxItemsets = ${this.maxItemsets} frequent itemsets. Raise minSupport, set maxLen, or raise maxItemsets.`,
        { maxItemsets: this.maxItemsets },
      );
    if ((++this.ticks & 1023) === 0) this.checkTime();
  }
  /** Throw when the time budget is spent. */
  checkTime(): void {
    if (this.clock && this.clock() > this.deadline)
      throw basketError(
        BASKET_ERROR_CODES.budgetExceeded,
        `${this.fn}: the time budget timeoutMs = ${this.timeoutMs} ms ran out after ${this.counts.length} itemsets. Raise minSupport, set maxLen, or raise timeoutMs.`,
        { timeoutMs: this.timeoutMs, found: this.counts.length },
      );
  }
  /** Throw when a candidate level is larger than the budget. */
  checkCandidates(n: number): void {
    if (n > this.maxCandidates)
      throw basketError(
        BASKET_ERROR_CODES.budgetExceeded,
        `${this.fn}: a level would generate ${n} candidates, more than maxCandidates = ${this.maxCandidates}. Raise minSupport, set maxLen, or raise maxCandidates.`,
        { maxCandidates: this.maxCandidates, candidates: n },
      );
  }
}

/** Validated miner settings. */
export interface Settings {
  readonly baskets: Baskets;
  readonly db: Db;
  readonly minSupport: number;
  readonly minCount: number;
  readonly maxLen: number;
  readonly output: ItemsetOutput;
  readonly collector: Collector;
}

/** Validate the input and options once (public entry points call this). */
export function resolveSettings(
  fn: string,
  input: Baskets | readonly (readonly string[])[],
  options: MineOptions,
): Settings {
  const baskets = Array.isArray(input)
    ? basketsFromArrays(input as readonly (readonly string[])[])
    : (input as Baskets);
  if (!baskets || !(baskets.offsets instanceof Int32Array) || !(baskets.items instanceof Int32Array))
    throw invalidArgument(fn, 'baskets', baskets, 'the result of buildBaskets or an array of string arrays');
  requireBaskets(fn, baskets);
  const n = baskets.length;
  const { minSupport, minCount } = resolveMinCount(fn, options.minSupport ?? 0.5, n);
  const maxLen = options.maxLen ?? Number.POSITIVE_INFINITY;
  if (!(maxLen === Number.POSITIVE_INFINITY || (Number.isInteger(maxLen) && maxLen >= 1)))
    throw invalidArgument(fn, 'maxLen', maxLen, 'an integer >= 1');
  const output = options.output ?? 'all';
  if (output !== 'all' && output !== 'closed' && output !== 'maximal')
    throw invalidArgument(fn, 'output', output, "'all', 'closed' or 'maximal'");
  const maxItemsets = options.maxItemsets ?? 1_000_000;
  if (!(Number.isInteger(maxItemsets) && maxItemsets >= 1))
    throw invalidArgument(fn, 'maxItemsets', maxItemsets, 'an integer >= 1');
  const maxCandidates = options.maxCandidates ?? 20_000_000;
  if (!(Number.isInteger(maxCandidates) && maxCandidates >= 1))
    throw invalidArgument(fn, 'maxCandidates', maxCandidates, 'an integer >= 1');
  let clock: (() => number) | null = null;
  const timeoutMs = options.timeoutMs ?? Number.POSITIVE_INFINITY;
  if (options.timeoutMs !== undefined) {
    if (!(timeoutMs > 0)) throw invalidArgument(fn, 'timeoutMs', timeoutMs, 'a positive number of milliseconds');
    clock = options.clock ?? (() => performance.now());
  }
  return {
    baskets,
    db: { n, nItems: baskets.itemLabels.length, offsets: baskets.offsets, items: baskets.items },
    minSupport,
    minCount,
    maxLen,
    output,
    collector: new Collector(fn, maxItemsets, maxCandidates, clock, timeoutMs),
  };
}

/** Turn collected itemsets into the canonical, sorted table (with the closed/maximal filter applied). */
export function finishTable(s: Settings, algorithm: ItemsetTable['algorithm']): ItemsetTable {
  const { flat, starts, counts } = s.collector;
  const m = counts.length;
  const sets: Int32Array[] = new Array(m);
  for (let i = 0; i < m; i++) sets[i] = Int32Array.from(flat.slice(starts[i], starts[i + 1])).sort();
  const order = Array.from({ length: m }, (_, i) => i);
  order.sort((a, b) => compareSets(sets[a], sets[b]));
  let keep = order;
  if (s.output !== 'all') keep = filterClosedMaximal(order, sets, counts, s.output);
  const labels = s.baskets.itemLabels;
  const n = s.db.n;
  const itemsets: Itemset[] = keep.map((i) => ({
    items: Array.from(sets[i], (id) => labels[id]),
    support: counts[i] / n,
    count: counts[i],
  }));
  const warnings = itemsets.length === 0 ? [noItemsetWarning(algorithm, s.minSupport, s.minCount, n)] : [];
  return {
    itemsets,
    transactions: n,
    items: s.db.nItems,
    minSupport: s.minSupport,
    minCount: s.minCount,
    maxLen: Number.isFinite(s.maxLen) ? s.maxLen : null,
    output: s.output,
    algorithm,
    warnings,
  };
}

/** The warning of a table with no frequent itemset. */
export function noItemsetWarning(algorithm: string, minSupport: number, minCount: number, n: number): string {
  return `${algorithm}: no itemset reaches minSupport ${minSupport} (count ${minCount} of ${n} transactions); lower minSupport.`;
}

/** Length first, then lexicographic. */
export function compareSets(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function filterClosedMaximal(order: number[], sets: Int32Array[], counts: number[], output: ItemsetOutput): number[] {
  // A (k+1)-superset of equal support exists whenever any superset of equal support exists (anti-monotonicity),
  // and a frequent superset implies a frequent (k+1)-superset, so checking immediate supersets is enough.
  const index = new Map<string, number>();
  for (const i of order) index.set(sets[i].join(','), i);
  const hasSuper = new Uint8Array(counts.length);
  const hasEqualSuper = new Uint8Array(counts.length);
  const sub: number[] = [];
  for (const i of order) {
    const s = sets[i];
    if (s.length < 2) continue;
    for (let drop = 0; drop < s.length; drop++) {
      sub.length = 0;
      for (let j = 0; j < s.length; j++) if (j !== drop) sub.push(s[j]);
      const p = index.get(sub.join(','));
      if (p === undefined) continue;
      hasSuper[p] = 1;
      if (counts[p] === counts[i]) hasEqualSuper[p] = 1;
    }
  }
  const flags = output === 'closed' ? hasEqualSuper : hasSuper;
  return order.filter((i) => flags[i] === 0);
}

/** Throw `BASKET_EMPTY` when there is nothing to mine. */
export function requireBaskets(fn: string, baskets: Baskets): void {
  if (baskets.length === 0)
    throw basketError(
      BASKET_ERROR_CODES.empty,
      `${fn}: no basket to mine (the input is empty or every basket was removed by the filters: ${JSON.stringify(baskets.stats)}). Check the frame and minItems/maxItems.`,
      { stats: baskets.stats },
    );
}
