import { parentPort } from 'node:worker_threads';
import type { ModelArtifact } from '@retailkit/core';
import { type ForecastReport, fitForecaster, type SeriesData } from '@retailkit/forecast';
import type { StepReply } from './background.js';
import { now, type Span, toWire } from './worker-wire.js';

/** What `backgroundForecast` posts: the series to fit (built on the main thread) and the seed. */
export interface ForecastRequest {
  series: SeriesData;
  seed: number;
}

/** The worker's result: the report and the artifact, with the span it ran in. */
export interface ForecastDone extends Span {
  report: ForecastReport;
  artifact: ModelArtifact;
}

parentPort?.once('message', ({ series, seed }: ForecastRequest) => {
  const startedAt = now();
  let reply: StepReply<ForecastDone>;
  try {
    const { model, report } = fitForecaster(series, { seed });
    reply = { type: 'done', report, artifact: model.toJSON(), startedAt, endedAt: now() };
  } catch (e) {
    reply = { type: 'error', error: toWire(e) };
  }
  parentPort?.postMessage(reply);
});
