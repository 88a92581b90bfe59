import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { IAutopilotContext } from '../aws/serverContext';
import type { IAutopilotContextModel } from '../tokens';

/**
 * The status-bar item that says where Autopilot's AWS calls go: the local
 * sandbox (simulated, nothing billed), an AWS account, or nowhere yet. A
 * click runs the connection check. It renders the context model and keeps
 * no context of its own.
 */
export class AwsStatus extends Widget {
  constructor(
    private readonly _trans: TranslationBundle,
    model: IAutopilotContextModel,
    onClick: () => void
  ) {
    super({ node: document.createElement('button') });
    this.addClass('jp-autopilot-AwsStatus');
    this.node.setAttribute('type', 'button');
    this.node.addEventListener('click', onClick);
    this._render(model.context);
    model.changed.connect((_, context) => this._render(context), this);
  }

  /** Shows the context, or a failure to get it (null). */
  private _render(context: IAutopilotContext | null): void {
    const trans = this._trans;
    let text: string;
    let title: string;
    let mode: 'sandbox' | 'aws' | 'problem';
    if (!context) {
      text = trans.__('Autopilot: AWS unknown');
      title = trans.__(
        'The AWS connection is not known yet. Click to check it.'
      );
      mode = 'problem';
    } else if (context.credentialsError) {
      text = trans.__('Autopilot: no AWS credentials');
      title = context.credentialsError.message;
      mode = 'problem';
    } else if (context.sandbox) {
      text = trans.__('Autopilot: local sandbox (simulated)');
      title = trans.__(
        'AWS calls go to a local simulation (moto and an Autopilot simulator): nothing is billed, and jobs, notebooks and endpoints are simulated. Click to check the connection.'
      );
      mode = 'sandbox';
    } else {
      text = trans.__('Autopilot: AWS %1', context.region);
      title = trans.__(
        'AWS calls are signed by the Jupyter server as %1 and billed to account %2. Click to check the connection.',
        context.callerArn ?? '?',
        context.account ?? '?'
      );
      mode = 'aws';
    }
    this.node.textContent = text;
    this.node.title = title;
    this.node.setAttribute('aria-label', `${text}. ${title}`);
    this.node.dataset.mode = mode;
  }
}
