import {
  type Column,
  type Frame,
  invalidArgument,
  maskToIndices,
  type StringColumn,
  type TimestampColumn,
  take,
  takeColumn,
} from '@retailkit/core';
import { indicesWhereZero, mapDictionary } from './internal/frames.js';
import { resolveOptions } from './internal/options.js';
import { bitsKeepMask, packFlags, sumWhere } from './internal/passes.js';
import { buildReport } from './internal/report.js';
import { RULES } from './internal/rule-table.js';
import { runRules, runSteps } from './internal/run-rules.js';
import { createTable, readCanonical, type Table } from './internal/table.js';
import { toSafeText, unsafeTextKey } from './internal/text.js';
import { ZoneOffsets } from './internal/time-zone.js';
import type { FenceRule, OutlierRule } from './outlier-fence.js';
import { VIEW_NAMES, type ViewName } from './purpose-view.js';
import type { QualityReport, ViewQuality } from './quality-report.js';
import { FLAG_COLUMNS, FLAG_RULE_IDS, type FlagRuleId } from './rules.js';

/**
 * A row-removing step the caller adds after the rules: the rows it removes go to the quarantine with `id` as
 * their reason, and the step appears in `report.steps`, `report.rules` (kind `step`) and
 * `report.quarantine.byReason`.
 */
export interface CleanStep {
  /** Stable id, unused by the rule table and the other steps (also not `quarantine`). */
  readonly id: string;
  /**
   * What it removes, among the rows still kept (trusted, not removed by an earlier step): the rows with a flag
   * (a flag rule id such as `'free-line'`), or the rows outside a fence over a number column of the cleaned
   * frame (an input column or `revenue`), the fence fitted on those same rows — see `outlierFence` for the
   * conventions; its statistics go to `report.parameters[id]`.
   */
  readonly drop: FlagRuleId | ({ readonly column: string } & FenceRule);
}

/** Options of `clean`. Every option has a documented default. */
export interface CleanOptions {
  /** Trim leading/trailing whitespace of descriptions before unifying them (rule `trim-description`). Default true. */
  readonly trimDescriptions?: boolean;
  /**
   * The value written into a missing customerId (rule `anonymous-customer`). Default null: kept missing. The rows
   * stay flagged `isAnonymous` either way.
   */
  readonly anonymousCustomerId?: string | null;
  /** Quantity outliers among sale lines (rule `quantity-outlier`). Default `{ method: 'iqr', factor: 1.5 }`. */
  readonly quantityOutlier?: OutlierRule;
  /** Unit price outliers among sale lines (rule `price-outlier`). Default `{ method: 'zscore', threshold: 3 }`. */
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
  /** Row-removing steps run after the rules, in order. Default none. */
  readonly steps?: readonly CleanStep[];
}

/** Result of `clean`. */
export interface CleanResult {
  /** Trusted rows not removed by a step: canonical columns cleaned, plus derived and flag columns. */
  readonly frame: Frame;
  /**
   * Purpose views of `frame`, each dropping the flags listed in `report.revenue.views[name].drops`; each is taken
   * when first read, and views that drop the same flags are the same Frame (treat views as read-only).
   */
  readonly views: Readonly<Record<ViewName, Frame>>;
  /** Every removed row with its input values as received, plus `reason` (string) and `row` (input index, int). */
  readonly quarantine: Frame;
  /** The `quality.json` document. */
  readonly report: QualityReport;
}

const PROBLEM_FLAGS: readonly FlagRuleId[] = [
  'cancellation',
  'bad-debt',
  'free-line',
  'zero-price',
  'duplicate',
  'quantity-outlier',
  'price-outlier',
];

const bitsOf = (ids: readonly FlagRuleId[]): number => ids.reduce((b, id) => b | (1 << FLAG_RULE_IDS.indexOf(id)), 0);

/**
 * Clean a transaction frame by the documented rules (`CLEANING_RULES`): quarantine untrusted rows with a reason,
 * rewrite and derive columns, add one boolean column per flag, run the caller's row-removing `steps`, and build
 * the purpose views and the quality report.
 *
 * Rules run in table order: the quarantine checks (a row gets the first reason that applies), the transforms
 * (statistics such as the description modes use trusted rows only), the flags (the outlier fences are fitted on
 * sale lines), then `steps`. Columns of `frame`: the input columns (stockCode upper-cased, description cleaned,
 * customerId filled only with `anonymousCustomerId`), then `revenue`, `baseStockCode`, `nonProductCategory`,
 * `localInvoiceDate` (only with `timeZones`), then the flag columns (`report.flags`).
 *
 * Invariant: `report.rowsIn = report.rowsKept + report.rowsQuarantined` = `frame.length + quarantine.length`.
 * Pure; the input is not mutated; string dictionaries are shared where a column is unchanged. O(rows × columns)
 * with typed-array kernels: string rules test each distinct value once, never each row's string.
 *
 * @throws RetailKitError `MISSING_COLUMN` when a canonical column (core's `TRANSACTION_SCHEMA`) is absent or of
 *   another type; `INVALID_ARGUMENT` for a bad option.
 * @example
 * const at = new Date('2011-01-04T10:00:00Z');
 * const line = { invoiceNo: '540001', stockCode: '22633', description: 'HAND WARMER', quantity: 6, invoiceDate: at, unitPrice: 2.1, customerId: '17850', country: 'United Kingdom' };
 * const raw = fromRows([line, { ...line, invoiceNo: 'C540002', quantity: -6 }, { ...line, invoiceNo: '540003', quantity: -2 }], TRANSACTION_SCHEMA);
 * const { frame, views, quarantine, report } = clean(raw);
 * [report.rowsIn, report.rowsKept, report.rowsQuarantined] // [3, 2, 1]
 * toRows(quarantine).map((r) => r.reason) // ['negative-quantity-not-cancelled']
 * [frame.length, views.customers.length] // [2, 1]  (the cancellation is kept, flagged, out of the customers view)
 */
