import { anonymous } from '../rules/flag/anonymous.js';
import { badDebt } from '../rules/flag/bad-debt.js';
import { cancellation } from '../rules/flag/cancellation.js';
import { colourVariant } from '../rules/flag/colour-variant.js';
import { discount } from '../rules/flag/discount.js';
import { duplicate } from '../rules/flag/duplicate.js';
import { freeLine } from '../rules/flag/free-line.js';
import { nonProduct } from '../rules/flag/non-product.js';
import { priceOutlier } from '../rules/flag/price-outlier.js';
import { quantityOutlier } from '../rules/flag/quantity-outlier.js';
import { unknownCountry } from '../rules/flag/unknown-country.js';
import { zeroPrice } from '../rules/flag/zero-price.js';
import { badDate } from '../rules/quarantine/bad-date.js';
import { badPrice } from '../rules/quarantine/bad-price.js';
import { badQuantity } from '../rules/quarantine/bad-quantity.js';
import { badRevenue } from '../rules/quarantine/bad-revenue.js';
import { missingInvoice } from '../rules/quarantine/missing-invoice.js';
import { missingStockCode } from '../rules/quarantine/missing-stock-code.js';
import { negativeQuantityNotCancelled } from '../rules/quarantine/negative-quantity-not-cancelled.js';
import { positiveQuantityCancelled } from '../rules/quarantine/positive-quantity-cancelled.js';
import { anonymousCustomer } from '../rules/transform/anonymous-customer.js';
import { fillDescription } from '../rules/transform/fill-description.js';
import { lineRevenue } from '../rules/transform/line-revenue.js';
import { safeText } from '../rules/transform/safe-text.js';
import { trimDescription } from '../rules/transform/trim-description.js';
import { unifyDescription } from '../rules/transform/unify-description.js';
import { upperStockCode } from '../rules/transform/upper-stock-code.js';
import type { Rule } from './rule.js';

/**
 * The rule table `clean` runs, in order; the report lists the rules in the same order. Quarantine checks come
 * first (a row gets the first reason that applies), then the transforms (which count trusted rows), then the
 * flags (a flag may read flags above it, as the outlier fences read the sale-line flags). Adding a rule is adding
 * its definition under `src/rules/<kind>/` and its line here (a flag also needs its id in `FLAG_RULE_IDS`).
 */
export const RULES: readonly Rule[] = [
  missingInvoice,
  missingStockCode,
  badQuantity,
  badPrice,
  badDate,
  negativeQuantityNotCancelled,
  positiveQuantityCancelled,
  badRevenue,
  safeText,
  fillDescription,
  anonymousCustomer,
  upperStockCode,
  trimDescription,
  unifyDescription,
  lineRevenue,
  colourVariant,
  anonymous,
  cancellation,
  badDebt,
  freeLine,
  zeroPrice,
  discount,
  nonProduct,
  duplicate,
  quantityOutlier,
  priceOutlier,
  unknownCountry,
];
