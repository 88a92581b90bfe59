/**
 * An AWS account in memory behind the `IDeploymentCalls` request layer, for
 * the Deployment and Clean-up models' tests: it keeps what exists, answers
 * describes as SageMaker would (null when gone), and injects failures
 * (throttling, access denied, in use) into chosen calls.
 */
import type {
  IDeploymentCalls,
  IEndpointConfigDescription,
  IEndpointDescription,
  IInvokeResult,
  IJobState,
  IModelDescription,
  JobKind
} from '../../aws/deployment';
import type { IWorkflowIdentity } from '../lineage';

type Tags = Record<string, string>;

/** An error shaped as the SDK throws them (read by `toAutopilotError`). */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status }
  });
}

export const throttling = (): Error =>
  awsError('ThrottlingException', 'Rate exceeded');
export const accessDenied = (action: string): Error =>
  awsError(
    'AccessDeniedException',
    `User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`
  );

export const TAG_KEY = 'jupyterlab-autopilot:workflow';

/** The workflow of the specs: its tag, its AutoML job's output and notebook base name. */
export const PREFIX = 's3://bucket/autopilot/wf1abc2def3g/output';
export const BASE = 'churn-pilot-notebook-run-01-02-03-04';
export const IDENTITY: IWorkflowIdentity = {
  tag: { key: TAG_KEY, value: 'wf1abc2def3g' },
  outputPrefix: PREFIX,
  notebookBaseNames: [BASE]
};

export class FakeAccount implements IDeploymentCalls {
  models = new Map<string, { model: IModelDescription; tags: Tags }>();
  configs = new Map<
    string,
    { config: IEndpointConfigDescription; tags: Tags }
  >();
  endpoints = new Map<string, { endpoint: IEndpointDescription; tags: Tags }>();
  jobs = new Map<string, { job: IJobState; tags: Tags }>();
  /** Every call, as `Operation name`. */
  log: string[] = [];
  /** Fails the next `times` calls of `operation` (on `name`, if given). */
  failures: Array<{
    operation: string;
    name?: string;
    error: () => Error;
    times: number;
  }> = [];
  invoke: (name: string, body: string) => IInvokeResult = () => ({
    body: '1\n',
    contentType: 'text/csv',
    status: 200,
    latencyMs: 12
  });

  addModel(
    name: string,
    dataUrls: Array<string | null>,
    tags: Tags = {}
  ): void {
    this.models.set(name, {
      model: {
        name,
        arn: `arn:aws:sagemaker:us-east-1:1:model/${name}`,
        creationTime: 1,
        containers: dataUrls.map(u => ({ image: 'img', modelDataUrl: u }))
      },
      tags
    });
  }

  addConfig(
    name: string,
    modelName: string,
    instanceType = 'ml.m5.large',
    tags: Tags = {}
  ): void {
    this.configs.set(name, {
      config: {
        name,
        arn: `arn:aws:sagemaker:us-east-1:1:endpoint-config/${name}`,
        creationTime: 1,
        variants: [
          { variantName: 'AllTraffic', modelName, instanceType, count: 1 }
        ]
      },
      tags
    });
  }

  addEndpoint(
    name: string,
    configName: string,
    status = 'InService',
    count = 1,
    tags: Tags = {}
  ): void {
    this.endpoints.set(name, {
      endpoint: {
        name,
        arn: `arn:aws:sagemaker:us-east-1:1:endpoint/${name}`,
        configName,
        status,
        failureReason: status === 'Failed' ? 'The image failed.' : null,
        creationTime: 1,
        lastModifiedTime: 2,
        variants: [{ variantName: 'AllTraffic', count }]
      },
      tags
    });
  }

  /**
   * A model of three containers, its config and endpoint, as the candidate
   * notebook's `PipelineModel.deploy` makes them (one name for all three).
   */
  addPipelineDeployment(
    name: string,
    artifactsPrefix: string,
    status = 'InService'
  ): void {
    this.addModel(name, [
      `${artifactsPrefix}/data-processor-models/dpp0/output/model.tar.gz`,
      `${artifactsPrefix}/tuning/xgb/output/model.tar.gz`,
      `${artifactsPrefix}/data-processor-models/dpp0/output/model.tar.gz`
    ]);
    this.addConfig(name, name, 'ml.m5.large');
    this.addEndpoint(name, name, status);
  }

  addJob(
    kind: JobKind,
    name: string,
    job: Partial<IJobState> = {},
    tags: Tags = {}
  ): void {
    this.jobs.set(`${kind}:${name}`, {
      job: {
        kind,
        name,
        arn: `arn:aws:sagemaker:us-east-1:1:${kind}-job/${name}`,
        creationTime: 1,
        status: 'InProgress',
        failureReason: null,
        outputs: [],
        parentArn: null,
        instanceType: kind === 'automl' ? null : 'ml.m5.xlarge',
        instanceCount: kind === 'automl' ? 0 : 1,
        ...job
      },
      tags
    });
  }

