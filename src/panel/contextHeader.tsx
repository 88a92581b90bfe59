import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { IAutopilotContextModel } from '../tokens';
import type { WorkflowModel } from '../workflow/workflowModel';

/**
 * The panel's header: where AWS calls go and which workflow this is. It
 * renders the context model; it fetches nothing of its own.
 */
export class ContextHeader extends ReactWidget {
  constructor(
    private readonly _context: IAutopilotContextModel,
    private readonly _workflow: WorkflowModel,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-autopilot-PanelHeader');
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    return (
      <UseSignal signal={this._context.changed}>
        {() => (
          <UseSignal signal={this._workflow.changed}>
            {() => {
              const context = this._context.context;
              const where = !context
                ? trans.__('AWS connection not known yet')
                : context.sandbox
                  ? trans.__('Local sandbox (simulated, nothing is billed)')
                  : trans.__(
                      'AWS account %1, %2',
                      context.account ?? '?',
                      context.region
                    );
              const id = this._workflow.id;
              return (
                <>
                  <h2 className="jp-autopilot-PanelTitle">
                    {trans.__('Autopilot')}
                  </h2>
                  <div className="jp-autopilot-PanelWhere">{where}</div>
                  <div className="jp-autopilot-PanelWorkflow">
                    {id
                      ? trans.__('Workflow %1', id)
                      : trans.__('Choose a dataset to start a workflow.')}
                    {id && (
                      <button
                        type="button"
                        className="jp-mod-styled jp-autopilot-NewWorkflow"
                        disabled={this._workflow.dataset.phase !== 'idle'}
                        onClick={() => this._workflow.startNew()}
                        title={trans.__(
                          'Start a new workflow; what this one created stays in AWS'
                        )}
                      >
                        {trans.__('New Workflow')}
                      </button>
                    )}
                  </div>
                </>
              );
            }}
          </UseSignal>
        )}
      </UseSignal>
    );
  }
}
