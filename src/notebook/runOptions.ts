import { checkTrimOptions } from '../trim';
import type { ITrimCommandContext, ITrimCommandResult } from './commandContext';
import { optionErrorMessage } from './messages';
import { type ITrimSettings, withCommandArgs } from './settings';
import { notify } from '../notify';

/**
 * The options of one command run: the settings overridden by the command's
 * arguments. Invalid values are reported to the user, and the run stops.
 */
export function runOptions(
  context: ITrimCommandContext,
  args: Record<string, unknown>
): { options: ITrimSettings } | { failure: ITrimCommandResult } {
  const options = withCommandArgs(context.settings(), args);
  const error = checkTrimOptions(options);
  if (error) {
    notify(context.trans, 'error', optionErrorMessage(context.trans, error));
    return { failure: { status: 'invalid-options', reason: error.message } };
  }
  return { options };
}
