import type { TranslationBundle } from '@jupyterlab/translation';
import type { ITrimPlan, ITrimWarning, TrimOptionsError } from '../trim';

type Refusal = Extract<ITrimPlan, { kind: 'refuse' }>;

/**
 * The user-facing sentences of the trimmer, translated. The trimmer itself
 * speaks English (for the CLI); the UI maps its codes to catalog strings.
 */

export function refusalMessage(
  trans: TranslationBundle,
  refusal: Pick<Refusal, 'reason' | 'algorithms' | 'inactiveCount'>
): string {
  switch (refusal.reason) {
    case 'ensembling':
      return trans.__(
        'This is an ensembling-mode candidate notebook: Autopilot trains one ensemble, so there are no candidates to select and nothing to trim. Run it as it is, or create the job with the HPO training mode to get candidates.'
      );
    case 'data-exploration':
      return trans.__(
        'This is a data-exploration notebook, not a candidate-definition notebook. Open SageMakerAutopilotCandidateDefinitionNotebook.ipynb from the same job to trim it.'
      );
    case 'no-cells':
      return trans.__(
        'This notebook has no cells, so there is nothing to trim. Fetch the candidate-definition notebook of a pilot job again.'
      );
    case 'all-candidates-inactive':
      return trans._n(
        'The only candidate of this notebook is commented out, so there is nothing to trim. Uncomment its select_candidate call to use it.',
        'All %1 candidates of this notebook are commented out, so there is nothing to trim. Uncomment the select_candidate calls you want to keep.',
        refusal.inactiveCount ?? 0
      );
    case 'no-listed-algorithm':
      return trans.__(
        'None of the algorithms to keep has a candidate in this notebook, so trimming would remove every candidate. This notebook has: %1. Change the algorithms in Settings → Autopilot.',
        (refusal.algorithms ?? []).join(', ')
      );
    case 'no-active-candidates':
    default:
      return trans.__(
        'This notebook has no active dppN-<algorithm> candidate (a markdown cell followed by an automl_interactive_runner.select_candidate call), so there is nothing to trim. Trim the candidate-definition notebook that Autopilot generated.'
      );
  }
}

/** The reason in a few words, for a disabled menu item's label. */
export function shortRefusal(
  trans: TranslationBundle,
  reason: Refusal['reason']
): string {
  switch (reason) {
    case 'ensembling':
      return trans.__('ensembling mode, no candidates');
    case 'data-exploration':
      return trans.__('a data-exploration notebook');
    case 'all-candidates-inactive':
      return trans.__('every candidate is commented out');
    default:
      return trans.__('not a candidate notebook');
  }
}

export function warningMessage(
  trans: TranslationBundle,
  warning: ITrimWarning
): string {
  switch (warning.code) {
    case 'algorithm-absent':
      return trans.__(
        'The algorithm "%1" was asked for but has no active candidate in this notebook.',
        warning.algorithm ?? ''
      );
    case 'tuner-missing':
      return trans.__(
        'No HyperparameterTuner.create cell was found (a truncated notebook?), so max_jobs and max_parallel_jobs were not set.'
      );
    case 'value-not-literal':
      return trans.__(
        '%1 is set by an expression (%2), so it was left as it is.',
        warning.keyword ?? '',
        warning.expression ?? ''
      );
    case 'fit-data-transformers-missing':
      return trans.__(
        'No fit_data_transformers(parallel_jobs=…) call was found, so parallel_jobs was not set.'
      );
    default:
      return warning.message;
  }
}

/**
 * What a trim left unchanged although it was asked for, as one sentence for
 * a notification, or null when it did everything. Shown after every trim, not
 * only in the preview, so `confirm: false` never hides it.
 */
export function warningsText(
  trans: TranslationBundle,
  name: string,
  warnings: ReadonlyArray<ITrimWarning>
): string | null {
  if (warnings.length === 0) {
    return null;
  }
  const lead = trans._n(
    'In %2, %1 thing asked for was left unchanged:',
    'In %2, %1 things asked for were left unchanged:',
    warnings.length,
    name
  );
  return [lead, ...warnings.map(w => warningMessage(trans, w))].join(' ');
}

export function optionErrorMessage(
  trans: TranslationBundle,
  error: TrimOptionsError
): string {
  if (error.code === 'parallel-exceeds-max') {
    return trans.__(
      'max_parallel_jobs cannot be larger than max_jobs. Lower max_parallel_jobs or raise max_jobs.'
    );
  }
  const field = {
    maxJobs: 'max_jobs',
    maxParallelJobs: 'max_parallel_jobs',
    parallelJobs: 'parallel_jobs',
    algorithms: trans.__('algorithms')
  }[error.field];
  if (error.code === 'not-positive-integer') {
    return trans.__('%1 must be a whole number of at least 1.', field);
  }
  if (error.code === 'invalid-algorithm') {
    return trans.__(
      'Algorithm names are lowercase words joined by hyphens, such as xgboost, linear-learner or mlp. Fix them in Settings → Autopilot.'
    );
  }
  return error.message;
}
