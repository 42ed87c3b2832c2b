export type { BgNbdModel, BgNbdParams, RfmSummary } from './bg-nbd.js';
export { expectedPurchases, fitBgNbd, probabilityAlive, probabilityNoPurchase } from './bg-nbd.js';
export type { CustomerEventsSqlOptions, CustomerTables } from './customer-events-sql.js';
export { customerEventsSql } from './customer-events-sql.js';
export type { CustomerFeaturesOptions } from './customer-features.js';
export { customerFeatures, DEFAULT_SEGMENT_FEATURES } from './customer-features.js';
export type { CustomerFeaturesSqlOptions } from './customer-features-sql.js';
export { customerFeaturesSql } from './customer-features-sql.js';
export type { CustomerValueOptions, CustomerValueResult } from './customer-value.js';
export { customerValue } from './customer-value.js';
export type {
  CustomerValueInput,
  CustomerValueModel,
  CustomerValueParams,
  CustomerValuePrediction,
  CustomerValueScore,
} from './customer-value-model.js';
export { customerValueLoader } from './customer-value-model.js';
export type { DecisionTree, PathStep, TreeNode, TreeParams } from './decision-tree.js';
export { predictTree } from './decision-tree.js';
export type { RfmErrorCode } from './errors.js';
export { RFM_ERROR_CODES } from './errors.js';
export type {
  BlendWeights,
  CalibrationBin,
  CandidateModel,
  EvaluateValueOptions,
  PurchaseUnit,
  ValueBaseline,
  ValueEvaluation,
  ValueEvaluationReport,
} from './evaluate-customer-value.js';
export { evaluateCustomerValue } from './evaluate-customer-value.js';
export type { ExplainOptions, RuleCondition, SegmentExplanation, SegmentRule } from './explain-segments.js';
export { explainSegments } from './explain-segments.js';
export type { CustomerValueFitOptions, CustomerValueFitReport, CustomerValueRow } from './fit-customer-value.js';
export { fitCustomerValue } from './fit-customer-value.js';
export type { FeatureStats, FeatureTable, SegmenterOptions, SegmentsReport } from './fit-segmenter.js';
export { fitSegmenter } from './fit-segmenter.js';
export { formatSegments } from './format-segments.js';
export type { GammaGammaModel, GammaGammaParams } from './gamma-gamma.js';
export { expectedSpend, fitGammaGamma } from './gamma-gamma.js';
export type { KMeansOptions, KMeansResult } from './kmeans.js';
export { fitKMeans } from './kmeans.js';
export type { Matrix } from './matrix.js';
export type { ParetoNbdModel, ParetoNbdParams } from './pareto-nbd.js';
export {
  fitParetoNbd,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityNoPurchase,
} from './pareto-nbd.js';
export type { FeatureImportance, PermutationImportance, PermutationOptions } from './permutation-importance.js';
export { permutationImportance } from './permutation-importance.js';
export type { PurchaseSummaryOptions } from './purchase-summary.js';
export { purchaseSummary } from './purchase-summary.js';
export type { PurchaseSummarySqlOptions } from './purchase-summary-sql.js';
export { purchaseSummarySql } from './purchase-summary-sql.js';
export { quintileScores, rfmSegment } from './rfm-scores.js';
export type { Scaler, ScalerMethod, ScalerOptions } from './scale.js';
export { applyScaler, fitScaler } from './scale.js';
export type { Segmenter, SegmenterParams, SegmentInput, SegmentPrediction } from './segmenter.js';
export { segmenterFromJSON, segmenterLoader } from './segmenter.js';
export type { KCandidate, KSelection, SelectKOptions } from './select-k.js';
export { selectK } from './select-k.js';
export type { SilhouetteOptions, SilhouetteResult } from './silhouette.js';
export { silhouetteScores } from './silhouette.js';
export type { ChurnValidation, ValidateChurnOptions } from './validate-churn.js';
export { validateChurn } from './validate-churn.js';
