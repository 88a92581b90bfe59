import type { TranslationBundle } from '@jupyterlab/translation';
import { notify } from '../notify';
import { CommandIDs } from '../tokens';
import type { JobStep } from '../workflow/jobStep';
import { jobEndMessage } from '../workflow/jobText';

/**
 * Tells the user when the job ends, whoever is looking: a notification
 * with the step that comes next as its button.
 */
export function notifyJobEnd(
  job: JobStep,
  trans: TranslationBundle,
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>
): void {
  job.ended.connect((_, description) => {
    const end = jobEndMessage(description, trans);
    const actions =
      end.next === 'fetch-notebooks'
        ? [
            {
              label: trans.__('Fetch Notebooks'),
              caption: trans.__(
                'Copy the job’s notebooks into the workspace and open the candidate notebook'
              ),
              callback: () => void execute(CommandIDs.fetchNotebooks)
            }
          ]
        : end.next === 'create-job'
          ? [
              {
                label: trans.__('Open the Job Step'),
                caption: trans.__('Create a new job in the Autopilot panel'),
                callback: () => void execute(CommandIDs.openPanel)
              }
            ]
          : [];
    notify(trans, end.type, end.message, {
      autoClose: end.type === 'success' ? 15000 : false,
      actions
    });
  });
}
