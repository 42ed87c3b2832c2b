export type { BgNbdModel, BgNbdParams, RfmSummary } from './bg-nbd.js';
export { bgNbdLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive } from './bg-nbd.js';
export type { CustomerFeaturesOptions } from './customer-features.js';
export { BEHAVIOUR_FEATURES, customerFeatures } from './customer-features.js';
export type { CustomerValueOptions, CustomerValueResult } from './customer-value.js';
export { customerValue } from './customer-value.js';
export type { DecisionTree, Forest, ForestOptions, PathStep, TreeNode, TreeParams, TreeRule } from './decision-tree.js';
export {
  fitDecisionTree,
  fitForest,
  formatNumber,
  predictForest,
  predictTree,
  treePath,
  treeRules,
} from './decision-tree.js';
export { RFM_ERROR_CODES } from './errors.js';
export type { ExplainOptions, SegmentExplanation } from './explain-segments.js';
export { explainSegments } from './explain-segments.js';
export type { FitSegmentsOptions, Segmentation } from './fit-segments.js';
export { DEFAULT_SEGMENT_FEATURES, fitSegments, segmentOf } from './fit-segments.js';
export { formatSegments } from './format-segments.js';
export type { GammaGammaModel, GammaGammaParams } from './gamma-gamma.js';
export { expectedSpend, fitGammaGamma } from './gamma-gamma.js';
export type { Matrix } from './internal/matrix.js';
export { featureMatrix } from './internal/matrix.js';
export { accuracy, adjustedRandIndex, macroF1 } from './internal/metrics.js';
export type { KMeansOptions, KMeansResult } from './kmeans.js';
export { fitKMeans, nearestCentroid } from './kmeans.js';
export { kneeIndex } from './knee.js';
export type { FeatureImportance, PermutationImportance, PermutationOptions } from './permutation-importance.js';
export { permutationImportance } from './permutation-importance.js';
export type { ProfileOptions, SegmentProfile } from './profile-segments.js';
export { profileSegments } from './profile-segments.js';
export type { PurchaseSummaryOptions } from './purchase-summary.js';
export { purchaseSummary } from './purchase-summary.js';
export { REFERENCE_FEATURES, REFERENCE_UNDEFINED, referenceFeatures } from './reference-features.js';
export { quintileScores, RFM_SEGMENTS, rfmSegment } from './rfm-scores.js';
export type { Scaler, ScalerMethod, ScalerOptions } from './scale.js';
export { applyScaler, fitScaler, scaleVector, signedLog1p } from './scale.js';
export type { FeatureStats, SegmentCustomersOptions, SegmentsSummary } from './segment-customers.js';
export { segmentCustomers } from './segment-customers.js';
export type { SegmenterParams, SegmentInput, SegmentPrediction } from './segmenter.js';
export { SEGMENTER_KIND, segmenterArtifact, segmenterFromJSON, segmenterSchemas } from './segmenter.js';
export type { KCandidate, KSelection, SelectKOptions } from './select-k.js';
export { selectK } from './select-k.js';
export type { SilhouetteOptions, SilhouetteResult } from './silhouette.js';
export { silhouetteScore, silhouetteScores } from './silhouette.js';
export type { ChurnValidation, ValidateChurnOptions } from './validate-churn.js';
export { validateChurn } from './validate-churn.js';
