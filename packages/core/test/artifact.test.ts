import { fingerprint, fromRows, RetailKitError, sealArtifact, verifyArtifact } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

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
  // issue 17, finding 10: a 1e5-deep artifact overflowed the stack in canonicalJson
  it('refuses nesting deeper than 1000 levels with a coded error instead of overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const a = { ...sealArtifact(base), params: deep };
    let error: unknown;
    try {
      verifyArtifact(a);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RetailKitError);
    expect((error as RetailKitError).code).toBe('ARTIFACT_INVALID');
    expect((error as RetailKitError).details).toEqual({ maxDepth: 1000 });
    // 999 levels below the root still seal and verify
    const ok = sealArtifact({ ...base, params: JSON.parse(`${'['.repeat(999)}${']'.repeat(999)}`) });
    expect(verifyArtifact(JSON.parse(JSON.stringify(ok)))).toEqual(ok);
  });
});
