import type { TranslationBundle } from '@jupyterlab/translation';
import { notify } from '../notify';
import { CommandIDs } from '../tokens';
import type { DeployStep } from '../workflow/deployStep';
import { endpointReminder } from '../workflow/reminder';

/**
 * When JupyterLab opens on a workflow whose endpoints are still in
 * service: a notification with their estimated cost per hour, and the
 * clean-up as its action. Silent when AWS cannot be asked: the Deployment
 * section shows that error when opened.
 */
export async function remindOfEndpoints(
  deploy: DeployStep,
  trans: TranslationBundle,
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>
): Promise<void> {
  try {
    await deploy.refresh();
  } catch (reason) {
    console.warn('jupyterlab-autopilot: cannot list the endpoints', reason);
    return;
  }
  const reminder = endpointReminder(deploy.endpoints, trans);
  if (!reminder) {
    return;
  }
  notify(trans, 'warning', reminder.message, {
    autoClose: false,
    actions: [
      {
        label: trans.__('Open the Clean-up'),
        caption: trans.__(
          'Show what the workflow made that still exists, before deleting anything'
        ),
        callback: () => {
          void execute(CommandIDs.openPanel).then(() =>
            execute(CommandIDs.planCleanup)
          );
        }
      }
    ]
  });
}
