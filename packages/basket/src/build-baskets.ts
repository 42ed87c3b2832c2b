import { type Frame, invalidArgument, numbers, strings } from '@retailkit/core';

/** How the lines of one basket become its items. */
export type BasketAggregate = 'line' | 'sum';

/** Options of {@link buildBaskets}. */
export interface BuildBasketsOptions {
  /** Item column: `'stockCode'` (default) or `'description'` (or any string column). */
  readonly item?: 'stockCode' | 'description' | (string & {});
  /** Basket column (default `'invoiceNo'`). */
  readonly basket?: string;
  /** Quantity column (default `'quantity'`). */
  readonly quantity?: string;
  /**
   * `'line'` (default): an item is in a basket when at least one of its lines has quantity ≥ `minQuantity`.
   * `'sum'`: quantities are first summed per basket and item (all lines, any sign), and the item is present when
   * the sum is ≥ `minQuantity` (as pandas `groupby([basket, item]).quantity.sum() >= 1`).
   */
  readonly aggregate?: BasketAggregate;
  /** Threshold of presence (default 1). */
  readonly minQuantity?: number;
  /** Keep only baskets with at least this many distinct items (default 1). */
  readonly minItems?: number;
  /** Drop baskets with more than this many distinct items (default: no cap). Dropped, never truncated. */
  readonly maxItems?: number;
}

/** What {@link buildBaskets} kept and removed; the counts add up. */
export interface BasketStats {
  /** Rows of the input frame. */
  readonly rows: number;
  /** Rows skipped because the basket or item is missing or the quantity is NaN. */
  readonly rowsMissing: number;
  /** Rows (lines) that reached a basket (in `'line'` mode: lines with quantity ≥ `minQuantity`). */
  readonly rowsUsed: number;
  /** Distinct baskets with at least one present item before the size filters. */
  readonly basketsSeen: number;
  /** Baskets removed by `minItems`. */
  readonly droppedSmall: number;
  /** Baskets removed by `maxItems`. */
  readonly droppedLarge: number;
}

/**
 * Transactions as a sparse boolean matrix in CSR form (never a dense one-hot table): the items of basket `b`
 * are `items[offsets[b] .. offsets[b + 1])`, distinct and ascending. Item ids index `itemLabels`, which is
 * sorted (JavaScript code-unit order), so ascending ids are ascending labels.
 */
export interface Baskets {
  /** Number of baskets (transactions): the support denominator. */
  readonly length: number;
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  /** Item id → label; only items present in at least one kept basket. */
  readonly itemLabels: readonly string[];
  /** Basket index → basket key (invoice number). */
  readonly basketLabels: readonly string[];
  readonly stats: BasketStats;
}

/**
 * Build baskets (transactions) from a cleaned transaction Frame: one basket per invoice, one item per stock code
 * or description, as sparse CSR rows.
 *
 * Conventions: a basket is the set of distinct items of an invoice; see `aggregate` for when an item counts;
 * baskets keep the order of their first row, items are sorted ids. Missing invoice or item values, and NaN
 * quantities, are skipped and counted in `stats.rowsMissing`.
 *
 * Complexity O(rows + Σ k log k) for baskets of k items; memory O(rows) typed arrays.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad option; `MISSING_COLUMN` when the basket or item column is not a
 *   string column or the quantity column is not numeric.
 * @example
 * const f = fromRows([
 *   { invoiceNo: '1', stockCode: 'A', quantity: 1 },
 *   { invoiceNo: '1', stockCode: 'B', quantity: 2 },
 *   { invoiceNo: '2', stockCode: 'A', quantity: -1 },
 * ]);
 * const b = buildBaskets(f);
 * b.length // 1
 * [...b.items].map((i) => b.itemLabels[i]) // ['A', 'B']
 */
