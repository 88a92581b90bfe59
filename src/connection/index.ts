/**
 * The connection check and the server handshake, loaded after JupyterLab
 * has started (see `src/plugins/connectionPlugin.ts`): start-up pays for
 * none of the error tables they carry.
 */
import { ServerConnection } from '@jupyterlab/services';
import { toAutopilotError } from '../aws/errors';
import {
  checkServerExtension,
  fetchAutopilotContext,
  type IAutopilotContext
} from '../aws/serverContext';

export { checkConnection } from './checkConnection';
export { errorText } from './errorText';
export { toAutopilotError };

/** The handshake with the server extension; rejects with a typed error. */
export function checkServer(): Promise<string> {
  return checkServerExtension(ServerConnection.makeSettings());
}

/** The server's AWS context; rejects with a typed error. */
export function fetchContext(): Promise<IAutopilotContext> {
  return fetchAutopilotContext(ServerConnection.makeSettings()).catch(
    reason => {
      throw toAutopilotError(reason);
    }
  );
}
