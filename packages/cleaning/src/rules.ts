/**
 * The registry of cleaning rules: every rule has a stable id (used in `quality.json`), a kind, the column it
 * writes, what it does, and a before → after example. Ids never change meaning; new rules get new ids.
 *
 * Kinds:
 * - `transform`: rewrites values of kept rows (counts = rows or codes changed);
 * - `flag`: sets a boolean column on the cleaned frame (counts = rows flagged among kept rows); views drop by flags;
 * - `quarantine`: moves untrusted rows to the quarantine frame with this id as `reason`;
 * - `step`: a row-removing step of the `reference` preset (removed rows also go to the quarantine, reason = step id).
 */
export type RuleKind = 'transform' | 'flag' | 'quarantine' | 'step';

/** One documented rule. */
export interface RuleDefinition {
  readonly id: string;
  readonly kind: RuleKind;
  /** The column it writes (flag rules: the boolean flag column). */
  readonly column?: string;
  readonly description: string;
  /** A before → after example, as rows. */
  readonly example: { readonly before: string; readonly after: string };
}

/** Boolean flag columns added to the cleaned frame, by flag rule id. */
export const FLAG_COLUMNS = {
  anonymous: 'isAnonymous',
  cancellation: 'isCancellation',
  'bad-debt': 'isBadDebt',
  'free-line': 'isFreeLine',
  'zero-price': 'isZeroPrice',
  discount: 'isDiscount',
  'non-product': 'isNonProduct',
  'colour-variant': 'isColourVariant',
  duplicate: 'isDuplicate',
  'quantity-outlier': 'isQuantityOutlier',
  'price-outlier': 'isPriceOutlier',
  'unknown-country': 'isUnknownCountry',
} as const;

/** A flag rule id. */
export type FlagRuleId = keyof typeof FLAG_COLUMNS;
/** The flag rule ids in registry order. */
export const FLAG_RULE_IDS = Object.keys(FLAG_COLUMNS) as FlagRuleId[];

/** Reason codes of the quarantine, in priority order (a row gets the first that applies). */
export const QUARANTINE_REASONS = [
  'missing-invoice',
  'missing-stock-code',
  'bad-quantity',
  'bad-price',
  'bad-date',
  'negative-quantity-not-cancelled',
  'positive-quantity-cancelled',
] as const;
/** A quarantine reason code. */
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** Ids of the row-removing steps of the `reference` preset, in order. */
export const REFERENCE_STEP_IDS = ['free-lines', 'quantity-iqr', 'price-zscore'] as const;
export type ReferenceStepId = (typeof REFERENCE_STEP_IDS)[number];

/**
 * Non-product stock codes (compared after upper-casing) and their category. Extend or override with the
 * `nonProductCodes` option of `clean`.
 */
export const NON_PRODUCT_CODES: Readonly<Record<string, string>> = {
  POST: 'postage',
  DOT: 'postage',
  C2: 'postage',
  M: 'manual',
  D: 'discount',
  S: 'sample',
  CRUK: 'charity',
  'BANK CHARGES': 'bank-charges',
  AMAZONFEE: 'marketplace-fee',
  PADS: 'pads',
  B: 'bad-debt',
};

/** Countries that are not a country (compared exactly); missing country also counts. Override with `pseudoCountries`. */
export const PSEUDO_COUNTRIES: readonly string[] = ['Unspecified', 'European Community'];

/** Colour/size variant codes: digits followed by a letter suffix (after upper-casing); the base code is the digits. */
export const COLOUR_VARIANT_PATTERN = /^(\d+)([A-Z]{1,3})$/;