export function buildBaskets(frame: Frame, options: BuildBasketsOptions = {}): Baskets {
  const fn = 'buildBaskets';
  const itemName = options.item ?? 'stockCode';
  const basketName = options.basket ?? 'invoiceNo';
  const aggregate = options.aggregate ?? 'line';
  const minQuantity = options.minQuantity ?? 1;
  const minItems = options.minItems ?? 1;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  if (aggregate !== 'line' && aggregate !== 'sum') throw invalidArgument(fn, 'aggregate', aggregate, "'line' or 'sum'");
  if (!Number.isFinite(minQuantity)) throw invalidArgument(fn, 'minQuantity', minQuantity, 'a finite number');
  if (!(Number.isInteger(minItems) && minItems >= 1))
    throw invalidArgument(fn, 'minItems', minItems, 'an integer >= 1', 'Use 2 to keep baskets with at least 2 items.');
  if (!(maxItems === Number.POSITIVE_INFINITY || (Number.isInteger(maxItems) && maxItems >= minItems)))
    throw invalidArgument(fn, 'maxItems', maxItems, `an integer >= minItems (${minItems}) or Infinity`);

  const bcol = strings(frame, basketName, fn);
  const icol = strings(frame, itemName, fn);
  const qty = numbers(frame, options.quantity ?? 'quantity', fn);
  const n = frame.length;

  // item dictionary code → provisional label id (dictionaries may repeat a value after hand-made edits)
  const labelIndex = new Map<string, number>();
  const labels: string[] = [];
  const codeToLabel = new Int32Array(icol.values.length);
  for (let c = 0; c < icol.values.length; c++) {
    const v = icol.values[c];
    let id = labelIndex.get(v);
    if (id === undefined) {
      id = labels.length;
      labels.push(v);
      labelIndex.set(v, id);
    }
    codeToLabel[c] = id;
  }

  // basket code → ordinal by first appearance, over the rows that can contribute
  const basketOrd = new Int32Array(bcol.values.length).fill(-1);
  const firstCode: number[] = [];
  const rowBasket = new Int32Array(n).fill(-1);
  let rowsMissing = 0;
  let rowsUsed = 0;
  for (let i = 0; i < n; i++) {
    const bc = bcol.codes[i];
    const ic = icol.codes[i];
    const q = qty[i];
    if (bc < 0 || ic < 0 || Number.isNaN(q)) {
      rowsMissing++;
      continue;
    }
    if (aggregate === 'line' && !(q >= minQuantity)) continue;
    let o = basketOrd[bc];
    if (o < 0) {
      o = basketOrd[bc] = firstCode.length;
      firstCode.push(bc);
    }
    rowBasket[i] = o;
    rowsUsed++;
  }
  const nb = firstCode.length;
  // CSR of rows by basket ordinal (counting sort)
  const rowOff = new Int32Array(nb + 1);
  for (let i = 0; i < n; i++) if (rowBasket[i] >= 0) rowOff[rowBasket[i] + 1]++;
  for (let b = 0; b < nb; b++) rowOff[b + 1] += rowOff[b];
  const pos = rowOff.slice(0, nb);
  const rowsOf = new Int32Array(rowOff[nb]);
  for (let i = 0; i < n; i++) {
    const b = rowBasket[i];
    if (b >= 0) rowsOf[pos[b]++] = i;
  }

  // per basket: distinct (or summed) items, size filters
  const acc = new Float64Array(labels.length);
  const seen = new Uint8Array(labels.length);
  const touched = new Int32Array(labels.length);
  const outOff: number[] = [0];
  const outItems = new Int32Array(rowOff[nb]);
  const keptBaskets: number[] = [];
  let fill = 0;
  let droppedSmall = 0;
  let droppedLarge = 0;
  let basketsSeen = 0;
  for (let b = 0; b < nb; b++) {
    let t = 0;
    for (let r = rowOff[b]; r < rowOff[b + 1]; r++) {
      const row = rowsOf[r];
      const l = codeToLabel[icol.codes[row]];
      if (!seen[l]) {
        seen[l] = 1;
        touched[t++] = l;
      }
      acc[l] += qty[row];
    }
    let k = 0;
    for (let j = 0; j < t; j++) {
      const l = touched[j];
      if (aggregate === 'line' || acc[l] >= minQuantity) outItems[fill + k++] = l;
      seen[l] = 0;
      acc[l] = 0;
    }
    if (k === 0) continue;
    basketsSeen++;
    if (k < minItems) {
      droppedSmall++;
      continue;
    }
    if (k > maxItems) {
      droppedLarge++;
      continue;
    }
    fill += k;
    outOff.push(fill);
    keptBaskets.push(b);
  }

  // final item ids: labels present in kept baskets, sorted
  const used = new Uint8Array(labels.length);
  for (let j = 0; j < fill; j++) used[outItems[j]] = 1;
  const present: number[] = [];
  for (let l = 0; l < labels.length; l++) if (used[l]) present.push(l);
  present.sort((a, b) => (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : 0));
  const finalId = new Int32Array(labels.length).fill(-1);
  for (let i = 0; i < present.length; i++) finalId[present[i]] = i;
  const items = outItems.slice(0, fill);
  for (let j = 0; j < fill; j++) items[j] = finalId[items[j]];
  const offsets = Int32Array.from(outOff);
  for (let b = 0; b < keptBaskets.length; b++) items.subarray(offsets[b], offsets[b + 1]).sort();

  return {
    length: keptBaskets.length,
    offsets,
    items,
    itemLabels: present.map((l) => labels[l]),
    basketLabels: keptBaskets.map((b) => bcol.values[firstCode[b]]),
    stats: { rows: n, rowsMissing, rowsUsed, basketsSeen, droppedSmall, droppedLarge },
  };
}
