import express, { type Request, type Response, type Router } from 'express';
import { sendProblem } from './problem.js';
import type { Cart, Store } from './store.js';

/**
 * The shop's own API, as it was before RetailKit: catalogue, customers and carts over an in-memory store. It
 * knows nothing about models; `createService` mounts it unchanged beside the RetailKit routes.
 *
 * - `GET /health` → `{ status: 'ok' }`
 * - `GET /products?offset&limit` → `{ total, products }` (sorted by sku; limit 1 … 500, default 50)
 * - `GET /products/:sku`, `GET /customers/:id`, `GET /customers/:id/orders`
 * - `POST /carts` `{ customerId? }` → 201 cart; `GET /carts/:id`; `POST /carts/:id/items` `{ sku, quantity }`;
 *   `DELETE /carts/:id/items/:sku`
 * Errors are problem+json: 400 bad body, 404 unknown product, customer or cart.
 */
export function shopRoutes(store: Store): Router {
  const router = express.Router();
  const json = express.json({ limit: '16kb' });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/products', (req, res) => {
    const offset = Math.max(0, Number(req.query.offset ?? 0) | 0);
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 50) | 0));
    const all = [...store.products.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    res.json({ total: all.length, products: all.slice(offset, offset + limit) });
  });

  router.get('/products/:sku', (req, res) => {
    const product = store.products.get(req.params.sku);
    if (!product) return sendProblem(res, 404, 'Unknown product', `No product with sku "${req.params.sku}".`);
    res.json(product);
  });

  router.get('/customers/:id', (req, res) => {
    const customer = store.customers.get(req.params.id);
    if (!customer) return sendProblem(res, 404, 'Unknown customer', `No customer with id "${req.params.id}".`);
    const orders = store.ordersByCustomer.get(customer.id) ?? [];
    res.json({ ...customer, orders: new Set(orders.map((l) => l.invoiceNo)).size, lines: orders.length });
  });

  router.get('/customers/:id/orders', (req, res) => {
    const orders = store.ordersByCustomer.get(req.params.id);
    if (!orders) return sendProblem(res, 404, 'Unknown customer', `No customer with id "${req.params.id}".`);
    res.json({ customerId: req.params.id, lines: orders });
  });

  router.post('/carts', json, (req, res) => {
    const customerId = (req.body as { customerId?: unknown } | undefined)?.customerId ?? null;
    if (customerId !== null && (typeof customerId !== 'string' || !store.customers.has(customerId)))
      return sendProblem(res, 400, 'Unknown customer', `customerId ${JSON.stringify(customerId)} is not a customer.`);
    const cart: Cart = { id: String(store.carts.size + 1), customerId, items: [] };
    store.carts.set(cart.id, cart);
    res.status(201).json(cart);
  });

  router.get('/carts/:id', (req, res) => {
    const cart = cartOf(store, req, res);
    if (cart) res.json(cart);
  });

  router.post('/carts/:id/items', json, (req, res) => {
    const cart = cartOf(store, req, res);
    if (!cart) return;
    const { sku, quantity = 1 } = (req.body ?? {}) as { sku?: unknown; quantity?: unknown };
    if (typeof sku !== 'string' || !store.products.has(sku))
      return sendProblem(res, 404, 'Unknown product', `No product with sku ${JSON.stringify(sku)}.`);
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1)
      return sendProblem(
        res,
        400,
        'Bad quantity',
        `quantity must be a positive integer, got ${JSON.stringify(quantity)}.`,
      );
    const item = cart.items.find((i) => i.sku === sku);
    if (item) item.quantity += quantity;
    else cart.items.push({ sku, quantity });
    res.json(cart);
  });

  router.delete('/carts/:id/items/:sku', (req, res) => {
    const cart = cartOf(store, req, res);
    if (!cart) return;
    const at = cart.items.findIndex((i) => i.sku === req.params.sku);
    if (at >= 0) cart.items.splice(at, 1);
    res.json(cart);
  });

  return router;
}

function cartOf(store: Store, req: Request<{ id: string }>, res: Response): Cart | undefined {
  const cart = store.carts.get(req.params.id);
  if (!cart) sendProblem(res, 404, 'Unknown cart', `No cart with id "${req.params.id}".`);
  return cart;
}
