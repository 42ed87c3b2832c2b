import { parseArgs } from 'node:util';
import { COMMANDS } from './commands/index.js';
import { Context, dataFileSize, type Preset, prepareOut } from './context.js';
import { CLI_ERROR_CODES, cliError, errorLine, exitStatus } from './errors.js';

const HELP = `retailkit — RetailKit end-to-end example

Usage: npm start -- [command] [options]

Commands:
  run        every step on --data (default when no command is given)
  ingest     read a file, print its schema and summary, write <out>/ingest.json
  clean      ingest, then clean by the documented rules: <out>/quality.json, views and quarantine
  load       raw and cleaned data to the lake (Parquet) and the warehouse: <out>/load.json
  segment    customer segments, explanations and churn: <out>/segments.json, <out>/models/segments.json
  basket     itemsets and association rules: <out>/rules.json, <out>/models/recommender.json
  forecast   demand forecast with backtests: <out>/forecast.json, <out>/models/forecast.json
  report     the self-contained <out>/report.html from the outputs of the other steps
  serve      serve the fitted models over HTTP: --models <dir> (default <out>/models) --port 8080

Options:
  --data <source>    .csv, .csv.gz or .parquet file, https:// URL, kaggle:owner/slug, or
                     postgres://…?table=name (UCI Online Retail or Online Retail II columns); default: the seeds
  --allow-private-network   let --data URLs reach loopback/private addresses (blocked by default)
  --out <dir>        output folder; default ./out (relative paths are taken from where you ran npm)
  --preset <name>    default | reference (replays the original project's procedures)
  --seed <n>         random seed for models; default 42
  --lake <dir|s3://bucket/prefix>   data lake for load/run; default <out>/lake
  --warehouse <embedded|postgres://…>   warehouse for load/run; default embedded (data under <out>/warehouse)
  --serve            with run: start the model server on the fitted models at the end
  --models <dir>     with serve: the artifacts to serve; default <out>/models
  --port <n>, --host <addr>   with serve or run --serve: where to listen; default 8080 on 127.0.0.1
  --quiet            print nothing but errors and skipped steps
  --debug            print the stack trace of an error
  -h, --help         this text

A failure prints one line, "retailkit <command>: <CODE> <message>", and exits with 2 for a usage error (unknown
option or command, bad or missing value) or 1 for anything else. In run, an analysis step (segment, basket,
forecast) that cannot run on the data is skipped with its reason and the other steps still write their
outputs: the exit status is 0 when at least one analysis step ran and load and report succeeded, 1 otherwise.
`;

const OPTIONS = {
  data: { type: 'string' },
  out: { type: 'string' },
  preset: { type: 'string' },
  seed: { type: 'string' },
  lake: { type: 'string' },
  models: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  serve: { type: 'boolean' },
  warehouse: { type: 'string' },
  quiet: { type: 'boolean' },
  debug: { type: 'boolean' },
  'allow-private-network': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

/** `parseArgs`, with its errors said in the CLI's words (usage errors). */
function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : '';
    const option = /--[a-z][a-z-]*/i.exec(message)?.[0] ?? /'(-[^'\s,-]+)/.exec(message)?.[1] ?? '?';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw cliError(CLI_ERROR_CODES.unknownOption, `unknown option ${option}; see --help for the options.`, {
        option,
      });
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw /does not take an argument/.test(message)
        ? cliError(CLI_ERROR_CODES.badValue, `${option} takes no value; pass it alone.`, { option })
        : cliError(CLI_ERROR_CODES.missingValue, `${option} needs a value, as in ${option} <value>; see --help.`, {
            option,
          });
    throw e;
  }
}

function badValue(option: string, received: unknown, allowed: string): never {
  throw cliError(CLI_ERROR_CODES.badValue, `${option} must be ${allowed}; received ${JSON.stringify(received)}.`, {
    option,
    received,
    allowed,
  });
}

function integerOption(values: Values, name: 'seed' | 'port', fallback: number, min: number, max: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    badValue(`--${name}`, text, name === 'seed' ? 'an integer' : `an integer from ${min} to ${max}`);
  return n;
}

/** Check the form of `--data`, `--lake` and `--warehouse` before any step runs. */
function checkSources(values: Values): void {
  const data = values.data;
  const DATA = 'a file path, an https:// URL, kaggle:owner/slug or postgres://…?table=name';
  if (data !== undefined) {
    if (data === '') badValue('--data', data, DATA);
    if (/^(https?|postgres(ql)?):/i.test(data)) {
      let url: URL | undefined;
      try {
        url = new URL(data);
      } catch {}
      if (!url?.hostname) badValue('--data', redactUrl(data), `${DATA} (this URL does not parse or has no host)`);
    } else if (/^kaggle:/i.test(data) && !/^kaggle:[^/\s]+\/[^/\s]+$/i.test(data)) badValue('--data', data, DATA);
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(data)) badValue('--data', redactUrl(data), DATA);
  }
  const wh = values.warehouse;
  if (wh !== undefined && wh !== 'embedded' && !/^postgres(ql)?:\/\/|^bigquery:/.test(wh))
    badValue(
      '--warehouse',
      redactUrl(wh),
      'embedded, postgres://user:password@host:port/db or bigquery:project.dataset',
    );
  const lake = values.lake;
  if (
    lake !== undefined &&
    (lake === '' || (/^[a-z][a-z0-9+.-]*:\/\//i.test(lake) && !/^(s3|gs|file):\/\//.test(lake)))
  )
    badValue('--lake', lake, 'a folder, s3://bucket/prefix or gs://bucket/prefix');
}

/** A URL as it may be shown: the password, if any, masked. */
function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}

async function main(argv: string[], state: { command?: string }): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const name = positionals[0] ?? 'run';
  const command = COMMANDS[name];
  if (!command)
    throw cliError(
      CLI_ERROR_CODES.unknownCommand,
      `unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(', ')}.`,
      { received: name, allowed: Object.keys(COMMANDS) },
    );
  state.command = name;
  if (positionals.length > 1)
    throw cliError(
      CLI_ERROR_CODES.unknownCommand,
      `one command at a time; received ${positionals.map((p) => `"${p}"`).join(', ')}.`,
      { received: positionals },
    );
  const preset = (values.preset ?? 'default') as Preset;
  if (preset !== 'default' && preset !== 'reference') badValue('--preset', preset, 'default or reference');
  const seed = integerOption(values, 'seed', 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const port = integerOption(values, 'port', 8080, 0, 65535);
  checkSources(values);
  const ctx = new Context({
    data: values.data,
    out: values.out,
    preset,
    seed,
    quiet: values.quiet,
    debug: values.debug,
    allowPrivateNetwork: values['allow-private-network'],
  });
  if (name !== 'serve') {
    // a wrong --data path fails before anything is created under --out
    if (values.data !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(values.data)) await dataFileSize(ctx.options.data);
    await prepareOut(ctx.options.out);
  }
  await command(ctx, { ...values, port: values.port === undefined ? undefined : port });
  return 0;
}

const argv = process.argv.slice(2);
// the command, for the error line, even when the arguments do not parse
const state: { command?: string } = { command: argv.find((a) => Object.hasOwn(COMMANDS, a)) };
main(argv, state).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`retailkit${state.command ? ` ${state.command}` : ''}: ${errorLine(err)}\n`);
    if (argv.includes('--debug'))
      for (let e: unknown = err; e instanceof Error; e = e.cause)
        process.stderr.write(`${e === err ? '' : 'caused by: '}${e.stack ?? e.message}\n`);
    process.exitCode = exitStatus(err);
  },
);
