/**
 * A streaming RFC 4180 tokenizer over bytes. It finds field boundaries only; converting fields is the
 * sink's job. Chunks may split rows anywhere: the unfinished row is carried to the next chunk.
 *
 * Conventions: `,` delimiter and `"` quote by default; `""` inside a quoted field is one quote; LF, CRLF
 * and a lone CR end a row; newlines inside quotes belong to the field. Line numbers are physical lines,
 * 1-based, counted at the start of each row.
 */

const LF = 10;
const CR = 13;

/** Why the tokenizer could not hand over a row as fields. */
export type MalformedReason = 'unterminated-quote' | 'bad-quote' | 'stray-quote' | 'field-too-large';

/** Receives each row's field boundaries (offsets into `buf`). */
export interface RowSink {
  /**
   * One row. `quoted[k]`: 0 unquoted, 1 quoted, 2 quoted with `""` escapes. `rowStart`/`rowEnd` delimit the
   * row's raw bytes (without its line ending). Returns false when the row failed and spans several physical
   * lines: the tokenizer then reports its first line as `stray-quote` and reads the next lines afresh.
   */
  row(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    quoted: Uint8Array,
    fields: number,
    line: number,
    rowStart: number,
    rowEnd: number,
  ): boolean;
  /**
   * A row that cannot be tokenized: `unterminated-quote`, `bad-quote` (text after a closing quote), `stray-quote`
   * (the first line of a record that spans lines and fails; the lines after it are read as records) or
   * `field-too-large` (a field, or an unfinished record, over `maxFieldBytes`: the sink must throw).
   */
  malformed(reason: MalformedReason, buf: Uint8Array, line: number, rowStart: number, rowEnd: number): void;
}

export class CsvTokenizer {
  private leftover: Uint8Array | null = null;
  private line = 1;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private quoted = new Uint8Array(64);

  constructor(
    private readonly sink: RowSink,
    private readonly delimiter = 44,
    private readonly quote = 34,
    private readonly maxFieldBytes = 16 << 20,
  ) {}

