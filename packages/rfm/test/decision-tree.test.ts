import { createRng, fromRows } from '@retailkit/core';
import { explainSegments, permutationImportance, predictTree } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { fitForest, predictForest } from '../src/internal/forest.js';
import { fitDecisionTree, treePath } from '../src/internal/tree.js';
import { blobs, other } from './fixtures/blobs.js';

// The 90-point fixture of test/oracles/tree.py (test/fixtures/blobs.ts), labels (i // 10) % 4.
const X = blobs;
const y = other;

const names = ['a', 'b', 'c'];
const acc = (p: Int32Array) => p.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / 90;

// Values from /usr/bin/python3 packages/rfm/test/oracles/tree.py (scikit-learn 1.2.1 DecisionTreeClassifier).
const SKLEARN: Record<string, { leaves: number; trainAccuracy: number }> = {
  gini1: { leaves: 2, trainAccuracy: 0.3333333333333333 },
  gini2: { leaves: 4, trainAccuracy: 0.34444444444444444 },
  gini3: { leaves: 7, trainAccuracy: 0.4444444444444444 },
  gini5: { leaves: 15, trainAccuracy: 0.5555555555555556 },
  entropy1: { leaves: 2, trainAccuracy: 0.3333333333333333 },
  entropy2: { leaves: 4, trainAccuracy: 0.34444444444444444 },
  entropy3: { leaves: 7, trainAccuracy: 0.4222222222222222 },
  entropy5: { leaves: 17, trainAccuracy: 0.6555555555555556 },
};

describe('decision tree', () => {
  it('splits the root like scikit-learn (feature 2 at 3.5)', () => {
    const t = fitDecisionTree(X, y, names, { maxDepth: 1 });
    expect(t.nodes[0].feature).toBe(2);
    expect(t.nodes[0].threshold).toBe(3.5);
  });

  it('matches scikit-learn training accuracy and leaf count, gini and entropy', () => {
    for (const [key, want] of Object.entries(SKLEARN)) {
      const criterion = key.startsWith('gini') ? 'gini' : 'entropy';
      const maxDepth = Number(key.replace(/\D/g, ''));
      const t = fitDecisionTree(X, y, names, { maxDepth, criterion });
      expect([key, acc(predictTree(t, X))]).toEqual([key, want.trainAccuracy]);
      expect([key, t.nodes.filter((n) => n.feature < 0).length]).toEqual([key, want.leaves]);
    }
    const leaf5 = fitDecisionTree(X, y, names, { maxDepth: 4, minSamplesLeaf: 5 });
    expect(acc(predictTree(leaf5, X))).toBeCloseTo(0.4222222222222222, 12);
  });

  it('follows a row down the tree as a path of steps', () => {
    const t = fitDecisionTree(X, y, names, { maxDepth: 3 });
    const path = treePath(t, [0, 0, 0]);
    expect(path.steps[0]).toEqual({ feature: 'c', op: '<=', threshold: 3.5, value: 0 });
  });
});

