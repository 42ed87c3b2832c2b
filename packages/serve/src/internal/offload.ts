import { Worker } from 'node:worker_threads';
import { type ModelArtifact, RetailKitError } from '@retailkit/core';
import type { JobResult } from './scheduler.js';

/**
 * The code each worker thread runs (CommonJS, evaluated by `new Worker(code, { eval: true })`, so it needs no file
 * of its own in either build). It imports the app's loaders module — a `.ts` one through the `tsx` installed beside it,
 * with the nearest `tsconfig.json` above it (else `TSX_TSCONFIG_PATH`) — builds every predictor from its artifact with the loader of its kind, then answers
 * `{ id, model, instances }` messages with `{ id, outputs }` or `{ id, error }`.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync, readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { fileURLToPath, pathToFileURL } = require('node:url');
/** TypeScript loaders: tsx as installed beside the module, with the nearest tsconfig.json above it (its paths). */
async function registerTsx(url) {
  const from = url.startsWith('file:') ? fileURLToPath(url) : join(process.cwd(), 'index.js');
  let tsconfig;
  for (let d = dirname(from); !tsconfig; d = dirname(d)) {
    if (existsSync(join(d, 'tsconfig.json'))) tsconfig = join(d, 'tsconfig.json');
    else if (dirname(d) === d) break;
  }
  tsconfig ??= process.env.TSX_TSCONFIG_PATH;
  // the ESM entry of tsx/esm/api, as its package.json exports it (require.resolve would give the CommonJS one)
  const pkg = createRequire(from).resolve('tsx/package.json');
  const entry = JSON.parse(readFileSync(pkg, 'utf8')).exports['./esm/api'].import;
  const api = join(dirname(pkg), typeof entry === 'string' ? entry : entry.default);
  (await import(pathToFileURL(api).href)).register(tsconfig ? { tsconfig } : undefined);
}
// a lower scheduling priority for this thread only (Linux threads have their own nice value)
try { if (workerData.priority) require('node:os').setPriority(workerData.priority); } catch {}
const ready = (async () => {
  const { url, artifacts } = workerData;
  if (/\\.[cm]?tsx?$/.test(url.split('?')[0])) await registerTsx(url);
  const mod = await import(url);
  const byKind = new Map(mod.loaders.map((l) => [l.kind, l]));
  const models = new Map();
  for (const a of artifacts) {
    const p = byKind.get(a.kind).fromJSON(a);
    models.set(p.name, p);
  }
  return models;
})();
ready.catch(() => {});
parentPort.on('message', async ({ id, model, instances }) => {
  try {
    const p = (await ready).get(model);
    const outputs = new Array(instances.length);
    for (let i = 0; i < instances.length; i++) outputs[i] = await p.predict(instances[i]);
    parentPort.postMessage({ id, outputs });
  } catch (e) {
    const error = e !== null && typeof e === 'object'
      ? { name: String(e.name), code: e.code, message: String(e.message), details: e.details, retryable: e.retryable === true }
      : { name: 'Error', message: String(e) };
    try { parentPort.postMessage({ id, error }); }
    catch { parentPort.postMessage({ id, error: { name: error.name, code: error.code, message: error.message } }); }
  }
});
`;

interface WireError {
  name: string;
  code?: unknown;
  message: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
}

interface PoolJob {
  readonly id: number;
  readonly model: string;
  readonly instances: readonly unknown[];
  readonly timer: NodeJS.Timeout;
  slot: Slot | null;
  resolve(r: JobResult): void;
}

interface Slot {
  worker: Worker | null;
  job: PoolJob | null;
}

/** Where workers get their predictors: the app's loaders module (import URL) and the artifacts loaded at start-up. */
export interface OffloadSource {
  readonly url: string;
  readonly artifacts: readonly ModelArtifact[];
  /** Nice value of the worker threads (0–19); 0 keeps the server's. */
  readonly priority?: number;
}

/**
 * A pool of worker threads that run heavy predictions off the event loop. Workers start on first use and build
 * their own predictors (`OffloadSource`); jobs wait in arrival order for a free worker, at most `maxQueue` of them
 * (more → `{ timeout: 'queued' }` at once). Each job has a time budget from when it is submitted: still queued when
 * it runs out → `timeout: 'queued'` (503); running → `timeout: 'running'` (504), and its worker is terminated and
 * replaced at once, so an overrunning prediction stops costing CPU. Workers are `unref`ed: they never keep a
 * process alive.
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: PoolJob[] = [];
  private nextId = 1;
  private closed = false;
  readonly models: ReadonlySet<string>;

  constructor(
    private readonly source: OffloadSource,
    size: number,
    private readonly maxQueue: number,
    private readonly onError?: (error: unknown) => void,
  ) {
    this.slots = Array.from({ length: size }, () => ({ worker: null, job: null }));
    this.models = new Set(source.artifacts.map((a) => a.name));
  }

  run(model: string, instances: readonly unknown[], budgetMs: number): Promise<JobResult> {
    if (this.closed || this.queue.length >= this.maxQueue) return Promise.resolve({ timeout: 'queued' });
    return new Promise<JobResult>((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.expire(job), Math.max(1, budgetMs));
      const job: PoolJob = { id, model, instances, timer, slot: null, resolve };
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Terminate every worker; queued and running jobs end as `timeout: 'queued'`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, { timeout: 'queued' });
    await Promise.all(
      this.slots.map((s) => {
        if (s.job) this.settle(s.job, { timeout: 'queued' });
        const w = s.worker;
        s.worker = null;
        return w?.terminate();
      }),
    );
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job !== null) continue;
      const job = this.queue.shift() as PoolJob;
      slot.job = job;
      job.slot = slot;
      this.workerOf(slot).postMessage({ id: job.id, model: job.model, instances: job.instances });
    }
  }

  private workerOf(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { url: this.source.url, artifacts: this.source.artifacts, priority: this.source.priority ?? 0 },
    });
    worker.unref();
    worker.on('message', (m: { id: number; outputs?: unknown[]; error?: WireError }) => {
      const job = slot.job;
      if (job === null || job.id !== m.id) return;
      this.settle(job, m.error ? { error: revive(m.error) } : { outputs: m.outputs as unknown[] });
    });
    const fail = (error: unknown) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      this.onError?.(error);
      if (slot.job) this.settle(slot.job, { error });
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a prediction worker thread exited with code ${code}`)));
    slot.worker = worker;
    return worker;
  }

  private expire(job: PoolJob): void {
    const slot = job.slot;
    if (slot === null) {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      this.settle(job, { timeout: 'queued' });
      return;
    }
    // the job overran its budget on a worker: stop that worker and start its replacement now, so that the next
    // job does not pay for the start-up
    const w = slot.worker;
    slot.worker = null;
    void w?.terminate();
    if (!this.closed) this.workerOf(slot);
    this.settle(job, { timeout: 'running' });
  }

  private settle(job: PoolJob, result: JobResult): void {
    clearTimeout(job.timer);
    const slot = job.slot;
    if (slot !== null && slot.job === job) slot.job = null;
    job.slot = null;
    job.resolve(result);
    if (!this.closed) this.dispatch();
  }
}

/** A worker's error as the main thread sees it: a RetailKitError again when it was one. */
function revive(e: WireError): unknown {
  if (e.name === 'RetailKitError' && typeof e.code === 'string')
    return new RetailKitError(e.code, e.message, { details: e.details ?? {}, retryable: e.retryable === true });
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}
