import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recommenderLoader } from '@retailkit/basket';
import { forecasterLoader } from '@retailkit/forecast';
import { segmenterLoader } from '@retailkit/rfm';
import { createHandler, type NodeListener, toNodeListener } from '@retailkit/serve';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { type Artifacts, openArtifacts } from './artifacts.js';
import { customerValueLoader } from './customer-value.js';
import { sendProblem } from './problem.js';
import { ARTIFACT_FILES, retailkitRoutes } from './retailkit-routes.js';
import { shopRoutes } from './shop.js';
import type { Store } from './store.js';

/** Options of `createService`. */
export interface ServiceOptions {
  readonly store: Store;
  /** Folder of the model artifacts (`recommender.json`, `segments.json`, `customer-value.json`, `forecast.json`). */
  readonly artifactsDir: string;
  /** Milliseconds between looks at the artifact files (default 500). */
  readonly pollMs?: number;
}

/** The shop with RetailKit added: the Express app and the artifacts it follows. */
export interface Service {
  readonly app: Express;
  readonly artifacts: Artifacts;
}

/**
 * Build the shop's Express app with RetailKit added and the shop's own routes unchanged:
 * 1. serve's handler under `/ml` (OpenAPI, docs, metrics, dashboard, predict for every loaded model), mounted first
 *    because it reads raw bodies (the shop parses JSON only on its own write routes); it is rebuilt over the loaded
 *    models whenever an artifact changes (its metrics start again then);
 * 2. the shop's routes (`shopRoutes`);
 * 3. the RetailKit routes (`retailkitRoutes`): `/recommendations`, `/customers/:id/insights`, `/forecast/:sku`;
 * 4. problem+json for unknown routes and for errors.
 * Start-up never fails on an artifact: a missing or invalid one makes only its routes answer 503.
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const artifacts = await openArtifacts({
    dir: options.artifactsDir,
    pollMs: options.pollMs,
    specs: [
      { file: ARTIFACT_FILES.recommender, loader: recommenderLoader },
      { file: ARTIFACT_FILES.segments, loader: segmenterLoader },
      { file: ARTIFACT_FILES.customerValue, loader: customerValueLoader },
      // the forecaster fits its model on the stored history at its first prediction: do it at load time
      { file: ARTIFACT_FILES.forecast, loader: forecasterLoader, warmUp: (p) => p.predict({ horizon: 1 }) },
    ],
  });
  const mlListener = (): NodeListener =>
    toNodeListener(createHandler({ predictors: artifacts.predictors(), basePath: '/ml', title: 'Shop models' }));
  let ml = mlListener();
  artifacts.onChange(() => {
    ml = mlListener();
  });

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => ml(req, res, next));
  app.use(shopRoutes(options.store));
  app.use(retailkitRoutes(options.store, artifacts));
  app.get('/models', (_req, res) => {
    res.json({
      artifacts: artifacts
        .all()
        .map((s) =>
          s.state === 'ok'
            ? { file: s.file, state: s.state, name: s.predictor.name, version: s.predictor.version }
            : { file: s.file, state: s.state, code: s.code, message: s.message },
        ),
    });
  });
  app.use((req, res) => sendProblem(res, 404, 'Not found', `No route ${req.method} ${req.path}.`));
  app.use(
    (err: { status?: number; type?: string; message?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
      sendProblem(
        res,
        status,
        status === 500 ? 'Internal error' : 'Bad request',
        status === 500 ? 'The request failed.' : String(err.message),
      );
    },
  );
  return { app, artifacts };
}

/** A running service. */
export interface RunningService extends Service {
  readonly url: string;
  close(): Promise<void>;
}

/** `createService`, listening on `host:port` (port 0: a free one). */
export async function startService(
  options: ServiceOptions & { port?: number; host?: string },
): Promise<RunningService> {
  const service = await createService(options);
  const server: Server = service.app.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    ...service,
    url: `http://${host}:${port}`,
    close: async () => {
      service.artifacts.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    },
  };
}
