export type { CustomerFeaturesOptions } from './customer-features.js';
export { BEHAVIOUR_FEATURES, customerFeatures } from './customer-features.js';
export { RFM_ERROR_CODES } from './errors.js';
export { REFERENCE_FEATURES, REFERENCE_UNDEFINED, referenceFeatures } from './reference-features.js';
export { quintileScores, RFM_SEGMENTS, rfmSegment } from './rfm-scores.js';
