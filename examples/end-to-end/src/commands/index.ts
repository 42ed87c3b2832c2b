import type { Context } from '../context.js';

/** One CLI option: its `parseArgs` type, the placeholder of its value in the help, and what it does. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in the help, for string options: `<dir>`. */
  arg?: string;
  help: string;
}

/**
 * Every option of the CLI, with its help text: the one source of `parseArgs`' configuration, of each command's
 * help and of the check that an option belongs to the command it is given to.
 */
export const OPTIONS = {
  data: {
    type: 'string',
    arg: '<source>',
    help: '.csv, .csv.gz or .parquet file, https:// URL, kaggle:owner/slug or postgres://…?table=name (UCI Online Retail or Online Retail II columns, or any columns named with --columns); default: the seeds',
  },
  columns: {
    type: 'string',
    arg: '<map>',
    help: 'which of the file\'s columns hold the canonical ones: invoiceNo=order_id,stockCode=sku,… or a JSON file { "invoiceNo": "order_id", … }; keys: invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customerId, country',
  },
  'allow-private-network': {
    type: 'boolean',
    help: 'let --data URLs reach loopback and private addresses (blocked by default)',
  },
  out: {
    type: 'string',
    arg: '<dir>',
    help: 'output folder; default ./out (relative paths are taken from where you ran npm)',
  },
  preset: { type: 'string', arg: '<name>', help: "default | reference (replays the original project's procedures)" },
  seed: { type: 'string', arg: '<n>', help: 'random seed for models; default 42' },
  lake: { type: 'string', arg: '<dir|s3://bucket/prefix>', help: 'data lake; default <out>/lake' },
  warehouse: {
    type: 'string',
    arg: '<embedded|postgres://…|bigquery:project.dataset|duckdb:<file>>',
    help: 'warehouse; default embedded (a PostgreSQL started for the command, data under <out>/warehouse); with --engine warehouse the lines are also cleaned, analysed and scored there',
  },
  engine: {
    type: 'string',
    arg: '<memory|warehouse>',
    help: 'memory (default): every step on in-memory frames; warehouse: also load the lines into --warehouse, clean them there as SQL views and write the scores back (step score)',
  },
  serve: { type: 'boolean', help: 'start the model server on the fitted models at the end' },
  models: { type: 'string', arg: '<dir>', help: 'the model artifacts to serve; default <out>/models' },
  port: { type: 'string', arg: '<n>', help: 'port to listen on; default 8080 (0: any free port)' },
  host: { type: 'string', arg: '<addr>', help: 'address to listen on; default 127.0.0.1 (0.0.0.0 in a container)' },
  quiet: { type: 'boolean', help: 'print nothing but errors and skipped steps (no progress either)' },
  debug: { type: 'boolean', help: 'print the stack trace of an error' },
  help: { type: 'boolean', short: 'h', help: 'this text' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** A CLI command: its help (summary, description, options, examples) and what it runs. */
export interface CommandSpec {
  /** One line, for the list of commands. */
  summary: string;
  /** What it does and writes, for its own help. */
  description: string;
  /** The options it accepts; any other is refused as a usage error. */
  options: readonly OptionName[];
  examples: readonly string[];
  run: (ctx: Context, args: Record<string, unknown>) => Promise<void>;
}

const GENERAL = ['quiet', 'debug', 'help'] as const;
/** Options of every command that reads `--data` (each runs ingest and clean first, except ingest itself). */
const INPUT = ['data', 'columns', 'allow-private-network', 'out', 'preset'] as const;

/**
 * Every CLI command by name (the Airflow DAG and the docs must name only these). Each command's module, and the
 * libraries it needs, is imported when the command runs, so a usage error or `--help` loads none of them.
 */
export const COMMANDS: Record<string, CommandSpec> = {
  run: {
    summary: 'every step on --data (the default when no command is given)',
    description:
      'Runs ingest, clean, load, segment, basket, forecast, pricing and report in order, then prints a summary table of time, peak memory and result per step and writes <out>/run.json. An analysis step (segment, basket, forecast, pricing) that cannot run on the data is skipped with its reason and the other steps still write their outputs. With --engine warehouse, a step warehouse loads the lines into --warehouse and cleans them there, segment, basket and forecast fit on what the engine computes, and a last step score merges customer scores, recommendations and forecasts into tables there (a rerun changes nothing).',
    options: [...INPUT, 'seed', 'lake', 'warehouse', 'engine', 'serve', 'port', 'host', ...GENERAL],
    examples: [
      'retailkit run --data online_retail.csv.gz --out out',
      'retailkit run --engine warehouse --warehouse duckdb:out/shop.duckdb',
      'retailkit run --data orders.csv --columns invoiceNo=order_id,stockCode=sku,customerId=client',
      'retailkit run --serve --port 8080',
    ],
    run: async (ctx, args) => (await import('./run.js')).runCommand(ctx, args),
  },
  ingest: {
    summary: 'read --data, print its schema and summary: <out>/ingest.json',
    description:
      'Reads --data (malformed rows are quarantined, never dropped), checks that the eight transaction columns are there (naming the ones it found and the ones it needs if not), prints each column with its type, missing and distinct counts and range, and writes <out>/ingest.json.',
    options: ['data', 'columns', 'allow-private-network', 'out', ...GENERAL],
    examples: [
      'retailkit ingest --data online_retail.csv.gz',
      'retailkit ingest --data orders.csv --columns columns.json',
    ],
    run: async (ctx) => (await import('./ingest.js')).ingestCommand(ctx),
  },
  clean: {
    summary: 'ingest, then clean by the documented rules: quality report, views, quarantine',
    description:
      "Ingests --data, cleans it by the documented rules (or the original notebook's with --preset reference), prints the quality report and writes <out>/quality.json and the purpose views and the quarantine as Parquet under <out>/clean/.",
    options: [...INPUT, ...GENERAL],
    examples: ['retailkit clean --data online_retail.csv.gz --preset reference'],
    run: async (ctx) => (await import('./clean.js')).cleanCommand(ctx),
  },
  load: {
    summary: 'raw and cleaned data to the lake (Parquet) and the warehouse: <out>/load.json',
    description:
      'Ingests and cleans --data, writes the raw and the cleaned transactions to the lake as Parquet (raw/, staging/) and replace-loads them into the warehouse with one SQL view per purpose view (a re-run loads no duplicates); writes <out>/load.json.',
    options: [...INPUT, 'lake', 'warehouse', ...GENERAL],
    examples: [
      'retailkit load --data online_retail.csv.gz',
      'retailkit load --lake s3://my-bucket/retail --warehouse postgres://user:password@db:5432/shop',
    ],
    run: async (ctx, args) =>
      (await import('./load.js')).loadCommand(ctx, {
        lake: args.lake as string | undefined,
        warehouse: args.warehouse as string | undefined,
      }),
  },
  segment: {
    summary: 'customer segments, explanations and churn: <out>/segments.json',
    description:
      'Ingests and cleans --data, then fits customer segments (KMeans with k chosen by silhouette), a decision tree that explains them, and churn and value models; writes <out>/segments.json and the artifact <out>/models/segments.json.',
    options: [...INPUT, 'seed', ...GENERAL],
    examples: ['retailkit segment --data online_retail.csv.gz --seed 7'],
    run: async (ctx) => (await import('./segment.js')).segmentCommand(ctx),
  },
  churn: {
    summary: 'churn and customer value, evaluated over rolling cut-offs: <out>/churn.json',
    description:
      "Ingests and cleans --data, evaluates churn, purchase and revenue models against baselines at rolling cut-offs (features before each cut-off, targets over the next 90 days), then fits the model selected on earlier cut-offs at the data's end; writes <out>/churn.json and the artifact <out>/models/customer-value.json.",
    options: [...INPUT, 'seed', ...GENERAL],
    examples: ['retailkit churn --data online_retail.csv.gz --out out'],
    run: async (ctx) => (await import('./churn.js')).churnCommand(ctx),
  },
  basket: {
    summary: 'itemsets and association rules: <out>/rules.json',
    description:
      'Ingests and cleans --data, then mines frequent itemsets and association rules from the baskets and fits a recommender; writes <out>/rules.json and the artifact <out>/models/recommender.json.',
    options: [...INPUT, ...GENERAL],
    examples: ['retailkit basket --data online_retail.csv.gz --preset reference'],
    run: async (ctx) => (await import('./basket.js')).basketCommand(ctx),
  },
  forecast: {
    summary: 'demand forecast with backtests: <out>/forecast.json',
    description:
      'Ingests and cleans --data, then forecasts daily demand with models chosen by backtest and conformal intervals; writes <out>/forecast.json and the artifact <out>/models/forecast.json.',
    options: [...INPUT, 'seed', ...GENERAL],
    examples: ['retailkit forecast --data online_retail.csv.gz --out out'],
    run: async (ctx) => (await import('./forecast.js')).forecastCommand(ctx),
  },
  pricing: {
    summary: 'price elasticity per product and price recommendations: <out>/pricing.json',
    description:
      "Ingests and cleans --data, estimates each product's own-price elasticity from weekly demand against its list price (product fixed effects, trend and season controls, pooling toward its price band; products with fewer than 2 list-price changes or 20 selling weeks are not identified and get null), validates it on held-out price changes beside baselines and recommends prices within ±10 % of the list price; writes <out>/pricing.json and the artifact <out>/models/pricing.json.",
    options: [...INPUT, ...GENERAL],
    examples: ['retailkit pricing --data online_retail.csv.gz --out out'],
    run: async (ctx) => (await import('./pricing.js')).pricingCommand(ctx),
  },
  report: {
    summary: 'the self-contained <out>/report.html from the outputs of the other steps',
    description:
      'Ingests and cleans --data for the sales figures and reads the JSON the other steps wrote into --out (a section is left out when its step has not run); writes one self-contained <out>/report.html with inline charts.',
    options: [...INPUT, ...GENERAL],
    examples: ['retailkit report --data online_retail.csv.gz --out out'],
    run: async (ctx) => (await import('./report.js')).reportCommand(ctx),
  },
  serve: {
    summary: 'serve the fitted models over HTTP',
    description:
      'Serves every model artifact in --models over HTTP (predictions, /openapi.json, /docs, /metrics, /dashboard) until Ctrl-C.',
    options: ['models', 'out', 'port', 'host', 'debug', 'help'],
    examples: ['retailkit serve --models out/models --port 8080'],
    run: async (ctx, args) =>
      (await import('./serve.js')).serveCommand(ctx, {
        models: args.models as string | undefined,
        port: args.port === undefined ? undefined : Number(args.port),
        host: args.host as string | undefined,
      }),
  },
};
