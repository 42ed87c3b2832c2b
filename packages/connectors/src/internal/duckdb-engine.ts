import type { SqlEngine } from '../engine/open-sql-engine.js';

/** The key under which a `duckdb:` engine from openSqlEngine carries its database (not part of the public API). */
export const DUCKDB_ENGINE = Symbol('retailkit.duckdbEngine');

/** What a DuckDB engine shares with the connectors that need a connection of their own to its database. */
export interface DuckDbEngineHandle {
  /**
   * An engine on a new connection to the same database: its transactions are its own (statements of the first
   * engine never land inside them), and its `close()` closes only that connection.
   */
  connect(): Promise<SqlEngine>;
}

/** The handle of an engine opened by `openSqlEngine('duckdb:…')`, or undefined for any other object. */
export function duckDbHandle(engine: object): DuckDbEngineHandle | undefined {
  return (engine as { [DUCKDB_ENGINE]?: DuckDbEngineHandle })[DUCKDB_ENGINE];
}
