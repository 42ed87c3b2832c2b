import { createHash } from 'node:crypto';
import type { Baskets } from '../build-baskets.js';

/** SHA-256 of the baskets (CSR arrays and item labels): the recommender's training fingerprint. O(items). */
export function basketsFingerprint(b: Baskets): string {
  const h = createHash('sha256');
  h.update(`baskets:${b.length};items:${b.itemLabels.length};`);
  h.update(new Uint8Array(b.offsets.buffer, b.offsets.byteOffset, b.offsets.byteLength));
  h.update(new Uint8Array(b.items.buffer, b.items.byteOffset, b.items.byteLength));
  h.update(b.itemLabels.join('\u0000'));
  return `sha256:${h.digest('hex')}`;
}
