import {
  createRng,
  fingerprint,
  fromRows,
  isoDate,
  isoDayOfWeek,
  monthIndex,
  parseIsoDate,
  sealArtifact,
  startOfWeek,
  verifyArtifact,
} from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('createRng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(createRng(43).next()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
  it('is roughly uniform and normal (mean and variance within 3 standard errors)', () => {
    const r = createRng(7);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(3 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(3 * Math.sqrt(2 / n));
  });
});

describe('calendar in UTC (checked against known calendar dates)', () => {
  it('weeks start on Monday; 2011-12-09 was a Friday', () => {
    const t = Date.UTC(2011, 11, 9, 12, 50);
    expect(isoDayOfWeek(t)).toBe(5);
    expect(isoDate(startOfWeek(t))).toBe('2011-12-05');
    expect(monthIndex(t) - monthIndex(Date.UTC(2010, 11, 1))).toBe(12);
  });
  it('parses ISO wall-clock times and rejects impossible dates', () => {
    expect(parseIsoDate('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseIsoDate('2011-02-29')).toBeNaN();
  });
});

describe('artifacts', () => {
  const base = {
    kind: 'demo',
    name: 'd',
    version: '1',
    createdAt: '2011-12-10T00:00:00.000Z',
    trainingFingerprint: fingerprint(fromRows([{ a: 1 }])),
    inputSchema: { type: 'object' as const },
    outputSchema: {},
    params: { w: [1, 2] },
  };
  it('seal then verify round-trips through JSON', () => {
    const a = sealArtifact(base);
    expect(a.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyArtifact(JSON.parse(JSON.stringify(a)), 'demo')).toEqual(a);
  });
  it('refuses tampered files, other kinds and newer schema versions', () => {
    const a = sealArtifact(base);
    expect(() => verifyArtifact({ ...a, params: { w: [1, 3] } })).toThrow(/checksum/);
    expect(() => verifyArtifact(a, 'other')).toThrow(/expected kind "other"/);
    expect(() => verifyArtifact({ ...a, schemaVersion: 99 })).toThrow(/newer than this release/);
  });
  it('fingerprints depend on content, not on dictionary layout', () => {
    const x = fromRows([{ s: 'a' }, { s: 'b' }]);
    const y = {
      length: 2,
      columns: { s: { type: 'string' as const, codes: Int32Array.of(1, 0), values: ['b', 'a'] } },
    };
    expect(fingerprint(x)).toBe(fingerprint(y));
    expect(fingerprint(x)).not.toBe(fingerprint(fromRows([{ s: 'a' }, { s: 'c' }])));
  });
});
