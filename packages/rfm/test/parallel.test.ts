import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { silhouetteScores } from '@retailkit/rfm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runParts } from '../src/internal/parallel.js';
import { deathData, deathKMeans, plainKMeans } from './fixtures/worker-death.js';

describe('runParts (worker threads, synchronous)', () => {
  it('runs every part once, some of them in another thread, and returns when all are done', () => {
    const out = new Int32Array(new SharedArrayBuffer(4 * 8));
    // the kernel tells which thread ran it (worker threads evaluate it as CommonJS source, with `require`)
    const kernel = (a: { out: Int32Array }, part: number) => {
      const wt = typeof require === 'function' ? require('node:worker_threads') : { isMainThread: true, threadId: 0 };
      a.out[part] = wt.isMainThread ? 1 : 1000 + wt.threadId;
    };
    runParts(kernel, { out }, 8, 2);
    const ids = Array.from(out);
    expect(ids.every((v) => v > 0)).toBe(true); // every part ran
    expect(ids.filter((_, p) => p % 2 === 0).every((v) => v === 1)).toBe(true); // this thread: parts 0, 2, …
    expect(ids.filter((_, p) => p % 2 === 1).every((v) => v > 1000)).toBe(true); // a worker: parts 1, 3, …
  });

  it('runs the parts of a failing worker on this thread', () => {
    const out = new Int32Array(new SharedArrayBuffer(4 * 4));
    const kernel = (a: { out: Int32Array }, part: number) => {
      const wt = typeof require === 'function' ? require('node:worker_threads') : { isMainThread: true };
      if (!wt.isMainThread) throw new Error('worker failure'); // only in the worker
      a.out[part] = 7;
    };
    runParts(kernel, { out }, 4, 2);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });

  it('reruns a part whose worker failed after writing, from the start (kernels zero their accumulators)', () => {
    // the contract silhouetteKernel follows: the worker adds 10 to its part's slot, then fails; the part runs
    // again here, and the zeroing at its start keeps the slot at 10 instead of 20
    const out = new Float64Array(new SharedArrayBuffer(8 * 4));
    const kernel = (a: { out: Float64Array }, part: number) => {
      const wt = typeof require === 'function' ? require('node:worker_threads') : { isMainThread: true };
      a.out[part] = 0;
      for (let i = 0; i < 10; i++) a.out[part] += 1;
      if (!wt.isMainThread) throw new Error('late worker failure');
    };
    runParts(kernel, { out }, 4, 2);
    expect(Array.from(out)).toEqual([10, 10, 10, 10]);
  });

  it('times the worker start on a monotonic clock: a wall-clock jump does not take the parts of a starting worker', () => {
    // a kernel of its own (new source text), so its worker starts during this call; every Date.now() reading
    // jumps an hour ahead, which the start timeout must not see (it did when it was measured with Date.now())
    const out = new Int32Array(new SharedArrayBuffer(4 * 4));
    const kernel = (a: { out: Int32Array }, part: number) => {
      const wt = typeof require === 'function' ? require('node:worker_threads') : { isMainThread: true };
      a.out[part] = wt.isMainThread ? 1 : 2; // the monotonic-clock test's kernel
    };
    let wall = Date.now();
    const now = vi.spyOn(Date, 'now').mockImplementation(() => {
      wall += 3_600_000;
      return wall;
    });
    try {
      runParts(kernel, { out }, 4, 2);
    } finally {
      now.mockRestore();
    }
    expect(Array.from(out)).toEqual([1, 2, 1, 2]); // parts 1 and 3 still ran in the worker
  });
});

