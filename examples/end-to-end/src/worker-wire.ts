import { type Column, type Frame, isRetailKitError, RetailKitError } from '@retailkit/core';

/** A phase's time span in a worker, in absolute milliseconds (`performance.timeOrigin + performance.now()`). */
export interface Span {
  startedAt: number;
  endedAt: number;
}

/** Now, in a clock every thread of the process shares. */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * An error crossing from a worker to the main thread: a RetailKit error keeps its code, message, details and
 * retryable (so a refusal is still recognised as one); another error its name, message, code and syscall.
 */
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

export function toWire(e: unknown): WireError {
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

export function fromWire(e: WireError): Error {
  const err = e.retailkit
    ? new RetailKitError(e.code ?? 'CLI_UNEXPECTED', e.message, { details: e.details ?? {}, retryable: e.retryable })
    : Object.assign(
        new Error(e.message),
        { name: e.name },
        e.code ? { code: e.code } : {},
        e.syscall ? { syscall: e.syscall } : {},
      );
  if (e.stack) err.stack = e.stack;
  return err;
}

/** Details as plain JSON data (what can cross threads), or none when they cannot be. */
function plain(details: unknown): Record<string, unknown> | undefined {
  try {
    return JSON.parse(JSON.stringify(details));
  } catch {
    return undefined;
  }
}

/**
 * Compact copies of frames' arrays to move to a worker (`postMessage(message, mover.transfer)`): the copies are
 * transferred, not cloned a second time by the message, and the caller keeps its own frames. An array several frames
 * share (cleaning keeps a raw column as it is when it removes no row) is copied once and stays shared.
 */
export function frameMover(): { frame(f: Frame): Frame; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const copies = new Map<ArrayBufferView, ArrayBufferView>();
  const copy = <A extends Int32Array | Float64Array | Uint8Array>(a: A): A => {
    let c = copies.get(a) as A | undefined;
    if (!c) {
      c = a.slice() as A;
      copies.set(a, c);
      transfer.push(c.buffer as ArrayBuffer);
    }
    return c;
  };
  return {
    frame(f) {
      const columns: Record<string, Column> = {};
      for (const [n, c] of Object.entries(f.columns))
        columns[n] = c.type === 'string' ? { ...c, codes: copy(c.codes) } : ({ ...c, data: copy(c.data) } as Column);
      return { length: f.length, columns };
    },
    transfer,
  };
}
