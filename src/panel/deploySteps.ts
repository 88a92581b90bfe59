/**
 * The Deployment and Clean-up steps' models made real and joined to the
 * workflow: AWS calls through the lazily loaded AWS layer (with the
 * server's region), the workflow's identity from its id and its AutoML job,
 * the S3 side and the test rows through the Jupyter server.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { awsDeploymentCalls } from '../workflow/deploymentApi';
import { CleanupSession } from '../workflow/cleanupSession';
import { CleanupStep, type IS3Cleanup } from '../workflow/cleanupStep';
import type { ICleanupItem } from '../workflow/cleanupPlan';
import { DeployStep } from '../workflow/deployStep';
import type { IWorkflowIdentity } from '../workflow/lineage';
import type { IDeploymentServerApi } from '../workflow/serverApi';
import type { TuningStep } from '../workflow/tuningStep';
import { WORKFLOW_TAG_KEY } from '../workflow/tags';
import type { WorkflowModel } from '../workflow/workflowModel';
import type { IJobSteps } from './jobSteps';

export interface IDeploySteps {
  deploy: DeployStep;
  cleanup: CleanupSession;
  /** The workflow's id, for the test rows (null before a dataset). */
  workflowId(): string | null;
}

export interface IDeployStepsOptions {
  api: IDeploymentServerApi;
  workflow: WorkflowModel;
  steps: IJobSteps;
  trans: TranslationBundle;
  /** The dialog naming each resource and its cost; false when cancelled. */
  askConfirmation: (items: ICleanupItem[]) => Promise<boolean>;
}

/** `s3://bucket/folder` → bucket and folder (a bucket alone has no folder). */
export function splitS3Uri(uri: string): { bucket: string; prefix: string } {
  const [bucket, ...rest] = uri.replace(/^s3:\/\//, '').split('/');
  return { bucket, prefix: rest.join('/') };
}

export function createDeploySteps(options: IDeployStepsOptions): IDeploySteps {
  const { api, workflow, steps, trans } = options;
  const calls = awsDeploymentCalls(steps.clientOptions);
  const identity = (): IWorkflowIdentity => ({
    // Without an id no resource can carry the tag: '' is never a workflow id.
    tag: { key: WORKFLOW_TAG_KEY, value: workflow.id ?? '' },
    outputPrefix: steps.job.job?.outputUri ?? null,
    // The candidate notebook's own job names are not known to the panel:
    // its models and endpoints qualify by their artifacts' S3 lineage.
    notebookBaseNames: []
  });
  const region = () => steps.clientOptions().region;
  const s3: IS3Cleanup = {
    summarize: async uri => {
      const { bucket, prefix } = splitS3Uri(uri);
      const { count, totalBytes } = await api.summarizeS3(bucket, prefix);
      return { prefix: uri, count, totalBytes };
    },
    deleteUnder: async uri => {
      const { bucket, prefix } = splitS3Uri(uri);
      const { remaining } = await api.deleteS3({
        bucket,
        prefix,
        workflowId: workflow.id ?? '',
        automlJobName: steps.job.name
      });
      return { remaining };
    }
  };
  const deploy = new DeployStep({
    calls,
    trans,
    workflow: () => ({ identity: identity(), region: region() })
  });
  const cleanupStep = new CleanupStep({
    calls,
    s3,
    trans,
    workflow: () => ({
      identity: identity(),
      automlJobName: steps.job.name,
      region: region()
    }),
    localFiles: async () => {
      const fetched = steps.notebooks.fetched;
      const trimmed = steps.notebooks.trimmed;
      return [
        ...(fetched ? [fetched.candidate, fetched.exploration] : []),
        ...(trimmed?.status === 'copied' ? [trimmed.path] : [])
      ];
    },
    askConfirmation: options.askConfirmation
  });
  const cleanup = new CleanupSession(cleanupStep);
  // Lineage starts at the job's output, known once the job is described
  // (after a reload, a moment after start-up): look again then.
  let output = identity().outputPrefix;
  steps.job.changed.connect(() => {
    const now = identity().outputPrefix;
    if (now !== output) {
      output = now;
      void deploy.refresh().catch(() => undefined);
    }
  });
  // The user comes to these steps after work in a notebook: they never take
  // the panel from the step that needs the user.
  workflow.addStep('deployment', deploy, { opens: false });
  workflow.addStep('cleanup', cleanup, { opens: false });
  return { deploy, cleanup, workflowId: () => workflow.id };
}

/**
 * The candidate notebook deploys its best candidate a few cells after its
 * tuning job: once the tuning job the panel follows has completed, the
 * Deployment step looks for that endpoint, so its section shows it without
 * being opened.
 */
export function lookForEndpointAfterTuning(
  tuning: TuningStep,
  deploy: DeployStep
): void {
  const check = () => {
    const job = tuning.job;
    if (tuning.phase === 'ended' && job?.status === 'Completed') {
      deploy.lookForEndpoints(job.endTime ?? job.lastModifiedTime);
    }
  };
  tuning.changed.connect(check);
  check();
}
