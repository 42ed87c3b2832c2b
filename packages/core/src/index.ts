export type { ModelArtifact } from './artifact.js';
export {
  canonicalJson,
  fingerprint,
  sealArtifact,
  verifyArtifact,
} from './artifact.js';
export {
  dayNumber,
  isoDate,
  isoDateTime,
  isoDayOfWeek,
  MS_PER_DAY,
  monthIndex,
  parseIsoDate,
  startOfDay,
  startOfMonth,
  startOfWeek,
} from './calendar.js';
export { compareKeys } from './compare-keys.js';
export type { ColumnSummary } from './describe.js';
export { describe } from './describe.js';
export type { CoreErrorCode } from './errors.js';
export {
  CORE_ERROR_CODES,
  formatValue,
  invalidArgument,
  isRetailKitError,
  missingColumn,
  RetailKitError,
} from './errors.js';
export type {
  BooleanColumn,
  Column,
  ColumnType,
  Frame,
  IntColumn,
  NumberColumn,
  StringColumn,
  TimestampColumn,
} from './frame.js';
export {
  booleanColumn,
  column,
  concat,
  filter,
  frame,
  intColumn,
  maskToIndices,
  numberColumn,
  numbers,
  StringDictionary,
  select,
  slice,
  stringColumn,
  strings,
  take,
  takeColumn,
  timestampColumn,
  typedColumn,
  valueAt,
  withColumn,
} from './frame.js';
export type { Groups } from './group-by.js';
export { groupBy, groupOffsets, groupSum } from './group-by.js';
export type { FitResult, JsonSchema, Predictor, PredictorLoader } from './predictor.js';
export { quantileSorted, sortedFinite } from './quantile.js';
export type { Rng } from './random.js';
export { createRng } from './random.js';
export type { Row, RowValue, Schema } from './rows.js';
export { fromRows, toRows } from './rows.js';
export type { TransactionColumn } from './schema.js';
export { normalizeHeader, TRANSACTION_ALIASES, TRANSACTION_SCHEMA } from './schema.js';
export type { SqlDialect, SqlFunctions } from './sql.js';
export { sqlDialect } from './sql.js';
