import { COMMANDS, OPTIONS, type OptionName, type OptionSpec } from './commands/index.js';
import { wrapWords } from './text.js';

/** Width of the help texts. */
const WIDTH = 100;

const FAILURES =
  'A failure prints one line, "retailkit <command>: <CODE> <message>", and exits with 2 for a usage error (unknown option or command, bad or missing value) or 1 for anything else; --debug adds the stack trace.';

/** Text wrapped to the help's width, each line indented. */
function paragraph(text: string, indent = ''): string {
  return wrapWords(text, WIDTH - indent.length)
    .map((l) => indent + l)
    .join('\n');
}

/** `  --name <arg>   help…` rows, the help wrapped under its own column. */
function optionRows(names: readonly OptionName[]): string {
  const spec = (n: OptionName) => {
    const o: OptionSpec = OPTIONS[n];
    return `${o.short ? `-${o.short}, ` : ''}--${n}${o.arg ? ` ${o.arg}` : ''}`;
  };
  const col = Math.min(28, Math.max(...names.map((n) => spec(n).length)) + 4);
  return names
    .map((n) => {
      const head = `  ${spec(n)}`;
      const lines = wrapWords(OPTIONS[n].help, WIDTH - col);
      const first = head.length < col ? `${head.padEnd(col)}${lines[0]}` : `${head}\n${' '.repeat(col)}${lines[0]}`;
      return [first, ...lines.slice(1).map((l) => ' '.repeat(col) + l)].join('\n');
    })
    .join('\n');
}

/** The text of `retailkit --help` (and `retailkit help`): the commands, and where to find their options. */
export function globalHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const rows = names.map((n) => `  ${n.padEnd(width)}${COMMANDS[n].summary}`);
  return [
    'retailkit — RetailKit end-to-end example',
    '',
    'Usage: retailkit [command] [options]      (in the repository: npm start -- [command] [options])',
    '',
    'Commands:',
    ...rows,
    `  ${'help'.padEnd(width)}retailkit help <command> prints the command's options and an example`,
    '',
    'Options of every command that reads data:',
    optionRows(['data', 'columns', 'out', 'quiet', 'debug', 'help']),
    '',
    'retailkit <command> --help lists all the options of a command.',
    '',
    paragraph(FAILURES),
    '',
  ].join('\n');
}

/** The text of `retailkit <command> --help` (and `retailkit help <command>`): usage, options and examples. */
export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  return [
    `retailkit ${name} — ${c.summary}`,
    '',
    `Usage: retailkit ${name} [options]      (in the repository: npm start -- ${name} [options])`,
    '',
    paragraph(c.description),
    '',
    'Options:',
    optionRows(c.options),
    '',
    c.examples.length > 1 ? 'Examples:' : 'Example:',
    ...c.examples.map((e) => `  ${e}`),
    '',
    paragraph(FAILURES),
    '',
  ].join('\n');
}
