import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type Frame, toRows } from '@retailkit/core';
import { readParquet } from '../../src/formats/parquet.js';

/**
 * A loopback double of the BigQuery REST endpoints bigQueryWarehouse uses (contract tests): multipart load-job
 * uploads (Parquet decoded with readParquet), jobs.insert for lake loads, jobs.get, jobs.query /
 * getQueryResults for `SELECT COUNT(*) AS n FROM \`p.d.t\`` and for DML (recorded, answered with 0 rows),
 * tables get/insert/delete. Tables live in memory as rows. Every request is recorded (method, path, body).
 */
export interface BigQueryDouble {
  endpoint: string;
  tables: Map<string, Record<string, unknown>[]>;
  external: Map<string, unknown>;
  requests: { method: string; path: string; body?: unknown }[];
  /** Objects a lake load can read: gs:// URI → Parquet bytes. */
  gcsObjects: Map<string, Uint8Array>;
  stop: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function multipart(body: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2] ?? '';
  const sep = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let i = body.indexOf(sep);
  while (i >= 0) {
    const j = body.indexOf(sep, i + sep.length);
    if (j < 0) break;
    const p = body.subarray(i + sep.length, j);
    const h = p.indexOf('\r\n\r\n');
    let c = p.subarray(h + 4);
    if (c.subarray(-2).toString() === '\r\n') c = c.subarray(0, -2);
    parts.push(c);
    i = j;
  }
  return parts;
}

export async function startBigQueryDouble(): Promise<BigQueryDouble> {
  const tables = new Map<string, Record<string, unknown>[]>();
  const external = new Map<string, unknown>();
  const requests: BigQueryDouble['requests'] = [];
  const gcsObjects = new Map<string, Uint8Array>();
  const jobs = new Map<string, Record<string, unknown>>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) =>
    json(res, 404, { error: { code: 404, message: `Not found: ${what}`, errors: [{ reason: 'notFound' }] } });

  // biome-ignore lint/suspicious/noExplicitAny: JSON job configuration from the wire
  const applyLoad = (load: Record<string, any>, frame: Frame): number => {
    const t = load.destinationTable;
    const key = `${t.projectId}.${t.datasetId}.${t.tableId}`;
    const rows = toRows(frame, { timestamps: 'ms' });
    const prev = load.writeDisposition === 'WRITE_TRUNCATE' ? [] : (tables.get(key) ?? []);
    tables.set(key, [...prev, ...rows]);
    return rows.length;
  };
  const doneJob = (projectId: string, jobId: string, configuration: unknown, extra: Record<string, unknown> = {}) => {
    const job = {
      kind: 'bigquery#job',
      id: `${projectId}:US.${jobId}`,
      jobReference: { projectId, jobId, location: 'US' },
      configuration,
      status: { state: 'DONE' },
      ...extra,
    };
    jobs.set(jobId, job);
    return job;
  };
  const runQuery = (sql: string) => {
    const m = /^SELECT COUNT\(\*\) AS n FROM `([^`]+)`$/.exec(sql);
    if (m) {
      const n = tables.get(m[1])?.length ?? 0;
      return {
        schema: { fields: [{ name: 'n', type: 'INTEGER' }] },
        rows: [{ f: [{ v: String(n) }] }],
        totalRows: '1',
      };
    }
    return { schema: { fields: [] }, rows: [], totalRows: '0', numDmlAffectedRows: '0' };
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const ct = String(req.headers['content-type'] ?? '');
    let body: unknown;
    if (ct.includes('json') && raw.length) body = JSON.parse(raw.toString('utf8'));
    requests.push({ method: req.method ?? '', path: url.pathname, ...(body !== undefined ? { body } : {}) });
    let m: RegExpMatchArray | null;
    try {
      if (req.method === 'POST' && (m = url.pathname.match(/^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/))) {
        const [metaBuf, data] = multipart(raw, ct);
        const meta = JSON.parse(metaBuf.toString('utf8'));
        requests[requests.length - 1].body = meta;
        const frame = await readParquet(new Uint8Array(data));
        const n = applyLoad(meta.configuration.load, frame);
        return json(
          res,
          200,
          doneJob(m[1], meta.jobReference.jobId, meta.configuration, {
            statistics: { load: { outputRows: String(n) } },
          }),
        );
      }
      if (req.method === 'POST' && (m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/))) {
        // biome-ignore lint/suspicious/noExplicitAny: JSON job resource from the wire
        const b = body as Record<string, any>;
        const jobId = b.jobReference?.jobId ?? randomUUID();
        if (b.configuration?.load) {
          let n = 0;
          for (const uri of b.configuration.load.sourceUris) {
            const bytes = gcsObjects.get(uri);
            if (!bytes) return notFound(res, uri);
            n += applyLoad(
              n === 0 ? b.configuration.load : { ...b.configuration.load, writeDisposition: 'WRITE_APPEND' },
              await readParquet(bytes),
            );
          }
          return json(
            res,
            200,
            doneJob(m[1], jobId, b.configuration, { statistics: { load: { outputRows: String(n) } } }),
          );
        }
        if (b.configuration?.query) return json(res, 200, doneJob(m[1], jobId, b.configuration));
        return json(res, 400, { error: { message: 'unsupported job' } });
      }
      if (req.method === 'GET' && (m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/))) {
        const job = jobs.get(m[2]);
        return job ? json(res, 200, job) : notFound(res, m[2]);
      }
      if (req.method === 'POST' && (m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/queries$/))) {
        const b = body as { query: string };
        const jobId = randomUUID();
        const result = runQuery(b.query);
        doneJob(m[1], jobId, { query: { query: b.query } }, { result });
        return json(res, 200, {
          kind: 'bigquery#queryResponse',
          jobReference: { projectId: m[1], jobId, location: 'US' },
          jobComplete: true,
          ...result,
        });
      }
      if (req.method === 'GET' && (m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/))) {
        const job = jobs.get(m[2]) as { result?: unknown; configuration?: { query?: { query?: string } } } | undefined;
        if (!job) return notFound(res, m[2]);
        const result = job.result ?? runQuery(job.configuration?.query?.query ?? '');
        return json(res, 200, {
          kind: 'bigquery#getQueryResultsResponse',
          jobReference: { projectId: m[1], jobId: m[2] },
          jobComplete: true,
          ...(result as object),
        });
      }
      if ((m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/))) {
        const key = `${m[1]}.${m[2]}.${m[3]}`;
        const exists = tables.has(key) || external.has(key);
        if (req.method === 'DELETE') {
          if (!exists) return notFound(res, key);
          tables.delete(key);
          external.delete(key);
          res.writeHead(204);
          return res.end();
        }
        if (!exists) return notFound(res, key);
        return json(res, 200, {
          kind: 'bigquery#table',
          id: key,
          tableReference: { projectId: m[1], datasetId: m[2], tableId: m[3] },
          numRows: String(tables.get(key)?.length ?? 0),
        });
      }
      if (
        req.method === 'POST' &&
        (m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/))
      ) {
        const b = body as { tableReference: { tableId: string } };
        const key = `${m[1]}.${m[2]}.${b.tableReference.tableId}`;
        external.set(key, b);
        return json(res, 200, { kind: 'bigquery#table', id: key, ...b });
      }
      json(res, 501, { error: { message: `double does not implement ${req.method} ${url.pathname}` } });
    } catch (e) {
      json(res, 500, { error: { message: String((e as Error).message) } });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    tables,
    external,
    requests,
    gcsObjects,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
