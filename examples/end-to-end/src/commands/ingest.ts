import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type CsvInfo,
  downloadToLake,
  kaggleDownload,
  localLake,
  readCsv,
  readCsvBatches,
  readParquet,
  readPostgres,
  redact,
} from '@retailkit/connectors';
import { type ColumnSummary, describe, type Frame, fromRows, isoDateTime } from '@retailkit/core';
import { type ColumnMapping, planColumns, renameColumns } from '../columns.js';
import { type Context, dataFileSize, fmtInt, table } from '../context.js';
import { CLI_ERROR_CODES, cliError } from '../errors.js';

export interface Ingested {
  source: string;
  frame: Frame;
  quarantine: Frame;
  info: CsvInfo;
}

/**
 * Read `--data` into a transaction Frame (once per run), its columns named by `--columns` and the UCI header
 * aliases. A CSV's header is checked before the file is read: without the eight transaction columns, ingest stops
 * there (`CLI_MISSING_COLUMNS`, naming the columns found and needed). Malformed rows are quarantined, never dropped.
 */
export function ingest(ctx: Context): Promise<Ingested> {
  return ctx.once('ingest', () =>
    ctx.step(
      'ingest',
      async (progress) => {
        const spec = ctx.options.data;
        const mapping = ctx.options.columns ?? {};
        if (/^postgres(ql)?:\/\//.test(spec)) {
          // postgres://user:pass@host:port/db?table=name (default table: transactions_raw, as `load` writes it)
          const url = new URL(spec);
          const table = url.searchParams.get('table') ?? 'transactions_raw';
          url.searchParams.delete('table');
          const frame = await readPostgres({ connectionString: url.toString(), table });
          return frameOnly(`${redact(spec)}`, frame, mapping, `the table ${table}`);
        }
        const remote = /^https?:|^kaggle:/i.test(spec);
        const size = remote ? undefined : await dataFileSize(spec);
        if (/\.parquet$/i.test(spec) && !remote)
          return frameOnly(spec, await readParquet(spec), mapping, basename(spec));
        const source = await fetchSource(ctx, spec);
        const columns = planColumns(await csvHeader(source), mapping, basename(source));
        const total = size ?? (await stat(source).then((s) => s.size));
        const { frame, quarantine, info } = await readCsv(source, {
          onError: 'quarantine',
          columns,
          onProgress: ({ bytes }) => progress.update(bytes, total),
        });
        return { source, frame, quarantine, info };
      },
      (r) =>
        `${fmtInt(r.frame.length)} rows from ${basename(r.source)} (${r.info.encoding}, ${fmtInt(r.info.rowsQuarantined)} quarantined)`,
      { unit: 'bytes' },
    ),
  );
}

/**
 * The column names of a CSV's header, from its first lines only (the rest of the file is not read).
 *
 * @throws RetailKitError as readCsv for a file that is not CSV (`CSV_EMPTY`, `CSV_BINARY_INPUT`, …).
 */
async function csvHeader(source: string): Promise<string[]> {
  const batches = readCsvBatches(source, { batchSize: 512, inferRows: 1, canonical: false, onError: 'quarantine' });
  try {
    const first = await batches.next();
    return first.done ? [] : first.value.info.columns.map((c) => c.source);
  } finally {
    await batches.return(undefined);
  }
}

/** `retailkit ingest`: read a file, print its schema and summary, write `<out>/ingest.json`. */
export async function ingestCommand(ctx: Context): Promise<void> {
  const r = await ingest(ctx);
  const summary = describe(r.frame);
  const dates = summary.find((c) => c.name === 'invoiceDate');
  const report = {
    source: r.source,
    rows: r.frame.length,
    rowsRead: r.info.rowsRead,
    rowsQuarantined: r.info.rowsQuarantined,
    blankLines: r.info.blankLines,
    encoding: r.info.encoding,
    columns: r.info.columns.map((c) => ({ ...c, ...pick(summary.find((s) => s.name === c.name)) })),
    dateRange:
      dates?.min !== undefined && dates.max !== undefined
        ? { min: isoDateTime(dates.min), max: isoDateTime(dates.max) }
        : null,
    quarantine: r.quarantine.length,
  };
  const file = await ctx.writeJson('ingest.json', report);
  ctx.print();
  ctx.print(
    table(
      ['column', 'source', 'type', 'missing', 'distinct', 'min', 'max'],
      report.columns.map((c) => [
        c.name,
        c.source,
        c.type,
        fmtInt(c.missing ?? 0),
        c.distinct === undefined ? '' : fmtInt(c.distinct),
        c.min === undefined ? '' : c.type === 'timestamp' ? isoDateTime(c.min) : String(+c.min.toFixed(4)),
        c.max === undefined ? '' : c.type === 'timestamp' ? isoDateTime(c.max) : String(+c.max.toFixed(4)),
      ]),
    ),
  );
  ctx.print(`\nwrote ${file}`);
}

function pick(s: ColumnSummary | undefined): Partial<ColumnSummary> {
  if (!s) return {};
  const { name: _n, type: _t, ...rest } = s;
  return rest;
}

/**
 * A source read without the CSV reader (Parquet, PostgreSQL), its columns renamed as a CSV's would be: every row
 * kept, nothing to quarantine.
 */
function frameOnly(source: string, read: Frame, mapping: ColumnMapping, where: string): Ingested {
  const rename = planColumns(Object.keys(read.columns), mapping, where);
  const frame = renameColumns(read, rename);
  return {
    source,
    frame,
    quarantine: fromRows([]),
    info: {
      rowsRead: frame.length,
      rowsKept: frame.length,
      rowsQuarantined: 0,
      blankLines: 0,
      encoding: 'binary',
      columns: Object.entries(read.columns).map(([name, c]) => ({
        source: name,
        name: Object.hasOwn(rename, name) ? rename[name] : name,
        type: c.type as never,
      })),
    },
  };
}

/**
 * A local file for `--data`: a path as is; an `https://` URL downloaded (streamed, retried, SSRF-guarded) into
 * `<out>/lake/raw/`; `kaggle:owner/slug` downloaded with the Kaggle API (credentials from KAGGLE_USERNAME and
 * KAGGLE_KEY or ~/.kaggle/kaggle.json) and unzipped into the lake, taking its first CSV.
 */
async function fetchSource(ctx: Context, spec: string): Promise<string> {
  if (/^https?:\/\//i.test(spec)) {
    const lake = localLake(ctx.outPath('lake'));
    const allow = ctx.options.allowPrivateNetwork ? { loopback: true, privateNetworks: true } : undefined;
    const put = await downloadToLake(spec, lake, allow ? { allow } : {});
    return lake.uriOf(put.key);
  }
  const kaggle = /^kaggle:(.+)$/i.exec(spec);
  if (kaggle) {
    const lake = localLake(ctx.outPath('lake'));
    const { files } = await kaggleDownload({
      dataset: kaggle[1],
      lake,
      ...(ctx.options.allowPrivateNetwork ? { http: { allow: { loopback: true, privateNetworks: true } } } : {}),
    });
    const csv = files.find((f) => /\.csv(\.gz)?$/i.test(f.name) && f.key);
    if (!csv?.key)
      throw cliError(
        CLI_ERROR_CODES.noCsv,
        `ingest: the Kaggle data set ${kaggle[1]} holds no CSV file (${files.map((f) => f.name).join(', ') || 'no files'}); pass a data set with a .csv or .csv.gz file.`,
        { dataset: kaggle[1], files: files.map((f) => f.name) },
      );
    return lake.uriOf(csv.key);
  }
  return spec;
}
