// Draws the progress of the CLI's running steps (see ./progress.ts) from its own thread, so that it keeps moving
// while a step runs synchronous code on the main thread. Plain JavaScript: Node runs it in the worker as it is.
// The state is in shared memory, written by the main thread; `ctrl[LOCK]` guards the terminal line, which the
// main thread clears (under the lock) before it prints anything.
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import cliProgress from 'cli-progress';

const LOCK = 0;
const DRAWN = 1;
const COLUMNS = 2;
const { ctrl: ctrlBuffer, state: stateBuffer, nums: numsBuffer, text: textBuffer, labelBytes } = workerData;
const { fd, tty, delayMs, logEveryMs, tickMs } = workerData;
const ctrl = new Int32Array(ctrlBuffer);
const state = new Int32Array(stateBuffer);
const nums = new Float64Array(numsBuffer);
const text = new Uint8Array(textBuffer);
const decoder = new TextDecoder();
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
const BAR = {
  barsize: 20,
  barCompleteString: cliProgress.Presets.shades_classic.barCompleteChar.repeat(20),
  barIncompleteString: cliProgress.Presets.shades_classic.barIncompleteChar.repeat(20),
  barGlue: '',
};
const TIME = { autopaddingChar: ' ' };
const lastLog = new Map();
let frame = 0;

function write(s) {
  try {
    writeSync(fd, s);
  } catch {
    // a closed or full stream: progress is not worth failing for
  }
}

function amount(v, unit) {
  if (unit === 'bytes') return `${(v / 1e6).toFixed(1)} MB`;
  return `${Math.round(v).toLocaleString('en-US')} ${unit}`;
}

function seconds(ms) {
  return cliProgress.Format.TimeFormat(Math.round(ms / 1000), TIME, 0).trim();
}

/** One step's progress: `line` for the terminal, `log` for a line log. */
function describe(slot, now) {
  const [label, unit] = decoder.decode(text.subarray(slot * labelBytes, (slot + 1) * labelBytes)).split('\0');
  const value = nums[slot * 3];
  const total = nums[slot * 3 + 1];
  const elapsed = now - nums[slot * 3 + 2];
  if (!(total > 0)) {
    const spin = SPINNER[frame % SPINNER.length];
    return {
      line: `${spin} ${label} ${(elapsed / 1000).toFixed(1)} s`,
      log: `${label}: running for ${seconds(elapsed)}`,
    };
  }
  const progress = Math.min(1, value / total);
  const rate = value / Math.max(elapsed / 1000, 1e-3);
  const eta = rate > 0 ? seconds(((total - value) / rate) * 1000) : '?';
  const pct = `${Math.floor(progress * 100)}%`;
  const unitRate =
    unit === 'bytes' ? `${(rate / 1e6).toFixed(1)} MB/s` : `${Math.round(rate).toLocaleString('en-US')} ${unit}/s`;
  return {
    line: `${label} [${cliProgress.Format.BarFormat(progress, BAR)}] ${pct} ${amount(value, unit)} of ${amount(total, unit)} · ${unitRate} · ETA ${eta}`,
    log: `${label}: ${pct} (${amount(value, unit)} of ${amount(total, unit)}, ${unitRate}, about ${eta} left)`,
  };
}

function tick() {
  if (Atomics.compareExchange(ctrl, LOCK, 0, 1) !== 0) return;
  try {
    const now = Date.now();
    const parts = [];
    for (let slot = 0; slot < state.length; slot++) {
      const id = Atomics.load(state, slot);
      if (id === 0 || now - nums[slot * 3 + 2] < delayMs) continue;
      const d = describe(slot, now);
      if (tty) parts.push(d.line);
      else if (now - (lastLog.get(id) ?? Number.NEGATIVE_INFINITY) >= logEveryMs) {
        lastLog.set(id, now);
        write(`  … ${d.log}\n`);
      }
    }
    if (parts.length > 0) {
      // one line, never wider than the terminal: a wrapped line could not be cleared with \r
      const width = Math.max(20, Atomics.load(ctrl, COLUMNS) - 1);
      const line = `\r  ${parts.join('   ')}`.slice(0, width + 1);
      write(`${line}\x1b[K`);
      Atomics.store(ctrl, DRAWN, 1);
    } else if (Atomics.load(ctrl, DRAWN) === 1) {
      write('\r\x1b[2K');
      Atomics.store(ctrl, DRAWN, 0);
    }
    frame++;
  } finally {
    Atomics.store(ctrl, LOCK, 0);
    Atomics.notify(ctrl, LOCK);
  }
}

setInterval(tick, tickMs);
parentPort?.postMessage('ready');
