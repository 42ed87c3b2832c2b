import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A loopback double of the parts of the Cloud Storage JSON API that gcsLake uses: simple (multipart/related)
 * uploads, object metadata, media downloads (with x-goog-hash), listing with prefix and paging, delete.
 * Objects live in memory. `requests` records method + path for assertions.
 */
export async function startGcsDouble(): Promise<{
  endpoint: string;
  objects: Map<string, Buffer>;
  requests: string[];
  corruptDownloads: { on: boolean };
  stop: () => Promise<void>;
}> {
  const objects = new Map<string, Buffer>();
  const requests: string[] = [];
  const corruptDownloads = { on: false };
  const resource = (bucket: string, name: string) => {
    const b = objects.get(`${bucket}/${name}`)!;
    return {
      kind: 'storage#object',
      id: `${bucket}/${name}/1`,
      name,
      bucket,
      generation: '1',
      size: String(b.length),
      md5Hash: createHash('md5').update(b).digest('base64'),
      contentType: 'application/octet-stream',
    };
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse) => json(res, 404, { error: { code: 404, message: 'No such object.' } });
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}`);
    let m: RegExpMatchArray | null;
    if (req.method === 'POST' && (m = url.pathname.match(/^\/upload\/storage\/v1\/b\/([^/]+)\/o$/))) {
      const body = await readBody(req);
      const boundary = /boundary=("?)([^";]+)\1/.exec(String(req.headers['content-type']))?.[2];
      if (!boundary) return json(res, 400, { error: { message: 'expected multipart/related' } });
      const sep = Buffer.from(`--${boundary}`);
      const parts: Buffer[] = [];
      let i = body.indexOf(sep);
      while (i >= 0) {
        const j = body.indexOf(sep, i + sep.length);
        if (j < 0) break;
        parts.push(body.subarray(i + sep.length, j));
        i = j;
      }
      const content = (p: Buffer) => {
        const h = p.indexOf('\r\n\r\n');
        let c = p.subarray(h + 4);
        if (c.subarray(-2).toString() === '\r\n') c = c.subarray(0, -2);
        return c;
      };
      const meta = JSON.parse(content(parts[0]).toString('utf8'));
      const name = meta.name ?? url.searchParams.get('name');
      objects.set(`${m[1]}/${name}`, Buffer.from(content(parts[1])));
      return json(res, 200, resource(m[1], name));
    }
    if ((m = url.pathname.match(/^\/(?:download\/)?storage\/v1\/b\/([^/]+)\/o\/(.+)$/))) {
      const bucket = m[1];
      const name = decodeURIComponent(m[2]);
      const b = objects.get(`${bucket}/${name}`);
      if (req.method === 'DELETE') {
        if (!b) return notFound(res);
        objects.delete(`${bucket}/${name}`);
        res.writeHead(204);
        return res.end();
      }
      if (!b) return notFound(res);
      if (url.searchParams.get('alt') === 'media') {
        const md5 = createHash('md5').update(b).digest('base64');
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(b.length),
          'x-goog-hash': `md5=${md5}`,
          'x-goog-stored-content-encoding': 'identity',
        });
        const out = Buffer.from(b);
        if (corruptDownloads.on && out.length) out[0] ^= 0xff;
        return res.end(out);
      }
      return json(res, 200, resource(bucket, name));
    }
    if (req.method === 'GET' && (m = url.pathname.match(/^\/storage\/v1\/b\/([^/]+)\/o$/))) {
      const prefix = url.searchParams.get('prefix') ?? '';
      const names = [...objects.keys()]
        .filter((k) => k.startsWith(`${m![1]}/${prefix}`))
        .map((k) => k.slice(m![1].length + 1))
        .sort();
      const max = Number(url.searchParams.get('maxResults') ?? 2);
      const start = Number(url.searchParams.get('pageToken') ?? 0);
      const page = names.slice(start, start + max);
      return json(res, 200, {
        kind: 'storage#objects',
        items: page.map((n) => resource(m![1], n)),
        ...(start + max < names.length ? { nextPageToken: String(start + max) } : {}),
      });
    }
    json(res, 501, { error: { message: `double does not implement ${req.method} ${url.pathname}` } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    corruptDownloads,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
