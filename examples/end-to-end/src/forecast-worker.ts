import { parentPort } from 'node:worker_threads';
import type { ModelArtifact } from '@retailkit/core';
import { type ForecastReport, fitForecaster, type SeriesData } from '@retailkit/forecast';
import { now, type Span, toWire, type WireError } from './worker-wire.js';

/** What `backgroundForecast` posts: the series to fit (built on the main thread) and the seed. */
export interface ForecastRequest {
  series: SeriesData;
  seed: number;
}

/** What the worker posts: the report and the artifact, or the error. */
export type ForecastReply =
  | ({ type: 'done'; report: ForecastReport; artifact: ModelArtifact } & Span)
  | { type: 'error'; error: WireError };

parentPort?.once('message', ({ series, seed }: ForecastRequest) => {
  const startedAt = now();
  let reply: ForecastReply;
  try {
    const { model, report } = fitForecaster(series, { seed });
    reply = { type: 'done', report, artifact: model.toJSON(), startedAt, endedAt: now() };
  } catch (e) {
    reply = { type: 'error', error: toWire(e) };
  }
  parentPort?.postMessage(reply);
});
