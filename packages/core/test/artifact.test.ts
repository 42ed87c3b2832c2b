import { createHash } from 'node:crypto';
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
  it('fingerprints a string column as the sha256 of its values joined by U+0001 in chunks of 4,096 rows', () => {
    // independent computation: the chunked joined-string form, hashed by node:crypto directly
    const pool = ['CRÈME', '', 'a\u{1F600}b', 'x'.repeat(300), '\uD800lone', 'WHITE HANGING HEART'];
    for (const rows of [0, 1, 4095, 4096, 4097, 8192, 10_001]) {
      const values = Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? null : pool[(i * 5) % pool.length]));
      const h = createHash('sha256');
      h.update(`rows:${rows};`);
      h.update('s:string;');
      for (let i = 0; i < rows || i === 0; i += 4096)
        h.update(
          values
            .slice(i, i + 4096)
            .map((v) => v ?? '\u0000')
            .join('\u0001'),
        );
      const frame = {
        length: rows,
        columns: {
          s: fromRows(
            values.map((s) => ({ s })),
            { s: 'string' },
          ).columns.s,
        },
      };
      expect(fingerprint(frame), `${rows} rows`).toBe(`sha256:${h.digest('hex')}`);
    }
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
