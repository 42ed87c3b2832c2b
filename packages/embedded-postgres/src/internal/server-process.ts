import { type ChildProcess, spawn } from 'node:child_process';
import { removeHolder, removeHolderSync } from './pgdata-holders.js';

/**
 * The server processes of this process and the temporary data folders not yet removed: a forgotten `stop()`,
 * `process.exit()`, Ctrl-C or SIGTERM stops the servers and deletes those folders (a crash leaves them to a later
 * start's sweep).
 */
const running = new Set<ChildProcess>();
const temporaryHolders = new Set<string>();
let hooksInstalled = false;

function stopAllNow(): void {
  for (const p of running) p.kill('SIGQUIT');
  running.clear();
  for (const h of temporaryHolders) removeHolderSync(h);
  temporaryHolders.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', stopAllNow);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      stopAllNow();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

/** Remember a temporary data folder's holder: deleted at exit unless {@link removeTemporaryHolder} ran first. */
export function trackTemporaryHolder(holder: string): void {
  temporaryHolders.add(holder);
}

/** Delete a temporary data folder's holder now, instead of at exit. */
export async function removeTemporaryHolder(holder: string): Promise<void> {
  temporaryHolders.delete(holder);
  await removeHolder(holder);
}

/** Run a PostgreSQL executable (as `ids` when given) with C messages and without the caller's PGPASSWORD. */
export function spawnAs(bin: string, args: string[], ids: { uid: number; gid: number } | undefined): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANG: 'C', LC_MESSAGES: 'C' };
  delete env.PGPASSWORD;
  return spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) });
}

/** Wait for a child to end; its stdout and stderr together. */
export function runToEnd(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  return new Promise((res, rej) => {
    let output = '';
    child.stdout?.on('data', (c) => (output += c));
    child.stderr?.on('data', (c) => (output += c));
    child.on('error', rej);
    child.on('close', (code) => res({ code, output }));
  });
}

/** Resolve once the server logs that it accepts connections; reject when it exits or the time is up. */
function waitReady(child: ChildProcess, timeoutMs: number, log: (line: string) => void): Promise<void> {
  return new Promise((res, rej) => {
    let tail = '';
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) rej(err);
      else res();
    };
    const timer = setTimeout(
      () => finish(new Error(`no ready message within ${timeoutMs} ms; log: ${tail}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n')) if (line) log(line);
      if (tail.includes('database system is ready to accept connections')) finish();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.on('error', (e) => finish(e));
    child.on('exit', (code, signal) =>
      finish(new Error(`server exited (code ${code}, signal ${signal}); log: ${tail}`)),
    );
  });
}

/**
 * Start the server and wait until it is ready. It is stopped at process exit, and does not keep the process
 * alive: a forgotten stop() leaves the exit hook to stop it.
 */
export async function launchServer(
  spawnServer: () => ChildProcess,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawnServer();
  try {
    await waitReady(child, timeoutMs, log);
  } catch (e) {
    child.kill('SIGQUIT');
    throw e;
  }
  running.add(child);
  installExitHooks();
  child.unref();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  return child;
}

/** Fast shutdown (SIGINT), escalated to an immediate one (SIGQUIT) after 15 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null)
    await new Promise<void>((res) => {
      const hard = setTimeout(() => child.kill('SIGQUIT'), 15_000);
      child.once('exit', () => {
        clearTimeout(hard);
        res();
      });
      child.kill('SIGINT');
    });
  running.delete(child);
}
