import type { RecommenderInput, RecommenderOutput } from '@retailkit/basket';
import { fromRows, isRetailKitError, type Predictor, TRANSACTION_SCHEMA } from '@retailkit/core';
import type { ForecastInput, ForecastOutput } from '@retailkit/forecast';
import { purchaseSummary, type SegmentInput, type SegmentPrediction } from '@retailkit/rfm';
import express, { type Response, type Router } from 'express';
import type { Artifacts } from './artifacts.js';
import type { CustomerValueInput, CustomerValueOutput, CustomerValueParams } from './customer-value.js';
import { sendProblem } from './problem.js';
import type { OrderLine, Store } from './store.js';

/** The artifact file behind each RetailKit route. */
export const ARTIFACT_FILES = {
  recommender: 'recommender.json',
  segments: 'segments.json',
  customerValue: 'customer-value.json',
  forecast: 'forecast.json',
} as const;

/** Most trading days of a product's history sent to the forecaster. */
const HISTORY_DAYS = 365;

/**
 * The routes RetailKit adds to the shop, each answered from the models loaded from `artifacts`:
 * - `GET /recommendations?cart=<cart id>` (or `?items=sku,sku`) `&k=5`: cross-sells from the recommender;
 * - `GET /customers/:id/insights`: segment (rfm segmenter, from the customer's order lines), churn probability and
 *   value over the horizon (BG/NBD + Gamma-Gamma, from the customer's purchase summary);
 * - `GET /forecast/:sku?horizon=14`: daily demand forecast with intervals, from the product's own daily sales on
 *   the shop's trading days, with the forecaster's fitted model.
 * A route whose artifact is missing or invalid answers 503 problem+json naming the artifact (`artifact`, and
 * `artifacts` with the state and code of each unavailable one); the others keep answering.
 */
export function retailkitRoutes(store: Store, artifacts: Artifacts): Router {
  const router = express.Router();
  const models = (res: Response, ...files: string[]): Predictor[] | null => {
    const statuses = files.map((f) => artifacts.status(f));
    const up = statuses.flatMap((s) => (s.state === 'ok' ? [s.predictor] : []));
    const down = statuses.flatMap((s) => (s.state === 'ok' ? [] : [s]));
    if (down.length === 0) return up;
    res.set('retry-after', '1');
    sendProblem(
      res,
      503,
      'Model artifact unavailable',
      down.map((s) => (s.state === 'missing' ? s.message : `${s.file} is invalid (${s.code}).`)).join(' '),
      {
        artifact: down[0].file,
        artifacts: down.map((s) => ({ file: s.file, state: s.state, code: s.code })),
      },
    );
    return null;
  };

  router.get('/recommendations', (req, res) => {
    const m = models(res, ARTIFACT_FILES.recommender);
    if (!m) return;
    const recommender = m[0] as Predictor<RecommenderInput, RecommenderOutput>;
    const k = req.query.k === undefined ? 5 : Number(req.query.k);
    if (!Number.isInteger(k) || k < 1 || k > 50)
      return sendProblem(res, 400, 'Bad k', `k must be an integer 1 … 50, got ${JSON.stringify(req.query.k)}.`);
    let cart: string[];
    if (typeof req.query.cart === 'string') {
      const found = store.carts.get(req.query.cart);
      if (!found) return sendProblem(res, 404, 'Unknown cart', `No cart with id "${req.query.cart}".`);
      cart = found.items.map((i) => i.sku);
    } else if (typeof req.query.items === 'string') cart = req.query.items.split(',').filter((s) => s !== '');
    else return sendProblem(res, 400, 'No cart', 'Give ?cart=<cart id> or ?items=<sku,sku,…>.');
    const out = answer(res, () => recommender.predict({ cart, k }) as RecommenderOutput);
    if (!out) return;
    res.json({
      cart,
      model: { name: recommender.name, version: recommender.version },
      recommendations: out.items.map((r) => ({
        sku: r.item,
        name: store.products.get(r.item)?.name ?? null,
        price: store.products.get(r.item)?.price ?? null,
        score: r.score,
        confidence: r.confidence,
        lift: r.lift,
      })),
    });
  });

  router.get('/customers/:id/insights', (req, res) => {
    const m = models(res, ARTIFACT_FILES.segments, ARTIFACT_FILES.customerValue);
    if (!m) return;
    const segmenter = m[0] as Predictor<SegmentInput, SegmentPrediction>;
    const value = m[1] as Predictor<CustomerValueInput, CustomerValueOutput>;
    const lines = store.ordersByCustomer.get(req.params.id);
    if (!lines) return sendProblem(res, 404, 'Unknown customer', `No customer with id "${req.params.id}".`);
    const { asOf, horizon } = value.toJSON().params as CustomerValueParams;
    const summary = customerSummary(lines, asOf);
    const transactions = lines.map((l) => ({ ...l, stockCode: l.sku }));
    const segment = answer(res, () => segmenter.predict({ transactions }) as SegmentPrediction);
    if (!segment) return;
    let cv: CustomerValueOutput | null = null; // null: no purchase before the model's asOf
    if (summary) {
      cv = answer(res, () => value.predict(summary) as CustomerValueOutput);
      if (!cv) return;
    }
    res.json({
      customerId: req.params.id,
      segment: { id: segment.segment, name: segment.name, rule: segment.rule, outlier: segment.outlier },
      summary,
      churn: cv && { probability: cv.churnProbability, pAlive: cv.pAlive },
      value: cv && {
        horizonDays: horizon,
        expectedPurchases: cv.expectedPurchases,
        expectedSpend: cv.expectedSpend,
        clv: cv.clv,
      },
      models: { segments: segmenter.version, customerValue: value.version },
    });
  });

  router.get('/forecast/:sku', (req, res) => {
    const m = models(res, ARTIFACT_FILES.forecast);
    if (!m) return;
    const forecaster = m[0] as Predictor<ForecastInput, ForecastOutput>;
    const product = store.products.get(req.params.sku);
    if (!product) return sendProblem(res, 404, 'Unknown product', `No product with sku "${req.params.sku}".`);
    const horizon = req.query.horizon === undefined ? 14 : Number(req.query.horizon);
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > 366)
      return sendProblem(
        res,
        400,
        'Bad horizon',
        `horizon must be an integer 1 … 366, got ${JSON.stringify(req.query.horizon)}.`,
      );
    const y = dailySales(store, product.sku);
    const out = answer(res, () => forecaster.predict({ horizon, history: { y } }) as ForecastOutput);
    if (!out) return;
    res.json({ sku: product.sku, name: product.name, historyDays: y.length, ...out });
  });

  return router;
}

