import { parentPort } from 'node:worker_threads';
import type { Frame, ModelArtifact } from '@retailkit/core';
import type { PricingParams } from '@retailkit/pricing';
import { type PricingJson, pricingOutputs } from './pricing-outputs.js';
import { now, type Span, toWire, type WireError } from './worker-wire.js';

/** What `backgroundPricing` posts: the `modeling` view's pricing columns (`pricingLines`). */
export interface PricingRequest {
  lines: Frame;
}

/** What the worker posts: `pricing.json` and the artifact, or the error. */
export type PricingReply =
  | ({ type: 'done'; json: PricingJson; artifact: ModelArtifact<PricingParams> } & Span)
  | { type: 'error'; error: WireError };

parentPort?.once('message', ({ lines }: PricingRequest) => {
  const startedAt = now();
  let reply: PricingReply;
  try {
    const { json, artifact } = pricingOutputs(lines);
    reply = { type: 'done', json, artifact, startedAt, endedAt: now() };
  } catch (e) {
    reply = { type: 'error', error: toWire(e) };
  }
  parentPort?.postMessage(reply);
});
