import { isRetailKitError, RetailKitError } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { errorLine, isRetailKitRefusal } from '../src/errors.js';
import { fromWire, toWire } from '../src/worker-wire.js';

/** What the main thread gets for an error thrown in a worker: `toWire`, a structured clone, then `fromWire`. */
const across = (e: unknown) => fromWire(structuredClone(toWire(e)));

describe('errors crossing from a worker thread', () => {
  it('a RetailKit refusal stays a refusal: code, message, details and retryable kept', () => {
    const e = new RetailKitError('PG_QUERY_FAILED', 'postgresWarehouse.load: connection refused', {
      details: { sqlstate: null, table: 'transactions_raw' },
      retryable: true,
    });
    const back = across(e);
    expect(isRetailKitError(back)).toBe(true);
    expect(isRetailKitRefusal(back)).toBe(true);
    expect(back).toMatchObject({
      code: 'PG_QUERY_FAILED',
      message: 'postgresWarehouse.load: connection refused',
      details: { sqlstate: null, table: 'transactions_raw' },
      retryable: true,
    });
    expect(errorLine(back)).toBe(errorLine(e));
  });

  it('a system error keeps its code and syscall, so it is not taken for a refusal and prints as before', () => {
    const e = Object.assign(new Error("EACCES: permission denied, open '/lake/raw/x.parquet'"), {
      code: 'EACCES',
      syscall: 'open',
    });
    const back = across(e);
    expect(isRetailKitRefusal(back)).toBe(false);
    expect(back).toMatchObject({ code: 'EACCES', syscall: 'open' });
    expect(errorLine(back)).toBe(errorLine(e));
  });

  it('a bug stays uncoded (CLI_UNEXPECTED) with its name and stack', () => {
    const e = new TypeError('x is undefined');
    const back = across(e);
    expect(back.name).toBe('TypeError');
    expect(back.stack).toBe(e.stack);
    expect(errorLine(back)).toBe(errorLine(e));
  });
});
