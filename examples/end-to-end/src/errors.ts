import { RetailKitError } from '@retailkit/core';

/**
 * The error codes the CLI itself throws (the libraries' codes pass through unchanged). Usage errors exit with
 * status 2, every other failure with status 1.
 */
export const CLI_ERROR_CODES = {
  /** An option the CLI does not know (usage, exit 2). */
  unknownOption: 'CLI_UNKNOWN_OPTION',
  /** A command the CLI does not know, or a second positional argument (usage, exit 2). */
  unknownCommand: 'CLI_UNKNOWN_COMMAND',
  /** An option that needs a value was given none, or a flag was given one (usage, exit 2). */
  missingValue: 'CLI_MISSING_VALUE',
  /** An option's value is outside what it accepts (usage, exit 2). */
  badValue: 'CLI_BAD_VALUE',
  /** `--out` is a file, or a folder that cannot be created or written. */
  outNotWritable: 'CLI_OUT_NOT_WRITABLE',
  /**
   * The data lacks transaction columns that no `--columns` mapping or known header names: the message lists the
   * columns found and the ones needed (run time, exit 1: the fix is a `--columns` mapping).
   */
  missingColumns: 'CLI_MISSING_COLUMNS',
  /** A Kaggle data set holds no CSV file to ingest. */
  noCsv: 'CLI_NO_CSV',
  /** The warehouse holds another number of rows than the load wrote. */
  loadCountMismatch: 'CLI_LOAD_COUNT_MISMATCH',
  /**
   * `run --engine warehouse`: the score step applies fitted models that this run did not write (their step was
   * skipped); the message names the files and the steps.
   */
  scoreNeedsModels: 'CLI_SCORE_NEEDS_MODELS',
  /** `run --engine warehouse`: the warehouse step was skipped, so the steps that read its tables are skipped too. */
  warehouseSkipped: 'CLI_WAREHOUSE_SKIPPED',
  /** `run` finished, but a step that must not fail did (load, report, score), or no analysis step could run. */
  runIncomplete: 'CLI_RUN_INCOMPLETE',
  /** An error without a code: a bug; `--debug` shows its stack trace. */
  unexpected: 'CLI_UNEXPECTED',
} as const;

const USAGE_CODES: ReadonlySet<string> = new Set([
  CLI_ERROR_CODES.unknownOption,
  CLI_ERROR_CODES.unknownCommand,
  CLI_ERROR_CODES.missingValue,
  CLI_ERROR_CODES.badValue,
]);

export function cliError(code: string, message: string, details: Record<string, unknown> = {}): RetailKitError {
  return new RetailKitError(code, message, { details });
}

/** A coded error: a RetailKit error from any package, recognised by its shape, not by `instanceof`. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined;
}

/** True for a library's refusal of its input (a RetailKit error), false for system errors and bugs. */
export function isRetailKitRefusal(err: unknown): boolean {
  const e = err as { code?: unknown; details?: unknown; syscall?: unknown } | null;
  return errorCode(err) !== undefined && typeof e?.details === 'object' && e.syscall === undefined;
}

/** The exit status for an error: 2 for usage errors, 1 for everything else. */
export function exitStatus(err: unknown): 1 | 2 {
  const code = errorCode(err);
  return code !== undefined && USAGE_CODES.has(code) ? 2 : 1;
}

/**
 * The one line the CLI prints for an error: `<CODE> <message>`, on one line. System errors (`ENOENT`, `EACCES`, …)
 * keep their code; an SSRF refusal names the CLI flag that allows the address (or says there is none); an error
 * without a code is `CLI_UNEXPECTED`, with a pointer to `--debug`.
 */
export function errorLine(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  let text: string;
  if (code === 'SSRF_BLOCKED') text = `${code} ${ssrfMessage(err as { details?: Record<string, unknown> }, message)}`;
  else if (code && (err as { syscall?: unknown }).syscall !== undefined)
    text = `${code} ${message.replace(new RegExp(`^${code}:\\s*`), '')}`;
  else if (code) text = `${code} ${message}`;
  else
    text = `${CLI_ERROR_CODES.unexpected} ${err instanceof Error ? `${err.name}: ` : ''}${message} (an unexpected error; rerun with --debug for the stack trace)`;
  return text.replace(/\s*\n\s*/g, ' ');
}

/** The SSRF guard speaks to library callers (`allow: { … }`); say it in the CLI's terms. */
function ssrfMessage(err: { details?: Record<string, unknown> }, message: string): string {
  const { host, address, reason, protocol } = err.details ?? {};
  if (protocol !== undefined)
    return `--data: the server redirected to a ${String(protocol)} URL, which is refused; no flag allows it.`;
  if (host === undefined || reason === undefined) return message;
  const kind = String(reason).replace(/ \((.*)\)$/, ', $1');
  const where = `--data: ${String(host)} resolves to ${String(address)} (${kind}); downloads from there are blocked`;
  return reason === 'loopback' || reason === 'private network'
    ? `${where}. Pass --allow-private-network only if you trust this host.`
    : `${where}, and no flag allows ${String(reason).replace(/ \(.*\)$/, '')} addresses: download the file yourself and pass its path to --data.`;
}
