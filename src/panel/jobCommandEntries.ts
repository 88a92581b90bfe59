import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import { CommandIDs } from '../tokens';
import type { ArgsOf } from './argsLoader';

/** The job and notebooks commands the palette lists. */
export const JOB_PALETTE_COMMANDS = [
  CommandIDs.createJob,
  CommandIDs.attachJob,
  CommandIDs.stopJob,
  CommandIDs.jobStatus,
  CommandIDs.fetchNotebooks,
  CommandIDs.trimCandidates
];

/**
 * The Job and Notebooks steps' commands at start-up: labels and argument
 * schemas only; `run(id)` loads the code that does the work.
 */
export function addJobCommands(
  commands: CommandRegistry,
  trans: TranslationBundle,
  run: (id: string) => (args: Record<string, any>) => Promise<unknown>,
  lazyArgs: ArgsOf
): void {
  commands.addCommand(CommandIDs.createJob, {
    label: trans.__('Create the Autopilot Job'),
    caption: trans.__(
      'Create an Autopilot job on the uploaded data (a pilot job by default: candidate notebooks, no training)'
    ),
    describedBy: lazyArgs(CommandIDs.createJob),
    execute: run(CommandIDs.createJob)
  });
  commands.addCommand(CommandIDs.attachJob, {
    label: trans.__('Attach to an Autopilot Job'),
    caption: trans.__('Follow an existing AutoML job in the Autopilot panel'),
    describedBy: lazyArgs(CommandIDs.attachJob),
    execute: run(CommandIDs.attachJob)
  });
  commands.addCommand(CommandIDs.stopJob, {
    label: trans.__('Stop the Autopilot Job'),
    caption: trans.__('Stop the followed job, after asking'),
    describedBy: lazyArgs(CommandIDs.stopJob),
    execute: run(CommandIDs.stopJob)
  });
  commands.addCommand(CommandIDs.jobStatus, {
    label: trans.__('Autopilot Job Status'),
    caption: trans.__(
      "The followed job's status, secondary status and elapsed seconds"
    ),
    describedBy: lazyArgs(CommandIDs.jobStatus),
    execute: run(CommandIDs.jobStatus)
  });
  commands.addCommand(CommandIDs.fetchNotebooks, {
    label: trans.__('Fetch the Autopilot Notebooks'),
    caption: trans.__(
      "Copy the job's candidate and exploration notebooks into the workspace (on the server) and open the candidate notebook"
    ),
    describedBy: lazyArgs(CommandIDs.fetchNotebooks),
    execute: run(CommandIDs.fetchNotebooks)
  });
  commands.addCommand(CommandIDs.trimCandidates, {
    label: trans.__('Trim the Candidate Notebook'),
    caption: trans.__(
      'Trim the fetched candidate notebook to a copy, with parallelism that fits the account’s quotas'
    ),
    describedBy: lazyArgs(CommandIDs.trimCandidates),
    execute: run(CommandIDs.trimCandidates)
  });
}
