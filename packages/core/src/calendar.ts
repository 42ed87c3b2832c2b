/**
 * Calendar helpers on naive wall-clock timestamps stored as epoch milliseconds "as if UTC".
 * Every function works in UTC, so results never depend on the machine's time zone.
 */

export const MS_PER_DAY = 86_400_000;

/** Whole days since 1970-01-01 (floor). `dayNumber(Date.UTC(2011, 0, 2, 13))` → 14976. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Midnight of the day of `ms`. */
export function startOfDay(ms: number): number {
  return dayNumber(ms) * MS_PER_DAY;
}

/** Day of week, ISO numbering: Monday = 1 … Sunday = 7. 1970-01-01 was a Thursday (4). */
export function isoDayOfWeek(ms: number): number {
  return ((((dayNumber(ms) + 3) % 7) + 7) % 7) + 1;
}

/** Midnight of the Monday that starts the week of `ms`. */
export function startOfWeek(ms: number): number {
  return (dayNumber(ms) - (isoDayOfWeek(ms) - 1)) * MS_PER_DAY;
}

/** Midnight of the first day of the month of `ms`. */
export function startOfMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Months since 1970-01 (year-aware month index): `year * 12 + month0 - 1970 * 12`. */
export function monthIndex(ms: number): number {
  const d = new Date(ms);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/**
 * `YYYY-MM-DD` of `ms` (UTC). Computed from the day number with the proleptic Gregorian calendar in 400-year eras
 * (146,097 days each; years counted from March so that the leap day ends the year), about ten times faster than
 * `toISOString` — forecasts format one date per step. Years outside 0000–9999 and non-finite `ms` take
 * `toISOString`'s path (and its RangeError for an invalid time).
 */
export function isoDate(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  if (!(days >= -719_528 && days <= 2_932_896)) return new Date(ms).toISOString().slice(0, 10);
  const z = days + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097; // day of era, 0 … 146,096
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // from 1 March, 0 … 365
  const mp = Math.floor((5 * doy + 2) / 153); // month from March, 0 … 11
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** `YYYY-MM-DD HH:MM:SS` of `ms` (UTC wall-clock), the source data's own format. */
export function isoDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Parse `YYYY-MM-DD` (or a full ISO wall-clock time without zone) as epoch ms "as if UTC"; NaN when invalid. */
export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?Z?$/.exec(text.trim());
  if (!m) return Number.NaN;
  const [y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m.slice(1);
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0'));
  const back = new Date(t);
  return back.getUTCMonth() === +mo - 1 && back.getUTCDate() === +d ? t : Number.NaN;
}
