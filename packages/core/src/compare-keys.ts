/**
 * Order of key values as pandas sorts a key column that mixes numeric and other ids (for example customer ids
 * read as text): values that read as finite numbers first, numerically (ties, such as "7" and "7.0", by text);
 * then the others, by UTF-16 code units. A comparator for `Array.prototype.sort`. O(1) per comparison.
 *
 * @example
 * ['12347', 'X1', '9', '12346'].sort(compareKeys) // ['9', '12346', '12347', 'X1']
 */
export function compareKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const fa = a !== '' && Number.isFinite(na);
  const fb = b !== '' && Number.isFinite(nb);
  if (fa && fb) return na - nb || (a < b ? -1 : a > b ? 1 : 0);
  if (fa !== fb) return fa ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
