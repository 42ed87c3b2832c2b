import { type Frame, invalidArgument, missingColumn } from '@retailkit/core';
import type { CleanOptions } from '../clean.js';
import type { FenceRule, OutlierRule } from '../outlier-fence.js';
import { resolveDrops, VIEW_DROPS, type ViewName } from '../purpose-view.js';
import { CLEANING_RULES, type FlagRuleId, NON_PRODUCT_CODES, PSEUDO_COUNTRIES } from '../rules.js';
import { ZoneOffsets } from './time-zone.js';
import { resolveFenceRule, resolveOutlierRule } from './validate.js';

/** A caller's row-removing step, checked. */
export type ResolvedStep =
  | { readonly id: string; readonly flag: FlagRuleId }
  | { readonly id: string; readonly column: string; readonly fence: Required<FenceRule> };

/** `CleanOptions` checked, with every default filled in. */
export interface Resolved {
  readonly trimDescriptions: boolean;
  readonly anonymousCustomerId: string | null;
  readonly quantityOutlier: Required<OutlierRule>;
  readonly priceOutlier: Required<OutlierRule>;
  readonly nonProduct: Readonly<Record<string, string>>;
  readonly pseudo: ReadonlySet<string>;
  readonly views: Readonly<Record<ViewName, readonly FlagRuleId[]>>;
  readonly timeZones?: { readonly source: string; readonly byCountry: Readonly<Record<string, string>> };
  readonly topN: number;
  readonly steps: readonly ResolvedStep[];
}

const fail = (name: string, v: unknown, allowed: string, fix?: string) =>
  invalidArgument('clean', `options.${name}`, v, allowed, fix);

/**
 * Check `options` once at the entry of `clean` and fill in the defaults.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad option; `MISSING_COLUMN` for a fence step over a column
 *   the frame does not have as a number column (other than the derived `revenue`).
 */
export function resolveOptions(input: Frame, options: CleanOptions): Resolved {
  if (options == null || typeof options !== 'object') throw invalidArgument('clean', 'options', options, 'an object');
  const trimDescriptions = options.trimDescriptions ?? true;
  if (typeof trimDescriptions !== 'boolean') throw fail('trimDescriptions', trimDescriptions, 'a boolean');
  const anonymousCustomerId = options.anonymousCustomerId ?? null;
  if (anonymousCustomerId !== null && typeof anonymousCustomerId !== 'string')
    throw fail('anonymousCustomerId', anonymousCustomerId, 'a string or null (keep missing)');
  const nonProduct: Record<string, string> = { ...NON_PRODUCT_CODES };
  for (const [k, v] of Object.entries(options.nonProductCodes ?? {})) {
    if (typeof v !== 'string' || v === '') throw fail(`nonProductCodes["${k}"]`, v, 'a non-empty category name');
    nonProduct[k.toUpperCase()] = v;
  }
  const pseudo = options.pseudoCountries ?? PSEUDO_COUNTRIES;
  if (!Array.isArray(pseudo) || pseudo.some((c) => typeof c !== 'string'))
    throw fail('pseudoCountries', pseudo, 'an array of country names');
  const views = { ...VIEW_DROPS } as Record<ViewName, readonly FlagRuleId[]>;
  for (const [name, drops] of Object.entries(options.views ?? {})) {
    if (!Object.hasOwn(VIEW_DROPS, name)) throw fail('views key', name, Object.keys(VIEW_DROPS).join(' | '));
    views[name as ViewName] = resolveDrops('clean', drops as readonly FlagRuleId[]);
  }
  const topN = options.topN ?? 10;
  if (!Number.isInteger(topN) || topN < 0) throw fail('topN', topN, 'an integer >= 0');
  return {
    trimDescriptions,
    anonymousCustomerId,
    quantityOutlier: resolveOutlierRule(
      'clean',
      'options.quantityOutlier',
      options.quantityOutlier ?? { method: 'iqr' },
    ),
    priceOutlier: resolveOutlierRule('clean', 'options.priceOutlier', options.priceOutlier ?? { method: 'zscore' }),
    nonProduct,
    pseudo: new Set(pseudo),
    views,
    timeZones: resolveTimeZones(options.timeZones),
    topN,
    steps: resolveSteps(input, options.steps ?? []),
  };
}

function resolveTimeZones(tz: CleanOptions['timeZones']): Resolved['timeZones'] {
  if (tz === undefined) return undefined;
  const source = tz?.source ?? 'Europe/London';
  if (!ZoneOffsets.isValid(source)) throw fail('timeZones.source', source, 'an IANA time zone');
  if (tz == null || typeof tz.byCountry !== 'object' || tz.byCountry == null)
    throw fail('timeZones.byCountry', tz?.byCountry, 'a record country → IANA time zone');
  for (const [c, z] of Object.entries(tz.byCountry))
    if (typeof z !== 'string' || !ZoneOffsets.isValid(z))
      throw fail(`timeZones.byCountry["${c}"]`, z, 'an IANA time zone such as "Europe/Paris"');
  return { source, byCountry: tz.byCountry };
}

const NUMERIC = new Set(['number', 'int', 'timestamp']);

function resolveSteps(input: Frame, steps: NonNullable<CleanOptions['steps']>): ResolvedStep[] {
  if (!Array.isArray(steps)) throw fail('steps', steps, 'an array of { id, drop }');
  if (steps.length > 200) throw fail('steps.length', steps.length, 'at most 200');
  const taken = new Set<string>(['quarantine', ...CLEANING_RULES.map((r) => r.id)]);
  const flags = new Set<string>(CLEANING_RULES.filter((r) => r.kind === 'flag').map((r) => r.id));
  return steps.map((s, k): ResolvedStep => {
    const at = `steps[${k}]`;
    if (s == null || typeof s.id !== 'string' || s.id === '')
      throw fail(`${at}.id`, s?.id, 'a non-empty string (the quarantine reason of the rows it removes)');
    if (taken.has(s.id))
      throw fail(`${at}.id`, s.id, 'an id no rule or other step uses', 'Pick a new name such as "drop-free-lines".');
    taken.add(s.id);
    const drop = s.drop;
    if (typeof drop === 'string') {
      if (!flags.has(drop)) throw fail(`${at}.drop`, drop, [...flags].map((f) => `"${f}"`).join(' | '));
      return { id: s.id, flag: drop as FlagRuleId };
    }
    if (drop == null || typeof drop !== 'object' || typeof drop.column !== 'string')
      throw fail(`${at}.drop`, drop, "a flag rule id or { column, method: 'iqr' | 'zscore', factor?, threshold? }");
    const type = drop.column === 'revenue' ? 'number' : input.columns[drop.column]?.type;
    if (!NUMERIC.has(type ?? '')) throw missingColumn('clean', input, drop.column, 'numeric');
    return { id: s.id, column: drop.column, fence: resolveFenceRule('clean', `options.${at}.drop`, drop) };
  });
}
