import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { createGunzip } from 'node:zlib';
import { invalidArgument, isRetailKitError, type RetailKitError } from '@retailkit/core';
import { connectorError, redact } from '../errors.js';
import { type NetworkAllowance, type Resolver, resolveSafe, systemResolver } from './ssrf.js';

/** Options of {@link fetchRaw}. */
export interface FetchRawOptions {
  /**
   * Request headers (e.g. Authorization). Never logged; on a redirect to another origin all are dropped except
   * `accept`, `accept-encoding`, `accept-language`, `cache-control`, `pragma` and `user-agent`.
   */
  headers?: Readonly<Record<string, string>>;
  /** Address ranges allowed besides public ones (SSRF guard). Default none. */
  allow?: NetworkAllowance;
  /** Attempts after the first on 5xx, 429, time-outs and network errors. Default 4. */
  retries?: number;
  /** First back-off delay in ms; doubles each retry, capped by `maxDelayMs`, with jitter in [50 %, 100 %]. Default 250. */
  baseDelayMs?: number;
  /** Cap of one back-off delay (also of a `Retry-After`). Default 8,000. */
  maxDelayMs?: number;
  /** Time without any byte before an attempt is abandoned. Default 30,000 ms. */
  idleTimeoutMs?: number;
  /** Deadline for the whole download, retries included. Default 600,000 ms. */
  totalTimeoutMs?: number;
  /** Largest body accepted (after gzip decoding). Default 4 GiB. */
  maxBytes?: number;
  /** Redirects followed (each target re-checked by the SSRF guard). Default 5. */
  maxRedirects?: number;
  /** Decode `Content-Encoding: gzip` (and ask for it). Default true. A `.gz` file itself is passed through. */
  decompress?: boolean;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Host name resolver (tests inject one). Default the system resolver. */
  resolver?: Resolver;
  /** Told about each retry (no secrets in it). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  signal?: AbortSignal;
}

interface Attempt {
  res: IncomingMessage;
  url: URL;
}

const RETRY_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'HTTP_TIMEOUT',
]);

/**
 * The only caller headers kept on a redirect to another origin: every other one (`authorization`, `cookie`,
 * `proxy-authorization`, `x-api-key`, any custom token) may carry a secret and is dropped.
 */
const CROSS_ORIGIN_SAFE = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'pragma',
  'user-agent',
]);

function safeUrl(u: URL): string {
  const c = new URL(u);
  c.username = '';
  c.password = '';
  for (const k of [...c.searchParams.keys()])
    if (/key|token|sig|secret|password|auth/i.test(k)) c.searchParams.set(k, '***');
  return c.toString();
}

/**
 * Download a URL as a stream of byte chunks, robustly: retries with exponential back-off and jitter on 5xx,
 * 429, time-outs and dropped connections (a drop after bytes were delivered resumes with `Range` when the server
 * accepts ranges, else fails as retryable `HTTP_NETWORK`); `Retry-After` honoured; gzip transfer encoding
 * decoded; size and time limits; and an SSRF guard that resolves every host (the first URL and each redirect)
 * and refuses private, loopback, link-local and reserved addresses unless `allow` says otherwise, connecting to
 * the checked address itself (no DNS-rebinding window). Only http: and https: URLs.
 *
 * Delay before retry k (k = 0, 1, …): `min(maxDelayMs, baseDelayMs · 2^k) · (0.5 + 0.5 · random())`.
 *
 * @throws RetailKitError `SSRF_BLOCKED`, `HTTP_STATUS` (4xx terminal; 5xx retryable after the last try),
 *   `HTTP_TIMEOUT`, `HTTP_TOO_LARGE`, `HTTP_NETWORK`, `INVALID_ARGUMENT`. Messages never show credentials.
 * @example
 * for await (const chunk of fetchRaw('https://example.org/online_retail.csv.gz')) sink.write(chunk);
 */
