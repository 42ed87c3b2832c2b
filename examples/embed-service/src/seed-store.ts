import { clean } from '@retailkit/cleaning';
import { readCsv } from '@retailkit/connectors';
import { isoDateTime, toRows } from '@retailkit/core';
import { addOrderLine, createStore, type Store } from './store.js';

/**
 * Fill the shop's store from a transaction file (the seeds stand in for the shop's database): the order history
 * is cleaning's `revenue` view (exact duplicates and bad-debt adjustments removed; cancellations and guest orders
 * kept), the catalogue the product lines among it with their last price and description.
 *
 * @throws RetailKitError from `readCsv` (file, format) and `clean`.
 */
export async function loadSeedStore(path: string): Promise<Store> {
  const { frame } = await readCsv(path);
  const { views } = clean(frame);
  const store = createStore();
  for (const r of toRows(views.revenue)) {
    const date = r.invoiceDate as number | Date;
    const line = {
      invoiceNo: String(r.invoiceNo),
      sku: String(r.stockCode),
      quantity: Number(r.quantity),
      unitPrice: Number(r.unitPrice),
      invoiceDate: isoDateTime(typeof date === 'number' ? date : date.getTime()),
      customerId: r.customerId === null ? null : String(r.customerId),
    };
    const product =
      r.isNonProduct || r.isCancellation || !(line.unitPrice > 0)
        ? undefined
        : { sku: line.sku, name: String(r.description ?? line.sku), price: line.unitPrice };
    addOrderLine(store, line, product, r.country === null ? undefined : String(r.country));
  }
  return store;
}
