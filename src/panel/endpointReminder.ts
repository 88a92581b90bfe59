import type { TranslationBundle } from '@jupyterlab/translation';
import { notify } from '../notify';
import { CommandIDs } from '../tokens';
import type { DeployStep } from '../workflow/deployStep';
import type { JobStep } from '../workflow/jobStep';
import { endpointReminder } from '../workflow/reminder';

/**
 * When JupyterLab opens on a workflow whose endpoints are still in
 * service: a notification with their estimated cost per hour, and the
 * clean-up as its action. Silent when AWS cannot be asked: the Deployment
 * section shows that error when opened.
 */
export async function remindOfEndpoints(
  deploy: DeployStep,
  job: JobStep,
  trans: TranslationBundle,
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>
): Promise<void> {
  // Lineage starts at the job's output: after a reload the job is known by
  // its name until its first describe.
  await described(job);
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

/** Resolves once the followed job is described (or there is none, or it takes too long). */
function described(job: JobStep, timeoutMs = 20000): Promise<void> {
  if (!job.name || job.job) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      job.changed.disconnect(check);
      resolve();
    };
    const check = () => {
      if (job.job || !job.name) {
        done();
      }
    };
    const timer = setTimeout(done, timeoutMs);
    job.changed.connect(check);
  });
}
