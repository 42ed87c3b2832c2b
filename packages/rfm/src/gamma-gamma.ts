import { invalidArgument } from '@retailkit/core';
import { nelderMead } from './internal/optimize.js';
import { lgamma } from './internal/special.js';

/** Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005 "RFM and CLV"): z ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** A fitted Gamma-Gamma model. */
export interface GammaGammaModel {
  readonly params: GammaGammaParams;
  readonly logLikelihood: number;
  readonly customers: number;
}

/**
 * Fit the Gamma-Gamma model of average spend by maximum likelihood, on customers with at least one repeat
 * purchase (x > 0) and positive mean repeat spend m. Per customer:
 * ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when fewer than 2 usable customers or arrays differ in length.
 * @example
 * const s = purchaseSummary(frame, { asOf: '2011-12-10' }); // thousands of customers
 * fitGammaGamma(s.columns.x.data, s.columns.monetaryValue.data).params // { p, q, gamma }
 */
export function fitGammaGamma(x: ArrayLike<number>, m: ArrayLike<number>): GammaGammaModel {
  if (x.length !== m.length) throw invalidArgument('fitGammaGamma', 'm.length', m.length, `${x.length}`);
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < x.length; i++)
    if (x[i] > 0 && m[i] > 0) {
      xs.push(x[i]);
      ms.push(m[i]);
    }
  if (xs.length < 2)
    throw invalidArgument(
      'fitGammaGamma',
      'customers with x > 0 and m > 0',
      xs.length,
      'at least 2',
      'Use a longer calibration period.',
    );
  let meanM = 0;
  for (const v of ms) meanM += v / ms.length;
  const nll = (t: number[]) => {
    const p = Math.exp(t[0]);
    const q = Math.exp(t[1]);
    const g = Math.exp(t[2]);
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const px = p * xs[i];
      s +=
        lgamma(px + q) -
        lgamma(px) -
        lgamma(q) +
        q * Math.log(g) +
        (px - 1) * Math.log(ms[i]) +
        px * Math.log(xs[i]) -
        (px + q) * Math.log(g + ms[i] * xs[i]);
    }
    return -s / xs.length;
  };
  const res = nelderMead(nll, [0, Math.log(2), Math.log(meanM)], { step: 0.7 });
  const [p, q, gamma] = res.x.map(Math.exp);
  return { params: { p, q, gamma }, logLikelihood: -res.value * xs.length, customers: xs.length };
}

/**
 * E[M | m, x] = p (γ + m x) / (p x + q − 1): the expected average spend of a customer with x repeat purchases of
 * mean m (a credibility-weighted mix of the population mean pγ/(q−1) and m). For x = 0: pγ/(q−1).
 *
 * @example
 * expectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, 2, 20) // 22.73622047244094 = 6.25 (15.44 + 40) / (12.5 + 2.74)
 */
export function expectedSpend(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = params;
  return x > 0 ? (p * (gamma + m * x)) / (p * x + q - 1) : (p * gamma) / (q - 1);
}
