import { invalidArgument } from '@retailkit/core';
import type { Baskets } from './build-baskets.js';

/**
 * Baskets from plain arrays of item labels (one array per basket; duplicates within a basket collapse).
 * Empty baskets are kept (they count in the support denominator); basket labels are the indices as strings.
 * O(Σ k log k) for baskets of k items.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when `transactions` is not an array of string arrays.
 * @example
 * basketsFromArrays([['b', 'a'], ['a']]).itemLabels // ['a', 'b']
 */
export function basketsFromArrays(transactions: readonly (readonly string[])[]): Baskets {
  if (!Array.isArray(transactions))
    throw invalidArgument('basketsFromArrays', 'transactions', transactions, 'an array of string arrays');
  const set = new Set<string>();
  for (const t of transactions) {
    if (!Array.isArray(t)) throw invalidArgument('basketsFromArrays', 'transactions[i]', t, 'an array of strings');
    for (const x of t) {
      if (typeof x !== 'string') throw invalidArgument('basketsFromArrays', 'item', x, 'a string');
      set.add(x);
    }
  }
  const itemLabels = [...set].sort();
  const id = new Map(itemLabels.map((l, i) => [l, i]));
  const offsets = new Int32Array(transactions.length + 1);
  const rows: number[][] = [];
  for (let b = 0; b < transactions.length; b++) {
    const row: number[] = [...new Set<number>(transactions[b].map((x: string) => id.get(x) as number))];
    row.sort((a, c) => a - c);
    rows.push(row);
    offsets[b + 1] = offsets[b] + row.length;
  }
  const items = new Int32Array(offsets[transactions.length]);
  for (let b = 0; b < rows.length; b++) items.set(rows[b], offsets[b]);
  return {
    length: transactions.length,
    offsets,
    items,
    itemLabels,
    basketLabels: transactions.map((_, b) => String(b)),
    stats: {
      rows: items.length,
      rowsMissing: 0,
      rowsUsed: items.length,
      basketsSeen: transactions.length,
      droppedSmall: 0,
      droppedLarge: 0,
    },
  };
}
