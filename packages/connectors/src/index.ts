export type { CsvColumnType, CsvRejectReason } from './csv/builder.js';
export type { CsvInfo, CsvOptions, CsvResult } from './csv/read-csv.js';
export { readCsv, readCsvBatches } from './csv/read-csv.js';
export type { ByteSource, ProgressListener } from './csv/source.js';
export type { CsvEncoding, SlashOrder } from './csv/values.js';
export type { WriteCsvOptions } from './csv/write-csv.js';
export { writeCsv } from './csv/write-csv.js';
export type { MergeIntoOptions, MergeResult } from './engine/merge-into.js';
export { mergeInto } from './engine/merge-into.js';
export type { OpenSqlEngineOptions, SqlEngine, SqlParam } from './engine/open-sql-engine.js';
export { openSqlEngine } from './engine/open-sql-engine.js';
export type { ConnectorErrorCode } from './errors.js';
export { CONNECTOR_ERROR_CODES, redact } from './errors.js';
export { arrowToFrame, frameToArrow, readArrowIpc, writeArrowIpc } from './formats/arrow.js';
export type { ParquetReadOptions, ParquetWriteOptions } from './formats/parquet.js';
export { readParquet, readParquetBatches, writeParquet, writeParquetFile } from './formats/parquet.js';
export type { GcsLakeOptions } from './lake/gcs-lake.js';
export { gcsLake } from './lake/gcs-lake.js';
export { localLake } from './lake/local-lake.js';
export type { S3LakeOptions } from './lake/s3-lake.js';
export { s3Lake } from './lake/s3-lake.js';
export type { ObjectBody, ObjectInfo, ObjectStore, PutResult } from './lake/types.js';
export type { LoadTableReport, LoadTablesOptions } from './load/load-tables.js';
export { loadTables } from './load/load-tables.js';
export type { OpenLakeOptions } from './load/open-lake.js';
export { openLake } from './load/open-lake.js';
export type { OpenedWarehouse, OpenWarehouseOptions } from './load/open-warehouse.js';
export { openWarehouse } from './load/open-warehouse.js';
export { downloadToLake } from './sources/download-to-lake.js';
export type { ZipEntry, ZipLimits } from './sources/extract-zip.js';
export { extractZip } from './sources/extract-zip.js';
export type { FetchRawOptions } from './sources/fetch-raw.js';
export { fetchRaw } from './sources/fetch-raw.js';
export type { KaggleCredentialOptions, KaggleCredentials, KaggleDownloadOptions } from './sources/kaggle.js';
export { kaggleDownload } from './sources/kaggle.js';
export type { ReadPostgresOptions } from './sources/read-postgres.js';
export { readPostgres, readPostgresBatches } from './sources/read-postgres.js';
export { readTableFile } from './sources/read-table-file.js';
export type { NetworkAllowance, Resolver } from './sources/ssrf.js';
export type { BigQueryWarehouse, BigQueryWarehouseOptions } from './warehouse/bigquery-warehouse.js';
export { bigQueryWarehouse } from './warehouse/bigquery-warehouse.js';
export type { PostgresWarehouseOptions } from './warehouse/postgres-warehouse.js';
export { postgresWarehouse } from './warehouse/postgres-warehouse.js';
export type {
  RedshiftAuthorization,
  RedshiftLoadPlan,
  RedshiftLoadPlanInput,
  RedshiftWarehouseOptions,
} from './warehouse/redshift-warehouse.js';
export { planRedshiftLoad, redshiftWarehouse } from './warehouse/redshift-warehouse.js';
export type {
  LoadOptions,
  LoadResult,
  LoadState,
  TableSchema,
  Warehouse,
  WarehouseCapabilities,
  WriteDisposition,
} from './warehouse/types.js';
