import type { Schema } from './rows.js';

/**
 * The canonical transaction schema every package agrees on. Timestamps are naive wall-clock times stored as
 * epoch ms "as if UTC".
 */
export const TRANSACTION_SCHEMA = {
  invoiceNo: 'string',
  stockCode: 'string',
  description: 'string',
  quantity: 'number',
  invoiceDate: 'timestamp',
  unitPrice: 'number',
  customerId: 'string',
  country: 'string',
} as const satisfies Schema;

export type TransactionColumn = keyof typeof TRANSACTION_SCHEMA;

/**
 * Source column names recognised without options (UCI Online Retail and Online Retail II, Kaggle `data.csv`),
 * mapped to canonical names. Matching ignores case, spaces and underscores.
 */
export const TRANSACTION_ALIASES: Readonly<Record<string, TransactionColumn>> = {
  invoiceno: 'invoiceNo',
  invoice: 'invoiceNo',
  stockcode: 'stockCode',
  description: 'description',
  quantity: 'quantity',
  invoicedate: 'invoiceDate',
  unitprice: 'unitPrice',
  price: 'unitPrice',
  customerid: 'customerId',
  country: 'country',
};

/** Normalise a header for alias lookup: lower case, without spaces, underscores and dashes. */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}
