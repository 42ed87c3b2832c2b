import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type Column, type Frame, isoDateTime } from '@retailkit/core';

/** Options of `writeCsv`. */
export interface WriteCsvOptions {
  /** Gzip the output. Default: when the path ends in `.gz`. */
  gzip?: boolean;
  /** Header names by column; default the column names. */
  header?: Record<string, string>;
  /** Rows per write. Default 16,384. */
  batchSize?: number;
}

function field(col: Column, i: number): string {
  switch (col.type) {
    case 'string': {
      const c = col.codes[i];
      if (c < 0) return '';
      const s = col.values[c];
      return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
    }
    case 'timestamp': {
      const v = col.data[i];
      return Number.isNaN(v) ? '' : isoDateTime(v);
    }
    case 'boolean':
      return col.data[i] ? 'true' : 'false';
    default: {
      const v = col.data[i];
      return Number.isNaN(v) ? '' : String(v);
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
  const cols = names.map((n) => f.columns[n]);
  const header = names.map((n) => options.header?.[n] ?? n);
  yield `${header.map((h) => (/[",\r\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',')}\n`;
  const batch = options.batchSize ?? 16_384;
  for (let start = 0; start < f.length; start += batch) {
    const end = Math.min(f.length, start + batch);
    const lines: string[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      let line = '';
      for (let k = 0; k < cols.length; k++) line += (k ? ',' : '') + field(cols[k], i);
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
 * await writeCsv(frame, 'out/clean/revenue.csv.gz');
 */
export async function writeCsv(f: Frame, path: string, options: WriteCsvOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const gzip = options.gzip ?? path.endsWith('.gz');
  const source = Readable.from(csvChunks(f, options));
  try {
    if (gzip) await pipeline(source, createGzip({ level: 6 }), createWriteStream(tmp));
    else await pipeline(source, createWriteStream(tmp));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
