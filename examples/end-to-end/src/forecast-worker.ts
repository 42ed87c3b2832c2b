import { parentPort } from 'node:worker_threads';
import type { ModelArtifact } from '@retailkit/core';
import { type ForecastParams, type ForecastReport, fitForecaster, type SeriesData } from '@retailkit/forecast';
import { now, type Span, toWire, type WireError } from './worker-wire.js';

/** What `backgroundForecast` posts: the series to forecast (built in the main thread) and the seed. */
export interface ForecastRequest {
  series: SeriesData;
  seed: number;
}

/** The fit's report and the model's artifact, or the error (a refusal keeps its code). */
export type ForecastReply =
  | ({ type: 'done'; report: ForecastReport; model: ModelArtifact<ForecastParams> } & Span)
  | { type: 'error'; error: WireError };

parentPort?.once('message', ({ series, seed }: ForecastRequest) => {
  const startedAt = now();
  let reply: ForecastReply;
  try {
    const { model, report } = fitForecaster(series, { seed });
    reply = { type: 'done', startedAt, endedAt: now(), report, model: model.toJSON() };
  } catch (e) {
    reply = { type: 'error', error: toWire(e) };
  }
  parentPort?.postMessage(reply);
});
