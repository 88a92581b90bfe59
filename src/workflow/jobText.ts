/**
 * What the Job step's view and notifications say, translated: the
 * timeline's stage names, how long a stage took, and the message when a job
 * ends, with the step that comes next.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IJobDescription } from '../aws/autopilot';

// Every value of botocore's `AutoMLJobSecondaryStatus`, as people read it.
const STAGES: Record<string, (trans: TranslationBundle) => string> = {
  Starting: trans => trans.__('Starting'),
  AnalyzingData: trans => trans.__('Analyzing the data'),
  FeatureEngineering: trans => trans.__('Engineering features'),
  PreTraining: trans => trans.__('Preparing to train'),
  TrainingModels: trans => trans.__('Training models'),
  ModelTuning: trans => trans.__('Tuning models'),
  GeneratingExplainabilityReport: trans =>
    trans.__('Writing the explainability report'),
  GeneratingModelInsightsReport: trans =>
    trans.__('Writing the model insights report'),
  DeployingModel: trans => trans.__('Deploying the model'),
  CandidateDefinitionsGenerated: trans => trans.__('Candidate notebooks ready'),
  Completed: trans => trans.__('Completed'),
  MaxCandidatesReached: trans => trans.__('Reached the candidate limit'),
  MaxAutoMLJobRuntimeReached: trans => trans.__('Reached the runtime limit'),
  Stopping: trans => trans.__('Stopping'),
  Stopped: trans => trans.__('Stopped'),
  Failed: trans => trans.__('Failed'),
  ExplainabilityError: trans => trans.__('The explainability report failed'),
  ModelDeploymentError: trans => trans.__('The model deployment failed'),
  ModelInsightsError: trans => trans.__('The model insights report failed')
};

/** The secondary statuses that have a name of their own. */
export const KNOWN_STAGES: readonly string[] = Object.keys(STAGES);

/**
 * A stage's name for people, from `AutoMLJobSecondaryStatus`; a value AWS
 * added since is shown as AWS sent it.
 */
export function stageLabel(
  secondaryStatus: string,
  trans: TranslationBundle
): string {
  return Object.prototype.hasOwnProperty.call(STAGES, secondaryStatus)
    ? STAGES[secondaryStatus](trans)
    : secondaryStatus;
}

/** `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function durationText(ms: number, trans: TranslationBundle): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return trans.__('%1 s', seconds);
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return trans.__('%1 min %2 s', minutes, seconds % 60);
  }
  return trans.__('%1 h %2 min', Math.floor(minutes / 60), minutes % 60);
}

/**
 * The notification when a job ends: its kind, the sentence, and the step
 * to offer next (`fetch-notebooks` when the notebooks exist,
 * `create-job` after a failure or a stop).
 */
export interface IJobEndMessage {
  type: 'success' | 'warning' | 'error';
  message: string;
  next: 'fetch-notebooks' | 'create-job' | null;
}

export function jobEndMessage(
  job: IJobDescription,
  trans: TranslationBundle
): IJobEndMessage {
  const notebooks = job.candidateNotebook !== null;
  if (job.status === 'Completed') {
    if (
      job.secondaryStatus === 'CandidateDefinitionsGenerated' ||
      !job.bestCandidate
    ) {
      return notebooks
        ? {
            type: 'success',
            message: trans.__(
              'Job %1 made its notebooks. Next: fetch them into the workspace.',
              job.name
            ),
            next: 'fetch-notebooks'
          }
        : {
            type: 'warning',
            message: trans.__(
              'Job %1 completed without a candidate notebook (Autopilot made none: ensembling makes none). Create a pilot job with hyperparameter tuning to get one.',
              job.name
            ),
            next: 'create-job'
          };
    }
    return {
      type: 'success',
      message: notebooks
        ? trans.__(
            'Job %1 completed; its best candidate is %2. Next: fetch its notebooks.',
            job.name,
            job.bestCandidate
          )
        : trans.__(
            'Job %1 completed; its best candidate is %2.',
            job.name,
            job.bestCandidate
          ),
      next: notebooks ? 'fetch-notebooks' : null
    };
  }
  if (job.status === 'Failed') {
    return {
      type: 'error',
      message: trans.__(
        'Job %1 failed: %2 Fix what it says, then create a new job.',
        job.name,
        job.failureReason ?? trans.__('AWS gave no reason.')
      ),
      next: 'create-job'
    };
  }
  return {
    type: 'warning',
    message: notebooks
      ? trans.__(
          'Job %1 was stopped. The notebooks it made can still be fetched.',
          job.name
        )
      : trans.__(
          'Job %1 was stopped before it made its notebooks. Create a new job to go on.',
          job.name
        ),
    next: notebooks ? 'fetch-notebooks' : 'create-job'
  };
}
