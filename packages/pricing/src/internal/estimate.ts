import { dayNumber, invalidArgument, quantileSorted } from '@retailkit/core';
import { tooLittleData } from '../errors.js';
import { fitFeOls } from './fe-ols.js';
import { MS_PER_WEEK, type ProductHistory, type RawHistory } from './history.js';

/** Options of the elasticity estimate. */
export interface EstimateOptions {
  /** List-price changes a product needs to be identified. Default 2. */
  readonly minChanges?: number;
  /** Selling weeks a product needs to be identified. Default 20. */
  readonly minWeeks?: number;
  /** Annual Fourier harmonics in the shared season control. Default 3. */
  readonly harmonics?: number;
  /** Price bands (quantiles of the list price of identified products) the pooling shrinks toward. Default 4. */
  readonly bands?: number;
  /** Confidence level of the intervals. Default 0.95. */
  readonly level?: number;
}

export interface ResolvedEstimate {
  readonly minChanges: number;
  readonly minWeeks: number;
  readonly harmonics: number;
  readonly bands: number;
  readonly level: number;
  readonly z: number;
}

export function resolveEstimate(fn: string, o: EstimateOptions): ResolvedEstimate {
  const minChanges = o.minChanges ?? 2;
  const minWeeks = o.minWeeks ?? 20;
  const harmonics = o.harmonics ?? 3;
  const bands = o.bands ?? 4;
  const level = o.level ?? 0.95;
  const int = (name: string, v: number, min: number) => {
    if (!(Number.isInteger(v) && v >= min)) throw invalidArgument(fn, name, v, `an integer ≥ ${min}`);
  };
  int('minChanges', minChanges, 1);
  int('minWeeks', minWeeks, 3);
  int('harmonics', harmonics, 0);
  int('bands', bands, 1);
  if (!(level > 0.5 && level < 1)) throw invalidArgument(fn, 'level', level, 'a number in (0.5, 1)');
  return { minChanges, minWeeks, harmonics, bands, level, z: normalQuantile(0.5 + level / 2) };
}

/** The shared controls of a week: trend (years since the first week) and annual Fourier terms. */
export function controlsOf(weekStart: number, firstWeek: number, harmonics: number, out: Float64Array, at = 0): void {
  out[at] = (weekStart - firstWeek) / MS_PER_WEEK / 52;
  const phase = (2 * Math.PI * dayNumber(weekStart)) / 365.2425;
  for (let h = 1; h <= harmonics; h++) {
    out[at + 2 * h - 1] = Math.cos(h * phase);
    out[at + 2 * h] = Math.sin(h * phase);
  }
}

/** One product's estimate. */
export interface ProductEstimate {
  readonly stockCode: string;
  readonly description: string | null;
  readonly listPrice: number;
  readonly sellingWeeks: number;
  readonly changes: number;
  /** Week index of the last list-price change (−1 when none). */
  readonly lastChangeWeek: number;
  readonly identified: boolean;
  /** OLS slope and SE (null when x never varies or the product has fewer than 2 selling weeks). */
  readonly rawElasticity: number | null;
  readonly rawStdError: number | null;
  /** Pooled (shrunk) estimate; null unless identified. */
  readonly elasticity: number | null;
  readonly stdError: number | null;
  /** Shrinkage weight τ² / (τ² + se²) on the product's own estimate; null unless identified. */
  readonly weight: number | null;
  readonly band: number | null;
  /** Mean weekly quantity over the last 8 selling weeks, each moved to the latest list price by the elasticity. */
  readonly baseDemand: number;
  readonly tierElasticity: number | null;
  readonly tierStdError: number | null;
}

/** Everything a fit yields. */
export interface Estimate {
  readonly firstWeek: number;
  readonly nWeeks: number;
  readonly products: ProductEstimate[];
  /** Control names and coefficients with SEs. */
  readonly controls: { readonly name: string; readonly coefficient: number; readonly stdError: number }[];
  readonly sigma: number;
  readonly df: number;
  readonly rows: number;
  readonly bands: {
    /** Highest list price in the band; null for the top band. */
    readonly upTo: number | null;
    readonly products: number;
    readonly mean: number;
    readonly tau2: number;
  }[];
  readonly tier: { readonly elasticity: number | null; readonly stdError: number | null; readonly lines: number };
}

