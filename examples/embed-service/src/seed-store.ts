import { type CleanResult, clean } from '@retailkit/cleaning';
import { readCsv } from '@retailkit/connectors';
import { type Frame, isoDateTime, numbers, type StringColumn, strings, typedColumn } from '@retailkit/core';
import { addOrderLine, createStore, type Store } from './store.js';

/**
 * Read a transaction file (CSV or CSV.gz with the Online Retail columns) and clean it: cleaning's views, from
 * which the models are fitted and the shop's store is filled.
 *
 * @throws RetailKitError from `readCsv` (file, format) and `clean`.
 */
export async function readSeedViews(path: string): Promise<CleanResult['views']> {
  return clean((await readCsv(path)).frame).views;
}

/**
 * Fill the shop's store from cleaning's `revenue` view (the seeds stand in for the shop's database): every line
 * becomes an order line (cancellations and guest orders kept), the product lines of purchases make the catalogue
 * with their last price and description. O(rows).
 */
export function storeFromRevenue(revenue: Frame): Store {
  const text = (name: string) => strings(revenue, name);
  const at = (c: StringColumn, i: number) => (c.codes[i] < 0 ? null : c.values[c.codes[i]]);
  const [invoice, code, description, customer, country] = [
    'invoiceNo',
    'stockCode',
    'description',
    'customerId',
    'country',
  ].map(text);
  const quantity = numbers(revenue, 'quantity');
  const price = numbers(revenue, 'unitPrice');
  const date = numbers(revenue, 'invoiceDate');
  const nonProduct = typedColumn(revenue, 'isNonProduct', 'boolean').data;
  const cancellation = typedColumn(revenue, 'isCancellation', 'boolean').data;
  const store = createStore();
  for (let i = 0; i < revenue.length; i++) {
    const line = {
      invoiceNo: at(invoice, i) as string,
      sku: at(code, i) as string,
      quantity: quantity[i],
      unitPrice: price[i],
      invoiceDate: isoDateTime(date[i]),
      customerId: at(customer, i),
    };
    const product =
      nonProduct[i] || cancellation[i] || !(line.unitPrice > 0)
        ? undefined
        : { sku: line.sku, name: at(description, i) ?? line.sku, price: line.unitPrice };
    addOrderLine(store, line, product, at(country, i) ?? undefined);
  }
  return store;
}
