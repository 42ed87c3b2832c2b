import {
  type BooleanColumn,
  type Column,
  type Frame,
  invalidArgument,
  isoDateTime,
  type NumberColumn,
  type StringColumn,
  type TimestampColumn,
} from '@retailkit/core';
import type { StepCount } from './clean-reference.js';
import { columnQuality } from './internal/column-quality.js';
import { markDuplicates } from './internal/duplicates.js';
import {
  countOnes,
  fillString,
  gather,
  indicesWhere,
  indicesWhereZero,
  mapDictionary,
  takeColumnFast,
} from './internal/frames.js';
import { iqrFence, markOutsideFence, markZscore, meanStd } from './internal/kernels.js';
import { modeDescription } from './internal/mode-description.js';
import { topOffenders } from './internal/offenders.js';
import {
  applyModes,
  bitsKeepMask,
  countChanged,
  countTrusted,
  fillCodes,
  flagPass,
  INVOICE_ADJUSTMENT,
  INVOICE_BLANK,
  INVOICE_CANCELLATION,
  INVOICE_NORMAL,
  minMax,
  packFlags,
  quarantinePass,
  removeMarked,
  sumWhere,
  trustedCodes,
  trustedMask,
} from './internal/passes.js';
import { ZoneOffsets } from './internal/time-zone.js';
import { checkNumber, requireColumns } from './internal/validate.js';
import { resolveDrops, VIEW_DROPS, VIEW_NAMES, type ViewName } from './purpose-view.js';
import type { ColumnQuality, QualityReport, RuleCount, ViewQuality } from './quality-report.js';
import { NO_DESCRIPTION, REFERENCE_ANONYMOUS_CUSTOMER } from './reference-prepare.js';
import {
  COLOUR_VARIANT_PATTERN,
  FLAG_COLUMNS,
  FLAG_RULE_IDS,
  type FlagRuleId,
  NON_PRODUCT_CODES,
  PSEUDO_COUNTRIES,
  QUARANTINE_REASONS,
  REFERENCE_STEP_IDS,
} from './rules.js';

/** How to detect outliers on one column. */
export type OutlierRule =
  | { readonly method: 'iqr'; readonly factor?: number }
  | { readonly method: 'zscore'; readonly threshold?: number }
  | { readonly method: 'none' };

/** Options of `clean`. Every option has a documented default. */
export interface CleanOptions {
  /**
   * `default` (flags, quarantine, views) or `reference` (replays the Python notebook: customerId filled with "0",
   * no trimming, and the row-removing steps free-lines → quantity-iqr → price-zscore). Default `default`.
   */
  readonly preset?: 'default' | 'reference';
  /** Trim leading/trailing whitespace of descriptions before unifying them. Default true; reference preset: false. */
  readonly trimDescriptions?: boolean;
  /** Quantity outliers. Default `{ method: 'iqr', factor: 1.5 }` (reference: the factor of step quantity-iqr). */
  readonly quantityOutlier?: OutlierRule;
  /** Unit price outliers. Default `{ method: 'zscore', threshold: 3 }` (reference: the threshold of price-zscore). */
  readonly priceOutlier?: OutlierRule;
  /** Extra or replacement non-product codes (upper case) → category; merged over `NON_PRODUCT_CODES`. */
  readonly nonProductCodes?: Readonly<Record<string, string>>;
  /** Pseudo countries flagged `isUnknownCountry`. Default `PSEUDO_COUNTRIES` (Unspecified, European Community). */
  readonly pseudoCountries?: readonly string[];
  /** Override the flags a view drops (flag rule ids); defaults in `VIEW_DROPS`. */
  readonly views?: Partial<Record<ViewName, readonly FlagRuleId[]>>;
  /**
   * Optional per-country time zones. Source times stay naive wall-clock in `invoiceDate`; when given, a
   * `localInvoiceDate` column holds the same instant as wall-clock time in the customer's country zone (as if UTC).
   * `source` is the zone of the source clock (default `Europe/London`, the UCI retailer); countries absent from
   * `byCountry` keep the source wall-clock.
   */
  readonly timeZones?: { readonly source?: string; readonly byCountry: Readonly<Record<string, string>> };
  /** How many top offenders to list per kind. Default 10. */
  readonly topN?: number;
}

