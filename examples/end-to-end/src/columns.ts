import { readFile } from 'node:fs/promises';
import {
  type Frame,
  normalizeHeader,
  TRANSACTION_ALIASES,
  TRANSACTION_SCHEMA,
  type TransactionColumn,
} from '@retailkit/core';
import { CLI_ERROR_CODES, cliError } from './errors.js';
import { closest } from './text.js';

/** `--columns`: the source column that holds each canonical transaction column the user names. */
export type ColumnMapping = Partial<Record<TransactionColumn, string>>;

/** The canonical transaction columns, in schema order; `clean` needs all of them. */
export const TRANSACTION_COLUMNS = Object.keys(TRANSACTION_SCHEMA) as TransactionColumn[];

const FORM = 'write invoiceNo=order_id,stockCode=sku,… or pass a JSON file { "invoiceNo": "order_id", … }';

function bad(message: string, received: unknown): never {
  throw cliError(CLI_ERROR_CODES.badValue, `--columns: ${message}`, {
    option: '--columns',
    received,
    allowed: TRANSACTION_COLUMNS,
  });
}

/**
 * Parse `--columns`: `key=column` pairs separated by commas, or the path of a JSON file holding one object
 * `{ "invoiceNo": "order_id", … }` (a value without `=`, or ending in `.json`; use the file for column names with
 * `,` or `=` in them). Keys are the canonical names (`invoiceNo`, `stockCode`, `description`, `quantity`,
 * `invoiceDate`, `unitPrice`, `customerId`, `country`; case, `_`, `-` and spaces ignored); values are the source's
 * column names, exactly.
 *
 * @param path resolves a relative file path (against the folder the user ran the command in).
 * @throws RetailKitError `CLI_BAD_VALUE` (usage, exit 2) for a malformed pair, a key that is not a canonical column
 *   (with the closest one), an empty or repeated column, a missing file or one that is not such a JSON object.
 */
export async function parseColumnsOption(value: string, path: (p: string) => string): Promise<ColumnMapping> {
  let entries: [string, unknown][];
  if (value.includes('=') && !/\.json$/i.test(value)) {
    entries = value
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => {
        const m = /^([^=]+)=(.*)$/.exec(p);
        if (!m) bad(`"${p}" is not key=column; ${FORM}.`, value);
        return [m[1].trim(), m[2].trim()] as [string, string];
      });
  } else {
    const file = path(value);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      bad(
        `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}); ${FORM} (relative paths are taken from where you ran npm).`,
        value,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      bad(`${file} is not JSON (${(e as Error).message}); ${FORM}.`, value);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      bad(`${file} must hold one JSON object; ${FORM}.`, value);
    entries = Object.entries(json as Record<string, unknown>);
  }
  if (entries.length === 0) bad(`no columns given; ${FORM}.`, value);
  const byKey = new Map(TRANSACTION_COLUMNS.map((c) => [normalizeHeader(c), c]));
  const mapping: ColumnMapping = {};
  const given = new Map<string, string>();
  for (const [key, column] of entries) {
    const canonical = byKey.get(normalizeHeader(key));
    if (!canonical) {
      const near = closest(key, TRANSACTION_COLUMNS);
      bad(
        `"${key}" is not a transaction column${near ? `; did you mean ${near}?` : ''} The keys are ${TRANSACTION_COLUMNS.join(', ')}.`,
        value,
      );
    }
    if (typeof column !== 'string' || column === '')
      bad(`${canonical} needs the name of one of the file's columns, as in ${canonical}=my_column.`, value);
    if (mapping[canonical] !== undefined) bad(`${canonical} is given twice.`, value);
    const other = given.get(column);
    if (other) bad(`the column "${column}" is given for both ${other} and ${canonical}; each needs its own.`, value);
    mapping[canonical] = column;
    given.set(column, canonical);
  }
  return mapping;
}

/**
 * The renames that give a source's columns their canonical names: the `--columns` mapping first, then the UCI
 * Online Retail (II) header aliases (`InvoiceNo`, `Customer ID`, `Price`, …) for the rest; a header whose alias
 * is already taken (by the mapping or an earlier header) keeps its own name, so no two columns end up with one.
 *
 * @param found the source's column names, in order.
 * @param where how to name the source in messages (its file name).
 * @returns source name → output name for every column the mapping or an alias names, and for a header that keeps
 *   its name because its alias is taken (readCsv's `columns` option; `renameColumns` for a Frame).
 * @throws RetailKitError `CLI_BAD_VALUE` (usage, exit 2) when a `--columns` value is not among `found` (with the
 *   closest name); `CLI_MISSING_COLUMNS` (exit 1) when a canonical column is still missing, listing the columns
 *   found and the ones needed.
 */
export function planColumns(found: readonly string[], mapping: ColumnMapping, where: string): Record<string, string> {
  const rename: Record<string, string> = Object.create(null);
  for (const [canonical, column] of Object.entries(mapping) as [TransactionColumn, string][]) {
    if (!found.includes(column)) {
      const near = closest(column, found);
      bad(
        `${where} has no column "${column}" (given for ${canonical})${near ? `; did you mean "${near}"?` : '.'} Its columns are ${found.join(', ')}.`,
        `${canonical}=${column}`,
      );
    }
    rename[column] = canonical;
  }
  const names = new Set<string>(Object.values(rename));
  for (const column of found) {
    if (Object.hasOwn(rename, column)) continue;
    const key = normalizeHeader(column);
    const alias = Object.hasOwn(TRANSACTION_ALIASES, key) ? TRANSACTION_ALIASES[key] : undefined;
    if (alias === undefined) names.add(column);
    else if (names.has(alias)) rename[column] = column;
    else {
      if (alias !== column) rename[column] = alias;
      names.add(alias);
    }
  }
  const missing = TRANSACTION_COLUMNS.filter((c) => !names.has(c));
  if (missing.length > 0)
    throw cliError(
      CLI_ERROR_CODES.missingColumns,
      `ingest: ${where} has no column for ${missing.join(', ')}. Found: ${found.join(', ') || 'no columns'}. Needed: ${TRANSACTION_COLUMNS.join(', ')} (UCI Online Retail and Online Retail II headers are recognised). Name yours with --columns ${missing.map((c) => `${c}=<column>`).join(',')} (or a JSON file of them).`,
      { source: where, found, needed: TRANSACTION_COLUMNS, missing },
    );
  return rename;
}

/** A Frame with its columns renamed (source name → output name); columns are shared, not copied. */
export function renameColumns(frame: Frame, rename: Record<string, string>): Frame {
  return {
    length: frame.length,
    columns: Object.fromEntries(
      Object.entries(frame.columns).map(([name, c]) => [Object.hasOwn(rename, name) ? rename[name] : name, c]),
    ),
  };
}
