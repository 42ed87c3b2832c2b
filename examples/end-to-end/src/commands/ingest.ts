import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type CsvInfo, readCsv } from '@retailkit/connectors';
import { type ColumnSummary, describe, type Frame, isoDateTime } from '@retailkit/core';
import { type Context, fmtInt, table } from '../context.js';

export interface Ingested {
  source: string;
  frame: Frame;
  quarantine: Frame;
  info: CsvInfo;
}

/** Read `--data` into a transaction Frame (once per run). Malformed rows are quarantined, never dropped. */
export function ingest(ctx: Context): Promise<Ingested> {
  return ctx.once('ingest', () =>
    ctx.step(
      'ingest',
      async (progress) => {
        const source = ctx.options.data;
        if (/^(https?:|kaggle:|postgres(ql)?:)/.test(source) || /\.parquet$/i.test(source)) {
          throw new Error(
            `ingest: --data ${source} needs a connector that is not wired into the CLI yet; use a .csv or .csv.gz file.`,
          );
        }
        const size = await stat(source).then((s) => s.size);
        const { frame, quarantine, info } = await readCsv(source, {
          onError: 'quarantine',
          onProgress: ({ bytes }) => progress.update(bytes, size),
        });
        return { source, frame, quarantine, info };
      },
      (r) =>
        `${fmtInt(r.frame.length)} rows from ${basename(r.source)} (${r.info.encoding}, ${fmtInt(r.info.rowsQuarantined)} quarantined)`,
    ),
  );
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
