import type { ICommandPalette } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import { autopilotIcon } from '../icons';
import { CommandIDs } from '../tokens';
import { argsLoader } from './argsLoader';
import {
  addDeployCommands,
  DEPLOY_PALETTE_COMMANDS
} from './deployCommandEntries';
import type { IPanelModule } from './index';
import { addJobCommands, JOB_PALETTE_COMMANDS } from './jobCommandEntries';
import {
  addTuningCommands,
  TUNING_PALETTE_COMMANDS
} from './tuningCommandEntries';

export interface ICommandEntriesOptions {
  commands: CommandRegistry;
  trans: TranslationBundle;
  palette: ICommandPalette | null;
  openPanel: () => void;
  /** Loads the panel's code, which runs the commands. */
  load: () => Promise<IPanelModule>;
}

/**
 * The panel's commands as JupyterLab sees them at start-up: labels,
 * arguments and palette entries. Running one loads the code that does the
 * work, so a script can drive the workflow without the panel ever opened.
 */
export function addPanelCommands(options: ICommandEntriesOptions): void {
  const { commands, trans, palette, load } = options;
  const lazyArgs = argsLoader(trans);
  const lazy =
    (id: string) =>
    (args: Record<string, any>): Promise<unknown> =>
      load().then(m => m.execute(id, args));

  commands.addCommand(CommandIDs.openPanel, {
    label: trans.__('Open the Autopilot Panel'),
    caption: trans.__('Show the Autopilot sidebar'),
    icon: args => (args.isPalette ? undefined : autopilotIcon),
    describedBy: { args: { type: 'object', properties: {} } },
    execute: () => {
      options.openPanel();
      return { status: 'opened' };
    }
  });

  commands.addCommand(CommandIDs.useDataset, {
    label: trans.__('Use as Autopilot Dataset'),
    caption: trans.__(
      'Profile this CSV file on the Jupyter server as the dataset of the Autopilot workflow'
    ),
    describedBy: lazyArgs(CommandIDs.useDataset),
    execute: lazy(CommandIDs.useDataset)
  });

  commands.addCommand(CommandIDs.splitDataset, {
    label: trans.__('Split the Autopilot Dataset'),
    caption: trans.__(
      'Choose which rows of the dataset are for training and which for validation (the upload makes the files)'
    ),
    describedBy: lazyArgs(CommandIDs.splitDataset),
    execute: lazy(CommandIDs.splitDataset)
  });

  commands.addCommand(CommandIDs.uploadDataset, {
    label: trans.__('Upload the Autopilot Dataset to S3'),
    caption: trans.__(
      'Make the train and validation files from the dataset and upload them to S3, tagged with the workflow'
    ),
    describedBy: lazyArgs(CommandIDs.uploadDataset),
    execute: lazy(CommandIDs.uploadDataset)
  });

  addJobCommands(commands, trans, lazy, lazyArgs);
  addTuningCommands(commands, trans, lazy, lazyArgs);
  addDeployCommands(commands, trans, lazy, lazyArgs);

  const category = trans.__('Autopilot');
  for (const command of [
    CommandIDs.openPanel,
    CommandIDs.useDataset,
    CommandIDs.splitDataset,
    CommandIDs.uploadDataset,
    ...JOB_PALETTE_COMMANDS,
    ...TUNING_PALETTE_COMMANDS,
    ...DEPLOY_PALETTE_COMMANDS
  ]) {
    palette?.addItem({ command, category });
  }
}