  private _call(operation: string, name = ''): void {
    this.log.push(`${operation} ${name}`.trim());
    const i = this.failures.findIndex(
      f => f.operation === operation && (!f.name || f.name === name)
    );
    if (i >= 0) {
      const failure = this.failures[i];
      if (--failure.times <= 0) {
        this.failures.splice(i, 1);
      }
      throw failure.error();
    }
  }

  private _tagsOf(arn: string): Tags {
    for (const store of [
      this.models,
      this.configs,
      this.endpoints,
      this.jobs
    ]) {
      for (const entry of store.values()) {
        const resource =
          'model' in entry
            ? entry.model
            : 'config' in entry
              ? entry.config
              : 'endpoint' in entry
                ? entry.endpoint
                : entry.job;
        if (resource.arn === arn) {
          return entry.tags;
        }
      }
    }
    throw awsError('ValidationException', `Could not find resource ${arn}`);
  }

  private static _notFound(what: string, name: string): Error {
    return awsError('ValidationException', `Could not find ${what} "${name}".`);
  }

  async listEndpoints() {
    this._call('ListEndpoints');
    return [...this.endpoints.values()].map(({ endpoint: e }) => ({
      name: e.name,
      arn: e.arn,
      creationTime: e.creationTime
    }));
  }
  async describeEndpoint(name: string) {
    this._call('DescribeEndpoint', name);
    const e = this.endpoints.get(name);
    return e ? { ...e.endpoint } : null;
  }
  async listEndpointConfigs() {
    this._call('ListEndpointConfigs');
    return [...this.configs.values()].map(({ config: c }) => ({
      name: c.name,
      arn: c.arn,
      creationTime: c.creationTime
    }));
  }
  async describeEndpointConfig(name: string) {
    this._call('DescribeEndpointConfig', name);
    const c = this.configs.get(name);
    return c ? { ...c.config } : null;
  }
  async listModels() {
    this._call('ListModels');
    return [...this.models.values()].map(({ model: m }) => ({
      name: m.name,
      arn: m.arn,
      creationTime: m.creationTime
    }));
  }
  async describeModel(name: string) {
    this._call('DescribeModel', name);
    const m = this.models.get(name);
    return m ? { ...m.model } : null;
  }
  async listTags(arn: string) {
    this._call('ListTags', arn);
    return { ...this._tagsOf(arn) };
  }
  async listRunningJobs(kind: Exclude<JobKind, 'automl'>) {
    this._call('ListRunningJobs', kind);
    return [...this.jobs.values()]
      .filter(j => j.job.kind === kind && j.job.status === 'InProgress')
      .map(j => j.job.name);
  }
  async describeJob(kind: JobKind, name: string) {
    this._call('DescribeJob', `${kind}:${name}`);
    const j = this.jobs.get(`${kind}:${name}`);
    return j ? { ...j.job } : null;
  }
  async stopJob(kind: JobKind, name: string) {
    this._call('StopJob', `${kind}:${name}`);
    const j = this.jobs.get(`${kind}:${name}`);
    if (!j) {
      throw awsError('ResourceNotFound', `Job ${name} not found.`);
    }
    if (j.job.status === 'InProgress') {
      j.job.status = 'Stopping';
    }
  }
  async deleteEndpoint(name: string) {
    this._call('DeleteEndpoint', name);
    const e = this.endpoints.get(name);
    if (!e) {
      throw FakeAccount._notFound('endpoint', name);
    }
    e.endpoint.status = 'Deleting';
  }
  async deleteEndpointConfig(name: string) {
    this._call('DeleteEndpointConfig', name);
    if (!this.configs.delete(name)) {
      throw FakeAccount._notFound('endpoint configuration', name);
    }
  }
  async deleteModel(name: string) {
    this._call('DeleteModel', name);
    if (!this.models.delete(name)) {
      throw FakeAccount._notFound('model', name);
    }
  }
  async invokeEndpoint(
    name: string,
    body: string,
    contentType: string,
    accept: string
  ) {
    this._call('InvokeEndpoint', name);
    return this.invoke(name, `${contentType}|${accept}|${body}`);
  }

  /** Endpoints that were `Deleting` are gone, jobs `Stopping` are `Stopped`. */
  settle(): void {
    for (const [name, e] of this.endpoints) {
      if (e.endpoint.status === 'Deleting') {
        this.endpoints.delete(name);
      }
    }
    for (const j of this.jobs.values()) {
      if (j.job.status === 'Stopping') {
        j.job.status = 'Stopped';
      }
    }
  }
}