describe('explanations', () => {
  // three groups defined by rules on two informative features; a third feature is noise
  const rows = Array.from({ length: 300 }, (_, i) => ({
    frequency: (i * 7) % 30,
    monetary: ((i * 13) % 50) * 100,
    noise: (i * 31) % 17,
  }));
  const labels = Int32Array.from(rows, (r) => (r.frequency > 20 ? 2 : r.monetary > 2500 ? 1 : 0));
  const table = fromRows(rows);

  it('recovers rule-defined segments with high holdout accuracy, deterministic under a seed', () => {
    const e = explainSegments(table, labels, { seed: 3, names: ['Small', 'Big', 'Frequent'] });
    expect(e.accuracy).toBeGreaterThan(0.95);
    expect(e.macroF1).toBeGreaterThan(0.95);
    expect(e.search.length).toBe(20);
    expect(e.holdoutSize).toBe(60);
    // the generating rules, hand-written above, come back as the readable rules (thresholds at midpoints)
    expect(e.rules.map((r) => [r.text, r.coverage, r.precision])).toEqual([
      ['orders ≤ 20.5 and net spend ≤ 2,550 → Small', 1, 1],
      ['orders ≤ 20.5 and net spend > 2,550 → Big', 1, 1],
      ['orders > 20.5 → Frequent', 1, 1],
    ]);
    const again = explainSegments(table, labels, { seed: 3, names: ['Small', 'Big', 'Frequent'] });
    expect(again.rules).toEqual(e.rules);
    expect(again.importance).toEqual(e.importance);
  });

  it('ranks informative features above noise, overall and per segment', () => {
    const e = explainSegments(table, labels, { seed: 3 });
    const imp = e.importance!;
    expect(imp.overall.at(-1)!.feature).toBe('noise');
    expect(imp.perClass[2][0].feature).toBe('frequency');
    expect(imp.perClass[1][0].feature).toBe('monetary');
    expect(Math.abs(imp.overall.at(-1)!.mean)).toBeLessThan(0.02);
  });

  it('offers a random forest as the importance model', () => {
    const e = explainSegments(table, labels, { seed: 3, importanceModel: 'forest' });
    expect(e.forest!.accuracy).toBeGreaterThan(0.9);
    expect(e.importance!.model).toBe('forest');
    const f = fitForest(X, y, names, { seed: 1, trees: 20 });
    expect(acc(predictForest(f, X))).toBeGreaterThan(0.6);
    expect(permutationImportance((m) => predictForest(f, m), X, y, names, { repeats: 3 }).overall.length).toBe(3);
  });
});

describe('readable rules', () => {
  // A segment that needs four conditions (a, b, c, d all > 4) and two that need one or two; noise features.
  const rng = createRng(7);
  const rows = Array.from({ length: 2000 }, () => ({
    a: rng.int(10),
    b: rng.int(10),
    c: rng.int(10),
    d: rng.int(10),
    e: rng.int(10),
  }));
  const labels = Int32Array.from(rows, (r) => (r.a > 4 && r.b > 4 && r.c > 4 && r.d > 4 ? 2 : r.e > 6 ? 1 : 0));
  const table = fromRows(rows);

  it('keeps at most three rules of at most three conditions per segment, and their figures are exact recounts', () => {
    const e = explainSegments(table, labels, { seed: 1, importanceRepeats: 0, cvTolerance: 0 });
    const bySegment = new Map<number, number>();
    for (const r of e.rules) {
      bySegment.set(r.segment, (bySegment.get(r.segment) ?? 0) + 1);
      expect(r.conditions.length).toBeLessThanOrEqual(3);
      expect(new Set(r.conditions.map((c) => c.feature)).size).toBe(r.conditions.length); // one range per feature
      // independent recount over every row
      const match = rows.map((row) =>
        r.conditions.every((c) => {
          const v = row[c.feature as keyof typeof row];
          return (c.above === undefined || v > c.above) && (c.atMost === undefined || v <= c.atMost);
        }),
      );
      const inSeg = labels.filter((l) => l === r.segment).length;
      const tp = match.filter((m, i) => m && labels[i] === r.segment).length;
      expect(r.coverage).toBeCloseTo(tp / inSeg, 12);
      expect(r.precision).toBeCloseTo(tp / match.filter(Boolean).length, 12);
    }
    for (const n of bySegment.values()) expect(n).toBeLessThanOrEqual(3);
    expect([...bySegment.keys()].sort()).toEqual([0, 1, 2]);
    // the four-condition segment is described by three of its conditions: everyone in it is covered
    const four = e.rules.filter((r) => r.segment === 2);
    expect(Math.max(...four.map((r) => r.coverage))).toBe(1);
    expect(four[0].conditions.every((c) => ['a', 'b', 'c', 'd'].includes(c.feature) && c.above === 4.5)).toBe(true);
  });

  it('honours maxRules, maxConditions and feature labels', () => {
    const e = explainSegments(table, labels, {
      seed: 1,
      importanceRepeats: 0,
      maxRules: 1,
      maxConditions: 2,
      featureLabels: { e: 'visits' },
    });
    for (const s of [0, 1, 2]) expect(e.rules.filter((r) => r.segment === s).length).toBeLessThanOrEqual(1);
    for (const r of e.rules) expect(r.conditions.length).toBeLessThanOrEqual(2);
    expect(e.rules.some((r) => r.text.includes('visits'))).toBe(true);
  });
});
