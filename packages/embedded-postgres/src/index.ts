export type { EmbeddedPostgresErrorCode } from './errors.js';
export { EMBEDDED_POSTGRES_ERROR_CODES } from './errors.js';
export type { EmbeddedPostgres, EmbeddedPostgresOptions, EmbeddedStopOptions } from './start-embedded-postgres.js';
export { startEmbeddedPostgres } from './start-embedded-postgres.js';
