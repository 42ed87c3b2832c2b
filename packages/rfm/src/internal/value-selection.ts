/** Per-customer predictions of one model at one cut-off (null: not predicted). */
export interface Predictions {
  count: Float64Array | null;
  revenue: Float64Array | null;
  churn: Float64Array | null;
}

/** Weights on the GBT in the blend with BG/NBD (counts, churn) and Gamma-Gamma (revenue). */
export interface BlendWeights {
  readonly count: number;
  readonly revenue: number;
  readonly churn: number;
}

/** The weights tried for the blend, on the GBT (the rest on BG/NBD or Gamma-Gamma). */
export const BLEND_GRID = [0, 0.25, 0.5, 0.75, 1] as const;

/** Weights used when no earlier cut-off has both models: an even blend. */
export const EVEN_BLEND: BlendWeights = { count: 0.5, revenue: 0.5, churn: 0.5 };

/** One earlier cut-off's GBT and BG/NBD-family predictions with the actual targets, to choose blend weights on. */
export interface BlendHistory {
  readonly gbt: { count: Float64Array; revenue: Float64Array; churn: Float64Array };
  readonly classic: { count: Float64Array; revenue: Float64Array; churn: Float64Array };
  readonly count: Float64Array;
  readonly revenue: Float64Array;
}

const mix = (w: number, a: Float64Array, b: Float64Array) => a.map((v, i) => w * v + (1 - w) * b[i]);

/** w·gbt + (1 − w)·classic per target. */
export function blend(w: BlendWeights, gbt: BlendHistory['gbt'], classic: BlendHistory['classic']) {
  return {
    count: mix(w.count, gbt.count, classic.count),
    revenue: mix(w.revenue, gbt.revenue, classic.revenue),
    churn: mix(w.churn, gbt.churn, classic.churn),
  };
}

/**
 * Blend weights chosen on earlier cut-offs only: per target, the grid weight with the lowest mean over `history`
 * of count MAE, revenue MAE and churn Brier score (ties: the smaller weight); `EVEN_BLEND` without history.
 */
export function chooseBlend(history: readonly BlendHistory[]): BlendWeights {
  if (history.length === 0) return EVEN_BLEND;
  const pick = (loss: (w: number, h: BlendHistory) => number) => {
    let best: number = BLEND_GRID[0];
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const w of BLEND_GRID) {
      const l = history.reduce((s, h) => s + loss(w, h), 0);
      if (l < bestLoss - 1e-12) {
        best = w;
        bestLoss = l;
      }
    }
    return best;
  };
  const churned = (h: BlendHistory, i: number) => (h.count[i] > 0 ? 0 : 1);
  const sum = (h: BlendHistory, f: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < h.count.length; i++) s += f(i);
    return s / h.count.length;
  };
  return {
    count: pick((w, h) => sum(h, (i) => Math.abs(w * h.gbt.count[i] + (1 - w) * h.classic.count[i] - h.count[i]))),
    revenue: pick((w, h) =>
      sum(h, (i) => Math.abs(w * h.gbt.revenue[i] + (1 - w) * h.classic.revenue[i] - h.revenue[i])),
    ),
    churn: pick((w, h) => sum(h, (i) => (w * h.gbt.churn[i] + (1 - w) * h.classic.churn[i] - churned(h, i)) ** 2)),
  };
}

/** The candidate models for `selected`, in order of preference when nothing distinguishes them. */
export const CANDIDATES = ['blend', 'gbt'] as const;
export type CandidateModel = (typeof CANDIDATES)[number];

/** The metrics of one model at one cut-off that the selection reads. */
export interface ScoredRow {
  readonly cutoff: string;
  readonly model: string;
  readonly countMae: number | null;
  readonly revenueMae: number | null;
  readonly churnBrier: number | null;
}

/**
 * The selection rule, on earlier cut-offs only: each candidate's score at a cut-off is its count MAE, revenue MAE
 * and churn Brier score each divided by naive-rate's at that cut-off, summed (naive-rate scores 3); the candidate
 * with the lowest mean score over the earlier cut-offs where it has a row wins; candidates without an earlier row
 * are not compared, and with none compared the first candidate in `CANDIDATES` that `available` holds is chosen.
 */
export function selectModel(
  earlier: readonly ScoredRow[],
  available: readonly CandidateModel[],
): { model: CandidateModel; reason: string } | null {
  if (available.length === 0) return null;
  const naive = new Map(earlier.filter((r) => r.model === 'naive-rate').map((r) => [r.cutoff, r]));
  const scores: { model: CandidateModel; score: number; n: number }[] = [];
  for (const model of available) {
    const rows = earlier.filter((r) => r.model === model && naive.has(r.cutoff));
    if (rows.length === 0) continue;
    const s = rows.map((r) => {
      const b = naive.get(r.cutoff) as ScoredRow;
      return (
        (r.countMae as number) / (b.countMae as number) +
        (r.revenueMae as number) / (b.revenueMae as number) +
        (r.churnBrier as number) / (b.churnBrier as number)
      );
    });
    scores.push({ model, score: s.reduce((a, v) => a + v, 0) / s.length, n: s.length });
  }
  if (scores.length === 0) {
    const model = CANDIDATES.find((c) => available.includes(c)) as CandidateModel;
    return { model, reason: `no earlier cut-off to compare on: ${model} by default` };
  }
  scores.sort((a, b) => a.score - b.score || CANDIDATES.indexOf(a.model) - CANDIDATES.indexOf(b.model));
  const best = scores[0];
  const others = scores
    .slice(1)
    .map((s) => `${s.model} ${s.score.toFixed(4)}`)
    .join(', ');
  return {
    model: best.model,
    reason: `lowest mean of count MAE, revenue MAE and churn Brier relative to naive-rate over ${best.n} earlier cut-off(s): ${best.score.toFixed(4)}${others ? ` (${others})` : ''}; naive-rate = 3`,
  };
}
