import { parentPort } from 'node:worker_threads';
import { openLake, openWarehouse } from '@retailkit/connectors';
import { isRetailKitError } from '@retailkit/core';
import { type LakeObject, type LoadInput, loadWarehouse, type TableCount, writeLake } from './load-steps.js';

/** What `backgroundLoad` posts: where to write and load, and the data (see `load-steps.ts`). */
export interface WorkerRequest {
  lake: string;
  /** A URI for `openWarehouse` (the embedded server's connection string when embedded). */
  warehouse: string;
  input: LoadInput;
}

/** A phase's time span, in absolute milliseconds (`performance.timeOrigin + performance.now()`). */
interface Span {
  startedAt: number;
  endedAt: number;
}

export type WorkerReply =
  | {
      type: 'done';
      location: string;
      lake: Span & { result: LakeObject[] };
      load: Span & { result: TableCount[] };
    }
  | {
      type: 'error';
      error: {
        retailkit: boolean;
        name: string;
        message: string;
        stack?: string;
        code?: string;
        details?: Record<string, unknown>;
        retryable?: boolean;
        syscall?: string;
      };
    };

const now = () => performance.timeOrigin + performance.now();

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  const lake = await openLake(req.lake);
  const t0 = now();
  const objects = await writeLake(lake, req.input);
  const t1 = now();
  const wh = await openWarehouse(req.warehouse);
  try {
    const tables = await loadWarehouse(wh, req.input);
    return {
      type: 'done',
      location: wh.location,
      lake: { startedAt: t0, endedAt: t1, result: objects },
      load: { startedAt: t1, endedAt: now(), result: tables },
    };
  } finally {
    await wh.close();
  }
}

function toWire(e: unknown): Extract<WorkerReply, { type: 'error' }>['error'] {
  const err = e as Error & { code?: unknown; details?: unknown; retryable?: unknown; syscall?: unknown };
  return {
    retailkit: isRetailKitError(e),
    name: err?.name ?? 'Error',
    message: err?.message ?? String(e),
    stack: err?.stack,
    code: typeof err?.code === 'string' ? err.code : undefined,
    details: isRetailKitError(e) ? plain(e.details) : undefined,
    retryable: isRetailKitError(e) ? e.retryable : undefined,
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

parentPort?.once('message', (req: WorkerRequest) => {
  handle(req).then(
    (reply) => parentPort?.postMessage(reply),
    (e) => parentPort?.postMessage({ type: 'error', error: toWire(e) } satisfies WorkerReply),
  );
});
