import { Worker } from 'node:worker_threads';
import { type Context, fmtMs, type StepRecord } from './context.js';
import type { Span } from './worker-wire.js';

/** A worker thread running the TypeScript module `module` (a file URL), through `worker.mjs`. */
export function startWorker(module: URL): Worker {
  return new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { module: module.href } });
}

/**
 * Record a step that ran in a worker as `ctx.step` records its own (time, start on the context's clock, peak RSS of
 * the process — every thread's — so far) and print its line; `beside` names what it overlapped.
 */
export function recordStep(ctx: Context, step: string, span: Span, detail: string, beside: string): void {
  const rec: StepRecord = {
    step,
    ms: span.endedAt - span.startedAt,
    startMs: span.startedAt - (performance.timeOrigin + ctx.t0),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    detail,
  };
  ctx.steps.push(rec);
  ctx.print(`✔ ${step.padEnd(9)} ${detail} (${fmtMs(rec.ms)}, in a worker beside ${beside})`);
}