  /** Feed the next chunk. */
  push(chunk: Uint8Array): void {
    // a plain Uint8Array view (not a Buffer): `parse` and the sink then only ever see one map
    let buf = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.leftover) {
      buf = new Uint8Array(this.leftover.length + chunk.length);
      buf.set(this.leftover, 0);
      buf.set(chunk, this.leftover.length);
    }
    const used = this.parse(buf, false);
    this.leftover = used < buf.length ? buf.slice(used) : null;
  }

  /** Signal the end of input: the unfinished row, if any, is emitted (or reported as malformed). */
  end(): void {
    if (this.leftover) {
      const buf = this.leftover;
      this.leftover = null;
      this.parse(buf, true);
    }
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const q = new Uint8Array(n);
    q.set(this.quoted);
    this.starts = s;
    this.ends = e;
    this.quoted = q;
  }

  /**
   * A record that spans lines failed: report its first physical line as `stray-quote` (the line whose quote
   * opened a field that ran on) and return where the next line starts, to read the following lines afresh.
   */
  private strayLine(buf: Uint8Array, rowStart: number): number {
    const n = buf.length;
    let k = rowStart;
    while (k < n && buf[k] !== LF && buf[k] !== CR) k++;
    const lineEnd = k;
    if (k + 1 < n && buf[k] === CR && buf[k + 1] === LF) k++;
    // a quote left open on the last line (only its line ending follows) is just unterminated
    const reason = k + 1 >= n ? 'unterminated-quote' : 'stray-quote';
    this.sink.malformed(reason, buf, this.line, rowStart, lineEnd);
    this.line++;
    return k + 1;
  }

  /**
   * A field or an unfinished record is over `maxFieldBytes`: when the record spans lines, its quote was
   * most likely stray (read on line by line); otherwise the sink throws `field-too-large`.
   */
  private overBound(buf: Uint8Array, rowStart: number, end: number, extraLines: number): number {
    if (extraLines > 0) return this.strayLine(buf, rowStart);
    this.sink.malformed('field-too-large', buf, this.line, rowStart, end);
    throw new Error('readCsv: a field over maxFieldBytes was not refused by the row sink');
  }

  /** Parse complete rows of `buf`; returns the offset of the first byte not consumed. */
  private parse(buf: Uint8Array, final: boolean): number {
    const n = buf.length;
    const DELIM = this.delimiter;
    const QUOTE = this.quote;
    const MAX = this.maxFieldBytes;
    const sink = this.sink;
    let i = 0;
    rows: while (i < n) {
      const rowStart = i;
      let nf = 0;
      let extraLines = 0;
      for (;;) {
        if (nf === this.starts.length) this.grow();
        if (i < n && buf[i] === QUOTE) {
          let j = i + 1;
          let esc = 0;
          for (;;) {
            if (j >= n) {
              if (n - rowStart > MAX) {
                i = this.overBound(buf, rowStart, n, extraLines);
                continue rows;
              }
              if (!final) return rowStart;
              if (extraLines > 0) {
                i = this.strayLine(buf, rowStart);
                continue rows;
              }
              sink.malformed('unterminated-quote', buf, this.line, rowStart, n);
              this.line++;
              return n;
            }
            const c = buf[j];
            if (c === QUOTE) {
              if (j + 1 < n) {
                if (buf[j + 1] === QUOTE) {
                  esc = 1;
                  j += 2;
                  continue;
                }
              } else if (!final) {
                if (n - rowStart > MAX) {
                  i = this.overBound(buf, rowStart, n, extraLines);
                  continue rows;
                }
                return rowStart;
              }
              break;
            }
            if (c === LF) extraLines++;
            else if (c === CR && !(j + 1 < n && buf[j + 1] === LF)) extraLines++;
            j++;
          }
          if (j - i - 1 > MAX) {
            i = this.overBound(buf, rowStart, j, extraLines);
            continue rows;
          }
          this.starts[nf] = i + 1;
          this.ends[nf] = j;
          this.quoted[nf] = esc ? 2 : 1;
          nf++;
          i = j + 1;
          if (i >= n) {
            if (!sink.row(buf, this.starts, this.ends, this.quoted, nf, this.line, rowStart, n)) {
              i = this.strayLine(buf, rowStart);
              continue rows;
            }
            this.line += extraLines + 1;
            return n;
          }
          const c = buf[i];
          if (c === DELIM) {
            i++;
            if (i >= n && !final) return rowStart;
            continue;
          }
          if (c === LF || c === CR) {
            const rowEnd = i;
            i++;
            if (c === CR) {
              if (i >= n && !final) return rowStart;
              if (i < n && buf[i] === LF) i++;
            }
            if (!sink.row(buf, this.starts, this.ends, this.quoted, nf, this.line, rowStart, rowEnd)) {
              i = this.strayLine(buf, rowStart);
              continue rows;
            }
            this.line += extraLines + 1;
            continue rows;
          }
          if (extraLines > 0) {
            // text after the quote that closed a field spanning lines: that quote was most likely stray
            i = this.strayLine(buf, rowStart);
            continue rows;
          }
          // text after a closing quote: the row is malformed; skip to the end of the physical line
          let k = i;
          while (k < n && buf[k] !== LF && buf[k] !== CR) k++;
          if (k >= n && !final) {
            if (n - rowStart > MAX) {
              i = this.overBound(buf, rowStart, n, extraLines);
              continue rows;
            }
            return rowStart;
          }
          sink.malformed('bad-quote', buf, this.line, rowStart, k);
          this.line++;
          i = k + 1;
          if (k < n && buf[k] === CR && i < n && buf[i] === LF) i++;
          continue rows;
        }
        let j = i;
        while (j < n) {
          const c = buf[j];
          if (c === DELIM || c === LF || c === CR) break;
          j++;
        }
        if (j >= n && !final) {
          if (n - rowStart > MAX) {
            i = this.overBound(buf, rowStart, n, extraLines);
            continue rows;
          }
          return rowStart;
        }
        if (j - i > MAX) {
          i = this.overBound(buf, rowStart, j, extraLines);
          continue rows;
        }
        this.starts[nf] = i;
        this.ends[nf] = j;
        this.quoted[nf] = 0;
        nf++;
        if (j >= n) {
          if (!sink.row(buf, this.starts, this.ends, this.quoted, nf, this.line, rowStart, n)) {
            i = this.strayLine(buf, rowStart);
            continue rows;
          }
          this.line += extraLines + 1;
          return n;
        }
        const c = buf[j];
        if (c === DELIM) {
          i = j + 1;
          if (i >= n && !final) return rowStart;
          continue;
        }
        i = j + 1;
        if (c === CR) {
          if (i >= n && !final) return rowStart;
          if (i < n && buf[i] === LF) i++;
        }
        if (!sink.row(buf, this.starts, this.ends, this.quoted, nf, this.line, rowStart, j)) {
          i = this.strayLine(buf, rowStart);
          continue rows;
        }
        this.line += extraLines + 1;
        continue rows;
      }
    }
    return n;
  }
}
