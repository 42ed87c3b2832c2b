import type { CalibrationBin } from '../evaluate-customer-value.js';

/**
 * Area under the ROC curve of `score` for `label` ∈ {0, 1}: the Mann–Whitney probability that a random positive
 * scores above a random negative, ties counted ½ (average ranks). NaN when a class is empty. O(n log n).
 */
export function auc(score: ArrayLike<number>, label: ArrayLike<number>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average rank of the tie group, 1-based
    for (let k = i; k <= j; k++)
      if (label[order[k]] === 1) {
        rankSum += rank;
        positives++;
      }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Brier score: mean (p − y)². */
export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}

/** Ten bins of equal count by predicted probability (ties kept in order), each with its mean and observed rate. */
export function calibrationDeciles(p: ArrayLike<number>, y: ArrayLike<number>): CalibrationBin[] {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const out: CalibrationBin[] = [];
  for (let b = 0; b < 10; b++) {
    const lo = Math.floor((b * n) / 10);
    const hi = Math.floor(((b + 1) * n) / 10);
    if (hi === lo) continue;
    let sp = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sp += p[order[k]];
      sy += y[order[k]];
    }
    out.push({ bin: b + 1, customers: hi - lo, meanPredicted: sp / (hi - lo), observed: sy / (hi - lo) });
  }
  return out;
}
