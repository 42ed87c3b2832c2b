export type { CsvColumnType, CsvRejectReason } from './builder.js';
export { QUARANTINE_COLUMNS } from './builder.js';
export type { CsvInfo, CsvOptions, CsvResult } from './read-csv.js';
export { readCsv, readCsvBatches } from './read-csv.js';
export type { ByteSource, ProgressListener } from './source.js';
export type { CsvEncoding, SlashOrder } from './values.js';
export type { WriteCsvOptions } from './write-csv.js';
export { csvChunks, writeCsv } from './write-csv.js';
