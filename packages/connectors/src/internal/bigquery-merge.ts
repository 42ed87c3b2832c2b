import { type Frame, invalidArgument, sqlDialect } from '@retailkit/core';
import { connectorError, redact } from '../errors.js';
import { bigQueryWarehouse } from '../warehouse/bigquery-warehouse.js';
import type { BigQueryEngineHandle } from './bigquery-engine.js';
import { quoteIdent } from './sql.js';

/** One column of a merge source: its name and whether it holds numbers (compared within the tolerance). */
export interface MergeColumn {
  readonly name: string;
  readonly numeric: boolean;
}

/** Everything the BigQuery merge script is generated from (identifiers already checked). */
export interface BigQueryMergeSpec {
  readonly projectId: string;
  readonly datasetId: string;
  readonly target: string;
  readonly stateTable: string;
  readonly key: readonly string[];
  /** The source's columns, in order. */
  readonly columns: readonly MergeColumn[];
  /** A staging table in the dataset (a Frame loaded by a load job), or a `SELECT` run inside the script. */
  readonly source: { readonly table: string } | { readonly select: string };
  /** The target does not exist yet: the script creates it empty, with the source's columns, before the transaction. */
  readonly createTarget: boolean;
  readonly tolerance: number;
}

const FN = 'mergeInto';
/** Words of the message the script raises for a repeated key; mergeInto turns it into LOAD_REJECTED. */
const DUPLICATES = /(\d+) rows whose key repeats/;
const NUMERIC_TYPES = new Set(['FLOAT', 'FLOAT64', 'INTEGER', 'INT64', 'NUMERIC', 'BIGNUMERIC']);

const q = (name: string): string => `\`${name}\``;

/**
 * The BigQuery script of one merge (BigQuery scripting, one query job): the source's key uniqueness is checked
 * before anything is written; DDL (the target on the first merge, the state table) runs before the transaction,
 * as BigQuery allows no DDL inside one; then one transaction counts inserted / updated / deleted by key, applies
 * one `MERGE` (`WHEN MATCHED AND <differs>`, `NOT MATCHED BY TARGET`, `NOT MATCHED BY SOURCE`) and upserts the
 * state row; any error rolls it back and is raised again. The script's last statement returns the counts.
 */
