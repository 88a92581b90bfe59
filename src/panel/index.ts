/**
 * The panel's code, loaded on first use: the workflow's models, the views,
 * and what the commands do. `src/plugins/panelPlugin.ts` imports it with
 * `import()`, so webpack keeps it out of JupyterLab's start-up.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { IStateDB } from '@jupyterlab/statedb';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { SidePanel } from '@jupyterlab/ui-components';
import type { IAutopilotContextModel } from '../tokens';
import { CommandIDs, PANEL_ID } from '../tokens';
import { AutopilotServerApi } from '../workflow/serverApi';
import { WorkflowModel } from '../workflow/workflowModel';
import { confirmCleanup } from './cleanupDialog';
import { dialogConsent } from './consentDialogs';
import {
  IDatasetCommandContext,
  splitDataset,
  uploadDataset,
  useDataset
} from './datasetCommands';
import {
  attachJob,
  createJob,
  IJobCommandContext,
  jobStatus,
  stopJob
} from './jobCommands';
import {
  cleanup,
  IDeployCommandContext,
  listEndpoints,
  planCleanup,
  testEndpoint
} from './deployCommands';
import {
  createDeploySteps,
  IDeploySteps,
  lookForEndpointAfterTuning
} from './deploySteps';
import { remindOfEndpoints } from './endpointReminder';
import { notifyJobEnd } from './jobNotifier';
import { createJobSteps, IJobSteps } from './jobSteps';
import {
  fetchNotebooks,
  INotebooksCommandContext,
  trimCandidatesCommand
} from './notebooksCommands';
import { holdKernelOf } from './openNotebook';
import { buildPanelViews } from './panelViews';
import { readPanelSettings } from './panelSettings';
import { ProgressNotifier } from './progressNotifier';
import { exportChart, IChartCommandContext, openChart } from './chartCommands';
import {
  exportLeaderboard,
  ILeaderboardCommandContext,
  openLeaderboard
} from './leaderboardCommands';
import {
  ITuningCommandContext,
  showTuning,
  stopTuning
} from './tuningCommands';
import { createTuningSteps, ITuningSteps } from './tuningSteps';
import '../../style/panel.css';
import '../../style/jobSteps.css';
import '../../style/tuning.css';
import '../../style/deploySteps.css';

export interface IPanelModuleOptions {
  app: JupyterFrontEnd;
  panel: SidePanel;
  trans: TranslationBundle;
  context: IAutopilotContextModel;
  state: IStateDB | null;
  fileBrowser: IDefaultFileBrowser | null;
  settings: () => ISettingRegistry.ISettings | null;
  rendermime: IRenderMimeRegistry | null;
  notebooks: INotebookTracker | null;
}

/** What the start-up code gets once this chunk is loaded. */
export interface IPanelModule {
  readonly workflow: WorkflowModel;
  /** The job and notebooks steps. */
  readonly steps: IJobSteps;
  /** The tuning step. */
  readonly tuning: ITuningSteps;
  /** The deployment and clean-up steps. */
  readonly deploySteps: IDeploySteps;
  /** Reminds of the workflow's endpoints still in service (at start-up). */
  remind(): Promise<void>;
  /** Builds the panel's views (once). */
  showViews(): void;
  /** Runs one of the panel's commands. */
  execute(id: string, args: Record<string, any>): Promise<unknown>;
}

export async function createPanelModule(
  options: IPanelModuleOptions
): Promise<IPanelModule> {
  const { app, trans } = options;
  const api = new AutopilotServerApi(app.serviceManager.serverSettings);
  const workflow = new WorkflowModel({
    api,
    context: options.context,
    state: options.state
  });
  const steps = createJobSteps({
    app,
    api,
    workflow,
    context: options.context,
    state: options.state,
    trans
  });
  const execute = (id: string, args: Record<string, unknown> = {}) =>
    app.commands.execute(id, args as any);
  const deploySteps = createDeploySteps({
    api,
    workflow,
    steps,
    trans,
    askConfirmation: items =>
      confirmCleanup(trans, items, options.context.context?.sandbox === true)
  });
  const deployContext: IDeployCommandContext = {
    workflow,
    deploySteps,
    api,
    trans
  };
  notifyJobEnd(steps.job, trans, execute);
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
  const jobContext: IJobCommandContext = {
    workflow,
    steps,
    context: options.context,
    trans,
    openPanel: commandContext.openPanel
  };
  const notebooksContext: INotebooksCommandContext = {
    workflow,
    steps,
    trans,
    open: steps.openNotebook,
    opened: path => holdKernelOf(app, path)
  };
  const tuning = createTuningSteps({
    workflow,
    steps,
    contents: app.serviceManager.contents,
    trans
  });
  lookForEndpointAfterTuning(tuning.tuning, deploySteps.deploy);
  const tuningContext: ITuningCommandContext = {
    tuning,
    trans,
    openPanel: commandContext.openPanel
  };
  const leaderboardContext: ILeaderboardCommandContext = {
    ...tuningContext,
    shell: app.shell,
    contents: app.serviceManager.contents
  };
  const chartContext: IChartCommandContext = {
    ...leaderboardContext,
    rendermime: options.rendermime,
    notebooks: options.notebooks
  };
  await workflow.restored;
  // The region first: the job's AWS calls are signed for it.
  await options.context.ensure();
  await steps.job.restore();
  let built = false;
  return {
    workflow,
    steps,
    tuning,
    deploySteps,
    remind: () =>
      remindOfEndpoints(deploySteps.deploy, steps.job, trans, execute),
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
        execute,
        settings,
        steps,
        tuning,
        deploySteps
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
        case CommandIDs.createJob:
          return createJob(jobContext, args);
        case CommandIDs.attachJob:
          return attachJob(jobContext, args);
        case CommandIDs.stopJob:
          return stopJob(jobContext, args);
        case CommandIDs.jobStatus:
          return jobStatus(jobContext);
        case CommandIDs.fetchNotebooks:
          return fetchNotebooks(notebooksContext, args);
        case CommandIDs.trimCandidates:
          return trimCandidatesCommand(notebooksContext, args);
        case CommandIDs.showTuning:
          return showTuning(tuningContext, args);
        case CommandIDs.stopTuning:
          return stopTuning(tuningContext, args);
        case CommandIDs.openLeaderboard:
          return openLeaderboard(leaderboardContext, args);
        case CommandIDs.exportLeaderboard:
          return exportLeaderboard(leaderboardContext, args);
        case CommandIDs.openChart:
          return openChart(chartContext, args);
        case CommandIDs.exportChart:
          return exportChart(chartContext, args);
        case CommandIDs.listEndpoints:
          return listEndpoints(deployContext);
        case CommandIDs.testEndpoint:
          return testEndpoint(deployContext, args);
        case CommandIDs.planCleanup:
          return planCleanup(deployContext);
        case CommandIDs.cleanup:
          return cleanup(deployContext, args);
        default:
          return Promise.reject(new Error(`unknown command ${id}`));
      }
    }
  };
}
