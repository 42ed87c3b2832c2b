import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workersLost } from '../errors.js';

/**
 * A self-contained kernel: it may use only its arguments and JavaScript built-ins (it is shipped to worker
 * threads as source text), and it writes its results into SharedArrayBuffer-backed arrays of `args`. A part may
 * run twice — on this thread, after a worker failed or died partway through it — so a kernel sets its outputs
 * (zeroing an accumulator first) rather than adding to what they held.
 */
export type Kernel<A> = (args: A, part: number) => void;

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
 * How a worker dies on purpose, for tests: after computing part `part` (outputs written, completion not yet
 * reported) it calls `process.exit` (`exit`), has its supervisor `worker.terminate()` it (`terminate`: no
 * JavaScript runs in the worker after that), or makes the supervisor itself exit (`supervisor`).
 */
export interface WorkerFault {
  readonly part: number;
  readonly how: 'exit' | 'terminate' | 'supervisor';
}

/**
 * Test hooks — internal, not exported from the package. `fault` applies to the next `runParts` call that uses
 * worker threads and is then cleared; `supervisorTimeoutMs` (when > 0) replaces `SUPERVISOR_TIMEOUT_MS`;
 * `takenOver` lists the parts dealt to workers that the calling thread ran instead, in the last call that used
 * worker threads.
 */
export const parallelTestHooks: { fault: WorkerFault | undefined; supervisorTimeoutMs: number; takenOver: number[] } = {
  fault: undefined,
  supervisorTimeoutMs: 0,
  takenOver: [],
};

/**
 * Run `kernel(args, part)` for every part in [0, parts), spread over up to `threads` threads (this one
 * included), and return when all are done — synchronously: this thread runs its share, then blocks on
 * `Atomics.wait` until the worker threads report. Results must not depend on which thread runs a part, so a
 * caller that fixes `parts` gets the same bits for any thread count.
 *
 * Worker threads are started on first use by one supervisor thread and kept (the supervisor is `unref`'d, so
 * they never keep the process alive). The supervisor runs no kernel code, so its event loop stays free while
 * this thread is blocked: it sees a worker's `exit` event — after `process.exit`, an uncaught error,
 * `worker.terminate()` or running out of memory — and hands the parts that worker had not finished back to this
 * thread, which runs them (from the start: see `Kernel`). A part whose kernel throws in a worker, and the parts
 * of a worker that has not started within `START_TIMEOUT_MS`, run here too. Every part is computed once in the
 * result: a part is claimed by compare-and-swap, and is rerun here only once the worker holding it can no longer
 * write to it.
 *
 * @throws RetailKitError `RFM_WORKERS_LOST` naming `caller`, when workers hold unfinished parts and the
 *   supervisor has not answered for `SUPERVISOR_TIMEOUT_MS` (this thread cannot tell whether those workers still
 *   write, so it cannot safely rerun their parts); the supervisor is then stopped and the next call starts anew.
 */
export function runParts<A extends object>(
  kernel: Kernel<A>,
  args: A,
  parts: number,
  threads: number,
  caller = 'runParts',
): void {
  const t = Math.max(1, Math.min(Math.floor(threads), parts));
  const sup = t > 1 && !unsupported.has(kernel) ? supervisor() : undefined;
  // parts are dealt round-robin: thread 0 (this one) takes parts 0, t, 2t, …, worker i parts i + 1, i + 1 + t, …
  const theirs: number[][] = Array.from({ length: t - 1 }, () => []);
  for (let p = 0; p < parts; p++) if (p % t !== 0) theirs[(p % t) - 1].push(p);
  // state: one word per part (ASSIGNED → RUNNING → DONE, or → ORPHANED → MAIN → DONE), then a counter bumped
  // (and notified) at every change workers or the supervisor make
  const state = new Int32Array(new SharedArrayBuffer(4 * (parts + 1)));
  if (!sup || !post(sup, { program: programOf(kernel), jobs: theirs, args, state })) {
    for (let p = 0; p < parts; p++) kernel(args, p);
    return;
  }
  for (let p = 0; p < parts; p += t) kernel(args, p);
  awaitWorkers(kernel, args, theirs, state, sup, caller);
}

/** Send a call's jobs to the supervisor (with the test fault, if any); false when they cannot be posted. */
function post(
  sup: Supervisor,
  message: { program: string; jobs: number[][]; args: object; state: Int32Array },
): boolean {
  try {
    sup.worker.postMessage({ ...message, fault: parallelTestHooks.fault });
  } catch {
    return false; // args that cannot be posted, or a supervisor that is gone: everything runs here
  }
  parallelTestHooks.fault = undefined;
  return true;
}

/** The worker program of each kernel, built from its source text once. */
const programs = new WeakMap<object, string>();

