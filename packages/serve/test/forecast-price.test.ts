import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitForecaster, forecasterLoader, type SeriesData, seriesFromArrays } from '@retailkit/forecast';
import { serveModels } from '@retailkit/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A weekly series whose list price steps (weeks 10, 20, 31 before the backtest windows, 84 and 94 after), with a
// planted effect y = 80 − 15 · log p + noise: fitForecaster selects its regression on log price by backtest.
function priceSeries(): SeriesData {
  const steps: [number, number][] = [
    [0, 2.5],
    [10, 2.0],
    [20, 3.0],
    [31, 2.2],
    [84, 2.8],
    [94, 2.4],
  ];
  const price = Array.from({ length: 104 }, (_, t) => (steps.filter((s) => s[0] <= t).at(-1) as [number, number])[1]);
  const y = price.map((p, t) => 80 - 15 * Math.log(p) + (((t * 7919) % 17) - 8) / 8);
  const base = seriesFromArrays([{ id: 'mug', y }], { freq: 'W', start: Date.UTC(2011, 0, 3) });
  return { ...base, exog: { price: Float64Array.from(price) } };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'serve-price-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Serve one forecaster artifact over loopback HTTP and run `body` against it. */
async function served(model: { toJSON(): unknown }, body: (url: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(root, 'm-'));
  await writeFile(join(dir, 'forecast.json'), JSON.stringify(model.toJSON()));
  const server = await serveModels({ dir, port: 0, host: '127.0.0.1', loaders: [forecasterLoader] });
  try {
    await body(server.url);
  } finally {
    await server.close();
  }
}

/** The fields of a prediction or a problem body these tests read. */
interface Answer {
  prediction: { forecasts: { yhat: number }[] };
  errors: { pointer: string; keyword: string }[];
  code: string;
  detail: string;
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/v1/models/forecast/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: (await r.json()) as Answer }));

describe('the served forecast with a planned price path (HTTP)', () => {
  it('answers 200 with a path, 422 over maxItems, and declares the bounded path in /openapi.json', async () => {
    const { model, report } = fitForecaster(priceSeries(), { seed: 1, horizon: 8 });
    expect(report.price?.selected).toBe(true);
    await served(model, async (url) => {
      const ok = await post(url, { horizon: 3, price: [2.75] });
      expect(ok.status).toBe(200);
      expect(ok.body.prediction).toEqual(JSON.parse(JSON.stringify(model.predict({ horizon: 3, price: [2.75] }))));
      const held = await post(url, { horizon: 3 });
      // a 10 % higher price than the last observed (2.4 → 2.64) lowers the forecast by β · ln 1.1, β < 0
      const higher = await post(url, { horizon: 3, price: [2.64] });
      const drop = higher.body.prediction.forecasts[0].yhat - held.body.prediction.forecasts[0].yhat;
      expect(drop).toBeCloseTo((report.price?.beta as number) * Math.log(1.1), 9);
      expect(drop).toBeLessThan(0);

      const tooLong = await post(url, { horizon: 366, price: new Array(367).fill(2) });
      expect(tooLong.status).toBe(422);
      expect(tooLong.type).toContain('application/problem+json');
      expect(tooLong.body.errors.map((e) => [e.pointer, e.keyword])).toEqual([['/price', 'maxItems']]);
      const zero = await post(url, { horizon: 2, price: [0] });
      expect(zero.status).toBe(422);
      expect(zero.body.errors[0].pointer).toBe('/price/0');
      // longer than the horizon: the model's own check, with its code
      const pastHorizon = await post(url, { horizon: 2, price: [2, 2, 2] });
      expect([pastHorizon.status, pastHorizon.body.code]).toEqual([422, 'INVALID_ARGUMENT']);

      const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
        components: { schemas: Record<string, { properties: { price: unknown; history: { properties: object } } }> };
      };
      const input = doc.components.schemas['forecast.Input'];
      expect(input.properties.price).toEqual({
        type: 'array',
        items: { type: 'number', exclusiveMinimum: 0 },
        minItems: 1,
        maxItems: 366,
      });
      expect((input.properties.history.properties as { price: unknown }).price).toMatchObject({
        minItems: 3,
        maxItems: 5000,
      });
    });
  });

  it('answers 422 problem+json with FORECAST_NO_PRICE_TERM, naming the field and the fix, for a model without price', async () => {
    const y = Array.from({ length: 40 }, (_, t) => 50 + [4, 1, -2, -3][t % 4] + ((t * 7919) % 5));
    const { model } = fitForecaster(seriesFromArrays([{ id: 'x', y }], { freq: 'W' }), { windows: 2, step: 4 });
    await served(model, async (url) => {
      const res = await post(url, { horizon: 2, price: [2.5] });
      expect(res.status).toBe(422);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.code).toBe('FORECAST_NO_PRICE_TERM');
      expect(res.body.detail).toMatch(/price was given.*no price term.*Drop price/);
      expect((await post(url, { horizon: 2 })).status).toBe(200);
    });
  });
});
