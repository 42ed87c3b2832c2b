import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCsv } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli } from './helpers/cli.js';

describe('the retailkit CLI on a small generated data set', () => {
  let dir: string;
  const readJson = async (p: string) => JSON.parse(await readFile(join(dir, p), 'utf8'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-cli-'));
    // traversable, so the embedded warehouse keeps its data under --out (as for a user's own folder) and is
    // removed with it; a 0700 folder would make it relocate to a stable folder under the OS temp folder
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'small.csv'), generateCsv({ seed: 7, rows: 20000 }).csv);
    await cli(['run', '--data', 'small.csv', '--out', 'out', '--quiet'], dir);
  }, 240_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('run fits the customer-value model without evaluating it: churn.json, its artifact, clusters from it', async () => {
    const churn = await readJson('out/churn.json');
    expect(churn.evaluations).toEqual([]);
    expect(churn.selected.model).toBe('blend');
    expect(churn.customers.length).toBeGreaterThan(0);
    const artifact = await readJson('out/models/customer-value.json');
    expect(artifact.kind).toBe('rfm.customer-value');
    const seg = await readJson('out/segments.json');
    expect(seg.valueModel).toBe('customer-value (blend)');
    // each cluster's pChurn is a mean of the customers' probabilities
    for (const c of seg.clusters) if (c.pChurn !== null) expect(c.pChurn).toBeGreaterThanOrEqual(0);
  });

  it('resolves relative --data and --out against the folder npm was run in (INIT_CWD)', () => {
    for (const f of [
      'ingest.json',
      'quality.json',
      'load.json',
      'segments.json',
      'rules.json',
      'forecast.json',
      'pricing.json',
      'models/segments.json',
      'models/recommender.json',
      'models/forecast.json',
      'models/pricing.json',
      'lake/raw/transactions.parquet',
      'report.html',
    ])
      expect(existsSync(join(dir, 'out', f)), f).toBe(true);
  });

  it('ingest.json describes every row and column', async () => {
    const ingest = await readJson('out/ingest.json');
    expect(ingest.rows).toBe(20000);
    expect(ingest.rowsRead).toBe(ingest.rows + ingest.rowsQuarantined);
    expect(ingest.columns.map((c: { name: string }) => c.name)).toEqual([
      'invoiceNo',
      'stockCode',
      'description',
      'quantity',
      'invoiceDate',
      'unitPrice',
      'customerId',
      'country',
    ]);
  });

  it('quality.json accounts for every row and lists the row-removing steps in order', async () => {
    const q = await readJson('out/quality.json');
    expect(q.rowsIn).toBe(q.rowsKept + q.rowsQuarantined);
    expect(q.source.rowsRead).toBe(q.rowsIn + q.source.rowsQuarantinedAtParse);
    expect(q.steps.length).toBeGreaterThan(0);
    for (const s of q.steps) expect(typeof s.rowsAfter).toBe('number');
  });

  it('forecast.json has fractions as fractions, a backtest-selected model and a leaky baseline row', async () => {
    const f = await readJson('out/forecast.json');
    expect(f.selected.model).toBeTypeOf('string');
    const windows = new Set(f.evaluations.map((e: { window: string }) => e.window));
    expect(windows).toEqual(new Set(['backtest', 'test']));
    expect(f.evaluations.filter((e: { leaky: boolean }) => e.leaky).length).toBe(1);
    for (const e of f.evaluations) {
      expect(e.mape).toBeGreaterThanOrEqual(0);
      expect(e.wape).toBeGreaterThanOrEqual(0);
    }
    // fractions, not percentages: the best model's WAPE is well under 1 (it would be tens if written as %)
    expect(Math.min(...f.evaluations.map((e: { wape: number }) => e.wape))).toBeLessThan(1);
    const model = await readJson('out/models/forecast.json');
    expect(model.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('load.json: every table and view holds exactly the rows written, and a second load adds no duplicates', async () => {
    const first = await readJson('out/load.json');
    expect(first.consistent).toBe(true);
    const counts = (l: { warehouse: { tables: { name: string; rowsLoaded: number }[] } }) =>
      l.warehouse.tables.map((t) => [t.name, t.rowsLoaded]);
    expect(counts(first)[0]).toEqual(['transactions_raw', 20000]);
    await cli(['load', '--data', 'small.csv', '--out', 'out', '--quiet'], dir);
    expect(counts(await readJson('out/load.json'))).toEqual(counts(first));
  }, 120_000);

  it('run.json places every step on one time line: lake and load run in the background from the end of clean', async () => {
    const run = await readJson('out/run.json');
    const steps = run.steps as { step: string; ms: number; startMs: number }[];
    expect(steps.map((s) => s.step)).toEqual([
      'ingest',
      'clean',
      'lake',
      'load',
      'segment',
      'basket',
      'forecast',
      'pricing',
      'report',
    ]);
    const at = Object.fromEntries(steps.map((s) => [s.step, s]));
    for (const s of steps) expect(s.startMs).toBeGreaterThanOrEqual(0);
    const end = (s: { ms: number; startMs: number }) => s.startMs + s.ms;
    // clock readings of two threads: allow 5 ms between one step's end and the next one's start
    expect(at.lake.startMs).toBeGreaterThanOrEqual(end(at.clean) - 5);
    expect(at.segment.startMs).toBeGreaterThanOrEqual(end(at.clean) - 5);
    expect(at.load.startMs).toBeGreaterThanOrEqual(end(at.lake) - 5);
    // the run waited for the load, which ended within it
    expect(end(at.load)).toBeLessThanOrEqual(run.totalMs + at.ingest.startMs + 5);
  });

  it('segments.json and rules.json have the documented shapes, with fractions as fractions', async () => {
    const seg = await readJson('out/segments.json');
    expect(seg).toMatchObject({ customers: expect.any(Number), k: expect.any(Number), silhouette: expect.any(Number) });
    expect(seg.explanation.accuracy).toBeLessThanOrEqual(1);
    for (const f of Object.values(seg.features) as { mean: number; median: number; max: number }[])
      expect(f.max).toBeGreaterThanOrEqual(f.median);
    const rules = await readJson('out/rules.json');
    expect(rules.baskets).toBeGreaterThan(0);
    for (const r of rules.rules) {
      expect(r.support).toBeGreaterThan(0);
      expect(r.support).toBeLessThanOrEqual(1);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('serve: the fitted artifacts answer real predictions over HTTP, and bad input gets a 422', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'serve', '--out', 'out', '--port', '0'], {
      cwd: tmpdir(),
      env: { ...process.env, INIT_CWD: dir },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d) => {
          text += d;
          const m = /at (http:\/\/\S+)/.exec(text);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const models = (await (await fetch(`${url}/v1/models`)).json()) as { models: { name: string }[] };
      expect(models.models.map((m) => m.name).sort()).toEqual([
        'customer-value',
        'forecast',
        'pricing',
        'recommender',
        'segments',
      ]);
      const fc = await fetch(`${url}/v1/models/forecast/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ horizon: 3 }),
      });
      expect(fc.status).toBe(200);
      const body = (await fc.json()) as { prediction: { forecasts: { yhat: number; lo: number; hi: number }[] } };
      expect(body.prediction.forecasts).toHaveLength(3);
      for (const f of body.prediction.forecasts) expect(f.lo).toBeLessThanOrEqual(f.hi);
      const bad = await fetch(`${url}/v1/models/forecast/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ horizon: 'soon' }),
      });
      expect(bad.status).toBe(422);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('--data also takes the lake Parquet a run wrote, and an http URL (loopback allowed explicitly)', async () => {
    await cli(['ingest', '--data', 'out/lake/raw/transactions.parquet', '--out', 'out-pq', '--quiet'], dir);
    expect((await readJson('out-pq/ingest.json')).rows).toBe(20000);
    const { createServer } = await import('node:http');
    const body = await readFile(join(dir, 'small.csv'));
    const server = createServer((_req, res) => res.end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const url = `http://127.0.0.1:${port}/small.csv`;
      const blocked = await cli(['ingest', '--data', url, '--out', 'out-http'], dir).catch((e) => e);
      expect(blocked.stderr).toContain('SSRF_BLOCKED');
      await cli(['ingest', '--data', url, '--allow-private-network', '--out', 'out-http', '--quiet'], dir);
      expect((await readJson('out-http/ingest.json')).rows).toBe(20000);
      expect(existsSync(join(dir, 'out-http/lake/raw/small.csv'))).toBe(true);
    } finally {
      server.close();
    }
  }, 90_000);

  it('is idempotent: running a step again gives the same output', async () => {
    const before = await readFile(join(dir, 'out/quality.json'), 'utf8');
    await cli(['clean', '--data', 'small.csv', '--out', 'out', '--quiet'], dir);
    expect(await readFile(join(dir, 'out/quality.json'), 'utf8')).toBe(before);
  }, 120_000);

  it('fails with a clear message and exit code on a missing file or a bad option', async () => {
    const missing = await cli(['ingest', '--data', 'nope.csv', '--out', 'out'], dir).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv');
    const bad = await cli(['--preset', 'fancy'], dir).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--preset must be default or reference');
  }, 60_000);
});