/** Run a prediction; a RetailKit error (bad input for this model) answers 422 with its code. */
function answer<T>(res: Response, predict: () => T): T | null {
  try {
    return predict();
  } catch (e) {
    if (!isRetailKitError(e)) throw e;
    sendProblem(res, 422, 'Cannot predict for this input', e.message, { code: e.code });
    return null;
  }
}

/** The customer's purchase summary at `asOf` (rfm's `purchaseSummary`), or null without a purchase before it. */
function customerSummary(lines: readonly OrderLine[], asOf: string): CustomerValueInput | null {
  const frame = fromRows(
    lines.map((l) => ({
      invoiceNo: l.invoiceNo,
      stockCode: l.sku,
      description: null,
      quantity: l.quantity,
      invoiceDate: Date.parse(`${l.invoiceDate.replace(' ', 'T')}Z`),
      unitPrice: l.unitPrice,
      customerId: l.customerId,
      country: null,
    })),
    TRANSACTION_SCHEMA,
  );
  const s = purchaseSummary(frame, { asOf });
  if (s.length === 0) return null;
  const at = (n: string) => (s.columns[n] as { data: Float64Array }).data[0];
  return { x: at('x'), tx: at('tx'), T: at('T'), monetaryValue: at('monetaryValue') };
}

const salesCache = new WeakMap<Store, { lines: number; days: string[]; bySku: Map<string, Map<string, number>> }>();

/**
 * A product's units sold per trading day, over the last `HISTORY_DAYS` days on which the shop sold anything (0
 * where the product did not sell), oldest first: the series the forecaster was fitted on, cut to one product.
 */
function dailySales(store: Store, sku: string): number[] {
  let cache = salesCache.get(store);
  if (!cache || cache.lines !== store.lines.length) {
    const days = new Set<string>();
    const bySku = new Map<string, Map<string, number>>();
    for (const l of store.lines) {
      if (l.quantity <= 0 || l.invoiceNo.startsWith('C')) continue;
      const day = l.invoiceDate.slice(0, 10);
      days.add(day);
      let m = bySku.get(l.sku);
      if (!m) bySku.set(l.sku, (m = new Map()));
      m.set(day, (m.get(day) ?? 0) + l.quantity);
    }
    cache = { lines: store.lines.length, days: [...days].sort().slice(-HISTORY_DAYS), bySku };
    salesCache.set(store, cache);
  }
  const sold = cache.bySku.get(sku);
  return cache.days.map((d) => sold?.get(d) ?? 0);
}