/** Result of `clean`. */
export interface CleanResult {
  /** Trusted rows (after the preset's row-removing steps), canonical columns cleaned, plus derived and flag columns. */
  readonly frame: Frame;
  /** Purpose views of `frame`, each dropping the flags listed in `report.revenue.views[name].drops`. */
  readonly views: Readonly<Record<ViewName, Frame>>;
  /** Every removed row with its input values as received, plus `reason` (string) and `row` (input index, int). */
  readonly quarantine: Frame;
  /** The `quality.json` document. */
  readonly report: QualityReport;
}

const REQUIRED = {
  invoiceNo: 'string',
  stockCode: 'string',
  description: 'string',
  quantity: 'number',
  invoiceDate: 'timestamp',
  unitPrice: 'number',
  customerId: 'string',
  country: 'string',
} as const;

const CANONICAL = Object.keys(REQUIRED);

interface Resolved {
  preset: 'default' | 'reference';
  trim: boolean;
  quantityOutlier: OutlierRule;
  priceOutlier: OutlierRule;
  nonProduct: Record<string, string>;
  pseudo: Set<string>;
  views: Record<ViewName, readonly FlagRuleId[]>;
  timeZones?: { source: string; byCountry: Readonly<Record<string, string>> };
  topN: number;
}

function resolveOutlier(name: string, v: unknown, def: OutlierRule): OutlierRule {
  if (v === undefined) return def;
  const r = v as OutlierRule;
  if (r == null || typeof r !== 'object')
    throw invalidArgument('clean', `options.${name}`, v, "{ method: 'iqr' | 'zscore' | 'none', factor?, threshold? }");
  if (r.method === 'iqr')
    return { method: 'iqr', factor: checkNumber('clean', `options.${name}.factor`, r.factor ?? 1.5, { min: 0 }) };
  if (r.method === 'zscore')
    return {
      method: 'zscore',
      threshold: checkNumber('clean', `options.${name}.threshold`, r.threshold ?? 3, { min: 0, exclusiveMin: true }),
    };
  if (r.method === 'none') return r;
  throw invalidArgument(
    'clean',
    `options.${name}.method`,
    (r as { method: unknown }).method,
    "'iqr' | 'zscore' | 'none'",
  );
}

function resolve(options: CleanOptions): Resolved {
  if (options == null || typeof options !== 'object') throw invalidArgument('clean', 'options', options, 'an object');
  const preset = options.preset ?? 'default';
  if (preset !== 'default' && preset !== 'reference')
    throw invalidArgument('clean', 'options.preset', preset, "'default' | 'reference'");
  const ref = preset === 'reference';
  const trim = options.trimDescriptions ?? !ref;
  if (typeof trim !== 'boolean') throw invalidArgument('clean', 'options.trimDescriptions', trim, 'a boolean');
  const quantityOutlier = resolveOutlier('quantityOutlier', options.quantityOutlier, { method: 'iqr', factor: 1.5 });
  const priceOutlier = resolveOutlier('priceOutlier', options.priceOutlier, { method: 'zscore', threshold: 3 });
  if (ref && quantityOutlier.method !== 'iqr')
    throw invalidArgument(
      'clean',
      'options.quantityOutlier.method',
      quantityOutlier.method,
      "'iqr' with the reference preset",
      'Use the default preset for other methods.',
    );
  if (ref && priceOutlier.method !== 'zscore')
    throw invalidArgument(
      'clean',
      'options.priceOutlier.method',
      priceOutlier.method,
      "'zscore' with the reference preset",
      'Use the default preset for other methods.',
    );
  const nonProduct = { ...NON_PRODUCT_CODES };
  for (const [k, v] of Object.entries(options.nonProductCodes ?? {})) {
    if (typeof v !== 'string' || v === '')
      throw invalidArgument('clean', `options.nonProductCodes["${k}"]`, v, 'a non-empty category name');
    nonProduct[k.toUpperCase()] = v;
  }
  const pseudoList = options.pseudoCountries ?? PSEUDO_COUNTRIES;
  if (!Array.isArray(pseudoList) || pseudoList.some((c) => typeof c !== 'string'))
    throw invalidArgument('clean', 'options.pseudoCountries', pseudoList, 'an array of country names');
  const views = { ...VIEW_DROPS } as Record<ViewName, readonly FlagRuleId[]>;
  for (const [name, drops] of Object.entries(options.views ?? {})) {
    if (!(VIEW_NAMES as readonly string[]).includes(name))
      throw invalidArgument('clean', 'options.views key', name, VIEW_NAMES.join(' | '));
    views[name as ViewName] = resolveDrops('clean', drops as readonly FlagRuleId[]);
  }
  let timeZones: Resolved['timeZones'];
  if (options.timeZones !== undefined) {
    const tz = options.timeZones;
    const source = tz?.source ?? 'Europe/London';
    if (!ZoneOffsets.isValid(source))
      throw invalidArgument('clean', 'options.timeZones.source', source, 'an IANA time zone');
    if (tz == null || typeof tz.byCountry !== 'object' || tz.byCountry == null)
      throw invalidArgument('clean', 'options.timeZones.byCountry', tz?.byCountry, 'a record country → IANA time zone');
    for (const [c, z] of Object.entries(tz.byCountry))
      if (typeof z !== 'string' || !ZoneOffsets.isValid(z))
        throw invalidArgument(
          'clean',
          `options.timeZones.byCountry["${c}"]`,
          z,
          'an IANA time zone such as "Europe/Paris"',
        );
    timeZones = { source, byCountry: tz.byCountry };
  }
  const topN = options.topN ?? 10;
  if (!Number.isInteger(topN) || topN < 0) throw invalidArgument('clean', 'options.topN', topN, 'an integer >= 0');
  return {
    preset,
    trim,
    quantityOutlier,
    priceOutlier,
    nonProduct,
    pseudo: new Set(pseudoList),
    views,
    timeZones,
    topN,
  };
}