/** Every rule, in the order `clean` applies them. */
export const CLEANING_RULES: readonly RuleDefinition[] = [
  {
    id: 'missing-invoice',
    kind: 'quarantine',
    description: 'invoiceNo missing or blank: the line cannot be attributed to an order.',
    example: { before: 'invoiceNo=null', after: 'quarantine reason=missing-invoice' },
  },
  {
    id: 'missing-stock-code',
    kind: 'quarantine',
    description: 'stockCode missing or blank: the line has no product.',
    example: { before: 'stockCode=""', after: 'quarantine reason=missing-stock-code' },
  },
  {
    id: 'bad-quantity',
    kind: 'quarantine',
    description: 'quantity missing or not a finite number.',
    example: { before: 'quantity=NaN', after: 'quarantine reason=bad-quantity' },
  },
  {
    id: 'bad-price',
    kind: 'quarantine',
    description: 'unitPrice missing or not a finite number.',
    example: { before: 'unitPrice=NaN', after: 'quarantine reason=bad-price' },
  },
  {
    id: 'bad-date',
    kind: 'quarantine',
    description: 'invoiceDate missing or unparseable.',
    example: { before: 'invoiceDate=null', after: 'quarantine reason=bad-date' },
  },
  {
    id: 'negative-quantity-not-cancelled',
    kind: 'quarantine',
    description:
      'quantity < 0 on an invoice that is not a cancellation (no C prefix) at a non-zero price: only cancellations and free/damaged lines (price 0) may be negative.',
    example: { before: '536999 85123A qty=-2 price=2.55', after: 'quarantine reason=negative-quantity-not-cancelled' },
  },
  {
    id: 'positive-quantity-cancelled',
    kind: 'quarantine',
    description: 'quantity > 0 on a cancellation invoice (C prefix): a cancellation cannot add goods.',
    example: { before: 'C536379 22633 qty=6', after: 'quarantine reason=positive-quantity-cancelled' },
  },
  {
    id: 'fill-description',
    kind: 'transform',
    column: 'description',
    description: 'missing description → "No Description" (count = rows filled).',
    example: { before: 'description=null', after: 'description="No Description"' },
  },
  {
    id: 'anonymous-customer',
    kind: 'transform',
    column: 'customerId',
    description:
      'missing customerId kept as missing (default preset) and flagged isAnonymous, never merged into a real customer; the reference preset writes "0" as the notebook did (count = rows).',
    example: { before: 'customerId=null', after: 'customerId=null, isAnonymous=true (reference: "0")' },
  },
  {
    id: 'upper-stock-code',
    kind: 'transform',
    column: 'stockCode',
    description: 'stock codes upper-cased, so m and M are the same manual line (count = rows changed).',
    example: { before: 'stockCode="85123a"', after: 'stockCode="85123A"' },
  },
  {
    id: 'trim-description',
    kind: 'transform',
    column: 'description',
    description:
      'leading/trailing whitespace removed from descriptions (default preset; option trimDescriptions; never in reference) (count = rows changed).',
    example: { before: 'description="WHITE METAL LANTERN "', after: 'description="WHITE METAL LANTERN"' },
  },
  {
    id: 'unify-description',
    kind: 'transform',
    column: 'description',
    description:
      "each stock code's description replaced by its most frequent one (ties → first seen in file order); count = rows changed, details.codesWithVariants = codes that had several.",
    example: { before: '85123A "WHITE HANGING…" ×1, "CREAM HANGING…" ×2', after: 'all rows "CREAM HANGING…"' },
  },
  {
    id: 'line-revenue',
    kind: 'transform',
    column: 'revenue',
    description: 'revenue = quantity × unitPrice (count = rows).',
    example: { before: 'quantity=6 unitPrice=2.55', after: 'revenue=15.3' },
  },
  {
    id: 'colour-variant',
    kind: 'flag',
    column: 'isColourVariant',
    description:
      'stock code is digits plus a letter suffix (85123A): isColourVariant=true and baseStockCode = the digits (85123); other codes have baseStockCode = stockCode.',
    example: { before: 'stockCode="85123A"', after: 'baseStockCode="85123", isColourVariant=true' },
  },
  {
    id: 'anonymous',
    kind: 'flag',
    column: 'isAnonymous',
    description: 'customerId missing (before any fill).',
    example: { before: 'customerId=null', after: 'isAnonymous=true' },
  },
  {
    id: 'cancellation',
    kind: 'flag',
    column: 'isCancellation',
    description: 'cancellation or refund: invoiceNo starts with C.',
    example: { before: 'invoiceNo="C536379"', after: 'isCancellation=true' },
  },
  {
    id: 'bad-debt',
    kind: 'flag',
    column: 'isBadDebt',
    description: 'bad-debt adjustment: invoiceNo starts with A, or stock code B, or unitPrice < 0.',
    example: { before: 'A563186 B "Adjust bad debt" price=-11062.06', after: 'isBadDebt=true' },
  },
  {
    id: 'free-line',
    kind: 'flag',
    column: 'isFreeLine',
    description: 'free or damaged line: quantity < 0 and unitPrice == 0.',
    example: { before: 'qty=-7 price=0 "damaged"', after: 'isFreeLine=true' },
  },
  {
    id: 'zero-price',
    kind: 'flag',
    column: 'isZeroPrice',
    description: 'free give-away line: quantity > 0 and unitPrice == 0.',
    example: { before: 'qty=56 price=0', after: 'isZeroPrice=true' },
  },
  {
    id: 'discount',
    kind: 'flag',
    column: 'isDiscount',
    description: 'discount line: stock code D or description "Discount" (case-insensitive, trimmed).',
    example: { before: 'C536379 D "Discount" qty=-1 price=27.5', after: 'isDiscount=true' },
  },
  {
    id: 'non-product',
    kind: 'flag',
    column: 'isNonProduct',
    description:
      'non-product code (POST/DOT/C2 postage, M manual, D discount, S sample, CRUK charity, BANK CHARGES, AMAZONFEE marketplace fee, PADS, B bad debt): isNonProduct=true and nonProductCategory = its category (null for products).',
    example: { before: 'stockCode="POST"', after: 'isNonProduct=true, nonProductCategory="postage"' },
  },
  {
    id: 'duplicate',
    kind: 'flag',
    column: 'isDuplicate',
    description:
      'exact duplicate line: all eight input columns equal to an earlier row (as read, before transforms; pandas duplicated(keep="first")). The first occurrence is not flagged.',
    example: { before: 'the same 536366 22633 line twice', after: 'second: isDuplicate=true' },
  },
  {
    id: 'quantity-outlier',
    kind: 'flag',
    column: 'isQuantityOutlier',
    description:
      'quantity outlier. Default preset: among sale lines (not cancelled, not bad debt, not non-product/discount, quantity > 0, unitPrice > 0), IQR fences with factor f (default 1.5, type-7 quartiles): quantity >= Q3+f·IQR or <= Q1−f·IQR (bounds inclusive = outlier); or z-score: |z| >= threshold. Reference preset: step quantity-iqr.',
    example: { before: 'qty=80995 (Q1=1, Q3=12)', after: 'isQuantityOutlier=true' },
  },
  {
    id: 'price-outlier',
    kind: 'flag',
    column: 'isPriceOutlier',
    description:
      'unit price outlier among the same sale lines: z-score with population σ, |z| >= threshold (default 3) is an outlier (|z| < threshold kept); or IQR fences (inclusive). Reference preset: step price-zscore.',
    example: { before: 'unitPrice=649.5 (mean 3.1, σ 4.4)', after: 'isPriceOutlier=true' },
  },
  {
    id: 'unknown-country',
    kind: 'flag',
    column: 'isUnknownCountry',
    description: 'country missing or a pseudo country (Unspecified, European Community).',
    example: { before: 'country="Unspecified"', after: 'isUnknownCountry=true' },
  },
  {
    id: 'free-lines',
    kind: 'step',
    description: 'reference preset: drop rows with quantity < 0 and unitPrice == 0.',
    example: { before: 'qty=-7 price=0', after: 'removed (quarantine reason=free-lines)' },
  },
  {
    id: 'quantity-iqr',
    kind: 'step',
    description:
      'reference preset: on the remaining rows, drop quantity >= Q3+1.5·IQR or <= Q1−1.5·IQR (type-7 quartiles).',
    example: { before: 'qty=48 (Q1=1, Q3=10 → upper 23.5)', after: 'removed (quarantine reason=quantity-iqr)' },
  },
  {
    id: 'price-zscore',
    kind: 'step',
    description: 'reference preset: on the remaining rows, keep |z| < 3 of unitPrice (population σ).',
    example: { before: 'unitPrice=569.77 (mean 5.0, σ 102.5)', after: 'removed (quarantine reason=price-zscore)' },
  },
];