describe('runParts when a worker thread dies holding a part', () => {
  // The scenarios run in a child process (test/fixtures/worker-death.ts): a hang blocks the calling thread in
  // Atomics.wait, where no vitest timeout can fire, so the guard is the child's kill timeout. Each worker fault
  // strikes after the worker computed its part (outputs written) and before it reported it done, so a rerun that
  // added to those outputs instead of replacing them would show. Oracle: the same computation with threads: 1,
  // in this process.
  const scenarios = [
    'runparts-exit',
    'kmeans:1:exit',
    'kmeans:3:terminate',
    'silhouette:3:exit',
    'silhouette:1:terminate',
    'supervisor',
  ];
  const KILL_AFTER_MS = 90_000;
  let results: Record<string, Record<string, unknown>> = {};
  let failure = '';
  beforeAll(() => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const script = fileURLToPath(new URL('./fixtures/worker-death.ts', import.meta.url));
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, ...scenarios], {
      cwd: root,
      encoding: 'utf8',
      timeout: KILL_AFTER_MS,
      killSignal: 'SIGKILL',
    });
    const ms = Math.round(performance.now() - t0);
    if (child.status === 0) results = JSON.parse(child.stdout);
    else
      failure = `child ${child.signal ? `killed (${child.signal}) after ${ms} ms: hung` : `exited ${child.status}`}\n${child.stderr}`;
  }, KILL_AFTER_MS + 30_000);
  const result = (scenario: string) => {
    expect(failure).toBe('');
    return results[scenario];
  };

  it('reruns here the parts of a worker that calls process.exit partway through one, each once', () => {
    // 4 parts, 2 threads: the worker holds parts 1 and 3 and exits halfway through part 1 (5 of 10 added);
    // part 3, never started there, is handed back too
    const r = result('runparts-exit');
    expect(r.out).toEqual([10, 10, 10, 10]);
    expect(r.ran).toEqual([1, 1, 1, 1]); // every part completed exactly once
  });

  const kmeansOne = plainKMeans(deathKMeans(1));
  it.each(['kmeans:1:exit', 'kmeans:3:terminate'])('fitKMeans equals its threads: 1 result bit for bit (%s)', (s) => {
    const { takenOver, ...r } = result(s);
    expect(takenOver).toContain(Number(s.split(':')[1])); // the part the dead worker held ran here
    expect(r).toEqual(kmeansOne);
    expect(Object.is(r.inertia, kmeansOne.inertia)).toBe(true);
  });

  it.each(['silhouette:3:exit', 'silhouette:1:terminate'])(
    'silhouetteScores equals its threads: 1 result bit for bit, a rerun part not counted twice (%s)',
    (s) => {
      const { x, labs } = deathData();
      const one = silhouetteScores(x, labs, { threads: 1 }).scores;
      const r = result(s);
      expect(r.takenOver).toContain(Number(s.split(':')[1]));
      expect((r.scores as number[]).map((v, i) => Object.is(v, one[i]))).toEqual([true, true, true]);
    },
  );

  it('throws RFM_WORKERS_LOST, naming the function and the fix, when the supervisor is gone — then recovers', () => {
    // the supervisor exits (its workers with it) while a worker holds restart 1; nothing reports that worker's
    // end, so its part cannot be rerun safely: an error after the (test-shortened, 600 ms) supervisor timeout
    const r = result('supervisor');
    const error = r.error as { code: string; message: string; retryable: boolean };
    expect(error.code).toBe('RFM_WORKERS_LOST');
    expect(error.message).toMatch(/^fitKMeans: .*threads: 1/);
    expect(error.retryable).toBe(true);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.after).toEqual(kmeansOne); // the next call starts new threads and succeeds
  });
});

describe('threads do not change results', () => {
  // oracle: the same computation on one thread; parts are fixed, so the bits must match exactly (same data as
  // the worker-death scenarios: test/fixtures/worker-death.ts)
  it('silhouetteScores', () => {
    const { x, labs } = deathData();
    const one = silhouetteScores(x, labs, { threads: 1 }).scores;
    const two = silhouetteScores(x, labs, { threads: 2 }).scores;
    expect(two.map((v, i) => Object.is(v, one[i]))).toEqual([true, true, true]);
  });

  it('fitKMeans', () => {
    const one = deathKMeans(1);
    const two = deathKMeans(2);
    expect(two.inertia).toBe(one.inertia);
    expect(Array.from(two.labels)).toEqual(Array.from(one.labels));
  });
});
