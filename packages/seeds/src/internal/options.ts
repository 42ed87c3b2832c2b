import { invalidArgument } from '@retailkit/core';
import type { SeedOptions } from '../seed-options.js';
import {
  DEFAULT_ROWS,
  DEFAULT_SEED,
  FULL_DAYS,
  MAX_PRODUCTS,
  MAX_ROWS,
  MIN_CUSTOMERS,
  MIN_DAYS,
  MIN_PRODUCTS,
  MIN_ROWS,
  type ResolvedOptions,
} from './generator.js';

const KNOWN = new Set(['seed', 'rows', 'days', 'customers', 'products']);

/** The largest `customers` accepted for `rows` rows: one customer per 40 rows at most. */
export const maxCustomers = (rows: number): number => Math.max(MIN_CUSTOMERS, Math.floor(rows / 40));

/** Validate the options once at the public entry and fill the defaults. */
export function resolveOptions(fn: string, options: SeedOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    throw invalidArgument(fn, 'options', options, 'an object', 'Pass e.g. { seed: 42 }.');
  for (const key of Object.keys(options))
    if (!KNOWN.has(key))
      throw invalidArgument(fn, `options.${key}`, key, `one of ${[...KNOWN].join(', ')}`, 'Remove the unknown option.');
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'number' || !Number.isFinite(seed))
    throw invalidArgument(fn, 'seed', seed, 'a finite number', 'Pass e.g. { seed: 42 }.');
  const rows = options.rows ?? DEFAULT_ROWS;
  const integerIn = (name: string, v: unknown, lo: number, hi: number, fix: string): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
      throw invalidArgument(fn, name, v, `an integer in [${lo}, ${hi}]`, fix);
  };
  integerIn('rows', rows, MIN_ROWS, MAX_ROWS, 'Pass e.g. { rows: 100000 }.');
  const days = options.days ?? FULL_DAYS;
  integerIn('days', days, MIN_DAYS, FULL_DAYS, `Pass e.g. { days: 91 } (the window ends on 2011-12-09).`);
  if (options.customers !== undefined)
    integerIn('customers', options.customers, MIN_CUSTOMERS, maxCustomers(rows), 'Pass fewer customers or more rows.');
  if (options.products !== undefined)
    integerIn('products', options.products, MIN_PRODUCTS, MAX_PRODUCTS, 'Pass e.g. { products: 500 }.');
  return { seed, rows, days, customers: options.customers, products: options.products };
}