function programOf(kernel: Kernel<never>): string {
  let program = programs.get(kernel);
  if (program === undefined) programs.set(kernel, (program = workerProgram(kernel.toString())));
  return program;
}

/** Part states (words of `state`). A worker has started once one of its parts has left ASSIGNED. */
const ASSIGNED = 0;
const RUNNING = 1;
const DONE = 2;
/** Given back by a worker (its kernel threw) or by the supervisor (the worker died, or could not be started). */
const ORPHANED = 3;
/** Taken over by the calling thread. */
const MAIN = 4;
/** How long a worker may take to pick up its first parts (a generous bound on starting a Node worker thread). */
const START_TIMEOUT_MS = 10_000;
/**
 * How long the supervisor may leave a ping unanswered while workers hold parts before they are given up as lost.
 * It only forwards messages and watches workers, so it answers within milliseconds; this is no guess at how long
 * a kernel takes (a worker may compute for hours while its supervisor answers).
 */
const SUPERVISOR_TIMEOUT_MS = 30_000;
/** Longest single wait of the calling thread before it looks at the clock and the supervisor again. */
const SLICE_MS = 200;
/** Kernels whose workers could not start: they run on the calling thread from then on. */
const unsupported = new WeakSet<object>();

/**
 * Wait for the parts dealt to workers, running here those handed back (or never picked up). Times are measured
 * with `performance.now()` (monotonic: clock changes do not move them).
 */
function awaitWorkers<A extends object>(
  kernel: Kernel<A>,
  args: A,
  theirs: number[][],
  state: Int32Array,
  sup: Supervisor,
  caller: string,
): void {
  const events = state.length - 1;
  const startBy = performance.now() + START_TIMEOUT_MS;
  const takenOver: number[] = [];
  parallelTestHooks.takenOver = takenOver;
  let ping = 0; // the ping awaiting an answer (0: none)
  let pingAt = 0;
  let quiet = 0; // waits that timed out since that ping
  for (;;) {
    const seen = Atomics.load(state, events);
    const now = performance.now();
    let pending = false;
    let held = false; // a pending part belongs to a worker that has started
    for (const list of theirs) {
      const started = list.some((p) => Atomics.load(state, p) !== ASSIGNED);
      // a worker that has not started in time loses its parts (a CAS: it may start at this very moment)
      const late = !started && now >= startBy;
      for (const p of list) {
        const lateTaken = late && Atomics.compareExchange(state, p, ASSIGNED, MAIN) === ASSIGNED;
        if (lateTaken) unsupported.add(kernel);
        if (lateTaken || Atomics.compareExchange(state, p, ORPHANED, MAIN) === ORPHANED) {
          takenOver.push(p);
          kernel(args, p);
          Atomics.store(state, p, DONE);
        } else if (Atomics.load(state, p) !== DONE) {
          pending = true;
          held ||= started;
        }
      }
    }
    if (!pending) return;
    if (Atomics.wait(state, events, seen, SLICE_MS) !== 'timed-out') {
      quiet = 0;
      continue;
    }
    if (!held) continue; // only unstarted workers are awaited: START_TIMEOUT_MS applies
    // no news for a while: ask the supervisor whether it is still there to report a worker's death
    if (ping === 0 || Atomics.load(sup.ctl, PONG) >= ping) {
      ping = Atomics.add(sup.ctl, PING, 1) + 1;
      Atomics.notify(sup.ctl, PING);
      pingAt = performance.now();
      quiet = 0;
    } else {
      const timeout = parallelTestHooks.supervisorTimeoutMs || SUPERVISOR_TIMEOUT_MS;
      const waited = performance.now() - pingAt;
      // several unanswered waits as well as the time: a process stopped and resumed (SIGSTOP) gets one more look
      if (++quiet >= 3 && waited >= timeout) {
        if (current === sup) current = undefined;
        void sup.worker.terminate();
        throw workersLost(caller, Math.round(waited));
      }
    }
  }
}

interface Supervisor {
  worker: Worker;
  /** [PING, PONG]: the calling thread bumps PING, the supervisor copies it to PONG. */
  ctl: Int32Array;
}

const PING = 0;
const PONG = 1;
let current: Supervisor | undefined;

/** The supervisor thread, started on first use (undefined when a thread cannot be started). */
function supervisor(): Supervisor | undefined {
  if (current) return current;
  try {
    const ctl = new Int32Array(new SharedArrayBuffer(8));
    // no inherited flags: `--input-type=module` would make the source an ES module, loaders are not needed
    const worker = new Worker(SUPERVISOR_PROGRAM, { eval: true, execArgv: [], workerData: { ctl } });
    worker.unref();
    const entry: Supervisor = { worker, ctl };
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (current === entry) current = undefined;
    });
    current = entry;
    return entry;
  } catch {
    return undefined;
  }
}

