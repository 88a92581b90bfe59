/**
 * The panel's code, loaded on first use: the workflow's models, the views,
 * and what the commands do. `src/plugins/panelPlugin.ts` imports it with
 * `import()`, so webpack keeps it out of JupyterLab's start-up.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { IStateDB } from '@jupyterlab/statedb';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { SidePanel } from '@jupyterlab/ui-components';
import type { IAutopilotContextModel } from '../tokens';
import { CommandIDs, PANEL_ID } from '../tokens';
import { AutopilotServerApi } from '../workflow/serverApi';
import { WorkflowModel } from '../workflow/workflowModel';
import { dialogConsent } from './consentDialogs';
import {
  IDatasetCommandContext,
  splitDataset,
  uploadDataset,
  useDataset
} from './datasetCommands';
import { buildPanelViews } from './panelViews';
import { readPanelSettings } from './panelSettings';
import { ProgressNotifier } from './progressNotifier';
import '../../style/panel.css';

export interface IPanelModuleOptions {
  app: JupyterFrontEnd;
  panel: SidePanel;
  trans: TranslationBundle;
  context: IAutopilotContextModel;
  state: IStateDB | null;
  fileBrowser: IDefaultFileBrowser | null;
  settings: () => ISettingRegistry.ISettings | null;
}

/** What the start-up code gets once this chunk is loaded. */
export interface IPanelModule {
  readonly workflow: WorkflowModel;
  /** Builds the panel's views (once). */
  showViews(): void;
  /** Runs one of the panel's commands. */
  execute(id: string, args: Record<string, any>): Promise<unknown>;
}

export async function createPanelModule(
  options: IPanelModuleOptions
): Promise<IPanelModule> {
  const { app, trans } = options;
  const workflow = new WorkflowModel({
    api: new AutopilotServerApi(app.serviceManager.serverSettings),
    context: options.context,
    state: options.state
  });
  new ProgressNotifier(workflow.dataset, trans);
  const settings = () => readPanelSettings(options.settings());
  const commandContext: IDatasetCommandContext = {
    workflow,
    trans,
    fileBrowser: options.fileBrowser,
    consent: dialogConsent(trans),
    settings,
    openPanel: () => app.shell.activateById(PANEL_ID)
  };
  await workflow.restored;
  let built = false;
  return {
    workflow,
    showViews: () => {
      if (built) {
        return;
      }
      built = true;
      buildPanelViews({
        panel: options.panel,
        workflow,
        context: options.context,
        trans,
        contents: app.serviceManager.contents,
        execute: (id, args) => app.commands.execute(id, args as any),
        settings
      });
    },
    execute: (id, args) => {
      switch (id) {
        case CommandIDs.useDataset:
          return useDataset(commandContext, args);
        case CommandIDs.splitDataset:
          return splitDataset(commandContext, args);
        case CommandIDs.uploadDataset:
          return uploadDataset(commandContext, args);
        default:
          return Promise.reject(new Error(`unknown command ${id}`));
      }
    }
  };
}
