import { createRng, fromRows, type RetailKitError, TRANSACTION_SCHEMA } from '@retailkit/core';
import type { Handler } from '@retailkit/serve';

export const BASE = 'http://serve.test';

export function post(
  handler: Handler,
  path: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Response> {
  return handler(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers,
      body: (typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)) as BodyInit,
    }),
  );
}

export function get(handler: Handler, path: string, method = 'GET'): Promise<Response> {
  return handler(new Request(`${BASE}${path}`, { method }));
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<RetailKitError> {
  try {
    await p;
  } catch (e) {
    return e as RetailKitError;
  }
  throw new Error('expected a rejection');
}

/** Random transactions of `customers` customers (1 to 8 invoices each, one product, 2011): a small rfm training set. */
export function transactionFrame(seed: number, customers: number) {
  const rng = createRng(seed);
  const rows = [];
  for (let c = 0; c < customers; c++)
    for (let i = 0, n = 1 + Math.floor(rng.next() * 8); i < n; i++)
      rows.push({
        invoiceNo: `${c}-${i}`,
        stockCode: 'A',
        description: 'x',
        quantity: 1 + Math.floor(rng.next() * 10),
        invoiceDate: Date.UTC(2011, 0, 1) + Math.floor(rng.next() * 300) * 86_400_000,
        unitPrice: 1 + rng.next() * 5,
        customerId: `C${c}`,
        country: 'United Kingdom',
      });
  return fromRows(rows, TRANSACTION_SCHEMA);
}
