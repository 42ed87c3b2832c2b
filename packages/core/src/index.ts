export { RetailKitError, invalidArgument, formatValue } from './errors.js';
export type {
  Column,
  ColumnType,
  Frame,
  NumberColumn,
  IntColumn,
  TimestampColumn,
  StringColumn,
  BooleanColumn,
} from './frame.js';
export {
  frame,
  column,
  typedColumn,
  numbers,
  strings,
  valueAt,
  columnNames,
  columnLength,
  select,
  withColumn,
  take,
  takeColumn,
  slice,
  filter,
  concat,
  maskToIndices,
  numberColumn,
  intColumn,
  booleanColumn,
  timestampColumn,
  stringColumn,
  StringDictionary,
} from './frame.js';
export type { Row, RowValue, Schema } from './rows.js';
export { fromRows, toRows } from './rows.js';
export type { Groups } from './group-by.js';
export { groupBy, groupSum, groupCount, groupOffsets } from './group-by.js';
export type { Rng } from './random.js';
export { createRng } from './random.js';
export {
  MS_PER_DAY,
  dayNumber,
  startOfDay,
  startOfWeek,
  startOfMonth,
  isoDayOfWeek,
  monthIndex,
  isoDate,
  isoDateTime,
  parseIsoDate,
} from './calendar.js';
export type { JsonSchema, Predictor } from './predictor.js';
export type { ModelArtifact } from './artifact.js';
export {
  ARTIFACT_SCHEMA_VERSION,
  canonicalJson,
  artifactChecksum,
  sealArtifact,
  verifyArtifact,
  fingerprint,
} from './artifact.js';
export type { TransactionColumn } from './schema.js';
export { TRANSACTION_SCHEMA, TRANSACTION_ALIASES, normalizeHeader } from './schema.js';
export type { ColumnSummary } from './describe.js';
export { describe } from './describe.js';
