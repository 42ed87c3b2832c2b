import { parentPort } from 'node:worker_threads';
import { openLake, openWarehouse } from '@retailkit/connectors';
import { isRetailKitError } from '@retailkit/core';
import { type LakeObject, type LoadInput, loadWarehouse, type TableCount, writeLake } from './load-steps.js';

/**
 * What `backgroundLoad` posts, in either order: the data with the lake to write it to (after clean), and the
 * warehouse to load into (once its server is up).
 */
export type WorkerRequest =
  | { type: 'data'; lake: string; input: LoadInput }
  /** A URI for `openWarehouse` (the embedded server's connection string when embedded). */
  | { type: 'warehouse'; uri: string };

/** A phase's time span, in absolute milliseconds (`performance.timeOrigin + performance.now()`). */
export interface Span {
  startedAt: number;
  endedAt: number;
}

/** A RetailKit error keeps its code, details and retryable; another error its name, code and syscall. */
export interface WireError {
  retailkit: boolean;
  name: string;
  message: string;
  stack?: string;
  code?: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
  syscall?: string;
}

/** What the worker posts: the lake's result, then the load's; or the error that ended a phase (and the work). */
export type WorkerReply =
  | ({ type: 'lake'; result: LakeObject[] } & Span)
  | ({ type: 'load'; location: string; result: TableCount[] } & Span)
  | { type: 'error'; phase: 'lake' | 'load'; error: WireError };

const now = () => performance.timeOrigin + performance.now();
let warehouseUri: (uri: string) => void = () => undefined;
const warehouse = new Promise<string>((resolve) => {
  warehouseUri = resolve;
});

async function run(lakeUri: string, input: LoadInput): Promise<void> {
  let phase: 'lake' | 'load' = 'lake';
  try {
    const lake = await openLake(lakeUri);
    const t0 = now();
    const objects = await writeLake(lake, input);
    post({ type: 'lake', startedAt: t0, endedAt: now(), result: objects });
    phase = 'load';
    const wh = await openWarehouse(await warehouse);
    try {
      const t1 = now();
      const tables = await loadWarehouse(wh, input);
      post({ type: 'load', startedAt: t1, endedAt: now(), location: wh.location, result: tables });
    } finally {
      await wh.close();
    }
  } catch (e) {
    post({ type: 'error', phase, error: toWire(e) });
  }
}

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

function toWire(e: unknown): WireError {
  const err = e as Error & { code?: unknown; syscall?: unknown };
  const rk = isRetailKitError(e);
  return {
    retailkit: rk,
    name: err?.name ?? 'Error',
    message: err?.message ?? String(e),
    stack: err?.stack,
    code: typeof err?.code === 'string' ? err.code : undefined,
    details: rk ? plain(e.details) : undefined,
    retryable: rk ? e.retryable : undefined,
    syscall: typeof err?.syscall === 'string' ? err.syscall : undefined,
  };
}

/** Details as plain JSON data (what can cross to the main thread), or none when they cannot be. */
function plain(details: unknown): Record<string, unknown> | undefined {
  try {
    return JSON.parse(JSON.stringify(details));
  } catch {
    return undefined;
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.type === 'warehouse') warehouseUri(req.uri);
  else void run(req.lake, req.input);
});
