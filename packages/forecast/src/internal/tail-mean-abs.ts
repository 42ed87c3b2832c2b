/** Mean |y| of y[max(lo, end − w) .. end) (1 when 0 or empty). */
export function tailMeanAbs(y: Float64Array, lo: number, end: number, w: number): number {
  const from = Math.max(lo, end - w);
  let sum = 0;
  let n = 0;
  for (let t = from; t < end; t++)
    if (!Number.isNaN(y[t])) {
      sum += Math.abs(y[t]);
      n++;
    }
  return n > 0 && sum > 0 ? sum / n : 1;
}