export function bigQueryMergeScript(spec: BigQueryMergeSpec): string {
  const fq = (t: string) => `\`${spec.projectId}.${spec.datasetId}.${t}\``;
  const target = fq(spec.target);
  const state = fq(spec.stateTable);
  const src = 'table' in spec.source ? fq(spec.source.table) : 'rk_source';
  const keys = spec.key.map(q);
  const values = spec.columns.filter((c) => !spec.key.includes(c.name));
  const on = keys.map((k) => `t.${k} = s.${k}`).join(' AND ');
  const tol = spec.tolerance;
  const differ = ({ name, numeric }: MergeColumn): string =>
    tol > 0 && numeric
      ? `((t.${q(name)} IS NULL) != (s.${q(name)} IS NULL) OR ABS(t.${q(name)} - s.${q(name)}) > ${tol} * GREATEST(1, ABS(t.${q(name)}), ABS(s.${q(name)})))`
      : `t.${q(name)} IS DISTINCT FROM s.${q(name)}`;
  const differs = values.length ? values.map(differ).join(' OR ') : 'FALSE';
  const cols = spec.columns.map((c) => q(c.name));
  const lit = sqlDialect('bigquery').literal;
  const stateCols = ['rows_in_table', 'inserted', 'updated', 'deleted', 'unchanged'];
  return [
    'DECLARE rk_dups, rk_src, rk_ins, rk_upd, rk_del INT64;',
    ...('select' in spec.source ? [`CREATE TEMP TABLE rk_source AS ${spec.source.select};`] : []),
    `SET rk_dups = (SELECT COUNT(*) FROM ${src}) - (SELECT COUNT(*) FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${src}));`,
    'IF rk_dups > 0 THEN',
    `  RAISE USING MESSAGE = FORMAT('mergeInto: the source of ${spec.target} has %d rows whose key repeats another row', rk_dups);`,
    'END IF;',
    ...(spec.createTarget ? [`CREATE TABLE IF NOT EXISTS ${target} AS SELECT * FROM ${src} WHERE FALSE;`] : []),
    `CREATE TABLE IF NOT EXISTS ${state} (target STRING NOT NULL, key_columns STRING NOT NULL, ${stateCols.map((c) => `${c} INT64 NOT NULL`).join(', ')});`,
    'BEGIN',
    '  BEGIN TRANSACTION;',
    `  SET (rk_src, rk_ins, rk_upd, rk_del) = (SELECT AS STRUCT (SELECT COUNT(*) FROM ${src}), (SELECT COUNT(*) FROM ${src} AS s WHERE NOT EXISTS (SELECT 1 FROM ${target} AS t WHERE ${on})), (SELECT COUNT(*) FROM ${src} AS s JOIN ${target} AS t ON ${on} WHERE ${differs}), (SELECT COUNT(*) FROM ${target} AS t WHERE NOT EXISTS (SELECT 1 FROM ${src} AS s WHERE ${on})));`,
    `  MERGE ${target} AS t USING ${src} AS s ON ${on}${
      values.length
        ? ` WHEN MATCHED AND (${differs}) THEN UPDATE SET ${values.map((c) => `${q(c.name)} = s.${q(c.name)}`).join(', ')}`
        : ''
    } WHEN NOT MATCHED BY TARGET THEN INSERT (${cols.join(', ')}) VALUES (${cols.map((c) => `s.${c}`).join(', ')}) WHEN NOT MATCHED BY SOURCE THEN DELETE;`,
    `  MERGE ${state} AS m USING (SELECT ${lit(spec.target)} AS target, ${lit(spec.key.join(','))} AS key_columns, rk_src AS rows_in_table, rk_ins AS inserted, rk_upd AS updated, rk_del AS deleted, rk_src - rk_ins - rk_upd AS unchanged) AS n ON m.target = n.target WHEN MATCHED THEN UPDATE SET key_columns = n.key_columns, ${stateCols.map((c) => `${c} = n.${c}`).join(', ')} WHEN NOT MATCHED THEN INSERT (target, key_columns, ${stateCols.join(', ')}) VALUES (n.target, n.key_columns, ${stateCols.map((c) => `n.${c}`).join(', ')});`,
    '  COMMIT TRANSACTION;',
    'EXCEPTION WHEN ERROR THEN',
    '  ROLLBACK TRANSACTION;',
    '  RAISE USING MESSAGE = @@error.message;',
    'END;',
    'SELECT rk_src AS src, rk_ins AS inserted, rk_upd AS updated, rk_del AS deleted;',
  ].join('\n');
}

/** The columns of a Frame source; number and int columns compare within the tolerance. */
function frameColumns(frame: Frame): MergeColumn[] {
  return Object.entries(frame.columns).map(([name, c]) => ({
    name,
    numeric: c.type === 'number' || c.type === 'int',
  }));
}

/** Column names through the allow-list, and every key column among them. */
function checkColumns(columns: readonly MergeColumn[], key: readonly string[]): void {
  const names = columns.map((c) => c.name);
  for (const n of names) quoteIdent(n, FN, 'column');
  for (const k of key)
    if (!names.includes(k))
      throw invalidArgument(
        FN,
        'key',
        k,
        `a column of the source (${names.join(', ')})`,
        'Name key columns the source has.',
      );
}

interface BigQueryMergeOptions {
  readonly target: string;
  readonly source: string | Frame;
  readonly key: readonly string[];
  readonly stateTable: string;
  readonly tolerance: number;
}

/** The counts mergeInto reports (see MergeResult). */
export interface BigQueryMergeCounts {
  readonly src: number;
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
}

