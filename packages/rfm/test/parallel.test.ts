import { createRng } from '@retailkit/core';
import { fitKMeans, silhouetteScores } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { runParts } from '../src/internal/parallel.js';

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
});

describe('threads do not change results', () => {
  // oracle: the same computation on one thread; parts are fixed, so the bits must match exactly
  const rng = createRng(5);
  const n = 1800;
  const d = 6;
  const x = { n, d, data: Float64Array.from({ length: n * d }, () => rng.next() * 3 + (rng.next() < 0.3 ? 4 : 0)) };

  it('silhouetteScores', () => {
    const labs = [3, 5, 8].map((k) => Int32Array.from({ length: n }, (_, i) => (i < k ? i : rng.int(k))));
    const one = silhouetteScores(x, labs, { threads: 1 }).scores;
    const two = silhouetteScores(x, labs, { threads: 2 }).scores;
    expect(two.map((v, i) => Object.is(v, one[i]))).toEqual([true, true, true]);
  });

  it('fitKMeans', () => {
    const one = fitKMeans(x, { k: 6, seed: 3, restarts: 4, threads: 1 });
    const two = fitKMeans(x, { k: 6, seed: 3, restarts: 4, threads: 2 });
    expect(two.inertia).toBe(one.inertia);
    expect(Array.from(two.labels)).toEqual(Array.from(one.labels));
  });
});
