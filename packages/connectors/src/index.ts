export * from './csv/index.js';
export type { ConnectorErrorCode } from './errors.js';
export { CONNECTOR_ERROR_CODES, connectorError, redact } from './errors.js';
export { arrowToFrame, frameToArrow, readArrowIpc, writeArrowIpc } from './formats/arrow.js';
export type { ParquetReadOptions, ParquetWriteOptions } from './formats/parquet.js';
export { readParquet, readParquetBatches, writeParquet, writeParquetFile } from './formats/parquet.js';
export type { GcsLakeOptions } from './lake/gcs-lake.js';
export { gcsLake } from './lake/gcs-lake.js';
export { localLake } from './lake/local-lake.js';
export type { S3LakeOptions } from './lake/s3-lake.js';
export { s3Lake } from './lake/s3-lake.js';
export type { ObjectBody, ObjectInfo, ObjectStore, PutResult } from './lake/types.js';
export { LAKE_PREFIXES, validateKey } from './lake/validate-key.js';
export type { LoadTableReport, LoadTablesOptions } from './load/load-tables.js';
export { loadTables } from './load/load-tables.js';
export type { OpenLakeOptions } from './load/open-lake.js';
export { openLake } from './load/open-lake.js';
export type { OpenedWarehouse, OpenWarehouseOptions } from './load/open-warehouse.js';
export { embeddedDataDir, openWarehouse } from './load/open-warehouse.js';
export type {
  EmbeddedPostgres,
  EmbeddedPostgresOptions,
  EmbeddedStopOptions,
} from './postgres/start-embedded-postgres.js';
export { startEmbeddedPostgres } from './postgres/start-embedded-postgres.js';
export { downloadToLake } from './sources/download-to-lake.js';
export type { ZipEntry, ZipLimits } from './sources/extract-zip.js';
export { extractZip, safeEntryName } from './sources/extract-zip.js';
export type { FetchRawOptions } from './sources/fetch-raw.js';
export { fetchRaw } from './sources/fetch-raw.js';
export type { KaggleCredentialOptions, KaggleCredentials, KaggleDownloadOptions } from './sources/kaggle.js';
export { kaggleCredentials, kaggleDownload } from './sources/kaggle.js';
export type { ReadPostgresOptions } from './sources/read-postgres.js';
export { readPostgres, readPostgresBatches } from './sources/read-postgres.js';
export { readTableFile } from './sources/read-table-file.js';
export type { NetworkAllowance, Resolver } from './sources/ssrf.js';
export { blockedReason } from './sources/ssrf.js';
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
