/**
 * The Job and Notebooks steps' models made real and joined to the
 * workflow: AWS calls through the lazily loaded AWS layer (with the
 * server's region), the job's state in `IStateDB`, the notebooks fetched
 * by a server task, and the trim done by `autopilot:trim-to-copy`.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IStateDB } from '@jupyterlab/statedb';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IAwsClientOptions } from '../aws/clients';
import { loadAws } from '../aws/lazy';
import type { ITrimCommandResult } from '../notebook/commandContext';
import type { IAutopilotContextModel } from '../tokens';
import { CommandIDs } from '../tokens';
import type { ICellLike } from '../trim';
import { awsJobApi, stateDbJobStore } from '../workflow/jobApi';
import type { IJobFormContext } from '../workflow/jobForm';
import type { IJobStateStore, IPersistedJob } from '../workflow/jobStep';
import { JobStep } from '../workflow/jobStep';
import type { IFetchOutcome } from '../workflow/notebooksStep';
import { NotebooksStep } from '../workflow/notebooksStep';
import type { IAutopilotServerApi, TaskKind } from '../workflow/serverApi';
import { JOB_STATE_KEY } from '../workflow/stateKey';
import { followTask } from '../workflow/taskRunner';
import { openWithoutKernel } from './openNotebook';
import type { WorkflowModel } from '../workflow/workflowModel';

export interface IJobStepsOptions {
  app: JupyterFrontEnd;
  api: IAutopilotServerApi;
  workflow: WorkflowModel;
  context: IAutopilotContextModel;
  state: IStateDB | null;
  trans: TranslationBundle;
}

export interface IJobSteps {
  job: JobStep;
  notebooks: NotebooksStep;
  /** What the job form knows from the dataset step; null before an upload. */
  formContext(): IJobFormContext | null;
  /** The AWS layer's options for the server's region. */
  clientOptions(): IAwsClientOptions;
  /** Opens a fetched or trimmed notebook, its kernel not started. */
  openNotebook(path: string): Promise<void>;
}

export function createJobSteps(options: IJobStepsOptions): IJobSteps {
  const { app, context, workflow, trans } = options;
  const clientOptions = (): IAwsClientOptions => ({
    connection: app.serviceManager.serverSettings,
    region: context.context?.region ?? 'us-east-1'
  });
  const job = new JobStep({
    api: awsJobApi(clientOptions),
    store: options.state
      ? stateDbJobStore(options.state, JOB_STATE_KEY)
      : memoryStore()
  });
  const contents = app.serviceManager.contents;
  const notebooks = new NotebooksStep({
    trans,
    region: () => clientOptions().region,
    fetchNotebooks: async (params, onProgress, signal) => {
      // Not a dataset task: the dataset step resumes its own kinds only.
      const task = await options.api.startTask(
        'fetch-notebooks' as TaskKind,
        params as unknown as Record<string, unknown>
      );
      const end = await followTask(options.api, task, {
        signal,
        onProgress: progress => onProgress(progress.done, progress.total)
      });
      return end as unknown as IFetchOutcome;
    },
    readNotebook: async path => {
      const model = await contents.get(path, { content: true });
      return ((model.content as { cells?: ICellLike[] })?.cells ??
        []) as ICellLike[];
    },
    listQuotas: async () =>
      (await loadAws()).listQuotas(clientOptions(), 'sagemaker'),
    trimToCopy: args =>
      app.commands.execute(
        CommandIDs.trimToCopy,
        args as any
      ) as Promise<ITrimCommandResult>
  });
  forgetJobWithWorkflow(workflow, job);
  forgetNotebooksWithJob(job, notebooks);
  workflow.addStep('job', job);
  workflow.addStep('notebooks', notebooks);
  return {
    job,
    notebooks,
    clientOptions,
    openNotebook: path => openWithoutKernel(app, path),
    formContext: () => jobFormContext(workflow, context)
  };
}

/**
 * A new workflow (the header's New Workflow) starts without the last one's
 * job, unless that job still runs: it is followed to its end, then can be
 * forgotten with New Job. Nothing is deleted in AWS.
 */
export function forgetJobWithWorkflow(
  workflow: Pick<WorkflowModel, 'id' | 'changed'>,
  job: JobStep
): void {
  // Only the change from a workflow to none: attaching to a job before
  // any dataset (no id yet) must keep it.
  let previous = workflow.id;
  workflow.changed.connect(() => {
    const started = previous !== null && workflow.id === null;
    previous = workflow.id;
    if (!started) {
      return;
    }
    if (job.phase === 'ended') {
      void job.forgetEnded();
    } else if (job.phase !== 'idle' && job.phase !== 'watching') {
      void job.discard();
    }
  });
}

/**
 * Another job (attached, or a new one), or none: the Notebooks step no
 * longer shows the last job's notebooks. The files stay in the workspace.
 */
export function forgetNotebooksWithJob(
  job: Pick<JobStep, 'name' | 'changed'>,
  notebooks: Pick<NotebooksStep, 'jobName' | 'forget'>
): void {
  job.changed.connect(() => {
    if (notebooks.jobName !== null && job.name !== notebooks.jobName) {
      notebooks.forget();
    }
  });
}

/** The form's defaults from the dataset step and the AWS context. */
export function jobFormContext(
  workflow: Pick<WorkflowModel, 'id' | 'dataset'>,
  context: Pick<IAutopilotContextModel, 'context'>
): IJobFormContext | null {
  const { profile, split, upload, path } = workflow.dataset.state;
  if (!upload || !profile || !workflow.id) {
    return null;
  }
  const target = split?.target;
  const file = (path ?? profile.path).split('/').pop() ?? '';
  return {
    header: profile.header,
    trainUri: upload.train,
    validationUri: upload.validation || null,
    bucket: upload.bucket,
    prefix: upload.prefix,
    executionRoleArn: context.context?.executionRoleArn ?? null,
    datasetName: file.replace(/\.[^.]*$/, ''),
    workflowId: workflow.id,
    target,
    problemType: profile.suggestedTargets.find(t => t.name === target)
      ?.problemType,
    trainBytes: upload.trainBytes,
    region: context.context?.region
  };
}

/** Without a state database (tests, or JupyterLab without one): memory. */
function memoryStore(): IJobStateStore {
  let saved: IPersistedJob | null = null;
  return {
    load: async () => saved,
    save: async value => {
      saved = value;
    }
  };
}
