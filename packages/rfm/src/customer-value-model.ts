import {
  CORE_ERROR_CODES,
  dayNumber,
  type ModelArtifact,
  type Predictor,
  type PredictorLoader,
  parseIsoDate,
  RetailKitError,
  verifyArtifact,
} from '@retailkit/core';
import { RFM_ERROR_CODES } from './errors.js';
import { CUSTOMER_VALUE_KIND } from './internal/customer-value-artifact.js';
import {
  type CustomerValueParams,
  type CustomerValueScore,
  parseModels,
  scoreOf,
  scoreWindow,
  VALUE_INPUTS,
  windowOfInputs,
} from './internal/customer-value-score.js';
import { customerEventLists, cutoffWindow } from './internal/customer-windows.js';
import { transactionFrame } from './internal/transaction-input.js';

export type { CustomerValueParams, CustomerValueScore };

/** Input of a customer-value model: one customer's purchase summary before `asOf`, or their transactions. */
export type CustomerValueInput =
  | { readonly features: Readonly<Record<(typeof VALUE_INPUTS)[number], number>> }
  | {
      readonly transactions: readonly {
        invoiceNo: string;
        stockCode: string;
        quantity: number;
        invoiceDate: string;
        unitPrice: number;
      }[];
      readonly asOf?: string;
    };

/** One prediction: the scores and the model (`gbt` or `blend`) that made them. */
export interface CustomerValuePrediction extends CustomerValueScore {
  readonly model: string;
}

/**
 * A fitted customer-value model (a `Predictor` named `customer-value`, kind `rfm.customer-value`): one customer →
 * P(churn), expected purchases and revenue over the horizon with 80 % intervals, and CLV. Immutable.
 */
export interface CustomerValueModel extends Predictor<CustomerValueInput, CustomerValuePrediction> {
  predict(input: CustomerValueInput): CustomerValuePrediction;
  toJSON(): ModelArtifact<CustomerValueParams>;
}

function badValueInput(message: string, received: unknown): RetailKitError {
  return new RetailKitError(RFM_ERROR_CODES.badInput, `customer-value.predict: ${message}.`, { details: { received } });
}

/**
 * Load a customer-value model from its artifact (`fitCustomerValue(…).model.toJSON()`, parsed from JSON): the
 * envelope is verified (`verifyArtifact`: kind `rfm.customer-value`, schema version, checksum), then the parameters'
 * shapes. `predict` takes `{ features }` — every name of the purchase summary (x, tx, T, m, meanRevenue, lastCount,
 * lastRevenue, count30, revenue30, count90, revenue90, count180, revenue180, countPrior90), no other — or
 * `{ transactions, asOf? }`, one customer's lines (purchases before `asOf`, default the training `asOf`).
 *
 * @throws RetailKitError `ARTIFACT_*` from verification, `ARTIFACT_INVALID` for malformed parameters; `predict`
 *   throws `RFM_BAD_INPUT` for a missing, unknown or negative feature, a bad date, or no purchase before `asOf`.
 * @example
 * const value = customerValueLoader.fromJSON(JSON.parse(readFileSync('models/customer-value.json', 'utf8')));
 * [value.name, value.kind] // ['customer-value', 'rfm.customer-value']
 */
export function customerValueFromJSON(json: unknown): CustomerValueModel {
  const artifact = verifyArtifact<CustomerValueParams>(json, CUSTOMER_VALUE_KIND);
  checkParams(artifact.params);
  return customerValueOf(artifact);
}

/**
 * The loader of `rfm.customer-value` artifacts for `@retailkit/serve`.
 *
 * @example
 * serveModels({ dir: 'models', loaders: [customerValueLoader] }); // @retailkit/serve
 * customerValueLoader.kind // 'rfm.customer-value'
 */
export const customerValueLoader: PredictorLoader<CustomerValueModel> = {
  kind: CUSTOMER_VALUE_KIND,
  fromJSON: customerValueFromJSON,
};

/** The model of a verified artifact. */
export function customerValueOf(artifact: ModelArtifact<CustomerValueParams>): CustomerValueModel {
  const p = artifact.params;
  const models = parseModels(p);
  const trainingDay = dayNumber(parseIsoDate(p.asOf));
  const predict = (input: CustomerValueInput): CustomerValuePrediction => {
    const w =
      'features' in input && input.features
        ? windowOfInputs(checkFeatures(input.features), trainingDay)
        : fromTransactions(p, input);
    const s = scoreWindow(p, models, w);
    return { ...scoreOf(p, s, w.meanRevenue[0], 0), model: p.model };
  };
  const trees = (j: { trees: readonly unknown[] }) => j.trees.length;
  return {
    name: artifact.name,
    kind: artifact.kind,
    version: artifact.version,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    predict,
    cost: (input) =>
      (trees(p.count) + trees(p.revenue) + trees(p.churn)) * 8 +
      ('transactions' in input && Array.isArray(input.transactions) ? 200 * input.transactions.length : 0),
    toJSON: () => artifact,
  };
}

