import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandHelp } from '../src/help.js';

const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));

/** Run the CLI and expect a usage error: one coded line on stderr, exit 2 (the conventions of cli-errors.test.ts). */
function usageError(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), maxBuffer: 1 << 22 }, (err, _stdout, stderr) => {
      if (!err) return reject(new Error(`retailkit ${args.join(' ')} succeeded`));
      const lines = stderr.split('\n').filter((l) => l !== '');
      expect(lines, stderr).toHaveLength(1);
      expect(err.code).toBe(2);
      resolve(lines[0]);
    });
  });
}

describe.concurrent('--engine on the command line', () => {
  it('an unknown engine: CLI_BAD_VALUE naming the two engines', async () => {
    expect(await usageError(['run', '--engine', 'gpu'])).toBe(
      'retailkit run: CLI_BAD_VALUE --engine must be memory or warehouse; received "gpu".',
    );
  });

  it('a warehouse no command knows, with or without --engine warehouse: CLI_BAD_VALUE', async () => {
    expect(await usageError(['run', '--warehouse', 'mysql://shop'])).toMatch(
      /^retailkit run: CLI_BAD_VALUE --warehouse must be embedded, postgres:.*, bigquery:project\.dataset or duckdb:<file>; received "mysql:\/\/shop"\.$/,
    );
    expect(await usageError(['run', '--engine', 'warehouse', '--warehouse', 'mysql://shop'])).toMatch(
      /^retailkit run: CLI_BAD_VALUE --warehouse must be embedded, postgres:.*, bigquery:project\.dataset or duckdb:<file>; received "mysql:\/\/shop"\.$/,
    );
  });

  it('the reference preset with --engine warehouse: CLI_BAD_VALUE', async () => {
    expect(await usageError(['run', '--engine', 'warehouse', '--preset', 'reference'])).toMatch(
      /^retailkit run: CLI_BAD_VALUE --preset must be default with --engine warehouse/,
    );
  });

  it('--engine given to a command other than run: CLI_UNKNOWN_OPTION', async () => {
    expect(await usageError(['segment', '--engine', 'warehouse'])).toMatch(
      /^retailkit segment: CLI_UNKNOWN_OPTION segment takes no --engine \(an option of run\)/,
    );
  });

  it("run's help names the engines and the score step", () => {
    const help = commandHelp('run');
    expect(help).toContain('--engine <memory|warehouse>');
    expect(help).toContain('score');
    expect(commandHelp('segment')).not.toContain('--engine');
  });
});
