import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The CLI's entry point. */
export const BIN = fileURLToPath(new URL('../../bin/retailkit.js', import.meta.url));

/** Run the CLI as a user would through npm: INIT_CWD is the folder the user ran npm in. Rejects on a non-zero exit. */
export function cli(args: string[], cwd: string) {
  return run(process.execPath, [BIN, ...args], {
    cwd: tmpdir(),
    env: { ...process.env, INIT_CWD: cwd },
    maxBuffer: 1 << 24,
  });
}
