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
 * The tags of `arn`, asked only when lineage alone did not qualify the
 * resource (one call fewer per resource of the workflow).
 */
async function qualifyWithTags<T extends { arn: string }>(
  calls: IDeploymentCalls,
  resource: T,
  byLineage: (tags: Record<string, string> | null) => Qualification | null
): Promise<Qualification | null> {
  return byLineage(null) ?? byLineage(await calls.listTags(resource.arn));
}

/** Describes every listed name, skipping those gone since the list. */
async function describeAll<T>(
  names: string[],
  describe: (name: string) => Promise<T | null>
): Promise<T[]> {
  const found: T[] = [];
  for (const name of names) {
    const d = await describe(name);
    if (d) {
      found.push(d);
    }
  }
  return found;
}

export async function findWorkflowModels(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity
): Promise<Array<Qualified<IModelDescription>>> {
  const models = await describeAll(
    (await calls.listModels()).map(m => m.name),
    name => calls.describeModel(name)
  );
  const found: Array<Qualified<IModelDescription>> = [];
  for (const model of models) {
    const q = await qualifyWithTags(calls, model, tags =>
      qualifyModel(identity, { ...model, tags })
    );
    if (q) {
      found.push({ ...model, qualification: q });
    }
  }
  return found;
}

export async function findWorkflowEndpointConfigs(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity,
  modelNames: ReadonlySet<string>
): Promise<Array<Qualified<IEndpointConfigDescription>>> {
  const configs = await describeAll(
    (await calls.listEndpointConfigs()).map(c => c.name),
    name => calls.describeEndpointConfig(name)
  );
  const found: Array<Qualified<IEndpointConfigDescription>> = [];
  for (const config of configs) {
    const q = await qualifyWithTags(calls, config, tags =>
      qualifyEndpointConfig(identity, { ...config, tags }, modelNames)
    );
    if (q) {
      found.push({ ...config, qualification: q });
    }
  }
  return found;
}

export async function findWorkflowEndpoints(
  calls: IDeploymentCalls,
  identity: IWorkflowIdentity,
  configs: ReadonlyArray<IEndpointConfigDescription>
): Promise<IWorkflowEndpoint[]> {
  const byName = new Map(configs.map(c => [c.name, c]));
  const configNames = new Set(byName.keys());
  const endpoints = await describeAll(
    (await calls.listEndpoints()).map(e => e.name),
    name => calls.describeEndpoint(name)
  );
  const found: IWorkflowEndpoint[] = [];
  for (const endpoint of endpoints) {
    const q = await qualifyWithTags(calls, endpoint, tags =>
      qualifyEndpoint(identity, { ...endpoint, tags }, configNames)
    );
    if (q) {
      found.push({
        endpoint: { ...endpoint, qualification: q },
        config:
          byName.get(endpoint.configName) ??
          (await calls.describeEndpointConfig(endpoint.configName))
      });
    }
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
    const jobs = await describeAll(await calls.listRunningJobs(kind), name =>
      calls.describeJob(kind, name)
    );
    for (const job of jobs) {
      const q = await qualifyWithTags(calls, job, tags =>
        qualifyJob(identity, { ...job, tags }, parents)
      );
      if (q) {
        found.push({ ...job, qualification: q });
        parents.add(job.arn);
      }
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
