const HOUR = 3_600_000;

/** Offset of `timeZone` from UTC in ms at instant `t`, from `Intl` (no clock read), cached per zone and hour. */
export class ZoneOffsets {
  private readonly formats = new Map<string, Intl.DateTimeFormat>();
  private readonly cache = new Map<string, Map<number, number>>();

  offset(timeZone: string, t: number): number {
    let byHour = this.cache.get(timeZone);
    if (!byHour) {
      byHour = new Map();
      this.cache.set(timeZone, byHour);
    }
    const hour = Math.floor(t / HOUR);
    let off = byHour.get(hour);
    if (off === undefined) {
      off = this.compute(timeZone, hour * HOUR);
      byHour.set(hour, off);
    }
    return off;
  }

  private compute(timeZone: string, t: number): number {
    let f = this.formats.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      this.formats.set(timeZone, f);
    }
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return wall - t;
  }

  /** The UTC instant of a naive wall-clock time `w` (epoch ms as if UTC) in `timeZone` (DST gaps resolve forward). */
  instantOf(timeZone: string, w: number): number {
    const o1 = this.offset(timeZone, w);
    const t = w - o1;
    const o2 = this.offset(timeZone, t);
    return o1 === o2 ? t : w - o2;
  }

  /** Check that `timeZone` is a valid IANA zone. */
  static isValid(timeZone: string): boolean {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      return true;
    } catch {
      return false;
    }
  }
}
