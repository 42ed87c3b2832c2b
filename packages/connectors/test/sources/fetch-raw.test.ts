import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchRaw } from '../../src/sources/fetch-raw.js';
import { blockedReason } from '../../src/sources/ssrf.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: { close: () => void }[] = [];

async function serve(handler: Handler): Promise<{ url: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    handler(req, res, seen.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => server.close() });
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const LOOP = { allow: { loopback: true }, baseDelayMs: 1, random: () => 0 };
const body = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

describe('fetchRaw', () => {
  it('retries 500 and 503 with exponential back-off, then succeeds', async () => {
    const { url, seen } = await serve((_q, res, n) => {
      if (n === 1) res.writeHead(500).end('boom');
      else if (n === 2) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    });
    const retries: { attempt: number; delayMs: number }[] = [];
    const got = await collect(
      fetchRaw(`${url}/data.csv`, {
        ...LOOP,
        baseDelayMs: 10,
        onRetry: ({ attempt, delayMs }) => retries.push({ attempt, delayMs }),
      }),
    );
    expect(sha(got)).toBe(sha(body));
    expect(seen).toHaveLength(3);
    // random() = 0 → delay = min(8000, 10·2^k)·0.5: 5 ms then 10 ms.
    expect(retries).toEqual([
      { attempt: 1, delayMs: 5 },
      { attempt: 2, delayMs: 10 },
    ]);
  });

  it('gives up after the configured retries with a retryable HTTP_STATUS', async () => {
    const { url, seen } = await serve((_q, res) => res.writeHead(503).end());
    await expect(collect(fetchRaw(url, { ...LOOP, retries: 2 }))).rejects.toMatchObject({
      code: 'HTTP_STATUS',
      retryable: true,
    });
    expect(seen).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const { url, seen } = await serve((_q, res) => res.writeHead(404).end());
    await expect(collect(fetchRaw(url, LOOP))).rejects.toMatchObject({
      code: 'HTTP_STATUS',
      retryable: false,
      details: { status: 404 },
    });
    expect(seen).toHaveLength(1);
  });

  it('decodes gzip transfer encoding', async () => {
    const { url } = await serve((req, res) => {
      expect(req.headers['accept-encoding']).toBe('gzip');
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
    });
    expect(sha(await collect(fetchRaw(url, LOOP)))).toBe(sha(body));
  });

  it('resumes with Range after a connection dropped mid-stream', async () => {
    const { url, seen } = await serve((req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': String(body.length), 'accept-ranges': 'bytes' });
        res.write(body.subarray(0, 30_000), () => res.socket?.destroy());
        return;
      }
      const from = Number(/bytes=(\d+)-/.exec(String(req.headers.range))?.[1] ?? 0);
      res
        .writeHead(206, { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` })
        .end(body.subarray(from));
    });
    expect(sha(await collect(fetchRaw(url, LOOP)))).toBe(sha(body));
    expect(seen[1].headers.range).toMatch(/^bytes=\d+-$/);
  });

  it('fails as retryable HTTP_NETWORK when the connection drops and ranges are not accepted', async () => {
    const { url } = await serve((_q, res) => {
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.subarray(0, 10_000), () => res.socket?.destroy());
    });
    await expect(collect(fetchRaw(url, LOOP))).rejects.toMatchObject({ code: 'HTTP_NETWORK', retryable: true });
  });

  it('enforces maxBytes from Content-Length and while streaming (including gzip bombs)', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/len') res.writeHead(200, { 'content-length': String(body.length) }).end(body);
      else res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(5_000_000)));
    });
    await expect(collect(fetchRaw(`${url}/len`, { ...LOOP, maxBytes: 1000 }))).rejects.toMatchObject({
      code: 'HTTP_TOO_LARGE',
    });
    await expect(collect(fetchRaw(`${url}/bomb`, { ...LOOP, maxBytes: 1_000_000 }))).rejects.toMatchObject({
      code: 'HTTP_TOO_LARGE',
    });
  });

  it('times out a server that stops sending', async () => {
    const { url } = await serve((_q, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    await expect(collect(fetchRaw(url, { ...LOOP, retries: 0, idleTimeoutMs: 200 }))).rejects.toMatchObject({
      code: 'HTTP_TIMEOUT',
      retryable: true,
    });
  });

  it('blocks loopback, private, link-local and mapped addresses unless allowed (after DNS resolution)', async () => {
    const { url, seen } = await serve((_q, res) => res.end('x'));
    await expect(collect(fetchRaw(url))).rejects.toMatchObject({ code: 'SSRF_BLOCKED' });
    await expect(collect(fetchRaw(url.replace('127.0.0.1', 'localhost')))).rejects.toMatchObject({
      code: 'SSRF_BLOCKED',
    });
    const evil = fetchRaw('http://data.example.test/x.csv', { resolver: async () => ['10.1.2.3'] });
    await expect(collect(evil)).rejects.toMatchObject({ code: 'SSRF_BLOCKED', details: { address: '10.1.2.3' } });
    expect(seen).toHaveLength(0);
    expect(blockedReason('169.254.169.254')).toMatch(/link-local/);
    expect(blockedReason('::ffff:127.0.0.1')).toBe('loopback');
    expect(blockedReason('fd00::1')).toBe('private network');
    expect(blockedReason('0.0.0.0', { loopback: true })).toMatch(/reserved/);
    expect(blockedReason('93.184.216.34')).toBeUndefined();
  });

  it('re-checks every redirect target: a redirect to the metadata address is refused before connecting', async () => {
    const { url, seen } = await serve((_q, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    await expect(collect(fetchRaw(url, LOOP))).rejects.toMatchObject({ code: 'SSRF_BLOCKED' });
    expect(seen).toHaveLength(1);
    await expect(collect(fetchRaw('file:///etc/passwd', LOOP))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('drops credentials on a cross-origin redirect and never shows them in errors', async () => {
    const other = await serve((req, res) => res.writeHead(500).end(String(req.headers.authorization)));
    const first = await serve((_q, res) =>
      res.writeHead(302, { location: `${other.url.replace('127.0.0.1', 'localhost')}/f` }).end(),
    );
    const err = await collect(
      fetchRaw(`${first.url}/f?token=abc123secret`, {
        ...LOOP,
        retries: 0,
        headers: { authorization: 'Bearer s3cr3t-token' },
      }),
    ).catch((e) => e);
    expect(err.code).toBe('HTTP_STATUS');
    expect(other.seen[0].headers.authorization).toBeUndefined();
    expect(first.seen[0].headers.authorization).toBe('Bearer s3cr3t-token');
    expect(JSON.stringify(err.toJSON())).not.toMatch(/s3cr3t|abc123secret/);
  });

  it('keeps only harmless headers on a cross-origin redirect (two loopback servers, different ports)', async () => {
    // issue 17, finding 10: x-api-key and proxy-authorization followed a cross-origin redirect.
    const other = await serve((_q, res) => res.writeHead(200, { 'content-length': '2' }).end('ok'));
    const first = await serve((_q, res) => res.writeHead(302, { location: `${other.url}/f` }).end());
    const headers = {
      Authorization: 'Bearer s3cr3t-token',
      Cookie: 'session=s3cr3t-cookie',
      'Proxy-Authorization': 'Basic cHJveHk6czNjcjN0',
      'X-Api-Key': 's3cr3t-api-key',
      'X-Custom-Token': 's3cr3t-custom',
      Accept: 'text/csv',
      'Accept-Language': 'en',
      'User-Agent': 'retail-test/1.0',
    };
    const got = await collect(fetchRaw(`${first.url}/f`, { ...LOOP, headers, decompress: false }));
    expect(got.toString()).toBe('ok');
    const sent = (h: IncomingMessage['headers']) =>
      Object.fromEntries(Object.entries(h).filter(([k]) => !['host', 'connection'].includes(k)));
    expect(sent(first.seen[0].headers)).toEqual(
      Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    );
    expect(sent(other.seen[0].headers)).toEqual({
      accept: 'text/csv',
      'accept-language': 'en',
      'user-agent': 'retail-test/1.0',
    });
  });

  it('keeps every header on a same-origin redirect', async () => {
    const { url, seen } = await serve((req, res) =>
      req.url === '/a' ? res.writeHead(301, { location: '/b' }).end() : res.writeHead(200).end('ok'),
    );
    await collect(fetchRaw(`${url}/a`, { ...LOOP, headers: { 'x-api-key': 'k' } }));
    expect(seen.map((r) => [r.url, r.headers['x-api-key']])).toEqual([
      ['/a', 'k'],
      ['/b', 'k'],
    ]);
  });
});
