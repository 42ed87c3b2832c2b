import { createHash } from 'node:crypto';

/** Quote a field per RFC 4180 when it holds a comma, a double quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV text: header, LF line endings, a final LF, UTF-8 when encoded. */
export function toCsv(header: readonly string[], rows: readonly string[][]): string {
  const out: string[] = [header.map(csvField).join(',')];
  for (const r of rows) {
    let line = csvField(r[0]);
    for (let j = 1; j < r.length; j++) line += `,${csvField(r[j])}`;
    out.push(line);
  }
  return `${out.join('\n')}\n`;
}

/** Hex SHA-256 of a string's UTF-8 bytes. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
