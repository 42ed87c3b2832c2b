export type { SchemaIssue, Validator } from './compile-schema.js';
export { compileSchema, formatJsonPath, formatJsonPointer } from './compile-schema.js';
export { SERVE_ERROR_CODES } from './errors.js';
export type { ArtifactSource, ArtifactStore, LoadersOption } from './load-artifact.js';
export { loadModelDir, loadModelsFromStore, loadPredictor, parseArtifact, readArtifact } from './load-artifact.js';
export type { LoaderRegistry, PredictorLoader } from './loader-registry.js';
export { createLoaderRegistry, defaultLoaders, registerLoader } from './loader-registry.js';
