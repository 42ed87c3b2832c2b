import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Column, Frame } from '@retailkit/core';

/** Options of `writeCsv`. */
export interface WriteCsvOptions {
  /** Gzip the output. Default: when the path ends in `.gz`. */
  gzip?: boolean;
  /** Header names by column; default the column names. */
  header?: Record<string, string>;
  /** Rows per write. Default 16,384. */
  batchSize?: number;
}

const quoteField = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD HH:MM:SS` of epoch ms (UTC wall clock), without allocating a Date. */
function formatTimestamp(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rem = ms - days * 86_400_000;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const mi = Math.floor(rem / 60_000);
  const sec = Math.floor((rem - mi * 60_000) / 1000);
  // civil_from_days (H. Hinnant)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}:${pad2(sec)}`;
}

/** A per-row formatter for one column; string dictionaries are escaped once, not per row. */
function formatter(col: Column): (i: number) => string {
  switch (col.type) {
    case 'string': {
      const escaped = col.values.map(quoteField);
      const codes = col.codes;
      return (i) => {
        const c = codes[i];
        return c < 0 ? '' : escaped[c];
      };
    }
    case 'timestamp': {
      const data = col.data;
      return (i) => {
        const v = data[i];
        return Number.isNaN(v) ? '' : formatTimestamp(v);
      };
    }
    case 'boolean': {
      const data = col.data;
      return (i) => (data[i] ? 'true' : 'false');
    }
    default: {
      const data = col.data;
      return (i) => {
        const v = data[i];
        return Number.isNaN(v) ? '' : String(v);
      };
    }
  }
}

/**
 * Encode a Frame as RFC 4180 CSV text chunks (UTF-8, LF). Missing values are empty fields (an empty string is
 * written as `""`; like pandas, `readCsv` reads both back as missing). Timestamps are written as
 * `YYYY-MM-DD HH:MM:SS` wall-clock time; numbers at full precision (`String(n)` round-trips exactly).
 */
export function* csvChunks(f: Frame, options: WriteCsvOptions = {}): Generator<string> {
  const names = Object.keys(f.columns);
  const cols = names.map((n) => formatter(f.columns[n]));
  const header = names.map((n) => options.header?.[n] ?? n);
  yield `${header.map(quoteField).join(',')}\n`;
  const batch = options.batchSize ?? 16_384;
  for (let start = 0; start < f.length; start += batch) {
    const end = Math.min(f.length, start + batch);
    const lines: string[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      let line = '';
      for (let k = 0; k < cols.length; k++) line += (k ? ',' : '') + cols[k](i);
      lines[i - start] = line;
    }
    yield `${lines.join('\n')}\n`;
  }
}

/**
 * Write a Frame to a CSV or CSV.gz file atomically (a temporary file renamed into place), streamed in
 * batches. Readable back by `readCsv` with the same values.
 *
 * @example
 * await writeCsv(fromRows([{ sku: 'A', qty: 2 }]), join(dir, 'sales.csv'));
 * readFileSync(join(dir, 'sales.csv'), 'utf8') // 'sku,qty\nA,2\n'
 */
export async function writeCsv(f: Frame, path: string, options: WriteCsvOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const gzip = options.gzip ?? path.endsWith('.gz');
  const source = Readable.from(csvChunks(f, options));
  try {
    if (gzip) await pipeline(source, createGzip({ level: 4 }), createWriteStream(tmp));
    else await pipeline(source, createWriteStream(tmp));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
