export * from './csv/index.js';
export type { ConnectorErrorCode } from './errors.js';
export { CONNECTOR_ERROR_CODES, connectorError, redact } from './errors.js';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './postgres/start-embedded-postgres.js';
export { startEmbeddedPostgres } from './postgres/start-embedded-postgres.js';
