import { readFile, writeFile } from 'node:fs/promises';
import { type Frame, isoDate } from '@retailkit/core';
import { buildSeries } from '@retailkit/forecast';
import { type Context, fmtInt } from '../context.js';
import { renderReport } from '../report/render.js';
import { nonProductLines, salesSummary } from '../report/sales.js';
import { cleanStep } from './clean.js';
import { ingest } from './ingest.js';

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Options of `reportCommand`. */
export interface ReportOptions {
  /** ISO 4217 code of the data's currency, for every amount (default GBP, the UCI Online Retail data's). */
  currency?: string;
}

/**
 * `retailkit report`: the single self-contained `<out>/report.html`. Sales figures come from the cleaned
 * `revenue` view (product rankings without the lines cleaning flags as non-product); the quality, segment, rule,
 * forecast and pricing sections come from the JSON the other steps wrote into `--out` (a section is left out when
 * its step has not run), the non-product lines by code from the cleaned frame.
 */
export async function reportCommand(ctx: Context, options: ReportOptions = {}): Promise<void> {
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
        currency: options.currency,
        nonProduct: nonProductLines(cleaned.frame),
        quality:
          (await readJson(ctx.outPath('quality.json'))) ?? (cleaned.report as unknown as Record<string, unknown>),
        segments: await readJson(ctx.outPath('segments.json')),
        rules: await readJson(ctx.outPath('rules.json')),
        forecast: await readJson(ctx.outPath('forecast.json')),
        pricing: await readJson(ctx.outPath('pricing.json')),
        actuals: dailyActuals(cleaned.views.modeling),
        skipped: ctx.skipped,
      });
      await writeFile(ctx.outPath('report.html'), html);
      return html.length;
    },
    (bytes) => `${ctx.outPath('report.html')} (${fmtInt(bytes / 1024)} KiB, self-contained)`,
  );
}

/**
 * The last `days` trading days of the series the default forecast is fitted on (daily quantity, business
 * calendar, closed days absent): the same `buildSeries` call as `fitForecaster`'s default.
 */
function dailyActuals(f: Frame, days = 90): { ds: string; y: number }[] {
  const s = buildSeries(f, { freq: 'D', calendar: 'business', fill: 'absent' });
  const start = Math.max(0, s.offsets[1] - days);
  return Array.from(s.y.subarray(start, s.offsets[1]), (y, i) => ({ ds: isoDate(s.ds[start + i]), y }));
}
