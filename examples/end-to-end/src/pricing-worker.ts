import { parentPort } from 'node:worker_threads';
import type { Frame, ModelArtifact } from '@retailkit/core';
import type { PricingParams } from '@retailkit/pricing';
import type { StepReply } from './background.js';
import { type PricingJson, pricingOutputs } from './pricing-outputs.js';
import { now, type Span, toWire } from './worker-wire.js';

/** What `backgroundPricing` posts: the `modeling` view's pricing columns (`pricingLines`). */
export interface PricingRequest {
  lines: Frame;
}

/** The worker's result: `pricing.json` and the artifact, with the span it ran in. */
export interface PricingDone extends Span {
  json: PricingJson;
  artifact: ModelArtifact<PricingParams>;
}

parentPort?.once('message', ({ lines }: PricingRequest) => {
  const startedAt = now();
  let reply: StepReply<PricingDone>;
  try {
    const { json, artifact } = pricingOutputs(lines);
    reply = { type: 'done', json, artifact, startedAt, endedAt: now() };
  } catch (e) {
    reply = { type: 'error', error: toWire(e) };
  }
  parentPort?.postMessage(reply);
});