/** Base demand window: the last selling weeks averaged for the demand at the current price. */
const BASE_WEEKS = 8;

/** Fit the fixed-effects regression, pool identified products, and derive each product's figures. */
export function estimate(h: RawHistory, fn: string, o: ResolvedEstimate): Estimate {
  const inReg = h.products.filter((p) => p.weeks.length >= 2);
  const n = inReg.reduce((a, p) => a + p.weeks.length, 0);
  const k = 1 + 2 * o.harmonics;
  const group = new Int32Array(n);
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  const z = new Float64Array(n * k);
  let i = 0;
  inReg.forEach((p, g) => {
    for (let j = 0; j < p.weeks.length; j++, i++) {
      group[i] = g;
      y[i] = Math.log(p.quantity[j]);
      x[i] = Math.log(p.listPrice[j]);
      controlsOf(h.firstWeek + p.weeks[j] * MS_PER_WEEK, h.firstWeek, o.harmonics, z, i * k);
    }
  });
  const fit = inReg.length === 0 ? null : fitFeOls({ n, k, groups: inReg.length, group, y, x, z });
  if (fit === null)
    throw tooLittleData(
      fn,
      `the weekly panel (${inReg.length} products with ≥ 2 selling weeks, ${n} product-weeks) is too small for the fixed-effects regression with ${k} controls. Pass more weeks of lines.`,
      { products: inReg.length, rows: n, controls: k },
    );
  const raw = new Map<ProductHistory, { b: number; se: number }>();
  inReg.forEach((p, g) => {
    if (fit.hasSlope[g]) raw.set(p, { b: fit.beta[g], se: fit.seBeta[g] });
  });
  const identified = (p: ProductHistory) =>
    raw.has(p) && p.changes.length >= o.minChanges && p.weeks.length >= o.minWeeks;
  const pooled = pool(
    h.products.filter(identified).map((p) => ({ p, ...(raw.get(p) as { b: number; se: number }) })),
    o.bands,
  );
  const products = h.products.map((p): ProductEstimate => {
    const r = raw.get(p);
    const q = pooled.byProduct.get(p);
    const last = p.listPrice[p.listPrice.length - 1];
    const e = q ? q.b : 0;
    let base = 0;
    const from = Math.max(0, p.weeks.length - BASE_WEEKS);
    for (let j = from; j < p.weeks.length; j++) base += p.quantity[j] * (last / p.listPrice[j]) ** e;
    const tier = tierEstimate(p);
    return {
      stockCode: p.stockCode,
      description: p.description,
      listPrice: last,
      sellingWeeks: p.weeks.length,
      changes: p.changes.length,
      lastChangeWeek: p.changes.length === 0 ? -1 : p.changes[p.changes.length - 1].week,
      identified: q !== undefined,
      rawElasticity: r ? r.b : null,
      rawStdError: r ? r.se : null,
      elasticity: q ? q.b : null,
      stdError: q ? q.se : null,
      weight: q ? q.w : null,
      band: q ? q.band : null,
      baseDemand: base / (p.weeks.length - from),
      tierElasticity: tier?.b ?? null,
      tierStdError: tier?.se ?? null,
    };
  });
  const names = ['trend'];
  for (let hh = 1; hh <= o.harmonics; hh++) names.push(`cos${hh}`, `sin${hh}`);
  return {
    firstWeek: h.firstWeek,
    nWeeks: h.nWeeks,
    products,
    controls: names.map((name, j) => ({ name, coefficient: fit.gamma[j], stdError: fit.seGamma[j] })),
    sigma: Math.sqrt(fit.sigma2),
    df: fit.df,
    rows: n,
    bands: pooled.bands,
    tier: pooledTier(h.products),
  };
}

