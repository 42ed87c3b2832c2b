import type { RetailKitError } from '@retailkit/core';
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
