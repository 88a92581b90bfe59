/**
 * Finds, through the AWS calls, what the workflow made that still exists,
 * by the rules of `lineage.ts`. Models first, then the endpoint configs that
 * serve them, then the endpoints that run those configs; tuning jobs before
 * training jobs, so a tuning job's training jobs qualify by their parent.
 */
import type {
  IDeploymentCalls,
  IEndpointConfigDescription,
  IEndpointDescription,
  IJobState,
  IModelDescription,
  JobKind
} from '../aws/deployment';
import {
  qualifyEndpoint,
  qualifyEndpointConfig,
  qualifyJob,
  qualifyModel,
  type IWorkflowIdentity,
  type Qualification
} from './lineage';

export type Qualified<T> = T & { qualification: Qualification };

export interface IWorkflowEndpoint {
  endpoint: Qualified<IEndpointDescription>;
  /** `null` when the config is gone (deleted under a running endpoint). */
  config: IEndpointConfigDescription | null;
}

export interface IWorkflowResources {
  /** The workflow's AutoML job, if it still exists. */
  automlJob: IJobState | null;
  /** Tuning, training, processing and transform jobs still `InProgress`. */
  runningJobs: Array<Qualified<IJobState>>;
  endpoints: IWorkflowEndpoint[];
  endpointConfigs: Array<Qualified<IEndpointConfigDescription>>;
  models: Array<Qualified<IModelDescription>>;
}

/**
 * Describes every listed name (skipping those gone since the list) and keeps
 * those that qualify. Tags are asked only when lineage alone does not
 * qualify a resource: one call fewer per resource of the workflow.
 */
async function findQualified<T extends { arn: string }>(
  calls: IDeploymentCalls,
  names: string[],
  describe: (name: string) => Promise<T | null>,
  qualify: (
    resource: T,
    tags: Record<string, string> | null
  ) => Qualification | null
): Promise<Array<Qualified<T>>> {
  const found: Array<Qualified<T>> = [];
  for (const name of names) {
    const resource = await describe(name);
    if (!resource) {
      continue;
    }
    const q =
      qualify(resource, null) ??
      qualify(resource, await calls.listTags(resource.arn));
    if (q) {
      found.push({ ...resource, qualification: q });
    }
  }
  return found;
}

export async function findWorkflowModels(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity
): Promise<Array<Qualified<IModelDescription>>> {
  return findQualified(
    calls,
    (await calls.listModels()).map(m => m.name),
    name => calls.describeModel(name),
    (model, tags) => qualifyModel(identity, { ...model, tags })
  );
}

export async function findWorkflowEndpointConfigs(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity,
  modelNames: ReadonlySet<string>
): Promise<Array<Qualified<IEndpointConfigDescription>>> {
  return findQualified(
    calls,
    (await calls.listEndpointConfigs()).map(c => c.name),
    name => calls.describeEndpointConfig(name),
    (config, tags) =>
      qualifyEndpointConfig(identity, { ...config, tags }, modelNames)
  );
}

export async function findWorkflowEndpoints(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity,
  configs: ReadonlyArray<IEndpointConfigDescription>
): Promise<IWorkflowEndpoint[]> {
  const byName = new Map(configs.map(c => [c.name, c]));
  const configNames = new Set(byName.keys());
  const endpoints = await findQualified(
    calls,
    (await calls.listEndpoints()).map(e => e.name),
    name => calls.describeEndpoint(name),
    (endpoint, tags) =>
      qualifyEndpoint(identity, { ...endpoint, tags }, configNames)
  );
  const found: IWorkflowEndpoint[] = [];
  for (const endpoint of endpoints) {
    found.push({
      endpoint,
      config:
        byName.get(endpoint.configName) ??
        (await calls.describeEndpointConfig(endpoint.configName))
    });
  }
  return found;
}

/** Models, configs and endpoints of the workflow (what the Deployment step shows). */
export async function findWorkflowDeployment(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity
): Promise<
  Pick<IWorkflowResources, 'endpoints' | 'endpointConfigs' | 'models'>
> {
  const models = await findWorkflowModels(calls, identity);
  const endpointConfigs = await findWorkflowEndpointConfigs(
    calls,
    identity,
    new Set(models.map(m => m.name))
  );
  const endpoints = await findWorkflowEndpoints(
    calls,
    identity,
    endpointConfigs
  );
  return { endpoints, endpointConfigs, models };
}

const JOB_KINDS: Array<Exclude<JobKind, 'automl'>> = [
  'tuning',
  'training',
  'processing',
  'transform'
];

export async function findRunningWorkflowJobs(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity,
  automlJobArn: string | null
): Promise<Array<Qualified<IJobState>>> {
  const parents = new Set(automlJobArn ? [automlJobArn] : []);
  const found: Array<Qualified<IJobState>> = [];
  for (const kind of JOB_KINDS) {
    const jobs = await findQualified(
      calls,
      await calls.listRunningJobs(kind),
      name => calls.describeJob(kind, name),
      (job, tags) => qualifyJob(identity, { ...job, tags }, parents)
    );
    for (const job of jobs) {
      found.push(job);
      parents.add(job.arn);
    }
  }
  return found;
}

/** Everything the workflow made that still exists. */
export async function findWorkflowResources(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity,
  automlJobName: string | null
): Promise<IWorkflowResources> {
  const automlJob = automlJobName
    ? await calls.describeJob('automl', automlJobName)
    : null;
  const runningJobs = await findRunningWorkflowJobs(
    calls,
    identity,
    automlJob?.arn ?? null
  );
  return {
    automlJob,
    runningJobs,
    ...(await findWorkflowDeployment(calls, identity))
  };
}
