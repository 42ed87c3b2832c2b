import { constants } from 'node:fs';
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnMapping } from './columns.js';
import { CLI_ERROR_CODES, cliError } from './errors.js';
import { LazyProgress, type ProgressDisplay, progressDisplay } from './progress.js';
import { wrapWords } from './text.js';

/** The repository's seed file, the default `--data`. */
export const DEFAULT_DATA = fileURLToPath(new URL('../../../seeds/online-retail.csv.gz', import.meta.url));

export type Preset = 'default' | 'reference';

/** Options common to every command. */
export interface CommonOptions {
  data: string;
  out: string;
  preset: Preset;
  seed: number;
  quiet: boolean;
  /** Print stack traces of errors (and of skipped steps' reasons). */
  debug: boolean;
  /** Let `--data` URLs reach loopback and private addresses (blocked by default: SSRF guard). */
  allowPrivateNetwork: boolean;
  /** `--columns`: the source column of each canonical column it names (the others by the UCI header aliases). */
  columns: ColumnMapping;
}

/** Time and memory of one step, for the run summary. */
export interface StepRecord {
  step: string;
  ms: number;
  /** Peak resident memory of the process up to the end of this step, MB. */
  peakRssMB: number;
  /**
   * When the step started, ms after the context was created (the start of the command). Steps of `run` may
   * overlap (lake and load run beside the analyses): `startMs` and `ms` place each on one time line.
   */
  startMs?: number;
  detail: string;
}

/** A step of `run` that could not run on the data given, and why (the error's code and message). */
export interface SkippedStep {
  step: string;
  code: string;
  message: string;
}

/**
 * What every command shares: resolved paths (relative to the folder the user ran the command in,
 * `INIT_CWD`), the output folder, memoised pipeline results, step records and terminal output.
 */
export class Context {
  readonly cwd: string;
  readonly options: CommonOptions;
  readonly steps: StepRecord[] = [];
  readonly skipped: SkippedStep[] = [];
  /** `performance.now()` when the context was created: the origin of the steps' `startMs`. */
  readonly t0 = performance.now();
  private readonly memo = new Map<string, Promise<unknown>>();
  /** Where steps show their progress; none with `--quiet`. */
  private readonly display: ProgressDisplay | null;

  constructor(options: Partial<CommonOptions> & { cwd?: string; display?: ProgressDisplay | null }) {
    this.cwd = options.cwd ?? process.env.INIT_CWD ?? process.cwd();
    this.options = {
      data: options.data ? this.path(options.data) : DEFAULT_DATA,
      out: this.path(options.out ?? 'out'),
      preset: options.preset ?? 'default',
      seed: options.seed ?? 42,
      quiet: options.quiet ?? false,
      debug: options.debug ?? false,
      allowPrivateNetwork: options.allowPrivateNetwork ?? false,
      columns: options.columns ?? {},
    };
    this.display = this.options.quiet ? null : options.display === undefined ? progressDisplay() : options.display;
  }

