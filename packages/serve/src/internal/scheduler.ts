import type { Predictor } from '@retailkit/core';

/** How a prediction job ended: outputs, the predictor's error, or the time budget. */
export type JobResult =
  | { readonly outputs: unknown[] }
  | { readonly error: unknown }
  | { readonly timeout: 'queued' | 'running' };

interface Job {
  readonly predictor: Predictor;
  readonly instances: readonly unknown[];
  readonly outputs: unknown[];
  readonly deadline: number;
  next: number;
  resolve(r: JobResult): void;
}

/**
 * The in-process prediction queue: jobs run in arrival order (FIFO), in chunks of `chunk` instances, and the
 * event loop is given back (`setImmediate`) whenever a slice of `sliceMs` is used up, so other requests (a health
 * check, a small prediction) are read and queued meanwhile and a big batch cannot starve them. A job that arrives
 * when the queue is idle and fits in one chunk runs at once, synchronously (the cheap path: no extra hop). A job
 * still queued or running past its deadline (`performance.now()` ms) ends with `timeout`; a running job is only
 * checked between chunks, since one `predict` call cannot be interrupted in process.
 */
export class Scheduler {
  private readonly queue: Job[] = [];
  private head = 0;
  private running = false;

  constructor(
    private readonly chunk = 16,
    private readonly sliceMs = 4,
  ) {}

  run(predictor: Predictor, instances: readonly unknown[], deadline: number): JobResult | Promise<JobResult> {
    if (!this.running && instances.length <= this.chunk) {
      const outputs: unknown[] = new Array(instances.length);
      try {
        for (let i = 0; i < instances.length; i++) {
          const out = predictor.predict(instances[i]);
          if (out instanceof Promise) return this.finishAsync(predictor, instances, outputs, i, out);
          outputs[i] = out;
        }
      } catch (error) {
        return { error };
      }
      return { outputs };
    }
    return new Promise<JobResult>((resolve) => {
      this.queue.push({ predictor, instances, outputs: new Array(instances.length), deadline, next: 0, resolve });
      if (!this.running) void this.pump();
    });
  }

  private async finishAsync(
    predictor: Predictor,
    instances: readonly unknown[],
    outputs: unknown[],
    i: number,
    first: Promise<unknown>,
  ): Promise<JobResult> {
    try {
      outputs[i] = await first;
      for (let j = i + 1; j < instances.length; j++) outputs[j] = await predictor.predict(instances[j]);
    } catch (error) {
      return { error };
    }
    return { outputs };
  }

  private async pump(): Promise<void> {
    this.running = true;
    let sliceEnd = performance.now() + this.sliceMs;
    while (this.head < this.queue.length) {
      const job = this.queue[this.head];
      let result: JobResult | null = null;
      if (performance.now() > job.deadline) result = { timeout: job.next === 0 ? 'queued' : 'running' };
      else
        try {
          const end = Math.min(job.next + this.chunk, job.instances.length);
          for (; job.next < end; job.next++) {
            let out = job.predictor.predict(job.instances[job.next]);
            if (out instanceof Promise) out = await out;
            job.outputs[job.next] = out;
          }
          if (job.next === job.instances.length) result = { outputs: job.outputs };
        } catch (error) {
          result = { error };
        }
      if (result !== null) {
        this.queue[this.head++] = undefined as unknown as Job;
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
        job.resolve(result);
      }
      if (performance.now() >= sliceEnd && this.head < this.queue.length) {
        await new Promise<void>((r) => setImmediate(r));
        sliceEnd = performance.now() + this.sliceMs;
      }
    }
    this.queue.length = 0;
    this.head = 0;
    this.running = false;
  }
}
