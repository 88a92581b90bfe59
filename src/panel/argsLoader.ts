import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';

type Description = Partial<CommandRegistry.Description>;

/** A command's `describedBy`, by its id. */
export type ArgsOf = (id: string) => () => Promise<Description>;

/**
 * A command's `describedBy` that loads the argument schemas of all panel
 * commands (`./commandArgs`) the first time one is asked for: start-up
 * registers the commands without them. One loader serves all the entry
 * files, so the table is built once.
 */
export function argsLoader(trans: TranslationBundle): ArgsOf {
  let table: Promise<Record<string, Description>> | null = null;
  return (id: string) => async () => {
    table ??= import('./commandArgs').then(m => m.commandArgs(trans));
    const described = (await table)[id];
    if (!described) {
      throw new Error(`${id} has no argument schema in commandArgs.ts`);
    }
    return described;
  };
}
