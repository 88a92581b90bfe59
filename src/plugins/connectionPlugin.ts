import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import {
  checkServerExtension,
  fetchAutopilotContext
} from '../aws/serverContext';
import { toAutopilotError } from '../aws/errors';
import { AwsStatus } from '../connection/awsStatus';
import { checkConnection } from '../connection/checkConnection';
import { errorText } from '../connection/errorText';
import { CommandIDs, TRANSLATION_DOMAIN } from '../tokens';
import { notify } from '../notify';

/**
 * The link to AWS: a command that checks it end to end, a version handshake
 * with the server extension once JupyterLab has started, and a status-bar
 * item that says whether calls go to the local sandbox or to AWS.
 */
export const connectionPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-autopilot:connection',
  description: 'Checks the connection from JupyterLab to AWS.',
  autoStart: true,
  optional: [ITranslator, ICommandPalette, IStatusBar],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);

    const status = new AwsStatus(trans, () => {
      void app.commands.execute(CommandIDs.checkConnection);
    });
    statusBar?.registerStatusItem('jupyterlab-autopilot:aws-status', {
      item: status,
      align: 'left',
      rank: 50
    });

    app.commands.addCommand(CommandIDs.checkConnection, {
      label: trans.__('Check AWS Connection'),
      caption: trans.__(
        'Check the server extension, its AWS credentials, and SageMaker and S3 through the signing proxy'
      ),
      describedBy: { args: { type: 'object', properties: {} } },
      // The check fetches the context anyway: the status bar takes it from there.
      execute: () =>
        checkConnection(trans, context => status.setContext(context))
    });
    palette?.addItem({
      command: CommandIDs.checkConnection,
      category: trans.__('Autopilot')
    });

    // After start-up and not awaited: JupyterLab never waits for this.
    void app.restored
      .then(() => checkServerExtension(ServerConnection.makeSettings()))
      .then(() =>
        fetchAutopilotContext(ServerConnection.makeSettings())
          .then(context => status.setContext(context))
          .catch(() => status.setContext(null))
      )
      .catch(reason => {
        const text = errorText(trans, toAutopilotError(reason));
        notify(trans, 'warning', text.nextStep, {
          title: text.title,
          autoClose: false
        });
      });
  }
};
