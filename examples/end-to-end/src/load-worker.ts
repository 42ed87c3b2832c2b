import { parentPort } from 'node:worker_threads';
import { openLake, openWarehouse } from '@retailkit/connectors';
import { type LakeObject, type LoadInput, loadWarehouse, type TableCount, writeLake } from './load-steps.js';
import { now, type Span, toWire, type WireError } from './worker-wire.js';

/**
 * What `backgroundLoad` posts, in either order: the data with the lake to write it to (after clean), and the
 * warehouse to load into (once its server is up).
 */
export type WorkerRequest =
  | {
      type: 'data';
      lake: string;
      input: LoadInput;
      /** false: the lake only (the caller loads the warehouse). */
      load: boolean;
    }
  /** A URI for `openWarehouse` (the embedded server's connection string when embedded). */
  | { type: 'warehouse'; uri: string };

/** What the worker posts: the lake's result, then the load's; or the error that ended a phase (and the work). */
export type WorkerReply =
  | ({ type: 'lake'; result: LakeObject[] } & Span)
  | ({ type: 'load'; location: string; result: TableCount[] } & Span)
  | { type: 'error'; phase: 'lake' | 'load'; error: WireError };

let warehouseUri: (uri: string) => void = () => undefined;
const warehouse = new Promise<string>((resolve) => {
  warehouseUri = resolve;
});

async function run(lakeUri: string, input: LoadInput, load: boolean): Promise<void> {
  let phase: 'lake' | 'load' = 'lake';
  try {
    const lake = await openLake(lakeUri);
    const t0 = now();
    const objects = await writeLake(lake, input);
    post({ type: 'lake', startedAt: t0, endedAt: now(), result: objects });
    if (!load) return;
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

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.type === 'warehouse') warehouseUri(req.uri);
  else void run(req.lake, req.input, req.load);
});
