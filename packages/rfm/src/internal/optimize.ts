/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965; standard coefficients 1, 2, 0.5, 0.5) with restarts
 * from the best point until no improvement. Deterministic. Returns the minimiser and the value.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  options: { maxIterations?: number; tolerance?: number; step?: number } = {},
): { x: number[]; value: number; iterations: number } {
  const n = x0.length;
  const maxIt = options.maxIterations ?? 5000;
  const tol = options.tolerance ?? 1e-10;
  const step = options.step ?? 0.5;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let best = { x: x0.slice(), value: safe(x0) };
  let total = 0;
  for (let restart = 0; restart < 5; restart++) {
    let simplex = [best.x.slice()];
    for (let i = 0; i < n; i++) {
      const p = best.x.slice();
      p[i] += step;
      simplex.push(p);
    }
    let values = simplex.map(safe);
    let it = 0;
    while (it++ < maxIt) {
      const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
      simplex = order.map((i) => simplex[i]);
      values = order.map((i) => values[i]);
      if (Math.abs(values[n] - values[0]) <= tol * (Math.abs(values[0]) + tol)) break;
      const centroid = new Array(n).fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
      const at = (t: number) => centroid.map((c, j) => c + t * (simplex[n][j] - c));
      const xr = at(-1);
      const fr = safe(xr);
      if (fr < values[0]) {
        const xe = at(-2);
        const fe = safe(xe);
        if (fe < fr) {
          simplex[n] = xe;
          values[n] = fe;
        } else {
          simplex[n] = xr;
          values[n] = fr;
        }
      } else if (fr < values[n - 1]) {
        simplex[n] = xr;
        values[n] = fr;
      } else {
        const xc = fr < values[n] ? at(-0.5) : at(0.5);
        const fc = safe(xc);
        if (fc < Math.min(fr, values[n])) {
          simplex[n] = xc;
          values[n] = fc;
        } else {
          for (let i = 1; i <= n; i++) {
            simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
            values[i] = safe(simplex[i]);
          }
        }
      }
    }
    total += it;
    const bi = values.indexOf(Math.min(...values));
    const improved = values[bi] < best.value - 1e-12 * Math.abs(best.value);
    best = values[bi] <= best.value ? { x: simplex[bi], value: values[bi] } : best;
    if (!improved && restart > 0) break;
  }
  return { ...best, iterations: total };
}