  /** A user-supplied path, resolved against the folder the command was run from. URLs pass through. */
  path(p: string): string {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^[a-z]+:[^/\\]/i.test(p)) return p;
    return isAbsolute(p) ? p : resolve(this.cwd, p);
  }

  /** Path inside `--out`. */
  outPath(...parts: string[]): string {
    return join(this.options.out, ...parts);
  }

  /** Write JSON into `--out` atomically (temp + rename); numbers at full precision, non-finite as strings. */
  async writeJson(name: string, value: unknown): Promise<string> {
    const file = this.outPath(name);
    await mkdir(dirname(file), { recursive: true });
    const text = JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${text}\n`);
    await rename(tmp, file);
    return file;
  }

  /** Remove files from `--out` (a step's outputs, before it runs): no earlier run's output passes for this run's. */
  async removeOutputs(...names: string[]): Promise<void> {
    for (const name of names) await rm(this.outPath(name), { force: true });
  }

  /** A line on stdout (none with `--quiet`), clearing a progress line first. */
  print(text = ''): void {
    if (this.options.quiet) return;
    if (this.display) this.display.write(`${text}\n`);
    else process.stdout.write(`${text}\n`);
  }

  /** Run a pipeline step once per context (later calls reuse the result), timing it. */
  once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      this.memo.set(key, p);
    }
    return p;
  }

  /**
   * Time a step, record its time and peak memory, and show its progress once it runs over a second: a bar with
   * rate and ETA when `fn` reports a total through `progress.update(value, total)` (counted in `unit`, default
   * rows), a spinner otherwise; plain line logs off a terminal; nothing with `--quiet`.
   */
  async step<T>(
    name: string,
    fn: (progress: LazyProgress) => Promise<T>,
    detail: (r: T) => string,
    options: { unit?: string } = {},
  ): Promise<T> {
    const progress = this.display ? this.display.begin(name, options.unit) : LazyProgress.none;
    const t0 = performance.now();
    try {
      const result = await fn(progress);
      const ms = performance.now() - t0;
      progress.stop();
      this.record(name, t0, ms, detail(result));
      return result;
    } finally {
      progress.stop();
    }
  }

  /**
   * Record a step that started at `startedAt` (`performance.now()` of this thread) and worked `ms`, with the peak
   * RSS of the process (every thread's) so far, and print its line; `note` follows the time in the parentheses.
   */
  record(name: string, startedAt: number, ms: number, detail: string, note = ''): void {
    this.steps.push({
      step: name,
      ms,
      startMs: startedAt - this.t0,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      detail,
    });
    this.print(`✔ ${name.padEnd(9)} ${detail} (${fmtMs(ms)}${note})`);
  }
}

/**
 * Create `--out` if needed and check it can be written, before any step runs.
 *
 * @throws RetailKitError `CLI_OUT_NOT_WRITABLE` when it is a file, under a file, or not writable.
 */
export async function prepareOut(out: string): Promise<void> {
  try {
    await mkdir(out, { recursive: true });
    await access(out, constants.W_OK);
  } catch (e) {
    const errno = (e as { code?: string }).code ?? 'unknown';
    const why =
      errno === 'EEXIST' || errno === 'ENOTDIR'
        ? 'it is a file, or a path through a file'
        : errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS'
          ? 'it cannot be written here'
          : `it cannot be created (${errno})`;
    throw cliError(
      CLI_ERROR_CODES.outNotWritable,
      `--out ${out} cannot hold the outputs: ${why}. Pass a folder you can write, such as --out ./out.`,
      { out, errno },
    );
  }
}

/**
 * The size of a local `--data` file, checked before reading it so that a wrong path gets a message in the CLI's
 * terms.
 *
 * @throws RetailKitError (with the CSV reader's codes) `SOURCE_NOT_FOUND` when nothing is there, `SOURCE_READ` for a folder or a file that
 *   cannot be read.
 */
export async function dataFileSize(path: string): Promise<number> {
  const fail = (code: string, why: string, errno?: string) =>
    cliError(code, `--data ${path} ${why}; pass a .csv, .csv.gz or .parquet file.`, { path, errno });
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'ENOENT'
      ? fail('SOURCE_NOT_FOUND', 'does not exist (relative paths are taken from where you ran npm)')
      : fail('SOURCE_READ', `cannot be read (${e.code ?? e.message})`, e.code);
  });
  if (info.isDirectory()) throw fail('SOURCE_READ', 'is a folder', 'EISDIR');
  await access(path, constants.R_OK).catch((e: NodeJS.ErrnoException) => {
    throw fail('SOURCE_READ', `cannot be read (${e.code ?? e.message})`, e.code);
  });
  return info.size;
}

export function fmtMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * A plain text table: columns padded to their widest cell (left-aligned for `leftColumns`, right-aligned
 * otherwise), two spaces apart. With `maxWidth`, the `wrap` column (default: the last) is narrowed so that every
 * line fits, its cells wrapped at spaces onto continuation lines.
 */
export function table(
  header: string[],
  rows: (string | number)[][],
  leftColumns: number[] = [0],
  options: { maxWidth?: number; wrap?: number } = {},
): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, k) => Math.max(...cells.map((r) => (r[k] ?? '').length)));
  const wrap = options.wrap ?? header.length - 1;
  if (options.maxWidth !== undefined) {
    const others = widths.reduce((s, w, k) => (k === wrap ? s : s + w), 0) + 2 * (widths.length - 1);
    widths[wrap] = Math.max(header[wrap].length, Math.min(widths[wrap], options.maxWidth - others));
  }
  const line = (r: string[]) =>
    r
      .map((c, k) => (leftColumns.includes(k) ? c.padEnd(widths[k]) : c.padStart(widths[k])))
      .join('  ')
      .trimEnd();
  const physical = (r: string[]) => {
    if (options.maxWidth === undefined) return [line(r)];
    const parts = wrapWords(r[wrap] ?? '', widths[wrap]);
    return parts.map((p, i) => line(r.map((c, k) => (k === wrap ? p : i === 0 ? c : ''))));
  };
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).flatMap(physical)].join('\n');
}
