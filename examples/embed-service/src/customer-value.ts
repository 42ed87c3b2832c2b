import {
  type Frame,
  fingerprint,
  type JsonSchema,
  type ModelArtifact,
  type Predictor,
  type PredictorLoader,
  RetailKitError,
  sealArtifact,
  verifyArtifact,
} from '@retailkit/core';
import {
  type BgNbdParams,
  customerValue,
  expectedPurchases,
  expectedSpend,
  type GammaGammaParams,
  probabilityAlive,
  probabilityNoPurchase,
} from '@retailkit/rfm';

/** The artifact kind of the shop's customer-value model. */
export const CUSTOMER_VALUE_KIND = 'shop.customer-value';

/** Parameters of a customer-value artifact: BG/NBD (days) and Gamma-Gamma, the horizon and the fit's asOf. */
export interface CustomerValueParams {
  readonly bgNbd: BgNbdParams;
  readonly gammaGamma: GammaGammaParams;
  /** Days ahead for expected purchases and CLV. */
  readonly horizon: number;
  /** ISO date: end of the observation the model was fitted on (the `T` of new summaries is counted to it). */
  readonly asOf: string;
}

/** One customer's purchase summary (rfm's `purchaseSummary` convention, in days). */
export interface CustomerValueInput {
  x: number;
  tx: number;
  T: number;
  monetaryValue: number;
}

/** Churn and value of one customer over the model's horizon. */
export interface CustomerValueOutput {
  pAlive: number;
  churnProbability: number;
  expectedPurchases: number;
  expectedSpend: number;
  /** expectedPurchases × expectedSpend (undiscounted). */
  clv: number;
}

const num = (minimum: number): JsonSchema => ({ type: 'number', minimum });
const INPUT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['x', 'tx', 'T', 'monetaryValue'],
  additionalProperties: false,
  properties: { x: { type: 'integer', minimum: 0 }, tx: num(0), T: num(0), monetaryValue: num(0) },
};
const OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['pAlive', 'churnProbability', 'expectedPurchases', 'expectedSpend', 'clv'],
  properties: {
    pAlive: num(0),
    churnProbability: num(0),
    expectedPurchases: num(0),
    expectedSpend: num(0),
    clv: num(0),
  },
};

/**
 * Fit the customer-value model with rfm's `customerValue` (BG/NBD + Gamma-Gamma on the purchase summary at
 * `asOf`) and seal its artifact (kind `shop.customer-value`, name `customer-value`).
 *
 * @throws RetailKitError as `customerValue`.
 */
export function fitCustomerValueArtifact(
  frame: Frame,
  options: { asOf: string; horizon?: number },
): ModelArtifact<CustomerValueParams> {
  const fit = customerValue(frame, { asOf: options.asOf, horizon: options.horizon ?? 90 });
  return sealArtifact<CustomerValueParams>({
    kind: CUSTOMER_VALUE_KIND,
    name: 'customer-value',
    version: options.asOf,
    createdAt: `${options.asOf}T00:00:00.000Z`,
    trainingFingerprint: fingerprint(frame),
    inputSchema: INPUT_SCHEMA,
    outputSchema: OUTPUT_SCHEMA,
    params: { bgNbd: fit.bgNbd.params, gammaGamma: fit.gammaGamma.params, horizon: fit.horizon, asOf: options.asOf },
  });
}

/**
 * Load a customer-value artifact: the envelope is verified (kind, schema version, checksum), then every parameter
 * is checked to be a positive finite number. `predict` computes P(alive) and E[purchases over the horizon]
 * (BG/NBD), E[spend] (Gamma-Gamma) and CLV = E[purchases] × E[spend].
 *
 * @throws RetailKitError `ARTIFACT_*` from verification; `ARTIFACT_INVALID` for a missing or non-positive parameter.
 */
export function customerValueFromJSON(json: unknown): Predictor<CustomerValueInput, CustomerValueOutput> {
  const artifact = verifyArtifact<CustomerValueParams>(json, CUSTOMER_VALUE_KIND);
  const p = artifact.params;
  const values = [p?.bgNbd?.r, p?.bgNbd?.alpha, p?.bgNbd?.a, p?.bgNbd?.b, p?.gammaGamma?.p, p?.gammaGamma?.q];
  if (![...values, p?.gammaGamma?.gamma, p?.horizon].every((v) => typeof v === 'number' && v > 0 && v < Infinity))
    throw new RetailKitError(
      'ARTIFACT_INVALID',
      `customerValueFromJSON: artifact "${artifact.name}" needs positive numbers bgNbd.{r, alpha, a, b}, gammaGamma.{p, q, gamma} and horizon; re-export the model.`,
      { details: { params: p } },
    );
  return {
    name: artifact.name,
    kind: artifact.kind,
    version: artifact.version,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    predict: ({ x, tx, T, monetaryValue }) => {
      const pAlive = probabilityAlive(p.bgNbd, x, tx, T);
      const purchases = expectedPurchases(p.bgNbd, p.horizon, x, tx, T);
      const spend = expectedSpend(p.gammaGamma, x, monetaryValue);
      return {
        pAlive,
        churnProbability: probabilityNoPurchase(p.bgNbd, p.horizon, x, tx, T),
        expectedPurchases: purchases,
        expectedSpend: spend,
        clv: purchases * spend,
      };
    },
    toJSON: () => artifact,
  };
}

/** The loader of `shop.customer-value` artifacts, for `@retailkit/serve`'s `loadModels`. */
export const customerValueLoader: PredictorLoader = { kind: CUSTOMER_VALUE_KIND, fromJSON: customerValueFromJSON };
