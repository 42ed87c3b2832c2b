import { parseArgs } from 'node:util';
import { RetailKitError } from '@retailkit/core';
import { COMMANDS } from './commands/index.js';
import { Context, type Preset } from './context.js';

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
  --quiet            print nothing but errors
  -h, --help         this text
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
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
      'allow-private-network': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const name = positionals[0] ?? 'run';
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`retailkit: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return 2;
  }
  const preset = (values.preset ?? 'default') as Preset;
  if (preset !== 'default' && preset !== 'reference') {
    process.stderr.write(`retailkit: --preset must be default or reference; received "${preset}".\n`);
    return 2;
  }
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`retailkit: --seed must be an integer; received "${values.seed}".\n`);
    return 2;
  }
  const ctx = new Context({
    data: values.data,
    out: values.out,
    preset,
    seed,
    quiet: values.quiet,
    allowPrivateNetwork: values['allow-private-network'],
  });
  await command(ctx, values as Record<string, unknown>);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof RetailKitError) process.stderr.write(`retailkit: ${err.message} [${err.code}]\n`);
    else if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      process.stderr.write(`retailkit: ${err.message}. Try --help.\n`);
    else process.stderr.write(`retailkit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
