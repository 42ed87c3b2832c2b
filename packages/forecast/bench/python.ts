import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PY = '/usr/bin/python3';

/** True when Debian's python3 has `module`. */
export function pythonAvailable(module: string): boolean {
  if (!existsSync(PY)) return false;
  try {
    execFileSync(PY, ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Run a python script with `input` on stdin; returns stdout. */
export function runPython(script: string, input: string): string {
  return execFileSync(PY, ['-c', script], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}
