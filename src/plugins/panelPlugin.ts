import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { MessageLoop } from '@lumino/messaging';
import { autopilotIcon } from '../icons';
import { addPanelCommands } from '../panel/commandEntries';
import { translateSchemaText } from '../settingsText';
import type { IPanelModule } from '../panel/index';
import {
  IAutopilotContextModel,
  IAutopilotWorkflows,
  PANEL_ID,
  PANEL_PLUGIN_ID,
  TRANSLATION_DOMAIN
} from '../tokens';
import { JOB_STATE_KEY, WORKFLOW_STATE_KEY } from '../workflow/stateKey';

/**
 * The Autopilot sidebar, added as the table of contents adds its panel. At
 * start-up it is an empty side panel and command entries; its views and
 * models load on first use (the panel shown, or a command run), so
 * JupyterLab's start-up does not pay for them.
 */
export const panelPlugin: JupyterFrontEndPlugin<IAutopilotWorkflows> = {
  id: PANEL_PLUGIN_ID,
  description:
    'The Autopilot sidebar: one section per step of the workflow, from a dataset to clean-up.',
  autoStart: true,
  provides: IAutopilotWorkflows,
  requires: [IAutopilotContextModel],
  optional: [
    ITranslator,
    ILayoutRestorer,
    ISettingRegistry,
    IStateDB,
    ICommandPalette,
    IDefaultFileBrowser,
    IRenderMimeRegistry,
    INotebookTracker
  ],
  activate: (
    app: JupyterFrontEnd,
    context: IAutopilotContextModel,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    state: IStateDB | null,
    palette: ICommandPalette | null,
    fileBrowser: IDefaultFileBrowser | null,
    rendermime: IRenderMimeRegistry | null,
    notebooks: INotebookTracker | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);

    const panel = new SidePanel({ translator: translator ?? undefined });
    panel.id = PANEL_ID;
    panel.title.icon = autopilotIcon;
    panel.title.caption = trans.__('Autopilot');
    panel.addClass('jp-autopilot-Panel');
    panel.node.setAttribute('role', 'region');
    panel.node.setAttribute('aria-label', trans.__('Autopilot section'));

    let settings: ISettingRegistry.ISettings | null = null;
    let module: Promise<IPanelModule> | null = null;
    const load = (): Promise<IPanelModule> => {
      if (!module) {
        module = import(
          /* webpackChunkName: "autopilot-panel" */ '../panel/index'
        )
          .then(m =>
            m.createPanelModule({
              app,
              panel,
              trans,
              context,
              state,
              fileBrowser,
              rendermime,
              notebooks,
              settings: () => settings
            })
          )
          .catch(reason => {
            module = null;
            throw reason;
          });
      }
      return module;
    };

    // The views are built the first time the panel is shown.
    let shown = false;
    MessageLoop.installMessageHook(panel, (_, message) => {
      const showing =
        message.type === 'before-show' ||
        (message.type === 'after-attach' && panel.isVisible);
      if (showing && !shown) {
        shown = true;
        void load()
          .then(m => m.showViews())
          .catch(reason => {
            shown = false; // the next show tries again
            console.error(
              'jupyterlab-autopilot: cannot load the panel',
              reason
            );
          });
      }
      return true;
    });

    restorer?.add(panel, PANEL_ID);
    // Not awaited: activation must not wait for the settings registry.
    settingRegistry
      ?.load(PANEL_PLUGIN_ID)
      .then(loaded => {
        settings = loaded;
        translateSchemaText(loaded.schema, trans);
      })
      .catch(reason =>
        console.error('jupyterlab-autopilot: cannot load settings', reason)
      );
    app.shell.add(panel, 'left', { rank: 850, type: 'Autopilot' });

    addPanelCommands({
      commands: app.commands,
      trans,
      palette,
      openPanel: () => app.shell.activateById(PANEL_ID),
      load
    });

    // A reload during a server task or a job: follow it again without
    // waiting for a click, so its notification comes back. Nothing loads
    // otherwise.
    void app.restored
      .then(() =>
        Promise.all([
          state?.fetch(WORKFLOW_STATE_KEY),
          state?.fetch(JOB_STATE_KEY)
        ])
      )
      .then(([saved, job]) => {
        // A saved workflow may have endpoints billing by the hour: the
        // reminder asks AWS. Without one, start-up loads nothing.
        const remind = hasWorkflow(saved, job);
        if ((saved as any)?.dataset?.runningTask || isFollowed(job) || remind) {
          return load().then(m => (remind ? m.remind() : undefined));
        }
      })
      .catch(reason =>
        console.error(
          'jupyterlab-autopilot: cannot resume the workflow',
          reason
        )
      );

    return {
      current: () => load().then(m => m.workflow)
    };
  }
};

/** A workflow id or a job saved: the only case start-up loads the panel's code for the reminder. */
function hasWorkflow(saved: unknown, job: unknown): boolean {
  return (
    !!(saved as { id?: string } | undefined)?.id ||
    !!(job as { name?: string } | undefined)?.name
  );
}

/** A saved job still under way (being created, or not ended when saved). */
function isFollowed(saved: unknown): boolean {
  const job = saved as
    { phase?: string; timeline?: { status?: string }[] } | undefined;
  if (job?.phase === 'creating') {
    return true;
  }
  const last = job?.timeline?.[job.timeline.length - 1]?.status;
  return job?.phase === 'attached' && last === 'InProgress';
}
