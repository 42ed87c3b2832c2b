import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlEngine } from '@retailkit/connectors';
import { toRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_DUCKDB } from './helpers/engines.js';

/** The scoring engine of the `--engine warehouse` run: DuckDB in-process when installed, else embedded PostgreSQL. */
const WAREHOUSE = (dir: string) => (HAS_DUCKDB ? `duckdb:${join(dir, 'scored.duckdb')}` : 'embedded');
const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

interface Ran {
  status: number;
  stderr: string[];
  out: string;
}

/** `retailkit run --data <file> --out <out> --quiet` as a user would run it; resolves whatever the exit status. */
function runCli(dir: string, data: string, out: string, extra: string[] = []): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'run', '--data', data, '--out', out, '--quiet', ...extra],
      { cwd: tmpdir(), env: { ...process.env, INIT_CWD: dir }, maxBuffer: 1 << 22 },
      (err, _stdout, stderr) =>
        resolve({
          status: err ? (err.code as number) : 0,
          stderr: stderr.split('\n').filter((l) => l !== ''),
          out: join(dir, out),
        }),
    );
  });
}

/**
 * Three trading days (2010-12-01..03) of `customers` customers, one invoice per customer and day holding the
 * items `items` (quantities 1 to 5 in turn, so that the quantity fences flag none, at 1.25): hand-made so that
 * each step's refusal is known in advance.
 */
function threeDays(customers: number, items: string[]): string {
  const lines = [HEADER];
  let invoice = 536400;
  for (let day = 1; day <= 3; day++)
    for (let c = 0; c < customers; c++) {
      invoice++;
      const time = `2010-12-0${day} 09:${String(c).padStart(2, '0')}:00`;
      items.forEach((item, k) => {
        lines.push(`${invoice},${item},ITEM ${item},${1 + ((day + c + k) % 5)},${time},1.25,${17000 + c},France`);
      });
    }
  return `${lines.join('\n')}\n`;
}

/**
 * `days` trading days from 2010-12-01 (Saturdays skipped: the default forecast's calendar closes them) of 6 customers
 * (too few to segment) buying `items` each day, quantities 1 to 5 in turn: enough days to forecast.
 */