function checkFeatures(given: unknown): Record<(typeof VALUE_INPUTS)[number], number> {
  if (given === null || typeof given !== 'object') throw badValueInput('features must be an object of numbers', given);
  const g = given as Record<string, unknown>;
  for (const k of Object.keys(g))
    if (!(VALUE_INPUTS as readonly string[]).includes(k))
      throw badValueInput(`unknown feature "${k}"; expected exactly ${VALUE_INPUTS.join(', ')}`, k);
  const out = {} as Record<(typeof VALUE_INPUTS)[number], number>;
  for (const f of VALUE_INPUTS) {
    const v = g[f];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw badValueInput(`feature "${f}" must be a finite number ≥ 0`, v);
    out[f] = v;
  }
  if (out.T <= 0) throw badValueInput('feature "T" (days from the first purchase to asOf) must be > 0', out.T);
  return out;
}

function fromTransactions(p: CustomerValueParams, input: CustomerValueInput) {
  if (!('transactions' in input) || !Array.isArray(input.transactions) || input.transactions.length === 0)
    throw badValueInput('give either "features" or a non-empty "transactions" array', input);
  const asOf = input.asOf ?? p.asOf;
  const asOfMs = parseIsoDate(asOf);
  if (!Number.isFinite(asOfMs)) throw badValueInput('asOf must be YYYY-MM-DD', asOf);
  const day = dayNumber(asOfMs);
  const events = customerEventLists(transactionFrame(input.transactions, badValueInput), p.unit, day * 86_400_000);
  const w = cutoffWindow(events, day, p.horizon);
  if (w.ids.length === 0) throw badValueInput(`no purchase falls before asOf ${asOf}`, asOf);
  return w;
}

/** Shape checks of an artifact's parameters (the checksum proves integrity, not that a writer got them right). */
function checkParams(p: CustomerValueParams): void {
  const fail = (field: string, allowed: string, received: unknown): never => {
    throw new RetailKitError(
      CORE_ERROR_CODES.artifactInvalid,
      `customerValueFromJSON: params.${field} must be ${allowed}. Refit with fitCustomerValue and save model.toJSON().`,
      { details: { field, allowed, received } },
    );
  };
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const unit = (v: unknown) => finite(v) && (v as number) >= 0 && (v as number) <= 1;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('', 'an object', p);
  if (p.model !== 'gbt' && p.model !== 'blend') fail('model', '"gbt" or "blend"', p.model);
  const b = p.blend;
  if (b === null || typeof b !== 'object' || ![b.count, b.revenue, b.churn].every(unit))
    fail('blend', '{ count, revenue, churn } weights in [0, 1]', b);
  if (!Number.isInteger(p.horizon) || p.horizon < 1) fail('horizon', 'a whole number ≥ 1', p.horizon);
  if (p.unit !== 'days' && p.unit !== 'invoices') fail('unit', '"days" or "invoices"', p.unit);
  if (!Number.isFinite(parseIsoDate(String(p.asOf)))) fail('asOf', 'a YYYY-MM-DD date', p.asOf);
  const bg = p.bgNbd;
  if (bg === null || typeof bg !== 'object' || ![bg.r, bg.alpha, bg.a, bg.b].every(finite))
    fail('bgNbd', '{ r, alpha, a, b } (finite numbers)', bg);
  const gg = p.gammaGamma;
  if (gg === null || typeof gg !== 'object' || ![gg.p, gg.q, gg.gamma].every(finite))
    fail('gammaGamma', '{ p, q, gamma } (finite numbers)', gg);
  for (const k of ['count', 'revenue', 'churn'] as const) {
    const m = p[k];
    if (m === null || typeof m !== 'object' || !Array.isArray(m.trees)) fail(k, 'a GBT model (retailkit.gbt)', m);
  }
  if (p.platt === null || typeof p.platt !== 'object' || !finite(p.platt.a) || !finite(p.platt.b))
    fail('platt', '{ a, b } (finite numbers)', p.platt);
  if (!Array.isArray(p.revenueResidual) || p.revenueResidual.length !== 2 || !p.revenueResidual.every(finite))
    fail('revenueResidual', 'two finite numbers', p.revenueResidual);
  if (!Number.isInteger(p.clvPeriods) || p.clvPeriods < 1) fail('clvPeriods', 'a whole number ≥ 1', p.clvPeriods);
}