interface Pooled {
  readonly byProduct: Map<ProductHistory, { b: number; se: number; w: number; band: number }>;
  readonly bands: Estimate['bands'];
}

/**
 * Empirical-Bayes partial pooling within price bands: τ² = max(0, var(β̂) − mean(se²)) (method of moments),
 * band mean μ = Σ β̂/(se² + τ²) / Σ 1/(se² + τ²), weight w = τ²/(τ² + se²), pooled β = w·β̂ + (1 − w)·μ with
 * SE √(w·se² + (1 − w)²·var μ), var μ = 1 / Σ 1/(se² + τ²). Bands with fewer than 5 products join the next.
 */
function pool(list: { p: ProductHistory; b: number; se: number }[], nBands: number): Pooled {
  const byProduct: Pooled['byProduct'] = new Map();
  const bands: Estimate['bands'][number][] = [];
  if (list.length === 0) return { byProduct, bands };
  const lp = (e: { p: ProductHistory }) => e.p.listPrice[e.p.listPrice.length - 1];
  const sorted = [...list].sort((a, b) => lp(a) - lp(b));
  const prices = Float64Array.from(sorted, lp);
  const cuts: number[] = [];
  for (let c = 1; c < nBands; c++) cuts.push(quantileSorted(prices, c / nBands));
  cuts.push(Number.POSITIVE_INFINITY);
  let start = 0;
  for (let c = 0; c < cuts.length && start < sorted.length; c++) {
    let end = start;
    while (end < sorted.length && lp(sorted[end]) <= cuts[c]) end++;
    if (end - start < 5 && end < sorted.length) continue;
    if (sorted.length - end < 5) end = sorted.length;
    const members = sorted.slice(start, end);
    const m = members.length;
    const meanB = members.reduce((a, e) => a + e.b, 0) / m;
    const varB = m > 1 ? members.reduce((a, e) => a + (e.b - meanB) ** 2, 0) / (m - 1) : 0;
    const meanSe2 = members.reduce((a, e) => a + e.se * e.se, 0) / m;
    const tau2 = Math.max(0, varB - meanSe2);
    let sw = 0;
    let swb = 0;
    for (const e of members) {
      sw += 1 / (e.se * e.se + tau2);
      swb += e.b / (e.se * e.se + tau2);
    }
    const mu = swb / sw;
    const varMu = 1 / sw;
    for (const e of members) {
      const w = tau2 / (tau2 + e.se * e.se);
      byProduct.set(e.p, {
        b: w * e.b + (1 - w) * mu,
        se: Math.sqrt(w * e.se * e.se + (1 - w) ** 2 * varMu),
        w,
        band: bands.length,
      });
    }
    bands.push({ upTo: end === sorted.length ? null : cuts[c], products: m, mean: mu, tau2 });
    start = end;
  }
  return { byProduct, bands };
}

/** A product's tier elasticity: slope of log quantity on log(unit price / list price) over its lines. */
function tierEstimate(p: ProductHistory): { b: number; se: number } | null {
  const t = p.tier;
  if (t.below < 3 || t.n < 4 || !(t.sxx > 1e-12)) return null;
  const b = t.sxy / t.sxx;
  const rss = Math.max(0, t.syy - b * t.sxy);
  return { b, se: Math.sqrt(rss / (t.n - 2) / t.sxx) };
}

/** The pooled within-product tier elasticity over every product with lines below its list price. */
function pooledTier(products: readonly ProductHistory[]): Estimate['tier'] {
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let lines = 0;
  let groups = 0;
  for (const p of products) {
    if (p.tier.below === 0) continue;
    sxx += p.tier.sxx;
    sxy += p.tier.sxy;
    syy += p.tier.syy;
    lines += p.tier.n;
    groups++;
  }
  if (!(sxx > 1e-12) || lines - groups - 1 <= 0) return { elasticity: null, stdError: null, lines };
  const b = sxy / sxx;
  return { elasticity: b, stdError: Math.sqrt(Math.max(0, syy - b * sxy) / (lines - groups - 1) / sxx), lines };
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