export async function* fetchRaw(url: string | URL, options: FetchRawOptions = {}): AsyncGenerator<Uint8Array> {
  const fn = 'fetchRaw';
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw invalidArgument(fn, 'url', redact(String(url)), 'an absolute http(s) URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw invalidArgument(fn, 'url', safeUrl(target), 'an http: or https: URL');
  const retries = options.retries ?? 4;
  const base = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 8000;
  const idle = options.idleTimeoutMs ?? 30_000;
  const deadline = Date.now() + (options.totalTimeoutMs ?? 600_000);
  const maxBytes = options.maxBytes ?? 4 * 2 ** 30;
  const maxRedirects = options.maxRedirects ?? 5;
  const decompress = options.decompress ?? true;
  const random = options.random ?? Math.random;
  const resolver = options.resolver ?? systemResolver;
  const allow = options.allow ?? {};
  const secrets = Object.values(options.headers ?? {});

  let delivered = 0;
  let attempt = 0;
  let resumable = false;
  for (;;) {
    options.signal?.throwIfAborted();
    let got: Attempt | undefined;
    let failure: RetailKitError | undefined;
    let retryAfterMs: number | undefined;
    try {
      got = await request(target, delivered, resumable);
    } catch (e) {
      failure = isRetailKitError(e) ? e : toNetworkError(e);
      if (!failure.retryable) throw failure;
      retryAfterMs = (failure.details.retryAfterMs as number | undefined) ?? undefined;
    }
    if (got) {
      const { res } = got;
      const encoded = decompress && /gzip/i.test(String(res.headers['content-encoding'] ?? ''));
      if (delivered === 0) resumable = /bytes/i.test(String(res.headers['accept-ranges'] ?? '')) && !encoded;
      const declared = Number(res.headers['content-length']);
      if (!encoded && Number.isFinite(declared) && delivered + declared > maxBytes) {
        res.destroy();
        throw tooLarge(delivered + declared);
      }
      let body: AsyncIterable<Buffer> = res;
      if (encoded) {
        const gz = createGunzip();
        res.on('error', (e) => gz.destroy(e));
        res.on('close', () => {
          if (!res.complete)
            gz.destroy(
              connectorError('HTTP_NETWORK', 'fetchRaw: the connection closed mid-body.', { retryable: true }),
            );
        });
        body = res.pipe(gz);
      }
      try {
        for await (const chunk of withIdleTimeout(body, res, idle, deadline)) {
          delivered += chunk.length;
          if (delivered > maxBytes) {
            res.destroy();
            throw tooLarge(delivered);
          }
          yield chunk;
        }
        return;
      } catch (e) {
        if (isRetailKitError(e) && !e.retryable) throw e;
        failure = isRetailKitError(e) ? e : toNetworkError(e);
        res.destroy();
        if (delivered > 0 && !resumable && failure.code === 'HTTP_TIMEOUT' && attempt >= retries) throw failure;
        if (delivered > 0 && !resumable)
          throw connectorError(
            'HTTP_NETWORK',
            `${fn}: the connection to ${safeUrl(got.url)} dropped after ${delivered} bytes and the server does not accept ranges, so the download cannot resume. Retry the whole download.`,
            { cause: e, details: { bytes: delivered }, retryable: true },
          );
      }
    }
    if (attempt >= retries || Date.now() >= deadline) throw failure!;
    const backoff = Math.min(maxDelay, base * 2 ** attempt) * (0.5 + 0.5 * random());
    const delayMs = Math.min(Math.max(backoff, retryAfterMs ?? 0), maxDelay, Math.max(0, deadline - Date.now()));
    options.onRetry?.({ attempt: attempt + 1, delayMs, reason: failure!.message });
    await new Promise((r) => setTimeout(r, delayMs));
    attempt++;
  }

  function tooLarge(bytes: number): RetailKitError {
    return connectorError(
      'HTTP_TOO_LARGE',
      `${fn}: ${safeUrl(target)} is larger than maxBytes (${maxBytes}); got ${bytes} bytes. Raise maxBytes if this is expected.`,
      {
        details: { maxBytes, bytes },
      },
    );
  }

  function toNetworkError(e: unknown): RetailKitError {
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    return connectorError(
      'HTTP_NETWORK',
      `${fn}: ${safeUrl(target)} failed: ${redact((e as Error).message ?? String(e), secrets)} (${code}).`,
      {
        cause: e,
        details: { code },
        retryable: RETRY_CODES.has(code) || /socket hang up|aborted|premature/i.test(String((e as Error).message)),
      },
    );
  }

  async function request(start: URL, offset: number, useRange: boolean): Promise<Attempt> {
    let current = start;
    let headers: Record<string, string> = { ...(options.headers ?? {}) };
    for (let hop = 0; ; hop++) {
      const address = await resolveSafe(fn, current.hostname, allow, resolver);
      const mod = current.protocol === 'https:' ? await import('node:https') : await import('node:http');
      const reqHeaders: Record<string, string> = { 'user-agent': 'retailkit-connectors', ...headers };
      if (decompress) reqHeaders['accept-encoding'] = 'gzip';
      if (offset > 0 && useRange) reqHeaders.range = `bytes=${offset}-`;
      const family = isIP(address);
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = mod.request(
          current,
          {
            method: 'GET',
            headers: reqHeaders,
            // Connect to the address the guard checked, never a re-resolution.
            lookup: (_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
              o?.all ? cb(null, [{ address, family }]) : cb(null, address, family),
            ...(current.protocol === 'https:'
              ? { servername: isIP(current.hostname) ? undefined : current.hostname }
              : {}),
            signal: options.signal,
          } as never,
          (res: IncomingMessage) => {
            // Headers arrived: from here the body's idle timer (withIdleTimeout) watches the connection.
            req.setTimeout(0);
            resolve(res);
          },
        );
        req.setTimeout(Math.max(1, Math.min(idle, deadline - Date.now())), () =>
          req.destroy(
            connectorError('HTTP_TIMEOUT', `${fn}: no answer from ${safeUrl(current)} within ${idle} ms.`, {
              retryable: true,
            }),
          ),
        );
        req.on('error', reject);
        req.end();
      });
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= maxRedirects)
          throw connectorError('HTTP_STATUS', `${fn}: more than ${maxRedirects} redirects from ${safeUrl(start)}.`, {
            details: { status },
          });
        const next = new URL(res.headers.location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          throw connectorError('SSRF_BLOCKED', `${fn}: redirect to a ${next.protocol} URL refused.`, {
            details: { protocol: next.protocol },
          });
        if (next.origin !== current.origin)
          headers = Object.fromEntries(Object.entries(headers).filter(([k]) => CROSS_ORIGIN_SAFE.has(k.toLowerCase())));
        current = next;
        continue;
      }
      if (status === 200 || (status === 206 && offset > 0)) return { res, url: current };
      res.resume();
      const retryable = status >= 500 || status === 429 || status === 408;
      const ra = Number(res.headers['retry-after']);
      throw connectorError(
        'HTTP_STATUS',
        `${fn}: ${safeUrl(current)} answered ${status}${retryable ? '' : ' (not retried)'}.`,
        {
          details: { status, ...(Number.isFinite(ra) ? { retryAfterMs: ra * 1000 } : {}) },
          retryable,
        },
      );
    }
  }
}

async function* withIdleTimeout(
  body: AsyncIterable<Buffer>,
  res: IncomingMessage,
  idleMs: number,
  deadline: number,
): AsyncGenerator<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut: RetailKitError | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        timedOut = connectorError('HTTP_TIMEOUT', `fetchRaw: no byte for ${idleMs} ms.`, { retryable: true });
        res.destroy(timedOut);
      },
      Math.max(1, Math.min(idleMs, deadline - Date.now())),
    );
  };
  arm();
  try {
    try {
      for await (const c of body) {
        arm();
        yield c;
      }
    } catch (e) {
      throw timedOut ?? e;
    }
    if (timedOut) throw timedOut;
    if (!res.complete)
      throw connectorError('HTTP_NETWORK', 'fetchRaw: the connection closed before the body was complete.', {
        retryable: true,
      });
  } finally {
    clearTimeout(timer);
  }
}