/**
 * mergeInto on BigQuery: a Frame goes to a staging table by bigQueryWarehouse's load job, a `SELECT` is dry-run
 * for its columns; then one script job (see bigQueryMergeScript) is created and polled until DONE and its counts
 * read; the staging table is deleted afterwards, also on failure.
 */
export async function mergeIntoBigQuery(
  h: BigQueryEngineHandle,
  o: BigQueryMergeOptions,
): Promise<BigQueryMergeCounts> {
  const fail = (e: unknown): never => {
    const err = e as { code?: unknown; message?: string };
    const message = redact(err.message ?? String(e));
    const dups = DUPLICATES.exec(message);
    if (dups)
      throw connectorError(
        'LOAD_REJECTED',
        `${FN}: the source of ${o.target} has ${dups[1]} rows whose key (${o.key.join(', ')}) repeats an earlier row's. Give each key one row.`,
        { details: { table: o.target, key: [...o.key], duplicates: Number(dups[1]) }, cause: e },
      );
    const status = typeof err.code === 'number' ? err.code : undefined;
    throw connectorError('BIGQUERY_FAILED', `${FN} (table ${o.target}): ${message}`, {
      details: { status: status ?? null, table: o.target },
      retryable: status === undefined || status >= 500 || status === 429,
      cause: e,
    });
  };
  const { client, projectId, datasetId } = h;
  const dataset = client.dataset(datasetId, { projectId });
  const defaultDataset = { projectId, datasetId };
  let columns: MergeColumn[];
  if (typeof o.source === 'string') {
    // a dry run: BigQuery checks the SELECT and answers its columns without running it
    const [dry] = await client.createQueryJob({ query: o.source, dryRun: true, defaultDataset }).catch(fail);
    const fields = (dry.metadata?.statistics?.query?.schema?.fields ?? []) as { name: string; type: string }[];
    columns = fields.map((f) => ({ name: f.name, numeric: NUMERIC_TYPES.has(f.type) }));
  } else columns = frameColumns(o.source);
  checkColumns(columns, o.key);
  const stage = typeof o.source === 'string' ? undefined : `${o.target.slice(0, 40)}__rk_stage`;
  try {
    if (stage) {
      // the warehouse's Parquet load job (text repairs, non-finite numbers refused), into a table of its own
      const wh = await bigQueryWarehouse({ projectId, dataset: datasetId, client });
      await wh.load(stage, o.source as Frame, { disposition: 'replace' });
    }
    const names = columns.map((c) => c.name);
    const existing = await dataset
      .table(o.target)
      .getMetadata()
      .then(
        ([meta]) => ((meta.schema?.fields ?? []) as { name: string }[]).map((f) => f.name),
        (e) => ((e as { code?: unknown }).code === 404 ? undefined : fail(e)),
      );
    if (existing && existing.join(',') !== names.join(','))
      throw connectorError(
        'LOAD_SCHEMA_MISMATCH',
        `${FN}: table ${o.target} has columns ${existing.join(', ')}, the source ${names.join(', ')}. Drop the table or merge into another one.`,
        { details: { table: o.target, existing, received: names } },
      );
    const script = bigQueryMergeScript({
      projectId,
      datasetId,
      target: o.target,
      stateTable: o.stateTable,
      key: o.key,
      columns,
      source: stage ? { table: stage } : { select: o.source as string },
      createTarget: existing === undefined,
      tolerance: o.tolerance,
    });
    const [job] = await client.createQueryJob({ query: script, defaultDataset }).catch(fail);
    await job.promise().catch(fail); // jobs.get until the state is DONE; an errorResult rejects
    const [rows] = await job.getQueryResults({ autoPaginate: false }).catch(fail);
    const c = (rows as Record<string, unknown>[])[0] ?? {};
    return { src: Number(c.src), inserted: Number(c.inserted), updated: Number(c.updated), deleted: Number(c.deleted) };
  } finally {
    if (stage)
      await dataset
        .table(stage)
        .delete()
        .catch(() => undefined);
  }
}
