import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRecommender, recommenderLoader } from '@retailkit/basket';
import type { PredictorLoader } from '@retailkit/core';
import { fitForecaster, forecasterLoader, seriesFromArrays } from '@retailkit/forecast';
import { fitSegmenter, segmenterFromJSON, segmenterLoader } from '@retailkit/rfm';
import { createHandler, serveModels } from '@retailkit/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centroidArtifact, centroidLoader } from './fixtures/centroid.js';
import { transactionFrame } from './helpers.js';

/** The analytics packages' loaders, as an app passes them (one per artifact kind). */
const SUITE_LOADERS: PredictorLoader[] = [segmenterLoader, recommenderLoader, forecasterLoader];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rules = [
  { antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 },
  { antecedents: ['tea'], consequents: ['sugar'], support: 0.1, confidence: 0.4, lift: 1.5 },
  { antecedents: ['cups'], consequents: ['saucers'], support: 0.15, confidence: 0.6, lift: 3 },
];

/** The fitted forecaster of these tests (fitted once: the fit is the slow part). */
let fittedForecast: ReturnType<typeof fitForecast> | undefined;
function forecastModel() {
  fittedForecast ??= fitForecast();
  return fittedForecast;
}

function fitForecast() {
  const ds: number[] = [];
  const start = Date.UTC(2011, 0, 3);
  for (let day = 0; ds.length < 120; day++) {
    const t = start + day * 86_400_000;
    if (new Date(t).getUTCDay() !== 6) ds.push(t);
  }
  const y = ds.map((_, t) => 100 + t + [10, 5, 0, -5, -10, 0][t % 6]);
  const series = seriesFromArrays([{ id: 'total', y, ds }], {
    freq: 'D',
    calendar: { closedWeekdays: [6], holidays: [] },
  });
  return fitForecaster(series, { seed: 1, windows: 3, step: 8 }).model;
}

