import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, type Transferable, Worker } from 'node:worker_threads';
import type { CleanResult } from '@retailkit/cleaning';
import type { Context } from './context.js';
import { fromWire, type Span, type WireError } from './worker-wire.js';

/** Where worker bundles are kept: the repository's `node_modules/.cache`, so that their bare imports resolve. */
const CACHE = fileURLToPath(new URL('../../../node_modules/.cache/retailkit-cli/', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

/**
 * `module` (a TypeScript file URL) and the `@retailkit/*` sources it imports, bundled by esbuild into one ES module
 * in {@link CACHE}, named by its content's hash (written once, atomically, so concurrent runs share it). Other
 * packages (drivers, the AWS and Google clients) stay imports. A worker started on the bundle needs no TypeScript
 * loader of its own: tsx's loader thread and the transpiled sources would cost the run about 40 MB per worker.
 */
async function bundle(module: URL): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(module)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: TSCONFIG,
    write: false,
    logLevel: 'error',
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          // bare specifiers other than the workspace's own packages are left to Node's resolution
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@retailkit/') ? undefined : { path: a.path, external: true },
          );
        },
      },
    ],
  });
  const code = result.outputFiles[0].contents;
  const name = `${basename(module.pathname, '.ts')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  const file = join(CACHE, name);
  if (!existsSync(file)) {
    await mkdir(CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  }
  return file;
}

/**
 * A worker thread running the TypeScript module `module` (a file URL) from its bundle (see {@link bundle}), built
 * while the caller goes on: messages posted before the worker exists are delivered when it starts, and `message`,
 * `error` and `exit` are re-emitted from it (a failed bundle is an `error`). `resourceLimits` as `new Worker`'s (a
 * small young generation keeps a worker that allocates short-lived objects from growing by tens of MB).
 */
export class BundledWorker extends EventEmitter {
  private worker: Worker | null = null;
  private pending: [unknown, readonly Transferable[] | undefined][] = [];
  private terminated = false;

  constructor(module: URL, resourceLimits?: ResourceLimits) {
    super();
    bundle(module).then(
      (file) => {
        if (this.terminated) return;
        const w = new Worker(file, { resourceLimits });
        this.worker = w;
        w.on('message', (m) => this.emit('message', m));
        w.on('error', (e) => this.emit('error', e));
        w.on('exit', (code) => this.emit('exit', code));
        for (const [m, t] of this.pending) w.postMessage(m, t);
        this.pending = [];
      },
      (e) => {
        if (!this.terminated) this.emit('error', e);
      },
    );
  }

  postMessage(message: unknown, transfer?: readonly Transferable[]): void {
    if (this.worker) this.worker.postMessage(message, transfer);
    else this.pending.push([message, transfer]);
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    this.pending = [];
    await this.worker?.terminate();
  }
}

/** Start a {@link BundledWorker} on `module`. */
export function startWorker(module: URL, resourceLimits?: ResourceLimits): BundledWorker {
  return new BundledWorker(module, resourceLimits);
}

/**
 * Record a step that ran in a worker as `ctx.step` records its own (time, start on the context's clock, peak RSS of
 * the process — every thread's — so far) and print its line; `beside` names what it overlapped.
 */
export function recordStep(ctx: Context, step: string, span: Span, detail: string, beside: string): void {
  // a span is on the shared clock (ms since the epoch, performance.timeOrigin based): back to this thread's
  const startedAt = span.startedAt - performance.timeOrigin;
  ctx.record(step, startedAt, span.endedAt - span.startedAt, detail, `, in a worker beside ${beside}`);
}

/** What a step's worker posts back: its result with the span it ran in, or the error. */
export type StepReply<Done extends Span> = ({ type: 'done' } & Done) | { type: 'error'; error: WireError };

/** A step of `run` fitted in a worker thread beside the other analyses; `In` is what its request is built from. */
export interface BackgroundStep<In = CleanResult> {
  /** Build what the worker needs from `input` (the cleaned views, by default), here, and send it. */
  start(input: In): void;
  /** Wait for the fit, record the step and write its files. */
  finish(): Promise<void>;
  cancel(): Promise<void>;
}

/** What {@link backgroundStep} runs. */
export interface BackgroundStepSpec<Done extends Span, In = CleanResult> {
  /** The worker module (a file URL); it answers one request with a {@link StepReply}. */
  readonly module: URL;
  readonly step: string;
  /** What the step ran beside, for its summary line (default: segment and basket). */
  readonly beside?: string;
  /**
   * The request and the buffers to move with it. A throw (a series that cannot be built, say) skips the step in
   * `finish`, as the step's own command would.
   */
  request(input: In): { message: unknown; transfer?: readonly Transferable[] };
  /** The step's summary line. */
  detail(done: Done): string;
  /** Write the step's files. */
  write(done: Done): Promise<void>;
}

/**
 * A step of `run` off the main thread: the worker starts at once, so its modules load beside ingest; `start` sends
 * it only what the step reads (not the frames, so the run's peak memory grows by the worker's own heap alone), and
 * `finish` records the step as if it had run here (see {@link recordStep}) and writes its files.
 */
export function backgroundStep<Done extends Span, In = CleanResult>(
  ctx: Context,
  spec: BackgroundStepSpec<Done, In>,
): BackgroundStep<In> {
  const worker = startWorker(spec.module, { maxYoungGenerationSizeMb: 4 });
  const done = new Promise<Done>((resolve, reject) => {
    worker.once('message', (m: StepReply<Done>) => (m.type === 'error' ? reject(fromWire(m.error)) : resolve(m)));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the ${spec.step} worker stopped (exit code ${code}) before finishing`)),
    );
  });
  done.catch(() => undefined);
  let started = false;
  let refused: unknown;
  const cancel = () => worker.terminate();
  return {
    start(input) {
      started = true;
      try {
        const { message, transfer } = spec.request(input);
        worker.postMessage(message, transfer);
      } catch (e) {
        refused = e;
      }
    },
    async finish() {
      try {
        if (!started) throw new Error(`the ${spec.step} step: finish() before start()`);
        if (refused !== undefined) throw refused;
        const r = await done;
        recordStep(ctx, spec.step, r, spec.detail(r), spec.beside ?? 'segment and basket');
        await spec.write(r);
      } finally {
        await cancel();
      }
    },
    cancel,
  };
}
