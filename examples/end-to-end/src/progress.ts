import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Where and how progress is shown. */
export interface ProgressDisplayOptions {
  /** File descriptor to draw on. Default: 2 (stderr) on a terminal; otherwise 1 (stdout), with the step lines. */
  fd?: number;
  /** Draw a bar or spinner that redraws one line (a terminal), or write plain line logs. Default: stderr is a TTY. */
  tty?: boolean;
  /** Terminal width; lines are cut to fit. Default: stderr's columns, else 100. */
  columns?: number;
  /** A step shows progress once it has run this long, ms. Default 1000. */
  delayMs?: number;
  /** Line logs: one per running step this often, ms. Default 5000. */
  logEveryMs?: number;
  /** Redraw interval, ms. Default 100. */
  tickMs?: number;
}

const SLOTS = 8;
const LABEL_BYTES = 48;
const LOCK = 0;
const DRAWN = 1;
const COLUMNS = 2;

/**
 * The CLI's progress: steps that run longer than a second get a bar with rate and ETA when their total is known, a
 * spinner with the elapsed time otherwise, all on one terminal line that is cleared when they end (nothing left
 * behind); off a terminal, a plain line log every few seconds instead. Drawing happens on a worker thread that reads
 * the steps' state from shared memory, so a step that runs synchronous code (a model fit) still shows progress.
 * Up to eight steps may run at once (their progress shares the line).
 */
export class ProgressDisplay {
  private worker: Worker | null = null;
  private started: Promise<void> = Promise.resolve();
  private broken = false;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(4 * 4));
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  private readonly nums = new Float64Array(new SharedArrayBuffer(8 * 3 * SLOTS));
  private readonly text = new Uint8Array(new SharedArrayBuffer(LABEL_BYTES * SLOTS));
  private nextId = 1;
  readonly fd: number;
  readonly tty: boolean;
  private readonly options: Required<Omit<ProgressDisplayOptions, 'fd' | 'tty' | 'columns'>>;

  constructor(options: ProgressDisplayOptions = {}) {
    this.tty = options.tty ?? process.stderr.isTTY === true;
    this.fd = options.fd ?? (this.tty ? 2 : 1);
    this.options = {
      delayMs: options.delayMs ?? 1000,
      logEveryMs: options.logEveryMs ?? 5000,
      tickMs: options.tickMs ?? 100,
    };
    this.ctrl[COLUMNS] = options.columns ?? process.stderr.columns ?? 100;
  }

  /** Start showing a step (after `delayMs`); `unit` names what `update` counts (`bytes` are shown in MB). */
  begin(label: string, unit = 'rows'): LazyProgress {
    this.start();
    const slot = this.state.indexOf(0);
    if (slot < 0 || this.broken) return LazyProgress.none;
    const id = this.nextId++;
    const bytes = new TextEncoder().encode(`${label}\0${unit}`).subarray(0, LABEL_BYTES);
    this.text.fill(0, slot * LABEL_BYTES, (slot + 1) * LABEL_BYTES);
    this.text.set(bytes, slot * LABEL_BYTES);
    this.nums.set([0, 0, Date.now()], slot * 3);
    Atomics.store(this.state, slot, id);
    return new LazyProgress(this, slot, id);
  }

  /** @internal the step's value and total (LazyProgress.update). */
  set(slot: number, id: number, value: number, total?: number): void {
    if (Atomics.load(this.state, slot) !== id) return;
    this.nums[slot * 3] = value;
    if (total !== undefined) this.nums[slot * 3 + 1] = total;
  }

  /** @internal end a step: its slot is freed and the line cleared (the worker redraws the other running steps). */
  end(slot: number, id: number): void {
    if (Atomics.compareExchange(this.state, slot, id, 0) !== id) return;
    this.locked(() => this.clearLine());
  }

  /** Write text (to stdout by default) without tearing a progress line: the line is cleared first. */
  write(text: string, stream: NodeJS.WritableStream = process.stdout): void {
    if (!this.worker) {
      stream.write(text);
      return;
    }
    this.locked(() => {
      this.clearLine();
      stream.write(text);
    });
  }

  /** Stop the worker (its line is cleared first). The display starts it again when a step begins. */
  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.locked(() => this.clearLine());
    this.worker = null;
    await w.terminate();
  }

  private start(): void {
    if (this.worker || this.broken) return;
    this.worker = new Worker(new URL('./progress-worker.mjs', import.meta.url), {
      workerData: {
        ctrl: this.ctrl.buffer,
        state: this.state.buffer,
        nums: this.nums.buffer,
        text: this.text.buffer,
        labelBytes: LABEL_BYTES,
        fd: this.fd,
        tty: this.tty,
        ...this.options,
      },
      stdout: false,
      stderr: false,
    });
    const worker = this.worker;
    this.started = new Promise((resolve) => {
      worker.once('message', () => resolve());
      worker.once('error', () => resolve());
    });
    worker.unref();
    worker.on('error', () => {
      this.broken = true;
    });
  }

  /** Resolves once the drawing thread runs (the first step starts it); nothing needs to wait for it but tests. */
  ready(): Promise<void> {
    return this.started;
  }

  /** Run `fn` holding the line's lock (waiting at most 200 ms for the worker, which holds it for microseconds). */
  private locked(fn: () => void): void {
    const deadline = Date.now() + 200;
    let held = false;
    while (!(held = Atomics.compareExchange(this.ctrl, LOCK, 0, 1) === 0) && Date.now() < deadline)
      Atomics.wait(this.ctrl, LOCK, 1, 20);
    try {
      fn();
    } finally {
      if (held) {
        Atomics.store(this.ctrl, LOCK, 0);
        Atomics.notify(this.ctrl, LOCK);
      }
    }
  }

  private clearLine(): void {
    if (this.tty && Atomics.load(this.ctrl, DRAWN) === 1) {
      try {
        writeSync(this.fd, '\r\x1b[2K');
      } catch {}
      Atomics.store(this.ctrl, DRAWN, 0);
    }
  }
}

/**
 * One step's progress on a `ProgressDisplay` (nothing is shown for a step that ends within the display's delay).
 * `update(value, total?)` may be called as often as wanted; `stop()` more than once.
 */
export class LazyProgress {
  constructor(
    private readonly display: ProgressDisplay | null,
    private readonly slot: number,
    private readonly id: number,
  ) {}

  /** A progress that shows nothing (`--quiet`). */
  static readonly none = new LazyProgress(null, 0, 0);

  update(value: number, total?: number): void {
    this.display?.set(this.slot, this.id, value, total);
  }

  stop(): void {
    this.display?.end(this.slot, this.id);
  }
}

let shared: ProgressDisplay | undefined;

/** The process's progress display on stderr (or line logs on stdout), created on first use. */
export function progressDisplay(): ProgressDisplay {
  shared ??= new ProgressDisplay();
  return shared;
}
