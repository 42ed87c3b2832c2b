import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type Frame, toRows } from '@retailkit/core';
import { readParquet } from '../../src/formats/parquet.js';

/**
 * A loopback double of the BigQuery REST endpoints bigQueryWarehouse uses (contract tests): multipart load-job
 * uploads (Parquet decoded with readParquet), jobs.insert for lake loads, jobs.get, jobs.query /
 * getQueryResults for `SELECT COUNT(*) AS n FROM \`p.d.t\`` and for DML (recorded, answered with 0 rows),
 * tables get/insert/delete. Tables live in memory as rows. Every request is recorded (method, path, body).
 * Canned results (`results`, by query text) run as long queries do: `polls` answers of `jobComplete: false` before
 * the rows, then pages of `pageSize` rows linked by `pageToken`, so a client must poll and page as it would there.
 * The same canned results answer query jobs made by jobs.insert (jobs.get says `RUNNING` for `polls` calls, then
 * `DONE`, with `error` as the job's errorResult when given) and dry runs (the fields as `statistics.query.schema`).
 * Tables get a schema from their load (Frame types as BigQuery types them from Parquet), or from `schemas`.
 */
export interface CannedResult {
  fields: { name: string; type: string }[];
  /** Rows of cell values, already as the REST API writes them (strings for numbers and times). */
  rows: (string | null)[][];
  polls?: number;
  pageSize?: number;
  /** The job fails with this message (a script's RAISE, a refused statement). */
  error?: string;
}

export interface BigQueryDouble {
  endpoint: string;
  tables: Map<string, Record<string, unknown>[]>;
  /** `project.dataset.table` → its schema fields, as tables.get answers them. */
  schemas: Map<string, { name: string; type: string }[]>;
  external: Map<string, unknown>;
  requests: { method: string; path: string; body?: unknown }[];
  /** Query text → its canned result. */
  results: Map<string, CannedResult>;
  /** Asked for a query with no entry in `results` (a canned result by pattern, e.g. every merge script). */
  answer?: (query: string) => CannedResult | undefined;
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
  const schemas = new Map<string, { name: string; type: string }[]>();
  const BQ_TYPES: Record<string, string> = {
    string: 'STRING',
    number: 'FLOAT',
    int: 'INTEGER',
    timestamp: 'DATETIME',
    boolean: 'BOOLEAN',
  };
  const external = new Map<string, unknown>();
  const requests: BigQueryDouble['requests'] = [];
  const gcsObjects = new Map<string, Uint8Array>();
  const jobs = new Map<string, Record<string, unknown>>();
  const results = new Map<string, CannedResult>();
  const canned = (query: string): CannedResult | undefined => results.get(query) ?? api.answer?.(query);
  /** Long-running canned queries by job id: the result and the polls still to answer with jobComplete false. */
  const pending = new Map<string, { result: CannedResult; pollsLeft: number }>();
  /** One page of a canned result from `start`, with the next page's token when rows remain. */
  const page = (projectId: string, jobId: string, r: CannedResult, start: number, maxResults?: number) => {
    const size = Math.min(r.pageSize ?? r.rows.length, maxResults ?? Number.POSITIVE_INFINITY);
    const end = Math.min(r.rows.length, start + size);
    return {
      jobReference: { projectId, jobId, location: 'US' },
      jobComplete: true,
      schema: { fields: r.fields },
      totalRows: String(r.rows.length),
      rows: r.rows.slice(start, end).map((cells) => ({ f: cells.map((v) => ({ v })) })),
      ...(end < r.rows.length ? { pageToken: `start-${end}` } : {}),
    };
  };
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
    schemas.set(
      key,
      Object.entries(frame.columns).map(([name, c]) => ({ name, type: BQ_TYPES[c.type] })),
    );
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
        if (b.configuration?.query) {
          const found = canned(b.configuration.query.query);
          if (b.configuration.dryRun)
            return json(res, 200, {
              kind: 'bigquery#job',
              jobReference: { projectId: m[1], location: 'US' },
              configuration: b.configuration,
              status: { state: 'DONE' },
              statistics: { query: { schema: { fields: found?.fields ?? [] } } },
            });
          if (!found) return json(res, 200, doneJob(m[1], jobId, b.configuration));
          const status = found.error
            ? {
                state: 'DONE',
                errorResult: { reason: 'invalidQuery', message: found.error },
                errors: [{ reason: 'invalidQuery', message: found.error }],
              }
            : { state: 'DONE' };
          pending.set(jobId, { result: found, pollsLeft: found.polls ?? 0 });
          const job = doneJob(m[1], jobId, b.configuration, { status });
          return json(res, 200, { ...job, status: { state: (found.polls ?? 0) > 0 ? 'RUNNING' : status.state } });
        }
        return json(res, 400, { error: { message: 'unsupported job' } });
      }
      if (req.method === 'GET' && (m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/))) {
        const job = jobs.get(m[2]);
        if (!job) return notFound(res, m[2]);
        const long = pending.get(m[2]);
        if (long && long.pollsLeft > 0) {
          long.pollsLeft--;
          return json(res, 200, { ...job, status: { state: 'RUNNING' } });
        }
        return json(res, 200, job);
      }
      if (req.method === 'POST' && (m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/queries$/))) {
        const b = body as { query: string; maxResults?: number };
        const jobId = randomUUID();
        const known = canned(b.query);
        if (known) {
          pending.set(jobId, { result: known, pollsLeft: known.polls ?? 0 });
          doneJob(m[1], jobId, { query: { query: b.query } });
          if ((known.polls ?? 0) > 0)
            return json(res, 200, {
              kind: 'bigquery#queryResponse',
              jobReference: { projectId: m[1], jobId, location: 'US' },
              jobComplete: false,
            });
          return json(res, 200, { kind: 'bigquery#queryResponse', ...page(m[1], jobId, known, 0, b.maxResults) });
        }
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
        const long = pending.get(m[2]);
        if (long) {
          if (long.result.error)
            return json(res, 400, {
              error: { code: 400, message: long.result.error, errors: [{ reason: 'invalidQuery' }] },
            });
          if (long.pollsLeft > 0) {
            long.pollsLeft--;
            return json(res, 200, {
              kind: 'bigquery#getQueryResultsResponse',
              jobReference: { projectId: m[1], jobId: m[2] },
              jobComplete: false,
            });
          }
          const token = url.searchParams.get('pageToken');
          const start = token ? Number(token.slice('start-'.length)) : Number(url.searchParams.get('startIndex') ?? 0);
          const max = url.searchParams.get('maxResults');
          return json(res, 200, {
            kind: 'bigquery#getQueryResultsResponse',
            ...page(m[1], m[2], long.result, start, max ? Number(max) : undefined),
          });
        }
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
        const exists = tables.has(key) || external.has(key) || schemas.has(key);
        if (req.method === 'DELETE') {
          if (!exists) return notFound(res, key);
          tables.delete(key);
          schemas.delete(key);
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
          ...(schemas.has(key) ? { schema: { fields: schemas.get(key) } } : {}),
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
  const api: BigQueryDouble = {
    endpoint: '',
    tables,
    schemas,
    external,
    requests,
    results,
    gcsObjects,
    stop: () => new Promise((r) => server.close(() => r())),
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api.endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return api;
}
