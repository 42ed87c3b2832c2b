export type { LearnErrorCode } from './errors.js';
export { LEARN_ERROR_CODES } from './errors.js';
export type { FeatureMatrix } from './feature-matrix.js';
export { featureMatrix } from './feature-matrix.js';
export type { GbtOptions } from './fit-gbt.js';
export { fitGbt } from './fit-gbt.js';
export { gbtFromJSON } from './gbt-from-json.js';
export type { GbtModel, GbtModelJson, GbtObjective, GbtTreeJson } from './gbt-model.js';
