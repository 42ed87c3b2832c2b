import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseColumnsOption } from './columns.js';
import { COMMANDS, OPTIONS, type OptionName } from './commands/index.js';
import { Context, dataFileSize, type Preset, prepareOut } from './context.js';
import { CLI_ERROR_CODES, cliError, errorLine, exitStatus } from './errors.js';
import { commandHelp, globalHelp } from './help.js';
import { closest } from './text.js';

type Values = ReturnType<typeof parse>['values'];

const known = (name: string | undefined): name is string => name !== undefined && Object.hasOwn(COMMANDS, name);

/**
 * The command named on the command line, before it is parsed (for the error line and for the options it
 * accepts): the first argument that is neither an option nor a string option's value.
 */
function commandOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-') || a === '-') return a;
    const name = a.replace(/^--?/, '').split('=')[0] as OptionName;
    if (Object.hasOwn(OPTIONS, name) && OPTIONS[name].type === 'string' && !a.includes('=')) i++;
  }
  return undefined;
}

/** `parseArgs`, with its errors said in the CLI's words (usage errors); an unknown option gets the closest one. */
function parse(argv: string[], command: string | undefined) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : '';
    const option = /--[a-z][a-z-]*/i.exec(message)?.[0] ?? /'(-[^'\s,-]+)/.exec(message)?.[1] ?? '?';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw unknownOption(option, command);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw /does not take an argument/.test(message)
        ? cliError(CLI_ERROR_CODES.badValue, `${option} takes no value; pass it alone.`, { option })
        : cliError(CLI_ERROR_CODES.missingValue, `${option} needs a value, as in ${option} <value>; see --help.`, {
            option,
          });
    throw e;
  }
}

/** The options `command` accepts (run's when no command is named). */
function optionsOf(command: string | undefined): readonly OptionName[] {
  if (command === 'help') return ['help', 'debug'];
  return COMMANDS[known(command) ? command : 'run'].options;
}

function helpOf(command: string | undefined): string {
  return known(command) ? `retailkit ${command} --help` : 'retailkit --help';
}

/** `CLI_UNKNOWN_OPTION` for an option no command has, with the closest option of the command when one is close. */
function unknownOption(option: string, command: string | undefined) {
  const near = closest(option.replace(/^-+/, ''), optionsOf(command));
  return cliError(
    CLI_ERROR_CODES.unknownOption,
    near
      ? `unknown option ${option}; did you mean --${near}? See ${helpOf(command)}.`
      : `unknown option ${option}; see ${helpOf(command)} for the options.`,
    { option, suggestion: near },
  );
}

/** `CLI_UNKNOWN_OPTION` for an option of other commands given to this one. */
function notAnOptionOf(option: OptionName, command: string | undefined) {
  const name = known(command) ? command : 'run';
  const owners = Object.keys(COMMANDS).filter((c) => COMMANDS[c].options.includes(option));
  return cliError(
    CLI_ERROR_CODES.unknownOption,
    `${name} takes no --${option} (an option of ${owners.slice(0, -1).join(', ')}${owners.length > 1 ? ' and ' : ''}${owners.at(-1)}); see ${helpOf(name)}.`,
    { option: `--${option}`, command: name, commands: owners },
  );
}

/** `CLI_UNKNOWN_COMMAND`, with the closest command when one is close. */
function unknownCommand(name: string) {
  const names = Object.keys(COMMANDS);
  const near = closest(name, [...names, 'help']);
  return cliError(
    CLI_ERROR_CODES.unknownCommand,
    `unknown command "${name}"${near ? `; did you mean ${near}?` : '.'} The commands are ${names.join(', ')}; see retailkit --help.`,
    { received: name, allowed: names, suggestion: near },
  );
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
  if (values.engine !== undefined && values.engine !== 'memory' && values.engine !== 'warehouse')
    badValue('--engine', values.engine, 'memory or warehouse');
  if (values.engine === 'warehouse' && values.preset === 'reference')
    badValue('--preset', values.preset, 'default with --engine warehouse (the reference replays fit on frames only)');
  if (wh !== undefined && wh !== 'embedded' && !/^postgres(ql)?:\/\/|^bigquery:|^duckdb:./.test(wh))
    badValue(
      '--warehouse',
      redactUrl(wh),
      'embedded, postgres://user:password@host:port/db, bigquery:project.dataset or duckdb:<file>',
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

/** The text `--help` or `help [command]` asks for, or undefined when the command line asks for none. */
function helpText(values: Values, positionals: string[]): string | undefined {
  if (positionals[0] === 'help') {
    if (positionals.length > 2)
      throw cliError(
        CLI_ERROR_CODES.unknownCommand,
        `help takes one command; received ${positionals.slice(1).join(', ')}.`,
        {
          received: positionals,
        },
      );
    const topic = positionals[1];
    if (topic === undefined) return globalHelp();
    if (!known(topic)) throw unknownCommand(topic);
    return commandHelp(topic);
  }
  if (!values.help) return undefined;
  const name = positionals[0];
  if (name === undefined) return globalHelp();
  if (!known(name)) throw unknownCommand(name);
  return commandHelp(name);
}

async function main(argv: string[], state: { command?: string }): Promise<number> {
  const { values, positionals } = parse(argv, commandOf(argv));
  const help = helpText(values, positionals);
  if (help !== undefined) {
    process.stdout.write(help);
    return 0;
  }
  const name = positionals[0] ?? 'run';
  if (!known(name)) throw unknownCommand(name);
  const command = COMMANDS[name];
  state.command = name;
  if (positionals.length > 1)
    throw cliError(
      CLI_ERROR_CODES.unknownCommand,
      `one command at a time; received ${positionals.map((p) => `"${p}"`).join(', ')}.`,
      { received: positionals },
    );
  for (const option of Object.keys(values) as OptionName[])
    if (!command.options.includes(option)) throw notAnOptionOf(option, name);
  if (name === 'run' && !values.serve && (values.port !== undefined || values.host !== undefined))
    throw cliError(
      CLI_ERROR_CODES.unknownOption,
      `run takes --port and --host only with --serve, as in run --serve --port 8080.`,
      { option: values.port !== undefined ? '--port' : '--host' },
    );
  const preset = (values.preset ?? 'default') as Preset;
  if (preset !== 'default' && preset !== 'reference') badValue('--preset', preset, 'default or reference');
  const seed = integerOption(values, 'seed', 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const port = integerOption(values, 'port', 8080, 0, 65535);
  checkSources(values);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const columns =
    values.columns === undefined ? undefined : await parseColumnsOption(values.columns, (p) => resolve(cwd, p));
  const ctx = new Context({
    cwd,
    data: values.data,
    out: values.out,
    preset,
    seed,
    columns,
    quiet: values.quiet,
    debug: values.debug,
    allowPrivateNetwork: values['allow-private-network'],
  });
  if (name !== 'serve') {
    // a wrong --data path fails before anything is created under --out
    if (values.data !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(values.data)) await dataFileSize(ctx.options.data);
    await prepareOut(ctx.options.out);
  }
  await command.run(ctx, { ...values, port: values.port === undefined ? undefined : port });
  return 0;
}

const argv = process.argv.slice(2);
// the command, for the error line, even when the arguments do not parse
const named = commandOf(argv);
const state: { command?: string } = { command: known(named) || named === 'help' ? named : undefined };
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
