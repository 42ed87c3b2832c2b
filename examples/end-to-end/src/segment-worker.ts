import { parentPort } from 'node:worker_threads';
import type { CustomerTables } from '@retailkit/rfm';
import type { StepReply } from './background.js';
import { fitSegments, type SegmentFit } from './segment-fit.js';
import { now, type Span, toWire } from './worker-wire.js';

/** What `backgroundSegment` posts: the engine's per-customer tables, their asOf, the seed, the step's start. */
export interface SegmentRequest {
  tables: CustomerTables;
  asOf?: number;
  seed: number;
  startedAt: number;
}

/** The worker's result: the fits, with the span the step ran in (from the tables' query to the fits' end). */
export interface SegmentDone extends Span {
  fit: SegmentFit;
}

parentPort?.once('message', ({ tables, asOf, seed, startedAt }: SegmentRequest) => {
  let reply: StepReply<SegmentDone>;
  try {
    reply = { type: 'done', fit: fitSegments(tables, seed, asOf), startedAt, endedAt: now() };
  } catch (e) {
    reply = { type: 'error', error: toWire(e) };
  }
  parentPort?.postMessage(reply);
});
