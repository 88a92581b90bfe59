import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { AwsStatus } from '../connection/awsStatus';
import { loadConnection } from '../connection/lazyConnection';
import {
  CommandIDs,
  IAutopilotContextModel,
  TRANSLATION_DOMAIN
} from '../tokens';
import { notify } from '../notify';
import { AutopilotContextModel } from '../workflow/contextModel';

/**
 * The link to AWS: a command that checks it end to end, a version handshake
 * with the server extension once JupyterLab has started, and a status-bar
 * item that says whether calls go to the local sandbox or to AWS. It owns
 * the AWS context model, which it provides to the panel and other extensions.
 */
export const connectionPlugin: JupyterFrontEndPlugin<IAutopilotContextModel> = {
  id: 'jupyterlab-autopilot:connection',
  description:
    'Checks the connection from JupyterLab to AWS, and provides the AWS context of the Jupyter server.',
  autoStart: true,
  provides: IAutopilotContextModel,
  optional: [ITranslator, ICommandPalette, IStatusBar],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);

    // The check and the handshake load after start-up, with their error texts.
    const contextModel = new AutopilotContextModel(() =>
      loadConnection().then(m => m.fetchContext())
    );
    const status = new AwsStatus(trans, contextModel, () => {
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
      execute: () =>
        loadConnection().then(m => m.checkConnection(trans, contextModel))
    });
    palette?.addItem({
      command: CommandIDs.checkConnection,
      category: trans.__('Autopilot')
    });

    // After start-up and not awaited: JupyterLab never waits for this.
    void app.restored
      .then(whenIdle)
      .then(() => loadConnection())
      .then(async m => {
        try {
          await m.checkServer();
        } catch (reason) {
          const text = m.errorText(trans, m.toAutopilotError(reason));
          notify(trans, 'warning', text.nextStep, {
            title: text.title,
            autoClose: false
          });
          return;
        }
        await contextModel.refresh();
      })
      .catch(reason =>
        console.error('jupyterlab-autopilot: cannot check the server', reason)
      );
    return contextModel;
  }
};

/**
 * Resolves when the browser is idle after start-up (at most 2 s later), so
 * the handshake's code is fetched once JupyterLab is drawn, not meanwhile.
 */
function whenIdle(): Promise<void> {
  return new Promise(resolve => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(() => resolve(), { timeout: 2000 });
    } else {
      setTimeout(resolve, 0);
    }
  });
}