function sixCustomers(days: number, items: string[]): string {
  const lines = [HEADER];
  let invoice = 536400;
  for (let d = 0, traded = 0; traded < days; d++) {
    const date = new Date(Date.UTC(2010, 11, 1 + d));
    if (date.getUTCDay() === 6) continue;
    traded++;
    for (let c = 0; c < 6; c++) {
      invoice++;
      const time = `${date.toISOString().slice(0, 10)} 09:${String(c).padStart(2, '0')}:00`;
      items.forEach((item, k) => {
        lines.push(`${invoice},${item},ITEM ${item},${1 + ((d + c + k) % 5)},${time},1.25,${17000 + c},France`);
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

// issue 17, "a run degrades, it does not die": before, the first step a library refused ended the run
describe('run skips a step the data cannot support, and the other steps still write their outputs', () => {
  let dir: string;
  let some: Ran;
  let none: Ran;
  let scored: Ran;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-run-degrades-'));
    await chmod(dir, 0o755); // the embedded warehouse keeps its data under --out (see cli.test.ts)
    // 6 customers (segmentation needs 13 for its k range), 3 days (forecasting needs 30), baskets of 3 items
    await writeFile(join(dir, 'six-customers.csv'), threeDays(6, ['20170', '22423', '23986']));
    // 1 customer, single-item baskets (nothing to mine), 3 days: no analysis can run
    await writeFile(join(dir, 'one-customer.csv'), threeDays(1, ['20170']));
    // an earlier run's segment outputs, which must not pass for this run's
    await mkdir(join(dir, 'out-some', 'models'), { recursive: true });
    await writeFile(join(dir, 'out-some', 'segments.json'), '{"stale":true}\n');
    await writeFile(join(dir, 'out-some', 'models', 'segments.json'), '{"stale":true}\n');
    [some, none, scored] = await Promise.all([
      runCli(dir, 'six-customers.csv', 'out-some'),
      runCli(dir, 'one-customer.csv', 'out-none'),
      runCli(dir, 'six-customers.csv', 'out-scored', ['--engine', 'warehouse', '--warehouse', WAREHOUSE(dir)]),
    ]);
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const json = async (r: Ran, name: string) => JSON.parse(await readFile(join(r.out, name), 'utf8'));

  it('skipped analyses are named with their code on stderr (one line each) and in run.json; exit 0', async () => {
    expect(some.stderr).toEqual([
      expect.stringMatching(/^retailkit run: segment skipped: RFM_TOO_FEW_CUSTOMERS \S/),
      expect.stringMatching(/^retailkit run: forecast skipped: FORECAST_SERIES_TOO_SHORT \S/),
      expect.stringMatching(/^retailkit run: pricing skipped: PRICING_TOO_LITTLE_DATA \S/),
    ]);
    expect(some.status).toBe(0);
    const run = await json(some, 'run.json');
    expect(run.skipped.map((s: { step: string; code: string }) => [s.step, s.code])).toEqual([
      ['segment', 'RFM_TOO_FEW_CUSTOMERS'],
      ['forecast', 'FORECAST_SERIES_TOO_SHORT'],
      ['pricing', 'PRICING_TOO_LITTLE_DATA'],
    ]);
    for (const s of run.skipped)
      expect(s.message).toMatch(/^(selectK|fitSegments|fitSegmenter|fitForecaster|fitElasticity)\b/);
    expect(run.steps.map((s: { step: string }) => s.step)).toEqual([
      'ingest',
      'clean',
      'lake',
      'load',
      'basket',
      'report',
    ]);
  });

  it('the steps that could run wrote their outputs, and a skipped step leaves no earlier output behind', () => {
    for (const f of [
      'ingest.json',
      'quality.json',
      'load.json',
      'rules.json',
      'models/recommender.json',
      'report.html',
    ])
      expect(existsSync(join(some.out, f)), f).toBe(true);
    for (const f of [
      'segments.json',
      'models/segments.json',
      'forecast.json',
      'models/forecast.json',
      'pricing.json',
      'models/pricing.json',
    ])
      expect(existsSync(join(some.out, f)), f).toBe(false);
  });

  it('report.html lists the skipped steps with their codes', async () => {
    const html = await readFile(join(some.out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="skipped">');
    expect(html).toContain('<td>RFM_TOO_FEW_CUSTOMERS</td>');
    expect(html).toContain('<td>FORECAST_SERIES_TOO_SHORT</td>');
    expect(html).toContain('<td>PRICING_TOO_LITTLE_DATA</td>');
    expect(html).not.toContain('<section id="prices"');
    expect(html).not.toContain('<section id="segments"');
  });

  it('--engine warehouse: score is skipped with CLI_SCORE_NEEDS_MODELS naming what is missing, then exit 1', async () => {
    const lines = scored.stderr.map((l) => /^retailkit run: (\w+) skipped: ([A-Z_]+) /.exec(l)?.slice(1));
    expect(lines).toContainEqual(['score', 'CLI_SCORE_NEEDS_MODELS']);
    expect(scored.stderr.at(-1)).toMatch(/^retailkit run: CLI_RUN_INCOMPLETE run: score failed/);
    expect(scored.status).toBe(1);
    const run = await json(scored, 'run.json');
    const score = run.skipped.find((s: { step: string }) => s.step === 'score');
    // segment and forecast were skipped on this data: their files are what score lacks, and it says so
    expect(score.message).toMatch(/models\/segments\.json, segments\.json, forecast\.json not written by this run/);
    expect(score.message).toMatch(/its segment and forecast step was skipped/);
    expect(existsSync(join(scored.out, 'rules.json'))).toBe(true);
  });

  it.runIf(HAS_DUCKDB)(
    '--engine warehouse, only segment skipped: recommendations and forecasts are merged, score names what it lacks',
    async () => {
      await writeFile(join(dir, 'six-customers-long.csv'), sixCustomers(80, ['20170', '22423', '23986']));
      const file = join(dir, 'items.duckdb');
      const ran = await runCli(dir, 'six-customers-long.csv', 'out-items', [
        '--engine',
        'warehouse',
        '--warehouse',
        `duckdb:${file}`,
      ]);
      const run = await json(ran, 'run.json');
      expect(run.skipped.map((s: { step: string; code: string }) => [s.step, s.code])).toEqual([
        ['segment', 'RFM_TOO_FEW_CUSTOMERS'],
        ['pricing', 'PRICING_TOO_LITTLE_DATA'],
        ['score', 'CLI_SCORE_NEEDS_MODELS'],
      ]);
      const score = run.skipped.find((s: { step: string }) => s.step === 'score');
      expect(score.message).toMatch(
        /^score: models\/segments\.json, segments\.json not written by this run \(its segment step/,
      );
      expect(score.message).toMatch(/\(the recommendations and forecasts were merged, the customer scores not\)/);
      expect(ran.status).toBe(1);
      const engine = await openSqlEngine(`duckdb:${file}`);
      try {
        const tables = toRows(
          await engine.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%_s' ORDER BY 1"),
        ).map((r) => r.table_name);
        expect(tables).toContain('customer_recommendations');
        expect(tables).toContain('series_forecasts');
        expect(tables).not.toContain('customer_scores');
        const [n] = toRows(await engine.query('SELECT count(*) AS n FROM series_forecasts'));
        expect(Number(n.n)).toBe((await json(ran, 'forecast.json')).forecasts.length);
      } finally {
        await engine.close();
      }
    },
    120_000,
  );

  it('when no analysis can run: every output it could write, then CLI_RUN_INCOMPLETE and exit 1', async () => {
    // stderr in the order the steps ran (basket first, beside the workers); run.json in pipeline order
    expect(none.stderr.map((l) => /^retailkit run: (\w+ skipped: )?([A-Z_]+) /.exec(l)?.slice(1))).toEqual([
      ['basket skipped: ', 'BASKET_EMPTY'],
      ['segment skipped: ', 'RFM_TOO_FEW_CUSTOMERS'],
      ['forecast skipped: ', 'FORECAST_SERIES_TOO_SHORT'],
      ['pricing skipped: ', 'PRICING_TOO_LITTLE_DATA'],
      [undefined, 'CLI_RUN_INCOMPLETE'],
    ]);
    expect(none.status).toBe(1);
    const run = await json(none, 'run.json');
    expect(run.skipped.map((s: { step: string }) => s.step)).toEqual(['segment', 'basket', 'forecast', 'pricing']);
    for (const f of ['ingest.json', 'quality.json', 'load.json', 'report.html'])
      expect(existsSync(join(none.out, f)), f).toBe(true);
    expect((await json(none, 'load.json')).consistent).toBe(true);
  });
});
