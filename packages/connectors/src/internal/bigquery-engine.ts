import type { BigQuery } from '@google-cloud/bigquery';

/** The key under which a `bigquery:` engine from openSqlEngine carries its client (not part of the public API). */
export const BIGQUERY_ENGINE = Symbol('retailkit.bigqueryEngine');

/** What a BigQuery engine shares with the connectors that need more than `query`/`exec` (load jobs, job polling). */
export interface BigQueryEngineHandle {
  readonly client: BigQuery;
  readonly projectId: string;
  readonly datasetId: string;
}

/** The handle of an engine opened by `openSqlEngine('bigquery:…')`, or undefined for any other object. */
export function bigQueryHandle(engine: object): BigQueryEngineHandle | undefined {
  return (engine as { [BIGQUERY_ENGINE]?: BigQueryEngineHandle })[BIGQUERY_ENGINE];
}
