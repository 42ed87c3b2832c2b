import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS, OPTIONS } from '../src/commands/index.js';
import { commandHelp, globalHelp } from '../src/help.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));
const cli = (args: string[]) => run(process.execPath, [BIN, ...args], { cwd: tmpdir(), maxBuffer: 1 << 22 });

describe("each command's help comes from the command table", () => {
  it.each(Object.keys(COMMANDS))('%s: its usage, exactly its own options, and an example', (name) => {
    const text = commandHelp(name);
    expect(text.startsWith(`retailkit ${name} — `)).toBe(true);
    expect(text).toContain(`Usage: retailkit ${name} [options]`);
    for (const option of Object.keys(OPTIONS)) {
      const listed = new RegExp(`^ {2}(-h, )?--${option}\\b`, 'm').test(text);
      expect(listed, `--${option}`).toBe((COMMANDS[name].options as readonly string[]).includes(option));
    }
    expect(text).toMatch(/\nExamples?:\n {2}retailkit /);
    for (const e of COMMANDS[name].examples) expect(e.startsWith(`retailkit ${name}`), e).toBe(true);
  });

  it('the global help lists every command, and every help line fits 100 columns', () => {
    const text = globalHelp();
    for (const name of [...Object.keys(COMMANDS), 'help']) expect(text).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    for (const t of [text, ...Object.keys(COMMANDS).map(commandHelp)])
      for (const line of t.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

// issue 18, item 5: `<command> --help` printed the global text for every command
describe.concurrent('retailkit <command> --help', () => {
  it('prints the command\'s own help, the same as "help <command>", exit 0', async () => {
    const [flag, word] = await Promise.all([cli(['segment', '--help']), cli(['help', 'segment'])]);
    expect(flag.stdout).toBe(commandHelp('segment'));
    expect(word.stdout).toBe(flag.stdout);
    expect(flag.stdout).toContain('--seed <n>');
    expect(flag.stdout).not.toContain('--warehouse');
  });

  it('--help alone and "help" print the list of commands', async () => {
    const [flag, word] = await Promise.all([cli(['--help']), cli(['help'])]);
    expect(flag.stdout).toBe(globalHelp());
    expect(word.stdout).toBe(flag.stdout);
  });
});
