import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import { CommandIDs } from '../tokens';
import type { ArgsOf } from './argsLoader';

/** The deployment and clean-up commands the palette lists. */
export const DEPLOY_PALETTE_COMMANDS = [
  CommandIDs.listEndpoints,
  CommandIDs.planCleanup,
  CommandIDs.cleanup
];

/**
 * The Deployment and Clean-up steps' commands at start-up: labels and
 * argument schemas only; `run(id)` loads the code that does the work.
 */
export function addDeployCommands(
  commands: CommandRegistry,
  trans: TranslationBundle,
  run: (id: string) => (args: Record<string, any>) => Promise<unknown>,
  lazyArgs: ArgsOf
): void {
  commands.addCommand(CommandIDs.listEndpoints, {
    label: trans.__('List the Autopilot Endpoints'),
    caption: trans.__(
      'The endpoints the workflow deployed, with their status, instances and estimated hourly cost'
    ),
    describedBy: lazyArgs(CommandIDs.listEndpoints),
    execute: run(CommandIDs.listEndpoints)
  });
  commands.addCommand(CommandIDs.testEndpoint, {
    label: trans.__('Test an Autopilot Endpoint'),
    caption: trans.__(
      'Send one validation row (by its number, or typed) to an InService endpoint of the workflow as text/csv'
    ),
    describedBy: lazyArgs(CommandIDs.testEndpoint),
    execute: run(CommandIDs.testEndpoint)
  });
  commands.addCommand(CommandIDs.planCleanup, {
    label: trans.__('Plan the Autopilot Clean-up'),
    caption: trans.__(
      'List what the workflow made that still exists, with what each costs while it exists'
    ),
    describedBy: lazyArgs(CommandIDs.planCleanup),
    execute: run(CommandIDs.planCleanup)
  });
  commands.addCommand(CommandIDs.cleanup, {
    label: trans.__('Clean Up the Autopilot Workflow'),
    caption: trans.__(
      'Stop and delete what the workflow made, after a dialog naming each resource'
    ),
    describedBy: lazyArgs(CommandIDs.cleanup),
    execute: run(CommandIDs.cleanup)
  });
}
