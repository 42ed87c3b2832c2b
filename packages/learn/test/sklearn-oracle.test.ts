import { readFileSync } from 'node:fs';
import { featureMatrix, fitGbt } from '@retailkit/learn';
import { describe, expect, it } from 'vitest';

/** Predictions of scikit-learn 1.2.1's HistGradientBoosting* on the same data and settings (test/oracles/sklearn_hgb.py). */
const oracle = JSON.parse(readFileSync(new URL('./oracles/sklearn_hgb.json', import.meta.url), 'utf8')) as {
  options: { nTrees: number; learningRate: number; maxDepth: number; minSamplesLeaf: number; lambda: number };
  X: number[][];
  grid: number[][];
  poisson: { y: number[]; train: number[]; grid: number[] };
  logistic: { y: number[]; train: number[]; grid: number[] };
};

/** Relative difference; scikit-learn keeps gradients and hessians in float32, so agreement is to about 1e−9. */
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('fitGbt against scikit-learn HistGradientBoosting (oracle)', () => {
  const x = featureMatrix(oracle.X);
  const grid = featureMatrix(oracle.grid);
  it.each(['poisson', 'logistic'] as const)('%s: the same predictions on the training rows and a grid', (objective) => {
    const m = fitGbt(x, oracle[objective].y, { ...oracle.options, objective });
    const train = m.predict(x);
    const onGrid = m.predict(grid);
    let worst = 0;
    for (let i = 0; i < train.length; i++) worst = Math.max(worst, rel(train[i], oracle[objective].train[i]));
    for (let i = 0; i < onGrid.length; i++) worst = Math.max(worst, rel(onGrid[i], oracle[objective].grid[i]));
    expect(train.length + onGrid.length).toBe(300 + 36);
    expect(worst).toBeLessThan(1e-7); // measured: 4.6e−9 (poisson), 3.1e−9 (logistic)
  });
});
