import cliProgress from 'cli-progress';

/**
 * A progress bar that appears only when a step runs longer than a second (and only on a terminal),
 * showing counts and rate. `update(value, total?)` may be called as often as wanted.
 */
export class LazyProgress {
  private bar: cliProgress.SingleBar | null = null;
  private value = 0;
  private total = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly unit = 'rows',
  ) {
    this.timer = setTimeout(() => this.show(), 1000);
    this.timer.unref();
  }

  private show(): void {
    if (this.bar || !process.stderr.isTTY) return;
    this.bar = new cliProgress.SingleBar(
      {
        format: `  ${this.label.padEnd(10)} [{bar}] {percentage}% | {value}/{total} ${this.unit} | {rate}/s`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(this.total || 1, this.value, { rate: this.rate() });
  }

  private rate(): string {
    const s = (performance.now() - this.started) / 1000;
    return s > 0 ? Math.round(this.value / s).toLocaleString('en-US') : '0';
  }

  update(value: number, total?: number): void {
    this.value = value;
    if (total !== undefined) this.total = total;
    if (this.bar) {
      if (total !== undefined) this.bar.setTotal(total);
      this.bar.update(value, { rate: this.rate() });
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.bar?.stop();
  }
}