describe('serveModels', () => {
  it('serves every artifact in a folder with the loaders given', async () => {
    const recommender = createRecommender(rules, { createdAt: '2011-12-09T12:50:00.000Z', k: 2 });
    const forecast = forecastModel();
    await writeFile(join(dir, 'recommender.json'), JSON.stringify(recommender.toJSON()));
    await writeFile(join(dir, 'forecast.json'), JSON.stringify(forecast.toJSON()));
    await writeFile(join(dir, 'segments.json'), JSON.stringify(centroidArtifact()));
    const served = await serveModels({ dir, port: 0, loaders: [...SUITE_LOADERS, centroidLoader] });
    try {
      expect(served.predictors.map((p) => p.name)).toEqual(['forecast', 'recommender', 'segments']);
      const list = (await (await fetch(`${served.url}/v1/models`)).json()) as { models: { kind: string }[] };
      expect(list.models.map((m) => m.kind)).toEqual(['forecast.model', 'basket.recommender', 'test.centroid']);
      const post = (name: string, body: unknown) =>
        fetch(`${served.url}/v1/models/${name}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
      // recommend for a cart: the same answer as the model in process
      const rec = await post('recommender', { cart: ['tea'] });
      expect(rec.status).toBe(200);
      expect(rec.body.prediction).toEqual(JSON.parse(JSON.stringify(recommender.predict({ cart: ['tea'] }))));
      // forecast a horizon
      const fc = await post('forecast', { horizon: 7 });
      expect(fc.status).toBe(200);
      expect(fc.body.prediction).toEqual(JSON.parse(JSON.stringify(forecast.predict({ horizon: 7 }))));
      expect((fc.body.prediction as { forecasts: unknown[] }).forecasts).toHaveLength(7);
      const bad = await post('forecast', { horizon: 'seven' });
      expect(bad.status).toBe(422);
    } finally {
      await served.close();
    }
  });

  it('serves an rfm segmenter and monitors drift of its nested features (input.features.recency, ...)', async () => {
    const frame = transactionFrame(7, 80);
    const model = fitSegmenter(frame, { seed: 1, k: 3 }).model.toJSON();
    const sub = await mkdtemp(join(dir, 'rfm-'));
    await writeFile(join(sub, 'segments.json'), JSON.stringify(model));
    const served = await serveModels({ dir: sub, port: 0, loaders: SUITE_LOADERS });
    try {
      const features = Object.fromEntries(model.params.inputFeatures.map((k, i) => [k, i + 1]));
      const res = await fetch(`${served.url}/v1/models/segments/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ features }),
      });
      expect(res.status).toBe(200);
      const expected = segmenterFromJSON(JSON.parse(JSON.stringify(model))).predict({ features });
      expect(((await res.json()) as { prediction: unknown }).prediction).toEqual(JSON.parse(JSON.stringify(expected)));
      const drift = served.handler.monitoring().models[0].drift;
      expect(drift.map((d) => d.feature)).toEqual(Object.keys(model.reference ?? {}));
      expect(drift.find((d) => d.feature === 'recency')?.sampleSize).toBe(1);
      const unknown = await fetch(`${served.url}/v1/models/segments/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ features: { ...features, colour: 1 } }),
      });
      expect(unknown.status).toBe(422);
      expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
        '$.features.colour',
      );
    } finally {
      await served.close();
    }
  });

  it('runs several processes with node:cluster (workers: 2), each importing the loaders module, and stops them on SIGTERM', async () => {
    const sub = await mkdtemp(join(dir, 'cluster-'));
    await writeFile(join(sub, 'segments.json'), JSON.stringify(centroidArtifact()));
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const child = spawn(
      join(root, 'node_modules/.bin/tsx'),
      ['--tsconfig', 'tsconfig.json', 'packages/serve/test/cluster-serve.ts', sub],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (c) => {
          buf += c;
          if (buf.includes('\n')) resolve(buf.split('\n')[0]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const { url, pids } = JSON.parse(line) as { url: string; pids: number[] };
      expect(new Set(pids).size).toBe(2);
      for (const pid of pids) expect(process.kill(pid, 0)).toBe(true);
      // workers collect garbage on their own thread (the processes already fill the cores)
      for (const pid of pids) expect(commandLine(pid)).toContain('--single-threaded-gc');
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${url}/v1/models/segments/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify({ recency: 12, frequency: 9, monetary: 900 }),
        });
        expect(((await res.json()) as { prediction: unknown }).prediction).toEqual({
          segment: 'champions',
          cluster: 0,
        });
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to start on an unknown kind, naming the file', async () => {
    const sub = await mkdtemp(join(dir, 'bad-'));
    await writeFile(join(sub, 'x.json'), JSON.stringify(centroidArtifact()));
    await expect(serveModels({ dir: sub, port: 0, loaders: SUITE_LOADERS })).rejects.toThrow(
      /no loader handles kind "test.centroid".*x\.json/,
    );
  });
});

/** The arguments a process was started with (`/proc` on Linux, `ps` elsewhere). */
function commandLine(pid: number): string[] {
  if (process.platform === 'linux') return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' })
    .trim()
    .split(/\s+/);
}

/** The JSON Pointers of array schemas without `maxItems` and string schemas without `maxLength` in `schema`. */
function unboundedAt(schema: unknown, at = '#', out: string[] = []): string[] {
  if (schema === null || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  const has = (t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));
  if ((has('array') || s.items !== undefined) && s.maxItems === undefined) out.push(`${at} (array)`);
  if (has('string') && s.maxLength === undefined) out.push(`${at} (string)`);
  for (const k of ['items', 'additionalProperties', 'not']) unboundedAt(s[k], `${at}/${k}`, out);
  for (const k of ['oneOf', 'anyOf', 'allOf'])
    if (Array.isArray(s[k])) for (const [i, b] of (s[k] as unknown[]).entries()) unboundedAt(b, `${at}/${k}/${i}`, out);
  for (const k of ['properties', '$defs', 'definitions'])
    if (s[k] !== null && typeof s[k] === 'object')
      for (const [name, sub] of Object.entries(s[k] as object)) unboundedAt(sub, `${at}/${k}/${name}`, out);
  return out;
}

describe("the request schemas of the suite's models", () => {
  // issue 17, finding 1: forecast's history.y had no bound
  it('bound every array and string in the OpenAPI of the rfm segmenter, basket recommender and forecast model', () => {
    const frame = transactionFrame(3, 60);
    const segments = fitSegmenter(frame, { seed: 1, k: 3, churn: false }).model;
    const rules = [{ antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 }];
    const recommender = createRecommender(rules, { createdAt: '2011-12-09T12:50:00.000Z', k: 2 });
    const forecast = forecastModel();
    const predictors = [segments, recommender, forecast].map((p) => {
      for (const loader of [segmenterLoader, recommenderLoader, forecasterLoader])
        if (loader.kind === p.kind) return loader.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
      throw new Error(p.kind);
    });
    const handler = createHandler({ predictors });
    const schemas = (handler.openapi.components as { schemas: Record<string, unknown> }).schemas;
    const requests = Object.keys(schemas).filter((k) => k.endsWith('.Input') || k.endsWith('.BatchRequest'));
    expect(requests).toHaveLength(6);
    for (const name of requests) expect([name, unboundedAt(schemas[name])]).toEqual([name, []]);
    // the segmenter bounds its own arrays and strings; serve's limits fill in only what a model leaves open
    expect(unboundedAt(segments.inputSchema)).toEqual([]);
  });
});
