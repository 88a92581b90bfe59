/**
 * What the Tuning step's commands do: `autopilot:show-tuning` watches the
 * named tuning job, or finds the workflow's by lineage;
 * `autopilot:stop-tuning` stops the watched one, after asking.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ITrainingJobCounters } from '../aws/tuning';
import type { IBestTrainingJob } from '../workflow/tuningStep';
import { awsErrorSentence } from './jobCommands';
import type { ITuningSteps } from './tuningSteps';

export interface ITuningCommandContext {
  tuning: ITuningSteps;
  trans: TranslationBundle;
  openPanel: () => void;
}

export type IShowTuningResult =
  | {
      status: 'watching' | 'ended';
      name: string;
      jobStatus: string;
      counters: ITrainingJobCounters;
      best: IBestTrainingJob | null;
      elapsedSeconds: number;
    }
  | { status: 'searching'; namePrefix: string; s3Prefix: string | null }
  | { status: 'failed'; reason: string };

export async function showTuning(
  context: ITuningCommandContext,
  args: { name?: unknown }
): Promise<IShowTuningResult> {
  const { tuning } = context.tuning;
  const { trans } = context;
  context.openPanel();
  const name = typeof args.name === 'string' ? args.name.trim() : '';
  if (name) {
    if (tuning.name !== name || tuning.phase === 'searching') {
      await tuning.watch(name);
    }
  } else if (tuning.phase === 'idle') {
    const lineage = await context.tuning.findByLineage();
    if (!lineage) {
      return {
        status: 'failed',
        reason: trans.__(
          'No trimmed candidate notebook with a base_tuning_job_name to find the tuning job by: trim the candidate notebook first, or give a tuning job name.'
        )
      };
    }
  }
  const summary = tuning.summary();
  if (summary) {
    return summary;
  }
  if (tuning.phase === 'searching' && tuning.lineage) {
    return {
      status: 'searching',
      namePrefix: tuning.lineage.namePrefix,
      s3Prefix: tuning.lineage.s3Prefix
    };
  }
  return {
    status: 'failed',
    reason: tuning.error
      ? awsErrorSentence(trans, tuning.error)
      : trans.__('No tuning job is watched.')
  };
}

/** `autopilot:stop-tuning {confirm}`. */
export async function stopTuning(
  context: ITuningCommandContext,
  args: { confirm?: boolean }
): Promise<
  | { status: 'stopping'; name: string }
  | { status: 'cancelled' | 'failed'; reason: string }
> {
  const { tuning } = context.tuning;
  const { trans } = context;
  const name = tuning.name;
  if (!tuning.canStop || !name) {
    return {
      status: 'failed',
      reason: trans.__('No running tuning job to stop.')
    };
  }
  if (args.confirm ?? true) {
    const answer = await showDialog({
      title: trans.__('Stop the tuning job %1?', name),
      body: trans.__(
        'SageMaker stops the tuning job and its running training jobs. A stopped tuning job cannot be resumed; the training jobs that finished keep their models in S3.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Keep Running') }),
        Dialog.warnButton({ label: trans.__('Stop Tuning Job') })
      ],
      defaultButton: 0
    });
    if (!answer.button.accept) {
      return {
        status: 'cancelled',
        reason: trans.__('The tuning job goes on.')
      };
    }
  }
  if (!(await tuning.stop())) {
    return {
      status: 'failed',
      reason: tuning.error
        ? awsErrorSentence(trans, tuning.error)
        : trans.__('The tuning job could not be stopped.')
    };
  }
  return { status: 'stopping', name };
}
