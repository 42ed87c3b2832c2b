import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));

interface Failure {
  status: number | null;
  lines: string[];
  stderr: string;
}

/** Run the CLI as a user would (INIT_CWD is the folder npm was run in) and expect it to fail. */
function fails(args: string[], cwd: string): Promise<Failure> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: tmpdir(), env: { ...process.env, INIT_CWD: cwd }, maxBuffer: 1 << 22 },
      (err, _stdout, stderr) => {
        if (!err) reject(new Error(`retailkit ${args.join(' ')} succeeded`));
        else resolve({ status: err.code as number, stderr, lines: stderr.split('\n').filter((l) => l !== '') });
      },
    );
  });
}

/** One line on stderr, `retailkit[ <command>]: <CODE> <message>`, and no stack trace. */
function expectOneLine(f: Failure, code: string, status: number): string {
  expect(f.lines, f.stderr).toHaveLength(1);
  expect(f.lines[0]).toMatch(new RegExp(`^retailkit( [a-z]+)?: ${code} \\S`));
  expect(f.stderr).not.toMatch(/\n\s+at /);
  expect(f.status).toBe(status);
  return f.lines[0];
}

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

// issue 17, finding 10 (CLI): every failure a user can cause prints one coded line; 1 at run time, 2 for usage
describe.concurrent('the CLI fails in one coded line', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-cli-errors-'));
    await writeFile(join(dir, 'empty.csv'), '');
    await writeFile(
      join(dir, 'ok.csv'),
      `${HEADER}\n536365,20170,JAR,4,2010-12-01 08:03:00,7.95,15195,United Kingdom\n`,
    );
    await writeFile(join(dir, 'a-file'), 'x');
    await writeFile(join(dir, 'locked.csv'), `${HEADER}\n`);
    await chmod(join(dir, 'locked.csv'), 0o000);
    await mkdir(join(dir, 'a-folder.csv'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a missing --data file: SOURCE_NOT_FOUND naming the file (was a raw ENOENT stack trace), exit 1', async () => {
    const line = expectOneLine(
      await fails(['ingest', '--data', 'nope.csv', '--out', 'out-1'], dir),
      'SOURCE_NOT_FOUND',
      1,
    );
    expect(line.startsWith(`retailkit ingest: SOURCE_NOT_FOUND --data ${join(dir, 'nope.csv')} `)).toBe(true);
    expect(existsSync(join(dir, 'out-1'))).toBe(false);
  });

  it('--debug adds the stack trace', async () => {
    const f = await fails(['ingest', '--data', 'nope.csv', '--out', 'out-2', '--debug'], dir);
    expect(f.status).toBe(1);
    expect(f.lines[0]).toMatch(/^retailkit ingest: SOURCE_NOT_FOUND /);
    expect(f.stderr).toMatch(/\n\s+at /);
  });

  it('a folder as --data: SOURCE_READ, exit 1', async () => {
    const line = expectOneLine(
      await fails(['ingest', '--data', 'a-folder.csv', '--out', 'out-3'], dir),
      'SOURCE_READ',
      1,
    );
    expect(line).toContain('is a folder');
  });

  it.skipIf(process.getuid?.() === 0)(
    'a file without read permission: SOURCE_READ, exit 1 (root reads it)',
    async () => {
      expectOneLine(await fails(['ingest', '--data', 'locked.csv', '--out', 'out-4'], dir), 'SOURCE_READ', 1);
    },
  );

  it('an empty file: CSV_EMPTY, exit 1', async () => {
    expectOneLine(await fails(['ingest', '--data', 'empty.csv', '--out', 'out-5'], dir), 'CSV_EMPTY', 1);
  });

  it('a ZIP or an XLSX given as --data (was "ingested" as garbage, exit 0): CSV_BINARY_INPUT naming the format, exit 1', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    await writeFile(join(dir, 'data.zip'), zipSync({ 'data.csv': strToU8(`${HEADER}\n`) }));
    // an XLSX is a ZIP whose first entry is [Content_Types].xml
    await writeFile(
      join(dir, 'book.xlsx'),
      zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') }),
    );
    const zip = expectOneLine(
      await fails(['ingest', '--data', 'data.zip', '--out', 'out-zip'], dir),
      'CSV_BINARY_INPUT',
      1,
    );
    expect(zip).toMatch(/ZIP/);
    const xlsx = expectOneLine(
      await fails(['ingest', '--data', 'book.xlsx', '--out', 'out-xlsx'], dir),
      'CSV_BINARY_INPUT',
      1,
    );
    expect(xlsx).toMatch(/XLSX|Excel/i);
  });

  it('a --data URL that does not parse (was an uncoded TypeError stack trace): CLI_BAD_VALUE, exit 2', async () => {
    expectOneLine(await fails(['ingest', '--data', 'https://', '--out', 'out-6'], dir), 'CLI_BAD_VALUE', 2);
  });

  it('an SSRF refusal names the CLI flag that allows the address, or says there is none (not a library option)', async () => {
    const loop = expectOneLine(
      await fails(['ingest', '--data', 'http://127.0.0.1:9/x.csv', '--out', 'out-7'], dir),
      'SSRF_BLOCKED',
      1,
    );
    expect(loop).toContain('Pass --allow-private-network');
    expect(loop).not.toContain('allow:');
    const metadata = expectOneLine(
      await fails(
        ['ingest', '--data', 'http://169.254.169.254/latest/x.csv', '--allow-private-network', '--out', 'out-7'],
        dir,
      ),
      'SSRF_BLOCKED',
      1,
    );
    expect(metadata).toContain('no flag allows link-local');
    expect(metadata).not.toContain('allow:');
  });

  it('a bad --preset or --warehouse: CLI_BAD_VALUE with the value (password masked), exit 2', async () => {
    const preset = expectOneLine(await fails(['--preset', 'fancy'], dir), 'CLI_BAD_VALUE', 2);
    expect(preset).toBe('retailkit run: CLI_BAD_VALUE --preset must be default or reference; received "fancy".');
    const wh = expectOneLine(await fails(['load', '--warehouse', 'mysql://u:hunter2@h/db'], dir), 'CLI_BAD_VALUE', 2);
    expect(wh).toContain('"mysql://u:***@h/db"');
  });

  it('an --out that is a file: CLI_OUT_NOT_WRITABLE before any step runs, exit 1', async () => {
    expectOneLine(await fails(['ingest', '--data', 'ok.csv', '--out', 'a-file'], dir), 'CLI_OUT_NOT_WRITABLE', 1);
  });

  it("an unknown option or command, a missing value: usage errors in the CLI's words (no parseArgs boilerplate), exit 2", async () => {
    const option = expectOneLine(await fails(['ingest', '--bogus'], dir), 'CLI_UNKNOWN_OPTION', 2);
    expect(option).toBe(
      'retailkit ingest: CLI_UNKNOWN_OPTION unknown option --bogus; see retailkit ingest --help for the options.',
    );
    expectOneLine(await fails(['frob'], dir), 'CLI_UNKNOWN_COMMAND', 2);
    const value = expectOneLine(await fails(['ingest', '--data', '--out', 'out-8'], dir), 'CLI_MISSING_VALUE', 2);
    expect(value).toBe('retailkit ingest: CLI_MISSING_VALUE --data needs a value, as in --data <value>; see --help.');
  });

  // issue 18, item 5: unknown flags and commands get "did you mean", options of other commands are refused
  it('a misspelt option or command: "did you mean" the closest of the command\'s own, exit 2', async () => {
    const option = expectOneLine(await fails(['ingest', '--dta', 'x.csv'], dir), 'CLI_UNKNOWN_OPTION', 2);
    expect(option).toBe(
      'retailkit ingest: CLI_UNKNOWN_OPTION unknown option --dta; did you mean --data? See retailkit ingest --help.',
    );
    const command = expectOneLine(await fails(['segmnt', '--seed', '3'], dir), 'CLI_UNKNOWN_COMMAND', 2);
    expect(command).toContain('unknown command "segmnt"; did you mean segment?');
    const topic = expectOneLine(await fails(['help', 'forcast'], dir), 'CLI_UNKNOWN_COMMAND', 2);
    expect(topic).toContain('did you mean forecast?');
    const far = expectOneLine(await fails(['frob'], dir), 'CLI_UNKNOWN_COMMAND', 2);
    expect(far).not.toContain('did you mean');
  });

  it('an option of another command is refused, naming the commands that take it, exit 2', async () => {
    const line = expectOneLine(await fails(['ingest', '--port', '80'], dir), 'CLI_UNKNOWN_OPTION', 2);
    expect(line).toBe(
      'retailkit ingest: CLI_UNKNOWN_OPTION ingest takes no --port (an option of run and serve); see retailkit ingest --help.',
    );
    expectOneLine(await fails(['basket', '--seed', '3'], dir), 'CLI_UNKNOWN_OPTION', 2);
    const run = expectOneLine(await fails(['run', '--port', '9000'], dir), 'CLI_UNKNOWN_OPTION', 2);
    expect(run).toContain('only with --serve');
  });
});
