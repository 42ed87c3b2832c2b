import { invalidArgument } from '@retailkit/core';
import type { FenceRule, OutlierRule } from '../outlier-fence.js';

/** Check a finite number option within [min, max] (or (min, ...) when `exclusiveMin`). */
export function checkNumber(
  fn: string,
  name: string,
  v: unknown,
  range: { min?: number; max?: number; exclusiveMin?: boolean },
): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (range.min === undefined || (range.exclusiveMin ? v > range.min : v >= range.min)) &&
    (range.max === undefined || v <= range.max);
  if (!ok) {
    const lo = range.min === undefined ? '-∞' : String(range.min);
    const hi = range.max === undefined ? '∞' : String(range.max);
    throw invalidArgument(fn, name, v, `a finite number in ${range.exclusiveMin ? '(' : '['}${lo}, ${hi}]`);
  }
  return v as number;
}

/** A fence or outlier rule with its defaults filled in (factor 1.5, threshold 3), or the error naming `name`. */
export function resolveOutlierRule(fn: string, name: string, v: unknown, allowNone = true): Required<OutlierRule> {
  const methods = allowNone ? "'iqr' | 'zscore' | 'none'" : "'iqr' | 'zscore'";
  const r = v as OutlierRule;
  if (r == null || typeof r !== 'object')
    throw invalidArgument(fn, name, v, `{ method: ${methods}, factor?, threshold? }`);
  if (r.method === 'iqr')
    return { method: 'iqr', factor: checkNumber(fn, `${name}.factor`, r.factor ?? 1.5, { min: 0 }) };
  if (r.method === 'zscore')
    return {
      method: 'zscore',
      threshold: checkNumber(fn, `${name}.threshold`, r.threshold ?? 3, { min: 0, exclusiveMin: true }),
    };
  if (r.method === 'none' && allowNone) return { method: 'none' };
  throw invalidArgument(fn, `${name}.method`, (r as { method: unknown }).method, methods);
}

/** `resolveOutlierRule` without `none`. */
export function resolveFenceRule(fn: string, name: string, v: unknown): Required<FenceRule> {
  return resolveOutlierRule(fn, name, v, false) as Required<FenceRule>;
}
