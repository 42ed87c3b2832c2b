import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/**
 * The lines of the CSV.gz `source`, header once, then its data lines `times` times, copy k's through `edit(line, k)`
 * (copy 0 as read), in chunks of 4,096 lines ending in `\n`. Streams: the generator holds no file in memory.
 */
export async function* repeatedLines(
  source: string,
  times: number,
  edit: (line: string, k: number) => string,
): AsyncGenerator<string> {
  for (let k = 0; k < times; k++) {
    const rl = createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity });
    let header = true;
    let out: string[] = [];
    for await (const line of rl) {
      if (header) {
        header = false;
        if (k === 0) out.push(line);
        continue;
      }
      out.push(k === 0 ? line : edit(line, k));
      if (out.length === 4096) {
        yield `${out.join('\n')}\n`;
        out = [];
      }
    }
    if (out.length) yield `${out.join('\n')}\n`;
  }
}
