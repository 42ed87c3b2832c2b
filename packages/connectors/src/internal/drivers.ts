/// <reference path="./pg-copy-streams.d.ts" />
import { connectorError } from '../errors.js';

/**
 * The optional peer dependencies (database and cloud drivers) and the module each import gives. They are
 * imported only here, when a function that needs them runs, so an app that reads CSV never installs them.
 */
export interface Drivers {
  pg: typeof import('pg');
  'pg-copy-streams': typeof import('pg-copy-streams');
  '@aws-sdk/client-s3': typeof import('@aws-sdk/client-s3');
  '@google-cloud/storage': typeof import('@google-cloud/storage');
  '@google-cloud/bigquery': typeof import('@google-cloud/bigquery');
  '@duckdb/node-api': typeof import('@duckdb/node-api');
}

/** Whether `e` says that the module `name` itself could not be found (not a file or a dependency inside it). */
function isMissing(e: unknown, name: string): boolean {
  const err = e as { code?: string; message?: string } | undefined;
  const message = String(err?.message ?? '');
  const notFound =
    err?.code === 'ERR_MODULE_NOT_FOUND' ||
    err?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(message);
  const escaped = name.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  return notFound && new RegExp(`(^|[\\s'"])${escaped}($|[\\s'"])`).test(message);
}

/**
 * Import modules by name, in order. Any that is not installed fails the call with one `CONNECTOR_DRIVER_MISSING`
 * naming `fn` and the `npm install` line for all the missing ones; other import errors pass through.
 */
export async function importModules(fn: string, names: readonly string[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(names.map((n) => import(n)));
  const missing = names.filter((n, i) => {
    const r = settled[i];
    return r.status === 'rejected' && isMissing(r.reason, n);
  });
  if (missing.length > 0) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    throw connectorError(
      'CONNECTOR_DRIVER_MISSING',
      `${fn}: needs ${list}, ${missing.length === 1 ? 'an optional peer dependency' : 'optional peer dependencies'} of @retailkit/connectors that ${missing.length === 1 ? 'is' : 'are'} not installed. Install with: npm install ${missing.join(' ')}`,
      { details: { function: fn, missing, install: `npm install ${missing.join(' ')}` } },
    );
  }
  return settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
}

/**
 * The drivers `fn` needs, imported on first use.
 *
 * @throws RetailKitError `CONNECTOR_DRIVER_MISSING` when one is not installed, e.g. `postgresWarehouse: needs pg
 *   and pg-copy-streams, optional peer dependencies of @retailkit/connectors that are not installed. Install with:
 *   npm install pg pg-copy-streams`.
 * @example
 * const [{ default: pg }, copyStreams] = await loadDrivers('readPostgres', ['pg', 'pg-copy-streams']);
 */
export async function loadDrivers<const K extends readonly (keyof Drivers)[]>(
  fn: string,
  names: K,
): Promise<{ -readonly [I in keyof K]: Drivers[K[I]] }> {
  return (await importModules(fn, names)) as { -readonly [I in keyof K]: Drivers[K[I]] };
}
