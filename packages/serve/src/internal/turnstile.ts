/**
 * Admission in arrival order with a bounded slice of synchronous work per event-loop turn.
 *
 * Node reads every ready socket in one poll phase and, with the libuv it ships, accepts one new connection per
 * turn. When each request costs milliseconds (a 100-instance batch: parse, validate, predict, serialise), a turn
 * that serves every connected client takes tens of milliseconds, and a client that connects meanwhile waits one
 * such turn per connection ahead of it. The turnstile keeps a turn short: work runs at once while the current
 * turn has used less than `sliceMs`; after that, requests wait in a FIFO queue that a `setImmediate` pump works
 * through, one slice per turn, so the loop returns to the poll phase (new connections, health checks) every
 * `sliceMs` or so, and requests are answered in arrival order whatever their size.
 */
export class Turnstile {
  private readonly queue: (() => void)[] = [];
  private head = 0;
  /** End of the current turn's slice (`performance.now()` ms). */
  private sliceEnd = 0;
  /** A slice is open in this turn (reset by an immediate scheduled when it opened). */
  private inTurn = false;
  private pumping = false;

  constructor(private readonly sliceMs = 1) {}

  /** Run `work` now, or in its turn; its result (or exception) either way. */
  run<T>(work: () => T): T | Promise<T> {
    if (this.head === this.queue.length && !this.pumping) {
      if (!this.inTurn) {
        this.inTurn = true;
        this.sliceEnd = performance.now() + this.sliceMs;
        setImmediate(this.endTurn);
        return work();
      }
      if (performance.now() < this.sliceEnd) return work();
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(work());
        } catch (e) {
          reject(e);
        }
      });
      if (!this.pumping) {
        this.pumping = true;
        setImmediate(this.pump);
      }
    });
  }

  private readonly endTurn = (): void => {
    this.inTurn = false;
  };

  private readonly pump = (): void => {
    const end = performance.now() + this.sliceMs;
    do this.queue[this.head++]();
    while (this.head < this.queue.length && performance.now() < end);
    if (this.head < this.queue.length) {
      if (this.head > 1024) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      setImmediate(this.pump);
      return;
    }
    this.queue.length = 0;
    this.head = 0;
    this.pumping = false;
  };
}
