import { RetailKitError } from '@retailkit/core';
import { RFM_ERROR_CODES } from './errors.js';
import { nelderMead } from './internal/optimize.js';
import { hyp2f1, lgamma, logAddExp } from './internal/special.js';
import { groupSummary } from './internal/summary-groups.js';

/** BG/NBD parameters: purchase rate λ ~ Gamma(r, α) (rate α), dropout p ~ Beta(a, b). Time unit: days. */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Per-customer inputs (the lifetimes `summary_data_from_transaction_data` convention, in days). */
export interface RfmSummary {
  /** Repeat purchases: distinct purchase days − 1. */
  readonly x: ArrayLike<number>;
  /** Days between the first and the last purchase day. */
  readonly tx: ArrayLike<number>;
  /** Days between the first purchase day and the end of the observation (asOf). */
  readonly T: ArrayLike<number>;
}

/** A fitted BG/NBD model. */
export interface BgNbdModel {
  readonly params: BgNbdParams;
  readonly logLikelihood: number;
  readonly customers: number;
}

/**
 * Log-likelihood of one customer under BG/NBD (Fader, Hardie & Lee 2005, eq. 6):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *        + ln[ (α+T)^{−(r+x)} + 1{x>0} · a/(b+x−1) · (α+tx)^{−(r+x)} ].
 */
export function bgNbdLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
  return a1 + a2 + logAddExp(a3, a4);
}

/**
 * Fit BG/NBD by maximum likelihood (Nelder–Mead on log-parameters, deterministic start r = α/median(T) … ).
 * Customers are grouped by identical (x, tx, T) so each distinct triple is evaluated once.
 *
 * Complexity O(iterations × distinct triples).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for inconsistent inputs (0 ≤ tx ≤ T, x ≥ 0, x = 0 ⇒ tx = 0);
 *   `RFM_FIT_FAILED` when the likelihood is not finite at the optimum.
 * @example
 * const s = purchaseSummary(frame, { asOf: '2011-12-10' }); // thousands of customers
 * const col = (n) => s.columns[n].data;
 * fitBgNbd({ x: col('x'), tx: col('tx'), T: col('T') }).params // { r, alpha, a, b }: per-day rates
 */
export function fitBgNbd(summary: RfmSummary): BgNbdModel {
  const { rows, n, meanT } = groupSummary('fitBgNbd', summary);
  // the Gamma-function terms and log(b + x − 1) depend on x only, log(α + T) on T only, log(α + tx) on tx only:
  // evaluate each once per distinct value (same operations, so the same bits as per row)
  const xs = distinct(rows.map((g) => g.x));
  const Ts = distinct(rows.map((g) => g.T));
  const txs = distinct(rows.map((g) => g.tx));
  const xSlot = rows.map((g) => xs.slot.get(g.x) as number);
  const TSlot = rows.map((g) => Ts.slot.get(g.T) as number);
  const txSlot = rows.map((g) => txs.slot.get(g.tx) as number);
  const gammaTerms = new Float64Array(xs.values.length);
  const logBx = new Float64Array(xs.values.length);
  const logAT = new Float64Array(Ts.values.length);
  const logATx = new Float64Array(txs.values.length);
  const nll = (theta: number[]) => {
    const r = Math.exp(theta[0]);
    const alpha = Math.exp(theta[1]);
    const a = Math.exp(theta[2]);
    const b = Math.exp(theta[3]);
    const base = -lgamma(r) + r * Math.log(alpha) + lgamma(a + b) - lgamma(b);
    for (let i = 0; i < xs.values.length; i++) {
      const x = xs.values[i];
      gammaTerms[i] = base + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
      logBx[i] = Math.log(b + x - 1);
    }
    for (let i = 0; i < Ts.values.length; i++) logAT[i] = Math.log(alpha + Ts.values[i]);
    for (let i = 0; i < txs.values.length; i++) logATx[i] = Math.log(alpha + txs.values[i]);
    const logA = Math.log(a);
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      const g = rows[i];
      const a3 = -(r + g.x) * logAT[TSlot[i]];
      const a4 = g.x > 0 ? logA - logBx[xSlot[i]] - (r + g.x) * logATx[txSlot[i]] : Number.NEGATIVE_INFINITY;
      s += g.w * (gammaTerms[xSlot[i]] + logAddExp(a3, a4));
    }
    return -s / n;
  };
  const res = nelderMead(nll, [0, Math.log(Math.max(1, meanT / 4)), 0, 0], { step: 0.7 });
  if (!Number.isFinite(res.value))
    throw new RetailKitError(
      RFM_ERROR_CODES.fitFailed,
      'fitBgNbd: the likelihood is not finite at the optimum; check the summary (days, not ms).',
      {
        details: { customers: n },
      },
    );
  const [r, alpha, a, b] = res.x.map(Math.exp);
  return { params: { r, alpha, a, b }, logLikelihood: -res.value * n, customers: n };
}

/**
 * P(alive | x, tx, T) = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+tx))^{r+x}) (Fader, Hardie & Lee 2005, eq. 13).
 *
 * @example
 * const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // Fader, Hardie & Lee (2005), weeks
 * probabilityAlive(cdnow, 0, 0, 38.86) // 1 (no repeat purchase: never seen to drop out)
 * probabilityAlive(cdnow, 2, 30.43, 38.86) // 0.726578570080673
 */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logRatio = (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx));
  return 1 / (1 + Math.exp(Math.log(p.a / (p.b + x - 1)) + logRatio));
}

/**
 * E[Y(t) | x, tx, T]: expected purchases in the next `t` days (Fader, Hardie & Lee 2005, eq. 10), computed with
 * Euler's transformation ₂F₁(r+x, b+x; c; z) = (1−z)^{c−r−b−2x}·₂F₁(a+b−1−r, a−1; c; z), c = a+b+x−1,
 * z = t/(α+T+t), so large x never overflows:
 * E = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{a−1} ₂F₁(a+b−1−r, a−1; a+b+x−1; z)] / (1 + 1{x>0} a/(b+x−1) ((α+T)/(α+tx))^{r+x}).
 *
 * @example
 * expectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 2, 30.43, 38.86) // 1.2260281747671549 (weeks; the paper's 1.226)
 */
export function expectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const lead = ((alpha + T) / (alpha + T + t)) ** (a - 1);
  const first = ((a + b + x - 1) / (a - 1)) * (1 - lead * hyp2f1(a + b - 1 - r, a - 1, c, z));
  const second = x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 1;
  return first / second;
}

/**
 * P(no purchase in (T, T+t] | x, tx, T), the churn score of BG/NBD: dead at T, or alive and no purchase in the
 * next `t` days (dropout only follows a purchase, so a customer alive at T who buys nothing stays alive), with
 * λ | alive ~ Gamma(r+x, α+T): 1 − P(alive) + P(alive) · ((α+T)/(α+T+t))^{r+x}. Not 1 − P(alive), which ignores
 * the horizon.
 *
 * @example
 * probabilityNoPurchase({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 2, 30.43, 38.86) // 0.4454 (weeks)
 */
export function probabilityNoPurchase(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const alive = probabilityAlive(p, x, tx, T);
  return 1 - alive + alive * Math.exp(-(p.r + x) * Math.log1p(t / (p.alpha + T)));
}

/** The distinct values of `xs` in first-seen order, and each one's slot. */
function distinct(xs: number[]): { values: number[]; slot: Map<number, number> } {
  const slot = new Map<number, number>();
  const values: number[] = [];
  for (const x of xs)
    if (!slot.has(x)) {
      slot.set(x, values.length);
      values.push(x);
    }
  return { values, slot };
}
