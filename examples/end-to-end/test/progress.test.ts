import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context } from '../src/context.js';
import { ProgressDisplay, type ProgressDisplayOptions } from '../src/progress.js';

/** Keep the main thread busy, as a synchronous model fit does. */
function blockFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
}

/** Wait without blocking (the worker thread draws meanwhile either way). */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CLEAR = '\r\x1b[2K';

// issue 18, item 5: progress on every step over a second (a bar or a spinner), line logs off a terminal,
// nothing with --quiet, nothing left behind. The display draws into a file here; short delays keep it fast.
describe('ProgressDisplay', () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-progress-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A display drawing into a fresh file, and a function that closes it and returns what it drew. */
  function display(options: ProgressDisplayOptions) {
    const file = join(dir, `out-${n++}.txt`);
    const fd = openSync(file, 'w');
    const d = new ProgressDisplay({ fd, columns: 100, delayMs: 50, tickMs: 10, ...options });
    return {
      d,
      drawn: async () => {
        await d.close();
        closeSync(fd);
        return readFileSync(file, 'utf8');
      },
    };
  }

  it('a step of unknown total gets a spinner that moves while the main thread is blocked, cleared at the end', async () => {
    const { d, drawn } = display({ tty: true });
    const p = d.begin('segment');
    await d.ready();
    blockFor(400);
    p.stop();
    const text = await drawn();
    const frames = text.split('\r').filter((f) => f.includes('segment'));
    expect(frames.length).toBeGreaterThan(5);
    expect(new Set(frames.map((f) => f.trim()[0])).size).toBeGreaterThan(1); // the glyph turns
    expect(text.endsWith(CLEAR)).toBe(true); // nothing left on the line
  });

  it('a step with a total gets a bar with percentage, rate and ETA', async () => {
    const { d, drawn } = display({ tty: true });
    const p = d.begin('ingest', 'bytes');
    p.update(5_000_000, 20_000_000);
    await d.ready();
    blockFor(200);
    p.stop();
    const text = await drawn();
    const last =
      text
        .split('\r')
        .filter((f) => f.includes('ingest'))
        .at(-1) ?? '';
    expect(last).toMatch(/ingest \[[█░]{20}\] 25% 5\.0 MB of 20\.0 MB · [\d.]+ MB\/s · ETA \S+/);
    expect(text.endsWith(CLEAR)).toBe(true);
  });

  it('never draws a line wider than the terminal (a wrapped line could not be cleared)', async () => {
    const { d, drawn } = display({ tty: true, columns: 40 });
    const steps = ['segment', 'basket', 'forecast'].map((s) => d.begin(s));
    await d.ready();
    blockFor(200);
    for (const s of steps) s.stop();
    for (const frame of (await drawn()).split('\r'))
      expect(frame.replaceAll('\x1b[2K', '').replaceAll('\x1b[K', '').length).toBeLessThanOrEqual(40);
  });

  it('a step that ends within the delay shows nothing', async () => {
    const { d, drawn } = display({ tty: true, delayMs: 10_000 });
    const p = d.begin('clean');
    await d.ready();
    blockFor(100);
    p.stop();
    expect(await drawn()).toBe('');
  });

  it('off a terminal: plain line logs, no carriage returns or escape codes', async () => {
    const { d, drawn } = display({ tty: false, logEveryMs: 100 });
    const p = d.begin('forecast');
    await d.ready();
    blockFor(400);
    p.stop();
    const lines = (await drawn()).split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^ {2}… forecast: running for \d+s$/);
  });

  it('text written through the display clears the progress line first', async () => {
    const { d, drawn } = display({ tty: true });
    const p = d.begin('load');
    await d.ready();
    blockFor(150);
    let before = '';
    const file = join(dir, `out-${n - 1}.txt`);
    d.write('✔ lake\n', {
      write: () => {
        before = readFileSync(file, 'utf8');
        return true;
      },
    } as never);
    p.stop();
    await drawn();
    expect(before).toContain('load');
    expect(before.endsWith(CLEAR)).toBe(true);
  });

  it('every Context.step shows its progress, with the unit it names', async () => {
    const { d, drawn } = display({ tty: false, logEveryMs: 1000 });
    const ctx = new Context({ display: d, out: join(dir, 'steps') });
    await ctx.step(
      'ingest',
      async (progress) => {
        progress.update(1_000_000, 4_000_000);
        await d.ready();
        blockFor(150);
      },
      () => '',
      { unit: 'bytes' },
    );
    const text = await drawn();
    expect(text).toMatch(/^ {2}… ingest: 25% \(1\.0 MB of 4\.0 MB, [\d.]+ MB\/s, about \S+ left\)\n$/);
  });

  it('--quiet: a step shows no progress at all', async () => {
    const { d, drawn } = display({ tty: true });
    const ctx = new Context({ quiet: true, display: d, out: join(dir, 'q') });
    await ctx.step(
      'segment',
      async () => {
        await sleep(30);
        blockFor(200);
      },
      () => '',
    );
    expect(await drawn()).toBe('');
  });
});
