import { readFile, writeFile } from 'node:fs/promises';
import { type Frame, groupBy, groupSum, isoDate, numbers, startOfDay } from '@retailkit/core';
import { type Context, fmtInt } from '../context.js';
import { renderReport } from '../report/render.js';
import { salesSummary } from '../report/sales.js';
import { cleanStep } from './clean.js';
import { ingest } from './ingest.js';

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `retailkit report`: the single self-contained `<out>/report.html`. Sales figures come from the cleaned
 * `revenue` view; the quality, segment, rule and forecast sections come from the JSON the other steps
 * wrote into `--out` (a section is left out when its step has not run).
 */
export async function reportCommand(ctx: Context): Promise<void> {
  const raw = await ingest(ctx);
  const cleaned = await cleanStep(ctx);
  await ctx.step(
    'report',
    async () => {
      const html = await renderReport({
        title: 'RetailKit report',
        source: raw.source,
        generatedAt: new Date().toISOString().slice(0, 19).replace('T', ' '),
        rows: raw.info.rowsRead,
        sales: salesSummary(cleaned.views.revenue),
        quality:
          (await readJson(ctx.outPath('quality.json'))) ?? (cleaned.report as unknown as Record<string, unknown>),
        segments: await readJson(ctx.outPath('segments.json')),
        rules: await readJson(ctx.outPath('rules.json')),
        forecast: await readJson(ctx.outPath('forecast.json')),
        actuals: dailyQuantity(cleaned.views.modeling).slice(-90),
      });
      await writeFile(ctx.outPath('report.html'), html);
      return html.length;
    },
    (bytes) => `${ctx.outPath('report.html')} (${fmtInt(bytes / 1024)} KiB, self-contained)`,
  );
}

/** Total quantity per trading day (days with at least one line), in date order. */
export function dailyQuantity(f: Frame): { ds: string; y: number }[] {
  const dates = numbers(f, 'invoiceDate');
  const day = Float64Array.from(dates, startOfDay);
  const keyed = { length: f.length, columns: { day: { type: 'number' as const, data: day } } };
  const g = groupBy(keyed, ['day']);
  const sums = groupSum(g.ids, numbers(f, 'quantity'), g.count);
  return Array.from(g.firstRow, (row, k) => ({ t: day[row], y: sums[k] }))
    .sort((a, b) => a.t - b.t)
    .map((r) => ({ ds: isoDate(r.t), y: r.y }));
}
