import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A self-contained kernel: it may use only its arguments and JavaScript built-ins (it is shipped to worker
 * threads as source text), and it writes its results into SharedArrayBuffer-backed arrays of `args`. A part may
 * run twice — on this thread, after a worker failed partway through it — so a kernel sets its outputs (zeroing
 * an accumulator first) rather than adding to what they held.
 */
export type Kernel<A> = (args: A, part: number) => void;

interface PoolWorker {
  worker: Worker;
  broken: boolean;
}

const pools = new Map<string, PoolWorker[]>();

/** Threads used when the caller does not say: the machine's parallelism, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** A Float64Array over shared memory (visible to worker threads without copying). */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/** A copy of `src` in shared memory. */
export function sharedCopy<T extends Float64Array | Int32Array>(src: T): T {
  const Ctor = src.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(src.length * Ctor.BYTES_PER_ELEMENT));
  out.set(src);
  return out;
}

/**
 * Run `kernel(args, part)` for every part in [0, parts), spread over up to `threads` threads (this one
 * included), and return when all are done — synchronously: this thread runs its share, then blocks on
 * `Atomics.wait` until the worker threads report. Workers are started on first use, kept for later calls and
 * `unref`'d (they never keep the process alive). Results must not depend on which thread runs a part, so a
 * caller that fixes `parts` gets the same bits for any thread count. When a worker cannot be started (it has
 * not picked up its parts within 10 s) or its kernel throws, its parts run here instead (from the start: see
 * `Kernel`).
 */
export function runParts<A extends object>(kernel: Kernel<A>, args: A, parts: number, threads: number): void {
  const t = Math.max(1, Math.min(Math.floor(threads), parts));
  const mine: number[] = [];
  const theirs: number[][] = Array.from({ length: t - 1 }, () => []);
  // parts are dealt round-robin: thread 0 (this one) takes parts 0, t, 2t, …
  for (let p = 0; p < parts; p++) {
    if (p % t === 0) mine.push(p);
    else theirs[(p % t) - 1].push(p);
  }
  const source = t > 1 ? kernel.toString() : '';
  const workers = t > 1 && !unsupported.has(source) ? pool(source, t - 1) : [];
  const flag = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, workers.length)));
  const posted: boolean[] = [];
  workers.forEach((w, i) => {
    try {
      w.worker.postMessage({ args, parts: theirs[i], flag, slot: i });
      posted.push(true);
    } catch {
      w.broken = true;
      posted.push(false);
    }
  });
  for (const p of mine) kernel(args, p);
  for (let i = 0; i < t - 1; i++) {
    if (i >= workers.length || !posted[i]) {
      for (const p of theirs[i]) kernel(args, p);
      continue;
    }
    // a worker claims its parts (0 → CLAIMED) when it receives them; one that has not within START_TIMEOUT_MS
    // (it failed to start) loses them to this thread (0 → TAKEN), so a part never runs twice or not at all
    const t0 = Date.now();
    while (Atomics.load(flag, i) === 0 && Date.now() - t0 < START_TIMEOUT_MS) Atomics.wait(flag, i, 0, 50);
    if (Atomics.compareExchange(flag, i, 0, TAKEN) === 0) {
      workers[i].broken = true;
      unsupported.add(source);
    } else while (Atomics.load(flag, i) === CLAIMED) Atomics.wait(flag, i, CLAIMED, 1000);
    if (Atomics.load(flag, i) !== DONE) {
      workers[i].broken = true;
      for (const p of theirs[i]) kernel(args, p);
    }
  }
}

const DONE = 1;
const FAILED = 2;
const CLAIMED = 3;
const TAKEN = 4;
/** How long a worker may take to pick up its first parts (starting a Node worker takes ~50–200 ms). */
const START_TIMEOUT_MS = 10_000;
/** Kernels whose workers could not start: they run on the calling thread from then on. */
const unsupported = new Set<string>();

/** Up to `size` live workers running the kernel `source`, started as needed. */
function pool(source: string, size: number): PoolWorker[] {
  let list = pools.get(source);
  if (!list) {
    list = [];
    pools.set(source, list);
  }
  for (let i = list.length - 1; i >= 0; i--) if (list[i].broken) list.splice(i, 1);
  while (list.length < size) {
    try {
      // no inherited flags: `--input-type=module` would make the source an ES module, loaders are not needed
      const worker = new Worker(workerSource(source), { eval: true, execArgv: [] });
      worker.unref();
      const entry: PoolWorker = { worker, broken: false };
      worker.on('error', () => {
        entry.broken = true;
      });
      worker.on('exit', () => {
        entry.broken = true;
      });
      list.push(entry);
    } catch {
      break;
    }
  }
  return list.slice(0, size);
}

/** The worker's program: the kernel's source and a loop that runs the parts it is sent. */
function workerSource(kernelSource: string): string {
  return [
    "const { parentPort } = require('node:worker_threads');",
    // bundlers that keep function names wrap nested functions in __name(...): harmless here
    'var __name = (f) => f;',
    `const kernel = (${kernelSource});`,
    'parentPort.on("message", (m) => {',
    `  if (Atomics.compareExchange(m.flag, m.slot, 0, ${CLAIMED}) !== 0) return;`,
    `  let ok = ${DONE};`,
    `  try { for (const p of m.parts) kernel(m.args, p); } catch { ok = ${FAILED}; }`,
    '  Atomics.store(m.flag, m.slot, ok);',
    '  Atomics.notify(m.flag, m.slot);',
    '});',
  ].join('\n');
}
