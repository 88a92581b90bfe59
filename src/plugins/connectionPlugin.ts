import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { checkServerExtension } from '../aws/context';
import { toAutopilotError } from '../aws/errors';
import { checkConnection } from '../connection/checkConnection';
import { errorText } from '../connection/errorText';
import { CommandIDs, TRANSLATION_DOMAIN } from '../tokens';

/**
 * The link to AWS: a command that checks it end to end, and a version
 * handshake with the server extension once JupyterLab has started.
 */
export const connectionPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-autopilot:connection',
  description: 'Checks the connection from JupyterLab to AWS.',
  autoStart: true,
  optional: [ITranslator, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    palette: ICommandPalette | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);

    app.commands.addCommand(CommandIDs.checkConnection, {
      label: trans.__('Check AWS Connection'),
      caption: trans.__(
        'Check the server extension, its AWS credentials, and SageMaker and S3 through the signing proxy'
      ),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => checkConnection(trans)
    });
    palette?.addItem({
      command: CommandIDs.checkConnection,
      category: trans.__('Autopilot')
    });

    // After start-up and not awaited: JupyterLab never waits for this.
    void app.restored
      .then(() => checkServerExtension(ServerConnection.makeSettings()))
      .catch(reason => {
        const text = errorText(trans, toAutopilotError(reason));
        Notification.warning(`${text.title}. ${text.nextStep}`, {
          autoClose: false
        });
      });
  }
};
