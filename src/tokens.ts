/**
 * Identifiers shared by the extension's plugins, and the tokens other
 * extensions may use.
 */
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { IAutopilotContext } from './aws/serverContext';
import type { IWorkflowModel } from './workflow/workflowModel';

/** The translation domain of the extension's own catalogs. */
export const TRANSLATION_DOMAIN = 'jupyterlab_autopilot';

/** The id of the plugin that owns the settings in `schema/plugin.json`. */
export const TRIM_PLUGIN_ID = 'jupyterlab-autopilot:plugin';

/** The id of the sidebar's plugin, which owns the settings in `schema/panel.json`. */
export const PANEL_PLUGIN_ID = 'jupyterlab-autopilot:panel';

/** The id of the left-sidebar widget. */
export const PANEL_ID = 'autopilot-panel';

export namespace CommandIDs {
  /** Trim the active (or a given) notebook in place, in one undoable step. */
  export const trimNotebook = 'autopilot:trim-notebook';
  /** Open a notebook file from the file browser, then trim it in place. */
  export const trimFile = 'autopilot:trim-file';
  /** Write `<name>-trimmed.ipynb` beside the source, then open it. */
  export const trimToCopy = 'autopilot:trim-to-copy';
  /** Check the server extension, its credentials, SageMaker and S3 end to end. */
  export const checkConnection = 'autopilot:check-connection';
  /** Show the Autopilot sidebar. */
  export const openPanel = 'autopilot:open-panel';
  /** Profile a CSV/TXT file of the workspace as the workflow's dataset. */
  export const useDataset = 'autopilot:use-dataset';
  /** Decide the profiled dataset's train and validation rows on the server. */
  export const splitDataset = 'autopilot:split-dataset';
  /** Upload the split to S3, tagged with the workflow. */
  export const uploadDataset = 'autopilot:upload-dataset';
  /** Create a pilot (or complete) Autopilot job on the uploaded data. */
  export const createJob = 'autopilot:create-job';
  /** Follow an existing AutoML job instead of creating one. */
  export const attachJob = 'autopilot:attach-job';
  /** Stop the followed job, after asking. */
  export const stopJob = 'autopilot:stop-job';
  /** The followed job's status, secondary status and elapsed seconds. */
  export const jobStatus = 'autopilot:job-status';
  /** Copy the job's two notebooks into `<workspace>/<job>/` on the server. */
  export const fetchNotebooks = 'autopilot:fetch-notebooks';
  /** Trim the fetched candidate notebook to a copy, with quota-fitting values. */
  export const trimCandidates = 'autopilot:trim-candidates';
  /** Watch a tuning job: the named one, or the workflow's, by lineage. */
  export const showTuning = 'autopilot:show-tuning';
  /** Stop the watched tuning job (confirmed). */
  export const stopTuning = 'autopilot:stop-tuning';
  /** The watched tuning job's training jobs, in the main area. */
  export const openLeaderboard = 'autopilot:open-leaderboard';
  /** The leaderboard as CSV in the workspace (asks before replacing a file). */
  export const exportLeaderboard = 'autopilot:export-leaderboard';
  /** A trial chart in the main area, drawn by JupyterLab's Vega-Lite renderer. */
  export const openChart = 'autopilot:open-chart';
  /** The open chart as PNG, SVG, CSV or its Vega-Lite spec, in the workspace. */
  export const exportChart = 'autopilot:export-chart';
  /** The endpoints the workflow deployed, with status and estimated cost. */
  export const listEndpoints = 'autopilot:list-endpoints';
  /** Send one CSV row to one of the workflow's endpoints. */
  export const testEndpoint = 'autopilot:test-endpoint';
  /** What the clean-up would stop or delete, with costs. */
  export const planCleanup = 'autopilot:plan-cleanup';
  /** Stop and delete what the workflow made, after asking. */
  export const cleanup = 'autopilot:cleanup';
}

/**
 * The one owner of the server's AWS context: region, account, default
 * bucket, execution role, sandbox or not. The status bar, the connection
 * check and the panel read it here instead of each fetching its own.
 */
export interface IAutopilotContextModel {
  /** The last context fetched, or null before the first answer or after a failure. */
  readonly context: IAutopilotContext | null;
  /** Why the last fetch failed (an `AutopilotError` when the server answered), or null. */
  readonly error: Error | null;
  /** Emitted whenever `context` or `error` changes. */
  readonly changed: ISignal<IAutopilotContextModel, IAutopilotContext | null>;
  /** Fetches the context again; resolves with it, or null (see `error`). Never rejects. */
  refresh(): Promise<IAutopilotContext | null>;
  /** Resolves with the context, fetching it when none is known yet. */
  ensure(): Promise<IAutopilotContext | null>;
}

export const IAutopilotContextModel = new Token<IAutopilotContextModel>(
  'jupyterlab-autopilot:IAutopilotContextModel',
  'The AWS context of the Jupyter server (region, account, default bucket, execution role, sandbox or not), with a `changed` signal and `refresh()`. The status bar, the connection check and the Autopilot panel all read it from here.'
);

/**
 * The Autopilot workflow, loaded on first use.
 */
export interface IAutopilotWorkflows {
  /** The current workflow's model; loads its code on first call. */
  current(): Promise<IWorkflowModel>;
}

export const IAutopilotWorkflows = new Token<IAutopilotWorkflows>(
  'jupyterlab-autopilot:IAutopilotWorkflows',
  "The Autopilot workflow (its id, dataset, split and S3 locations, and the state of each step), loaded on first use so that JupyterLab's start-up does not pay for it."
);

export type { IWorkflowModel };