const PROBLEM_BITS = (
  ['cancellation', 'bad-debt', 'free-line', 'zero-price', 'duplicate', 'quantity-outlier', 'price-outlier'] as const
).reduce((b, id) => b | (1 << FLAG_RULE_IDS.indexOf(id)), 0);

const isBlank = (s: string): boolean => s.trim() === '';

/**
 * Clean a transaction frame by the documented rules (`CLEANING_RULES`), quarantine untrusted rows with a reason
 * code, add flag columns, build the purpose views and the quality report.
 *
 * Order: quarantine (reasons in `QUARANTINE_REASONS` priority order) → transforms (upper-case stock codes; trim
 * (default preset) and fill descriptions; one description per stock code, counted over trusted rows; revenue;
 * anonymous customers) → flags → outliers → (reference preset) steps free-lines, quantity-iqr, price-zscore →
 * views. Statistics (description modes, quartiles, moments) use trusted rows only.
 *
 * Columns of `frame`: the input columns (stockCode upper-cased, description cleaned, customerId filled with "0"
 * only in the reference preset), then `revenue` (number), `baseStockCode` (string: digits of a colour variant,
 * else the code), `nonProductCategory` (string, null for products), `localInvoiceDate` (timestamp, only with
 * `timeZones`), then the boolean flags `isAnonymous`, `isCancellation`, `isBadDebt`, `isFreeLine`, `isZeroPrice`,
 * `isDiscount`, `isNonProduct`, `isColourVariant`, `isDuplicate`, `isQuantityOutlier`, `isPriceOutlier`,
 * `isUnknownCountry` (see `FLAG_COLUMNS`).
 *
 * Invariant: `report.rowsIn = report.rowsKept + report.rowsQuarantined` = `frame.length + quarantine.length`.
 * Pure; the input is not mutated. O(rows × columns) with typed-array kernels (no per-row strings).
 *
 * @throws RetailKitError `CLEANING_MISSING_COLUMN` when a canonical column is absent or of the wrong type;
 *   `INVALID_ARGUMENT` for a bad option.
 * @example
 * const { frame, views, quarantine, report } = clean(raw);
 * report.rowsIn === report.rowsKept + report.rowsQuarantined // true
 * views.customers.length // identified customers' clean lines
 */
