import { createHash } from 'node:crypto';
import type { ItemsetTable } from '../itemset-table.js';

/**
 * SHA-256 of what the rules are computed from: the number of baskets and of items, and each frequent itemset (its
 * sorted labels and count, in the table's canonical order). The recommender's training fingerprint: the same for
 * the same data mined in memory or counted in a warehouse. O(itemsets).
 */
export function itemsetsFingerprint(t: ItemsetTable): string {
  const h = createHash('sha256');
  h.update(`baskets:${t.transactions};items:${t.items};itemsets:${t.itemsets.length};`);
  for (const s of t.itemsets) h.update(`${s.items.join('\u0000')}\u0001${s.count}\u0002`);
  return `sha256:${h.digest('hex')}`;
}