/**
 * Functions of both the supervisor's and the workers' programs: `report` bumps and notifies the event counter
 * (the last word of `state`); `orphan` gives a job's unfinished parts (ASSIGNED or RUNNING → ORPHANED) back to the
 * calling thread and reports when there were any.
 */
const PART_FUNCTIONS = [
  'const report = (state) => {',
  '  Atomics.add(state, state.length - 1, 1);',
  '  Atomics.notify(state, state.length - 1);',
  '};',
  'const orphan = (state, parts) => {',
  '  let n = 0;',
  '  for (const p of parts) {',
  `    if (Atomics.compareExchange(state, p, ${ASSIGNED}, ${ORPHANED}) === ${ASSIGNED}) n++;`,
  `    else if (Atomics.compareExchange(state, p, ${RUNNING}, ${ORPHANED}) === ${RUNNING}) n++;`,
  '  }',
  '  if (n > 0) report(state);',
  '};',
].join('\n');

/**
 * The supervisor's program. It keeps a pool of workers per worker program, forwards each call's jobs (worker i
 * gets `jobs[i]`), answers pings, and when a worker exits — for any reason — hands the parts that worker had
 * not finished back to the calling thread (ASSIGNED or RUNNING → ORPHANED). The worker's thread has stopped when
 * its `exit` event fires, so it can no longer write to them.
 */
const SUPERVISOR_PROGRAM = [
  "const { Worker, parentPort, workerData } = require('node:worker_threads');",
  PART_FUNCTIONS,
  'const ctl = workerData.ctl;',
  'const answer = () => {',
  '  for (;;) {',
  `    const v = Atomics.load(ctl, ${PING});`,
  `    Atomics.store(ctl, ${PONG}, v);`,
  `    const r = Atomics.waitAsync(ctl, ${PING}, v);`,
  '    if (r.async) return void r.value.then(answer);',
  '  }',
  '};',
  'answer();',
  'const live = (job) => job.parts.some((p) => {',
  '  const s = Atomics.load(job.state, p);',
  `  return s === ${ASSIGNED} || s === ${RUNNING};`,
  '});',
  'const pools = new Map();',
  // a worker that exits leaves its pool (the next ones move up a slot) and gives its unfinished parts back
  'const spawn = (program, list) => {',
  '  const worker = new Worker(program, { eval: true, execArgv: [] });',
  '  const entry = { worker, jobs: [] };',
  '  worker.on("error", () => {});',
  '  worker.on("exit", () => {',
  '    const at = list.indexOf(entry);',
  '    if (at >= 0) list.splice(at, 1);',
  '    for (const job of entry.jobs) orphan(job.state, job.parts);',
  '  });',
  // workers send messages only for test faults (WorkerFault): "terminate" or "supervisor"
  '  worker.on("message", (how) => (how === "terminate" ? void worker.terminate() : process.exit(1)));',
  '  return entry;',
  '};',
  'parentPort.on("message", (m) => {',
  '  let list = pools.get(m.program);',
  '  if (!list) pools.set(m.program, (list = []));',
  '  m.jobs.forEach((parts, slot) => {',
  '    const job = { state: m.state, parts };',
  '    try {',
  '      if (slot >= list.length) list.push(spawn(m.program, list));',
  '      const entry = list[slot];',
  '      entry.jobs = entry.jobs.filter(live);',
  '      entry.jobs.push(job);',
  '      entry.worker.postMessage({ args: m.args, parts, state: m.state, fault: m.fault });',
  '    } catch {',
  '      orphan(job.state, job.parts);',
  '    }',
  '  });',
  '});',
].join('\n');

/**
 * A worker's program: the kernel's source and a loop that claims (ASSIGNED → RUNNING) and runs the parts it is
 * sent. A kernel that throws gives its part and the worker's remaining parts back to the calling thread.
 */
function workerProgram(kernelSource: string): string {
  return [
    "const { parentPort } = require('node:worker_threads');",
    // bundlers that keep function names wrap nested functions in __name(...): harmless here
    'var __name = (f) => f;',
    `const kernel = (${kernelSource});`,
    PART_FUNCTIONS,
    'const die = (how) => {',
    '  if (how === "exit") process.exit(70);',
    '  parentPort.postMessage(how);',
    '  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
    '};',
    'parentPort.on("message", (m) => {',
    '  for (const p of m.parts) {',
    `    if (Atomics.compareExchange(m.state, p, ${ASSIGNED}, ${RUNNING}) !== ${ASSIGNED}) continue;`,
    '    try {',
    '      kernel(m.args, p);',
    '    } catch {',
    '      orphan(m.state, m.parts);', // this part and those not yet run; the earlier ones are DONE
    '      return;',
    '    }',
    '    if (m.fault && m.fault.part === p) die(m.fault.how);',
    `    Atomics.store(m.state, p, ${DONE});`,
    '    report(m.state);',
    '  }',
    '});',
  ].join('\n');
}