export function clean(input: Frame, options: CleanOptions = {}): CleanResult {
  requireColumns('clean', input, REQUIRED);
  const o = resolve(options);
  const ref = o.preset === 'reference';
  const n = input.length;
  const cols = input.columns;
  const inv = cols.invoiceNo as StringColumn;
  const stock = cols.stockCode as StringColumn;
  const desc = cols.description as StringColumn;
  const q = (cols.quantity as NumberColumn).data;
  const p = (cols.unitPrice as NumberColumn).data;
  const date = (cols.invoiceDate as TimestampColumn).data;
  const cust = cols.customerId as StringColumn;
  const country = cols.country as StringColumn;

  // ---- dictionary-level lookups (O(dictionary), never per row) ----
  const invKind = new Uint8Array(inv.values.length);
  for (let c = 0; c < inv.values.length; c++) {
    const v = inv.values[c].trim();
    const h = v[0];
    invKind[c] =
      v === ''
        ? INVOICE_BLANK
        : h === 'C' || h === 'c'
          ? INVOICE_CANCELLATION
          : h === 'A' || h === 'a'
            ? INVOICE_ADJUSTMENT
            : INVOICE_NORMAL;
  }
  const stockU = mapDictionary(stock, (s) => s.toUpperCase());
  const su = stockU.values;
  const stockChanged = new Uint8Array(stock.values.length);
  for (let c = 0; c < stock.values.length; c++)
    stockChanged[c] = stock.values[c] !== stock.values[c].toUpperCase() ? 1 : 0;
  const stockBlank = new Uint8Array(su.length);
  const stockCat = new Int32Array(su.length).fill(-1);
  const stockIsB = new Uint8Array(su.length);
  const stockIsD = new Uint8Array(su.length);
  const stockVariant = new Uint8Array(su.length);
  const baseCode = new Int32Array(su.length);
  const categories: string[] = [];
  const baseValues: string[] = [];
  const baseIndex = new Map<string, number>();
  for (let c = 0; c < su.length; c++) {
    const v = su[c];
    const t = v.trim();
    stockBlank[c] = t === '' ? 1 : 0;
    const cat = o.nonProduct[t];
    if (cat !== undefined) {
      let k = categories.indexOf(cat);
      if (k < 0) k = categories.push(cat) - 1;
      stockCat[c] = k;
    }
    stockIsB[c] = t === 'B' ? 1 : 0;
    stockIsD[c] = t === 'D' ? 1 : 0;
    const m = COLOUR_VARIANT_PATTERN.exec(t);
    stockVariant[c] = m ? 1 : 0;
    const base = m ? m[1] : v;
    let b = baseIndex.get(base);
    if (b === undefined) {
      b = baseValues.push(base) - 1;
      baseIndex.set(base, b);
    }
    baseCode[c] = b;
  }
  const custBlank = new Uint8Array(cust.values.length);
  for (let c = 0; c < cust.values.length; c++) custBlank[c] = isBlank(cust.values[c]) ? 1 : 0;
  const countryUnknown = new Uint8Array(country.values.length);
  for (let c = 0; c < country.values.length; c++)
    countryUnknown[c] = o.pseudo.has(country.values[c]) || isBlank(country.values[c]) ? 1 : 0;

  // ---- quarantine: one reason per row (1-based index into `reasons`; 0 = trusted) ----
  const reasons: string[] = [...QUARANTINE_REASONS, ...REFERENCE_STEP_IDS];
  const reason = new Uint8Array(n);
  const stockCodes = stockU.codes;
  let alive = quarantinePass(inv.codes, invKind, stockCodes, stockBlank, q, p, date, reason);

  // ---- transforms: descriptions ((default) trim, then fill missing/blank; (reference) fill missing only) ----
  let d1 = desc;
  let trimmedRows = 0;
  if (o.trim) {
    const changed = new Uint8Array(desc.values.length);
    for (let c = 0; c < desc.values.length; c++) changed[c] = desc.values[c] !== desc.values[c].trim() ? 1 : 0;
    d1 = mapDictionary(desc, (s) => s.trim());
    trimmedRows = countChanged(desc.codes, changed, reason);
  }
  const fillable = new Uint8Array(d1.values.length);
  if (!ref) for (let c = 0; c < d1.values.length; c++) fillable[c] = d1.values[c] === '' ? 1 : 0;
  let fillCode = d1.values.indexOf(NO_DESCRIPTION);
  const descValues = fillCode < 0 ? [...d1.values, NO_DESCRIPTION] : d1.values;
  if (fillCode < 0) fillCode = descValues.length - 1;
  const descFilled = new Int32Array(n);
  const filledRows = fillCodes(d1.codes, fillable, fillCode, reason, descFilled);
  // one description per stock code, counted over trusted rows only
  const { best, variants } = modeDescription(
    trustedCodes(stockCodes, reason),
    su.length,
    descFilled,
    descValues.length,
  );
  const descOut = new Int32Array(n);
  const unifiedRows = applyModes(stockCodes, best, descFilled, reason, descOut);
  let codesWithVariants = 0;
  for (let c = 0; c < variants.length; c++) if (variants[c] > 1) codesWithVariants++;
  const descDiscount = new Uint8Array(descValues.length);
  for (let c = 0; c < descValues.length; c++)
    descDiscount[c] = descValues[c].trim().toLowerCase() === 'discount' ? 1 : 0;
  const upperRows = countChanged(stock.codes, stockChanged, reason);

  // ---- flags (computed for every row; only trusted rows are counted and kept) ----
  const F = Object.fromEntries(FLAG_RULE_IDS.map((id) => [id, new Uint8Array(n)])) as Record<FlagRuleId, Uint8Array>;
  const revenue = new Float64Array(n);
  const catCodes = new Int32Array(n);
  const baseCodes = new Int32Array(n);
  const sale = new Uint8Array(n);
  flagPass(
    inv.codes,
    stockCodes,
    cust.codes,
    country.codes,
    descFilled,
    q,
    p,
    reason,
    { invKind, stockIsB, stockIsD, stockCat, stockVariant, baseCode, custBlank, countryUnknown, descDiscount },
    {
      anonymous: F.anonymous,
      cancellation: F.cancellation,
      badDebt: F['bad-debt'],
      freeLine: F['free-line'],
      zeroPrice: F['zero-price'],
      discount: F.discount,
      nonProduct: F['non-product'],
      colourVariant: F['colour-variant'],
      unknownCountry: F['unknown-country'],
      sale,
      revenue,
      category: catCodes,
      base: baseCodes,
    },
  );
  // counted over trusted rows before the reference steps, like the other transforms
  const anonymousRows = countTrusted(F.anonymous, reason);
  markDuplicates(
    CANONICAL.map((c) => cols[c]),
    n,
    F.duplicate,
  );

  // ---- outliers / reference steps ----
  const parameters: Record<string, Record<string, number | string>> = {};
  const stepCounts: StepCount[] = [{ id: 'quarantine', rowsAfter: alive }];
  if (!ref) {
    outlierFlags('quantityOutlier', q, o.quantityOutlier, sale, F['quantity-outlier'], parameters);
    outlierFlags('priceOutlier', p, o.priceOutlier, sale, F['price-outlier'], parameters);
  } else {
    const live = trustedMask(reason);
    const base = QUARANTINE_REASONS.length;
    alive -= removeMarked(F['free-line'], live, reason, base + 1);
    stepCounts.push({ id: 'free-lines', rowsAfter: alive });
    const factor = (o.quantityOutlier as { factor: number }).factor;
    const fence = iqrFence(q, factor, live);
    markOutsideFence(q, fence, F['quantity-outlier'], live);
    alive -= removeMarked(F['quantity-outlier'], live, reason, base + 2);
    stepCounts.push({ id: 'quantity-iqr', rowsAfter: alive });
    parameters.quantityOutlier = { method: 'iqr', factor, ...fence };
    const threshold = (o.priceOutlier as { threshold: number }).threshold;
    const ms = meanStd(p, live);
    markZscore(p, ms.mean, ms.std, threshold, F['price-outlier'], live);
    alive -= removeMarked(F['price-outlier'], live, reason, base + 3);
    stepCounts.push({ id: 'price-zscore', rowsAfter: alive });
    parameters.priceOutlier = { method: 'zscore', threshold, mean: ms.mean, std: ms.std };
  }

  // ---- split kept / quarantined ----
  const keptIdx = indicesWhereZero(reason);
  const quarIdx = indicesWhere(reason);
  const all = alive === n;
  const pick = <T extends Column>(c: T): T => (all ? c : (takeColumnFast(c, keptIdx) as T));

  const outCols: Record<string, Column> = {};
  for (const [name, c] of Object.entries(cols)) outCols[name] = pick(c);
  outCols.stockCode = pick(stockU);
  outCols.description = pick({ type: 'string', codes: descOut, values: descValues } as StringColumn);
  if (ref) outCols.customerId = pick(fillString(cust, REFERENCE_ANONYMOUS_CUSTOMER).column);
  outCols.revenue = pick({ type: 'number', data: revenue } as NumberColumn);
  outCols.baseStockCode = pick({ type: 'string', codes: baseCodes, values: baseValues } as StringColumn);
  outCols.nonProductCategory = pick({ type: 'string', codes: catCodes, values: categories } as StringColumn);
  if (o.timeZones) outCols.localInvoiceDate = pick(localTimes(date, country, o.timeZones));
  for (const id of FLAG_RULE_IDS) outCols[FLAG_COLUMNS[id]] = pick({ type: 'boolean', data: F[id] } as BooleanColumn);
  const frame: Frame = { length: alive, columns: outCols };

  // ---- quarantine frame: input values as received + reason + row ----
  const qCols: Record<string, Column> = {};
  for (const [name, c] of Object.entries(cols)) qCols[name] = takeColumnFast(c, quarIdx);
  const reasonCodes = new Int32Array(quarIdx.length);
  for (let k = 0; k < quarIdx.length; k++) reasonCodes[k] = reason[quarIdx[k]] - 1;
  qCols.reason = { type: 'string', codes: reasonCodes, values: reasons };
  qCols.row = { type: 'int', data: quarIdx };
  const quarantine: Frame = { length: quarIdx.length, columns: qCols };

  // ---- views ----
  const keptRevenue = (outCols.revenue as NumberColumn).data;
  const revenueKept = sumWhere(keptRevenue);
  const views = {} as Record<ViewName, Frame>;
  const viewQuality = {} as Record<ViewName, ViewQuality>;
  const bits = packFlags(
    FLAG_RULE_IDS.map((id) => F[id]),
    n,
  );
  const bitOf = (ids: readonly FlagRuleId[]): number => ids.reduce((b, id) => b | (1 << FLAG_RULE_IDS.indexOf(id)), 0);
  for (const name of VIEW_NAMES) {
    const drops = o.views[name];
    const mask = bitsKeepMask(bits, bitOf(drops), all ? null : keptIdx, alive);
    const idx = indicesWhere(mask);
    const rev = sumWhere(keptRevenue, mask);
    views[name] = gather(frame, idx);
    viewQuality[name] = { rows: idx.length, revenue: rev, revenueRemoved: revenueKept - rev, drops: [...drops] };
  }

  // ---- report ----
  const byReason: Record<string, number> = {};
  for (const r of reasons) byReason[r] = 0;
  for (let k = 0; k < quarIdx.length; k++) byReason[reasons[reason[quarIdx[k]] - 1]]++;
  const rules: RuleCount[] = [];
  for (const r of QUARANTINE_REASONS) rules.push({ id: r, kind: 'quarantine', count: byReason[r] });
  if (!ref) for (const r of REFERENCE_STEP_IDS) delete byReason[r];
  rules.push({ id: 'fill-description', kind: 'transform', column: 'description', count: filledRows });
  rules.push({
    id: 'anonymous-customer',
    kind: 'transform',
    column: 'customerId',
    count: anonymousRows,
    details: { filledWith: ref ? REFERENCE_ANONYMOUS_CUSTOMER : null },
  });
  rules.push({ id: 'upper-stock-code', kind: 'transform', column: 'stockCode', count: upperRows });
  if (o.trim) rules.push({ id: 'trim-description', kind: 'transform', column: 'description', count: trimmedRows });
  rules.push({
    id: 'unify-description',
    kind: 'transform',
    column: 'description',
    count: unifiedRows,
    details: { codesWithVariants },
  });
  rules.push({ id: 'line-revenue', kind: 'transform', column: 'revenue', count: alive });
  const flagOrder: FlagRuleId[] = ['colour-variant', ...FLAG_RULE_IDS.filter((f) => f !== 'colour-variant')];
  for (const id of flagOrder) {
    const entry: RuleCount = {
      id,
      kind: 'flag',
      column: FLAG_COLUMNS[id],
      count: countOnes((outCols[FLAG_COLUMNS[id]] as BooleanColumn).data),
    };
    if (id === 'colour-variant') {
      rules.push({ ...entry, details: { baseCodes: columnQuality(outCols.baseStockCode).distinct } });
    } else if ((id === 'quantity-outlier' || id === 'price-outlier') && ref) {
      // in the reference preset these rows were removed by the steps: report the step counts
      const step = id === 'quantity-outlier' ? 'quantity-iqr' : 'price-zscore';
      rules.push({ ...entry, count: byReason[step], details: { removedByStep: step } });
    } else rules.push(entry);
  }
  if (ref) for (const s of REFERENCE_STEP_IDS) rules.push({ id: s, kind: 'step', count: byReason[s] });
  const ruleCounts: Record<string, number> = {};
  for (const r of rules) ruleCounts[r.id] = r.count;

  const columns: ColumnQuality[] = [];
  for (const [name, c] of Object.entries(outCols)) {
    if (c.type === 'boolean') continue;
    const src = cols[name];
    const after = columnQuality(c);
    const before = src === undefined ? null : src === c ? after : columnQuality(src);
    columns.push({
      name,
      type: c.type,
      missingIn: before ? before.missing : null,
      distinctIn: before ? before.distinct : null,
      missing: after.missing,
      distinct: after.distinct,
    });
  }
  const [first, last] = minMax((outCols.invoiceDate as TimestampColumn).data);
  const report: QualityReport = {
    preset: o.preset,
    rowsIn: n,
    rowsKept: alive,
    rowsQuarantined: n - alive,
    steps: stepCounts,
    ruleCounts,
    rules,
    quarantine: { byReason },
    flags: { ...FLAG_COLUMNS },
    columns,
    dateRange: {
      first: alive > 0 ? isoDateTime(first) : null,
      last: alive > 0 ? isoDateTime(last) : null,
    },
    revenue: { input: sumWhere(revenue, undefined, true), kept: revenueKept, views: viewQuality },
    topOffenders: topOffenders({
      frame,
      quarantine,
      topN: o.topN,
      problem: bitsKeepMask(bits, PROBLEM_BITS, all ? null : keptIdx, alive),
    }),
    parameters,
  };
  return { frame, views, quarantine, report };
}