export function clean(input: Frame, options: CleanOptions = {}): CleanResult {
  if (input == null || typeof input !== 'object' || typeof input.length !== 'number' || input.columns == null)
    throw invalidArgument(
      'clean',
      'frame',
      input,
      'a Frame ({ length, columns })',
      'Build one with fromRows or readCsv.',
    );
  const canonical = readCanonical(input);
  const t = createTable(input, canonical, resolveOptions(input, options));
  const ran = runRules(t);
  if (t.options.timeZones) t.columns.localInvoiceDate = localTimes(t, t.options.timeZones);
  const quarantineRules = RULES.filter((r) => r.kind === 'quarantine').map((r) => r.id);
  const steps = runSteps(t, quarantineRules.length);
  const reasons = [...quarantineRules, ...t.options.steps.map((s) => s.id)];

  const keptIdx = indicesWhereZero(t.reason);
  const quarIdx = maskToIndices(t.reason);
  const all = keptIdx.length === t.n;
  const pick = (c: Column): Column => (all ? c : takeColumn(c, keptIdx));
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(t.columns)) columns[name] = pick(c);
  for (const id of FLAG_RULE_IDS)
    columns[FLAG_COLUMNS[id]] = pick({ type: 'boolean', data: t.flags[id] as Uint8Array });
  const frame: Frame = { length: keptIdx.length, columns };
  const quarantine = quarantineFrame(t, quarIdx, reasons);

  const bits = packFlags(
    FLAG_RULE_IDS.map((id) => t.flags[id] as Uint8Array),
    t.n,
  );
  const rows = all ? null : keptIdx;
  const { views, quality } = purposeViews(t, frame, bits, rows);
  const byReason: Record<string, number> = Object.fromEntries(reasons.map((r) => [r, 0]));
  for (let k = 0; k < quarIdx.length; k++) byReason[reasons[t.reason[quarIdx[k]] - 1]]++;
  const report = buildReport({
    input,
    frame,
    quarantine,
    byReason,
    ran,
    steps,
    revenue: (t.columns.revenue as { data: Float64Array }).data,
    views: quality,
    problem: bitsKeepMask(bits, bitsOf(PROBLEM_FLAGS), rows, frame.length),
    topN: t.options.topN,
    parameters: t.parameters,
  });
  return { frame, views, quarantine, report };
}

/**
 * The removed rows with their input values as received (text with NUL or lone surrogates cleaned as by rule
 * `safe-text`), plus `reason` and `row`.
 */
function quarantineFrame(t: Table, quarIdx: Int32Array, reasons: string[]): Frame {
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(t.input.columns)) {
    const taken = takeColumn(c, quarIdx);
    // text that warehouses refuse (NUL, lone surrogates) is cleaned here too, as rule safe-text cleaned the kept rows
    columns[name] = t.memo.has(unsafeTextKey(name)) ? mapDictionary(taken as StringColumn, toSafeText) : taken;
  }
  const codes = new Int32Array(quarIdx.length);
  for (let k = 0; k < quarIdx.length; k++) codes[k] = t.reason[quarIdx[k]] - 1;
  columns.reason = { type: 'string', codes, values: reasons } satisfies StringColumn;
  columns.row = { type: 'int', data: quarIdx };
  return { length: quarIdx.length, columns };
}

/**
 * Each view of the kept rows (`rows` indexes the table, null = every row) with its rows and revenue. A view's rows
 * are taken from `frame` when it is first read (a program that never reads `views.customers` never holds a copy),
 * and views that drop the same flags are one Frame.
 */
function purposeViews(t: Table, frame: Frame, bits: Uint16Array, rows: Int32Array | null) {
  const revenue = (frame.columns.revenue as { data: Float64Array }).data;
  const revenueKept = sumWhere(revenue);
  const views = {} as Record<ViewName, Frame>;
  const quality = {} as Record<ViewName, ViewQuality>;
  const byDrops = new Map<number, () => Frame>();
  for (const name of VIEW_NAMES) {
    const drops = t.options.views[name];
    const dropBits = bitsOf(drops);
    const mask = bitsKeepMask(bits, dropBits, rows, frame.length);
    let kept = 0;
    for (let i = 0; i < mask.length; i++) kept += mask[i];
    const rev = sumWhere(revenue, mask);
    quality[name] = { rows: kept, revenue: rev, revenueRemoved: revenueKept - rev, drops: [...drops] };
    let get = byDrops.get(dropBits);
    if (!get) {
      let view: Frame | undefined;
      get = () => {
        view ??= take(frame, maskToIndices(bitsKeepMask(bits, dropBits, rows, frame.length)));
        return view;
      };
      byDrops.set(dropBits, get);
    }
    Object.defineProperty(views, name, { get, enumerable: true });
  }
  return { views, quality };
}

/** `invoiceDate` as wall-clock time in each country's zone (see `CleanOptions.timeZones`). */
function localTimes(t: Table, tz: NonNullable<Table['options']['timeZones']>): TimestampColumn {
  const date = t.canonical.invoiceDate;
  const country = t.canonical.country;
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
