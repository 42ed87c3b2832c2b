import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCsv } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));

/** A loopback port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('run: a load that fails in the background worker is reported like any failed step', () => {
  let dir: string;
  let status: number;
  let stderr: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-run-bg-load-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'small.csv'), generateCsv({ seed: 3, rows: 3000 }).csv);
    const warehouse = `postgres://rk:s3cret@127.0.0.1:${await closedPort()}/shop`;
    ({ status, stderr } = await new Promise<{ status: number; stderr: string[] }>((resolve) =>
      execFile(
        process.execPath,
        [BIN, 'run', '--data', 'small.csv', '--out', 'out', '--warehouse', warehouse, '--quiet'],
        { cwd: tmpdir(), env: { ...process.env, INIT_CWD: dir }, maxBuffer: 1 << 22 },
        (err, _stdout, text) =>
          resolve({ status: err ? (err.code as number) : 0, stderr: text.split('\n').filter((l) => l !== '') }),
      ),
    ));
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("the worker's coded error reaches stderr as the load step's reason (password masked), then CLI_RUN_INCOMPLETE, exit 1", () => {
    expect(stderr).toEqual([
      expect.stringMatching(/^retailkit run: load skipped: PG_QUERY_FAILED \S/),
      expect.stringMatching(/^retailkit run: CLI_RUN_INCOMPLETE run: load failed \(load PG_QUERY_FAILED\)/),
    ]);
    expect(stderr.join('\n')).not.toContain('s3cret');
    expect(status).toBe(1);
  });

  it('the lake (written before the warehouse is reached) and every analysis are there and recorded; load.json is not', async () => {
    const out = join(dir, 'out');
    for (const f of [
      'lake/raw/transactions.parquet',
      'segments.json',
      'rules.json',
      'forecast.json',
      'pricing.json',
      'report.html',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(existsSync(join(out, 'load.json'))).toBe(false);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(run.skipped.map((s: { step: string; code: string }) => [s.step, s.code])).toEqual([
      ['load', 'PG_QUERY_FAILED'],
    ]);
    // lake succeeded and is recorded; load is only in `skipped`
    const steps = run.steps.map((s: { step: string }) => s.step);
    expect(steps).toContain('lake');
    expect(steps).not.toContain('load');
  });

  it("run's forecast, fitted in its worker thread, is byte for byte what the forecast command fits on the main thread", async () => {
    const status = await new Promise<number>((resolve) =>
      execFile(
        process.execPath,
        [BIN, 'forecast', '--data', 'small.csv', '--out', 'alone', '--quiet'],
        { cwd: tmpdir(), env: { ...process.env, INIT_CWD: dir } },
        (err) => resolve(err ? (err.code as number) : 0),
      ),
    );
    expect(status).toBe(0);
    for (const f of ['forecast.json', 'models/forecast.json'])
      expect(await readFile(join(dir, 'out', f), 'utf8'), f).toBe(await readFile(join(dir, 'alone', f), 'utf8'));
    const run = JSON.parse(await readFile(join(dir, 'out', 'run.json'), 'utf8'));
    expect(run.steps.find((s: { step: string }) => s.step === 'forecast')?.detail).toMatch(/^selected \S/);
  }, 120_000);

  it("run's pricing, fitted in its worker thread, is byte for byte what the pricing command fits on the main thread", async () => {
    const status = await new Promise<number>((resolve) =>
      execFile(
        process.execPath,
        [BIN, 'pricing', '--data', 'small.csv', '--out', 'alone', '--quiet'],
        { cwd: tmpdir(), env: { ...process.env, INIT_CWD: dir } },
        (err) => resolve(err ? (err.code as number) : 0),
      ),
    );
    expect(status).toBe(0);
    for (const f of ['pricing.json', 'models/pricing.json'])
      expect(await readFile(join(dir, 'out', f), 'utf8'), f).toBe(await readFile(join(dir, 'alone', f), 'utf8'));
    // the outputs are not empty of estimates: some products are identified on this data
    const pricing = JSON.parse(await readFile(join(dir, 'out', 'pricing.json'), 'utf8'));
    expect(pricing.counts.identified).toBeGreaterThan(0);
    const run = JSON.parse(await readFile(join(dir, 'out', 'run.json'), 'utf8'));
    const step = run.steps.find((s: { step: string }) => s.step === 'pricing');
    expect(step?.detail).toMatch(/^\d+ of \d+ products identified/);
    expect(step?.startMs).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
