/** A UTF-16 surrogate without its partner. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether `v` holds a NUL. */
export function hasNul(v: string): boolean {
  return v.includes('\u0000');
}

/** Whether `v` holds a UTF-16 surrogate without its partner. */
export function hasLoneSurrogate(v: string): boolean {
  LONE.lastIndex = 0;
  return LONE.test(v);
}

/** Whether `v` holds a NUL or a lone surrogate (text PostgreSQL and UTF-8 writers refuse). */
export function hasUnsafeText(v: string): boolean {
  return hasNul(v) || hasLoneSurrogate(v);
}

/** `v` with NULs removed and lone surrogates replaced by U+FFFD (what `String.prototype.toWellFormed` does). */
export function toSafeText(v: string): string {
  return v.replaceAll('\u0000', '').replace(LONE, '\uFFFD');
}

/** The `Table.memo` key under which rule `safe-text` marks a text column it cleaned (its unsafe dictionary values). */
export const unsafeTextKey = (column: string): string => `safe-text:${column}`;
