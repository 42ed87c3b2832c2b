import { type CleanResult, clean, formatQualityReport } from '@retailkit/cleaning';
import { writeParquetFile } from '@retailkit/connectors';
import { select, TRANSACTION_SCHEMA } from '@retailkit/core';
import { type Context, fmtInt } from '../context.js';
import { cleanReference } from '../reference/cleaning.js';

/** Columns of the view files: the canonical transaction columns and `revenue` (flags are implied by each view). */
const VIEW_COLUMNS = [...Object.keys(TRANSACTION_SCHEMA), 'revenue'];

import { ingest } from './ingest.js';

export interface Cleaned extends CleanResult {
  /** Rows the CSV reader could not parse (quarantined at ingest, before cleaning). */
  parseQuarantined: number;
}

/** Ingest then clean `--data` with `--preset` (once per run): the library's `clean`, or the notebook's replay. */
export function cleanStep(ctx: Context): Promise<Cleaned> {
  return ctx.once('clean', async () => {
    const raw = await ingest(ctx);
    return ctx.step(
      'clean',
      async () => ({
        ...(ctx.options.preset === 'reference' ? cleanReference(raw.frame) : clean(raw.frame)),
        parseQuarantined: raw.quarantine.length,
      }),
      // view sizes from the report: reading a view takes its rows (see CleanResult.views)
      (r) =>
        `${fmtInt(r.report.rowsKept)} kept, ${fmtInt(r.report.rowsQuarantined + r.parseQuarantined)} quarantined, views ${Object.entries(
          r.report.revenue.views,
        )
          .map(([k, v]) => `${k} ${fmtInt(v.rows)}`)
          .join(', ')}`,
    );
  });
}

/**
 * `retailkit clean`: write `<out>/quality.json`, and the views and the quarantine as Parquet under `<out>/clean/`
 * (canonical columns plus `revenue`; the flags are implied by each view's definition). In `run`, the lake step
 * writes the cleaned frame with every flag as Parquet instead, and the warehouse gets one SQL view per view.
 */
export async function cleanCommand(ctx: Context, options: { writeFiles?: boolean } = {}): Promise<void> {
  const raw = await ingest(ctx);
  const r = await cleanStep(ctx);
  const quality = {
    preset: ctx.options.preset,
    ...r.report,
    source: {
      file: raw.source,
      rowsRead: raw.info.rowsRead,
      rowsQuarantinedAtParse: raw.info.rowsQuarantined,
      note: 'rowsRead = rowsQuarantinedAtParse + rowsIn; rowsIn = rowsKept + rowsQuarantined',
    },
  };
  await ctx.writeJson('quality.json', quality);
  if (options.writeFiles !== false)
    await ctx.step(
      'write',
      async () => {
        const files: string[] = [];
        for (const [name, view] of Object.entries(r.views)) {
          const file = ctx.outPath('clean', `${name}.parquet`);
          await writeParquetFile(file, select(view, VIEW_COLUMNS));
          files.push(file);
        }
        await writeParquetFile(ctx.outPath('clean', 'quarantine.parquet'), r.quarantine);
        if (raw.quarantine.length > 0)
          await writeParquetFile(ctx.outPath('clean', 'parse-quarantine.parquet'), raw.quarantine);
        return files;
      },
      (files) => `${files.length} views and the quarantine as Parquet under ${ctx.outPath('clean')}`,
    );
  ctx.print();
  ctx.print(formatQualityReport(r.report));
}
