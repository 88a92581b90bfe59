import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import { CommandIDs } from '../tokens';
import type { ArgsOf } from './argsLoader';

/** The Tuning step's commands the palette lists. */
export const TUNING_PALETTE_COMMANDS = [
  CommandIDs.showTuning,
  CommandIDs.stopTuning,
  CommandIDs.openLeaderboard,
  CommandIDs.exportLeaderboard,
  CommandIDs.openChart,
  CommandIDs.exportChart
];

/**
 * The Tuning step's commands at start-up: labels and argument schemas
 * only; `run(id)` loads the code that does the work.
 */
export function addTuningCommands(
  commands: CommandRegistry,
  trans: TranslationBundle,
  run: (id: string) => (args: Record<string, any>) => Promise<unknown>,
  lazyArgs: ArgsOf
): void {
  commands.addCommand(CommandIDs.showTuning, {
    label: trans.__('Show the Tuning Job'),
    caption: trans.__(
      'Watch a hyperparameter tuning job in the Autopilot panel: the named one, or the one the trimmed candidate notebook starts'
    ),
    describedBy: lazyArgs(CommandIDs.showTuning),
    execute: run(CommandIDs.showTuning)
  });
  commands.addCommand(CommandIDs.stopTuning, {
    label: trans.__('Stop the Tuning Job'),
    caption: trans.__(
      'Stop the watched hyperparameter tuning job, after asking'
    ),
    describedBy: lazyArgs(CommandIDs.stopTuning),
    execute: run(CommandIDs.stopTuning)
  });
  commands.addCommand(CommandIDs.openLeaderboard, {
    label: trans.__('Open the Tuning Leaderboard'),
    caption: trans.__(
      'One row per training job of the watched tuning job, sortable and filterable'
    ),
    describedBy: lazyArgs(CommandIDs.openLeaderboard),
    execute: run(CommandIDs.openLeaderboard)
  });
  commands.addCommand(CommandIDs.exportLeaderboard, {
    label: trans.__('Export the Tuning Leaderboard as CSV'),
    caption: trans.__(
      'Write the leaderboard into the workspace as CSV; asks before replacing a file'
    ),
    describedBy: lazyArgs(CommandIDs.exportLeaderboard),
    execute: run(CommandIDs.exportLeaderboard)
  });
  commands.addCommand(CommandIDs.openChart, {
    label: trans.__('Open a Trial Chart'),
    caption: trans.__(
      'Chart the tuning trials’ metrics; without axes, the workshop’s scatter (or histogram)'
    ),
    describedBy: lazyArgs(CommandIDs.openChart),
    execute: run(CommandIDs.openChart)
  });
  commands.addCommand(CommandIDs.exportChart, {
    label: trans.__('Export the Trial Chart'),
    caption: trans.__(
      'Write the open chart into the workspace as PNG, SVG, CSV or its Vega-Lite spec; asks before replacing a file'
    ),
    describedBy: lazyArgs(CommandIDs.exportChart),
    execute: run(CommandIDs.exportChart)
  });
}
