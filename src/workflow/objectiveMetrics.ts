/**
 * Autopilot's objective metrics for tabular jobs, per problem type, as the
 * service documents them (botocore's `AutoMLJobObjective.MetricName`, and
 * AWS's "Autopilot metrics" page). Tabular jobs accept no others, although
 * `AutoMLMetricEnum` lists more (for time series and text).
 */
import type { ProblemType } from '../aws/autopilot';

export const PROBLEM_TYPES: readonly ProblemType[] = [
  'BinaryClassification',
  'MulticlassClassification',
  'Regression'
];

export const OBJECTIVE_METRICS: Readonly<
  Record<ProblemType, readonly string[]>
> = {
  BinaryClassification: [
    'Accuracy',
    'AUC',
    'BalancedAccuracy',
    'F1',
    'Precision',
    'Recall'
  ],
  MulticlassClassification: [
    'Accuracy',
    'BalancedAccuracy',
    'F1macro',
    'PrecisionMacro',
    'RecallMacro'
  ],
  Regression: ['MAE', 'MSE', 'R2', 'RMSE']
};

/** What Autopilot uses when no metric is given. */
export const DEFAULT_METRIC: Readonly<Record<ProblemType, string>> = {
  BinaryClassification: 'F1',
  MulticlassClassification: 'Accuracy',
  Regression: 'MSE'
};

export function isProblemType(value: unknown): value is ProblemType {
  return PROBLEM_TYPES.includes(value as ProblemType);
}

export function isMetricFor(problemType: ProblemType, metric: string): boolean {
  return OBJECTIVE_METRICS[problemType].includes(metric);
}
