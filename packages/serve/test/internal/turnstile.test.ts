import { describe, expect, it } from 'vitest';
import { Turnstile } from '../../src/internal/turnstile.js';

/** Busy-wait `ms` milliseconds: synchronous work of a known length. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('Turnstile: arrival order, a bounded slice of work per event-loop turn', () => {
  it('runs work at once on an idle loop and returns its value synchronously', () => {
    const t = new Turnstile(5);
    expect(t.run(() => 42)).toBe(42);
  });

  it('answers in arrival order and lets the loop turn between slices (a timer fires while 30 × 2 ms wait)', async () => {
    const t = new Turnstile(1);
    const order: number[] = [];
    let timerFiredAfter = -1;
    setTimeout(() => {
      timerFiredAfter = order.length;
    }, 0);
    const all = Array.from({ length: 30 }, (_, i) =>
      t.run(() => {
        spin(2);
        order.push(i);
        return i;
      }),
    );
    // within one turn only the first job fits the 1 ms slice; the rest wait for the pump
    expect(order).toEqual([0]);
    expect(await Promise.all(all)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // the 0 ms timer ran long before the queue was done: the loop was given back between slices
    expect(timerFiredAfter).toBeGreaterThanOrEqual(1);
    expect(timerFiredAfter).toBeLessThan(30);
  });

  it('passes an exception of queued work to its caller only', async () => {
    const t = new Turnstile(0);
    t.run(() => spin(1));
    const bad = t.run(() => {
      throw new Error('boom');
    });
    const good = t.run(() => 'ok');
    await expect(bad).rejects.toThrow('boom');
    await expect(good).resolves.toBe('ok');
  });
});