function outlierFlags(
  name: string,
  values: Float64Array,
  rule: OutlierRule,
  sale: Uint8Array,
  out: Uint8Array,
  parameters: Record<string, Record<string, number | string>>,
): void {
  if (rule.method === 'iqr') {
    const factor = rule.factor ?? 1.5;
    const fence = iqrFence(values, factor, sale);
    if (!Number.isNaN(fence.q1)) markOutsideFence(values, fence, out, sale);
    parameters[name] = { method: 'iqr', factor, ...fence };
  } else if (rule.method === 'zscore') {
    const threshold = rule.threshold ?? 3;
    const ms = meanStd(values, sale);
    markZscore(values, ms.mean, ms.std, threshold, out, sale);
    parameters[name] = { method: 'zscore', threshold, mean: ms.mean, std: ms.std };
  } else parameters[name] = { method: 'none' };
}

function localTimes(
  date: Float64Array,
  country: StringColumn,
  tz: { source: string; byCountry: Readonly<Record<string, string>> },
): TimestampColumn {
  const zones = new ZoneOffsets();
  const zoneOf = country.values.map((v) => tz.byCountry[v]);
  const out = new Float64Array(date.length);
  for (let i = 0; i < date.length; i++) {
    const w = date[i];
    const c = country.codes[i];
    const z = c < 0 ? undefined : zoneOf[c];
    if (z === undefined || !Number.isFinite(w)) {
      out[i] = w;
      continue;
    }
    const instant = zones.instantOf(tz.source, w);
    out[i] = instant + zones.offset(z, instant);
  }
  return { type: 'timestamp', data: out };
}
