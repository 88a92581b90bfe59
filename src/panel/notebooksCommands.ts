import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { notify } from '../notify';
import type { ITrimCandidatesArgs } from '../workflow/trimCandidates';
import type { WorkflowModel } from '../workflow/workflowModel';
import type { IJobSteps } from './jobSteps';
import type { IJobNotDone } from './jobCommands';

export interface INotebooksCommandContext {
  workflow: WorkflowModel;
  steps: IJobSteps;
  trans: TranslationBundle;
  /** Opens a workspace file in JupyterLab. */
  open: (path: string) => Promise<unknown>;
  /** A notebook a command just opened (the trimmed copy): keep its kernel stopped. */
  opened: (path: string) => void;
}

/** `autopilot:fetch-notebooks {overwrite}`. */
export async function fetchNotebooks(
  ctx: INotebooksCommandContext,
  args: { overwrite?: boolean }
): Promise<
  { status: 'fetched'; candidate: string; exploration: string } | IJobNotDone
> {
  const { trans, steps } = ctx;
  await ctx.workflow.restored;
  const job = steps.job.job;
  if (!job) {
    return refuse(trans, trans.__('Create or attach to a job first (step 2).'));
  }
  let phase = await steps.notebooks.fetch(job, {
    overwrite: args.overwrite ?? false
  });
  if (phase === 'exists' && args.overwrite === undefined) {
    // Never replaced without asking: the files are the user's now.
    const answer = await showDialog({
      title: trans.__('Replace the notebooks in the workspace?'),
      body: trans.__(
        'These files exist already:\n%1\nReplace them with the job’s notebooks? Your changes to them will be lost.',
        steps.notebooks.existing.join('\n')
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Keep Them') }),
        Dialog.warnButton({ label: trans.__('Replace') })
      ],
      defaultButton: 0
    });
    if (!answer.button.accept) {
      return {
        status: 'cancelled',
        reason: trans.__('The existing notebooks were kept.')
      };
    }
    phase = await steps.notebooks.fetch(job, { overwrite: true });
  }
  const fetched = steps.notebooks.fetched;
  if (phase !== 'fetched' || !fetched) {
    const reason = fetchErrorText(trans, steps.notebooks);
    if (phase !== 'cancelled') {
      notify(trans, 'error', reason, { autoClose: false });
    }
    return {
      status: phase === 'cancelled' ? 'cancelled' : 'failed',
      reason,
      code: steps.notebooks.error?.code
    };
  }
  await ctx.open(fetched.candidate);
  return {
    status: 'fetched',
    candidate: fetched.candidate,
    exploration: fetched.exploration
  };
}

/** `autopilot:trim-candidates {maxJobs, maxParallelJobs, parallelJobs}`. */
export async function trimCandidatesCommand(
  ctx: INotebooksCommandContext,
  args: ITrimCandidatesArgs
): Promise<object> {
  const { trans, steps } = ctx;
  await ctx.workflow.restored;
  if (!steps.notebooks.fetched) {
    return refuse(trans, trans.__('Fetch the job’s notebooks first.'));
  }
  const result = await steps.notebooks.trim(args);
  if (!result) {
    return {
      status: 'failed',
      reason: steps.notebooks.error?.message ?? trans.__('Not trimmed.')
    };
  }
  if (result.status !== 'copied') {
    return { ...result };
  }
  const { status, path, kept, values } = result;
  ctx.opened(path);
  notify(
    trans,
    'success',
    trans.__(
      'Trimmed to %1: kept %2; max_parallel_jobs=%3, parallel_jobs=%4.',
      path,
      kept.join(', ') || '—',
      values.maxParallelJobs ?? '—',
      values.parallelJobs ?? '—'
    ),
    { autoClose: 8000 }
  );
  return { status, path, kept, values };
}

/** Why the fetch did not happen, in the user's language. */
export function fetchErrorText(
  trans: TranslationBundle,
  step: IJobSteps['notebooks']
): string {
  const error = step.error;
  if (!error) {
    return trans.__('The notebooks were not fetched.');
  }
  switch (error.code) {
    case 'file-exists':
      return trans.__(
        'These files exist already and were kept: %1',
        step.existing.join(', ')
      );
    case 'no-notebooks':
      return error.message;
    case 'notebook-missing':
      return trans.__(
        'The job’s notebook is not in S3 (any more): %1',
        error.message
      );
    case 'access-denied':
      return trans.__(
        'The Jupyter server may not read the notebooks from S3: %1 Give its role s3:GetObject on the job’s output.',
        error.message
      );
    default:
      return trans.__('Fetching the notebooks failed: %1', error.message);
  }
}

function refuse(trans: TranslationBundle, reason: string): IJobNotDone {
  notify(trans, 'warning', reason, { autoClose: 8000 });
  return { status: 'refused', reason };
}
