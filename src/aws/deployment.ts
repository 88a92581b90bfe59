/**
 * The Deployment and Clean-up steps' AWS calls, as plain functions over
 * plain data: callers never see an SDK type, so the models that use them load
 * the SDK lazily (through `loadAws()`) and fake this layer in tests.
 *
 * Actions, read: ListEndpoints, DescribeEndpoint, ListEndpointConfigs,
 * DescribeEndpointConfig, ListModels, DescribeModel, ListTags,
 * DescribeAutoMLJobV2, ListHyperParameterTuningJobs,
 * DescribeHyperParameterTuningJob, ListTrainingJobs, DescribeTrainingJob,
 * ListProcessingJobs, DescribeProcessingJob, ListTransformJobs,
 * DescribeTransformJob. Deploy: InvokeEndpoint (sagemaker-runtime).
 * Stop and delete: StopAutoMLJob, StopHyperParameterTuningJob,
 * StopTrainingJob, StopProcessingJob, StopTransformJob, DeleteEndpoint,
 * DeleteEndpointConfig, DeleteModel.
 *
 * Errors are the SDK's; pass them to `toAutopilotError` for the user. The
 * describes answer `null` for a resource that does not exist, which is how
 * the clean-up confirms a deletion.
 */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeAutoMLJobV2Command,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListHyperParameterTuningJobsCommand,
  ListModelsCommand,
  ListProcessingJobsCommand,
  ListTagsCommand,
  ListTrainingJobsCommand,
  ListTransformJobsCommand,
  StopAutoMLJobCommand,
  StopHyperParameterTuningJobCommand,
  StopProcessingJobCommand,
  StopTrainingJobCommand,
  StopTransformJobCommand,
  type ContainerDefinition,
  type SageMakerClient
} from '@aws-sdk/client-sagemaker';
import {
  InvokeEndpointCommand,
  type SageMakerRuntimeClient
} from '@aws-sdk/client-sagemaker-runtime';

import {
  createSageMakerClient,
  createSageMakerRuntimeClient,
  type IAwsClientOptions
} from './clients';
import { toAutopilotError } from './errors';

/** Times are milliseconds since the epoch, `null` when AWS gave none. */
export interface IResourceSummary {
  name: string;
  arn: string;
  creationTime: number | null;
}

/** The instance type is the endpoint config's (DescribeEndpoint has none). */
export interface IEndpointVariant {
  variantName: string;
  /** Instances running now (else the desired count). */
  count: number;
}

export interface IEndpointDescription extends IResourceSummary {
  configName: string;
  /** `Creating`, `InService`, `Updating`, `Failed`, `Deleting`, … */
  status: string;
  failureReason: string | null;
  lastModifiedTime: number | null;
  variants: IEndpointVariant[];
}

export interface IEndpointConfigDescription extends IResourceSummary {
  variants: Array<{
    variantName: string;
    modelName: string;
    /** `null` for a serverless variant. */
    instanceType: string | null;
    count: number;
  }>;
}

export interface IModelDescription extends IResourceSummary {
  /** Every container, the primary one included, in order. */
  containers: Array<{ image: string | null; modelDataUrl: string | null }>;
}

/** The job kinds the workflow may leave running. */
export type JobKind =
  'automl' | 'tuning' | 'training' | 'processing' | 'transform';

export interface IJobState extends IResourceSummary {
  kind: JobKind;
  /** `InProgress`, `Stopping`, `Completed`, `Failed`, `Stopped`. */
  status: string;
  failureReason: string | null;
  /** Every S3 URI the job writes to (lineage). */
  outputs: string[];
  /** For a training job run by a tuning job, that tuning job's ARN. */
  parentArn: string | null;
  instanceType: string | null;
  instanceCount: number;
}

export interface IInvokeResult {
  body: string;
  contentType: string | null;
  /** The HTTP status of the endpoint's answer. */
  status: number;
  /** From sending the request to the end of the answer. */
  latencyMs: number;
}

/**
 * The calls, on clients made once (a client holds its retry state).
 */
export interface IDeploymentCalls {
  listEndpoints(): Promise<IResourceSummary[]>;
  describeEndpoint(name: string): Promise<IEndpointDescription | null>;
  listEndpointConfigs(): Promise<IResourceSummary[]>;
  describeEndpointConfig(
    name: string
  ): Promise<IEndpointConfigDescription | null>;
  listModels(): Promise<IResourceSummary[]>;
  describeModel(name: string): Promise<IModelDescription | null>;
  listTags(arn: string): Promise<Record<string, string>>;
  /** Names of the jobs of this kind that are `InProgress` (not AutoML). */
  listRunningJobs(kind: Exclude<JobKind, 'automl'>): Promise<string[]>;
  describeJob(kind: JobKind, name: string): Promise<IJobState | null>;
  stopJob(kind: JobKind, name: string): Promise<void>;
  deleteEndpoint(name: string): Promise<void>;
  deleteEndpointConfig(name: string): Promise<void>;
  deleteModel(name: string): Promise<void>;
  invokeEndpoint(
    name: string,
    body: string,
    contentType: string,
    accept: string
  ): Promise<IInvokeResult>;
}

/** Pages a list call follows at most: the lists are of one account's resources. */
const MAX_PAGES = 20;

function ms(date: Date | undefined): number | null {
  return date ? date.getTime() : null;
}

async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (e) {
    if (toAutopilotError(e).kind === 'not-found') {
      return null;
    }
    throw e;
  }
}

async function allPages<T>(
  page: (token: string | undefined) => Promise<{
    items: T[];
    next: string | undefined;
  }>
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const { items, next } = await page(token);
    all.push(...items);
    if (!next) {
      break;
    }
    token = next;
  }
  return all;
}

function containersOf(
  primary: ContainerDefinition | undefined,
  containers: ContainerDefinition[] | undefined
): IModelDescription['containers'] {
  return [...(primary ? [primary] : []), ...(containers ?? [])].map(c => ({
    image: c.Image ?? null,
    modelDataUrl: c.ModelDataUrl ?? null
  }));
}

async function describeJobWith(
  sm: SageMakerClient,
  kind: JobKind,
  name: string
): Promise<IJobState> {
  switch (kind) {
    case 'automl': {
      const r = await sm.send(
        new DescribeAutoMLJobV2Command({ AutoMLJobName: name })
      );
      return {
        kind,
        name,
        arn: r.AutoMLJobArn ?? '',
        creationTime: ms(r.CreationTime),
        status: r.AutoMLJobStatus ?? '',
        failureReason: r.FailureReason ?? null,
        outputs: r.OutputDataConfig?.S3OutputPath
          ? [r.OutputDataConfig.S3OutputPath]
          : [],
        parentArn: null,
        // Autopilot bills through the jobs it runs, listed on their own.
        instanceType: null,
        instanceCount: 0
      };
    }
    case 'tuning': {
      const r = await sm.send(
        new DescribeHyperParameterTuningJobCommand({
          HyperParameterTuningJobName: name
        })
      );
      const definitions = [
        ...(r.TrainingJobDefinition ? [r.TrainingJobDefinition] : []),
        ...(r.TrainingJobDefinitions ?? [])
      ];
      const resources = definitions[0]?.ResourceConfig;
      return {
        kind,
        name,
        arn: r.HyperParameterTuningJobArn ?? '',
        creationTime: ms(r.CreationTime),
        status: r.HyperParameterTuningJobStatus ?? '',
        failureReason: r.FailureReason ?? null,
        outputs: definitions
          .map(d => d.OutputDataConfig?.S3OutputPath)
          .filter((u): u is string => !!u),
        parentArn: null,
        instanceType: resources?.InstanceType ?? null,
        // What runs at once: the parallel training jobs.
        instanceCount:
          (resources?.InstanceCount ?? 1) *
          (r.HyperParameterTuningJobConfig?.ResourceLimits
            ?.MaxParallelTrainingJobs ?? 1)
      };
    }
    case 'training': {
      const r = await sm.send(
        new DescribeTrainingJobCommand({ TrainingJobName: name })
      );
      return {
        kind,
        name,
        arn: r.TrainingJobArn ?? '',
        creationTime: ms(r.CreationTime),
        status: r.TrainingJobStatus ?? '',
        failureReason: r.FailureReason ?? null,
        outputs: [
          r.OutputDataConfig?.S3OutputPath,
          r.ModelArtifacts?.S3ModelArtifacts
        ].filter((u): u is string => !!u),
        parentArn: r.TuningJobArn ?? null,
        instanceType: r.ResourceConfig?.InstanceType ?? null,
        instanceCount: r.ResourceConfig?.InstanceCount ?? 1
      };
    }
    case 'processing': {
      const r = await sm.send(
        new DescribeProcessingJobCommand({ ProcessingJobName: name })
      );
      const cluster = r.ProcessingResources?.ClusterConfig;
      return {
        kind,
        name,
        arn: r.ProcessingJobArn ?? '',
        creationTime: ms(r.CreationTime),
        status: r.ProcessingJobStatus ?? '',
        failureReason: r.FailureReason ?? null,
        outputs: (r.ProcessingOutputConfig?.Outputs ?? [])
          .map(o => o.S3Output?.S3Uri)
          .filter((u): u is string => !!u),
        parentArn: null,
        instanceType: cluster?.InstanceType ?? null,
        instanceCount: cluster?.InstanceCount ?? 1
      };
    }
    case 'transform': {
      const r = await sm.send(
        new DescribeTransformJobCommand({ TransformJobName: name })
      );
      return {
        kind,
        name,
        arn: r.TransformJobArn ?? '',
        creationTime: ms(r.CreationTime),
        status: r.TransformJobStatus ?? '',
        failureReason: r.FailureReason ?? null,
        outputs: r.TransformOutput?.S3OutputPath
          ? [r.TransformOutput.S3OutputPath]
          : [],
        parentArn: null,
        instanceType: r.TransformResources?.InstanceType ?? null,
        instanceCount: r.TransformResources?.InstanceCount ?? 1
      };
    }
  }
}

async function listRunningJobsWith(
  sm: SageMakerClient,
  kind: Exclude<JobKind, 'automl'>
): Promise<string[]> {
  const StatusEquals = 'InProgress' as const;
  return allPages(async NextToken => {
    switch (kind) {
      case 'tuning': {
        const r = await sm.send(
          new ListHyperParameterTuningJobsCommand({ StatusEquals, NextToken })
        );
        return {
          items: (r.HyperParameterTuningJobSummaries ?? []).map(
            s => s.HyperParameterTuningJobName ?? ''
          ),
          next: r.NextToken
        };
      }
      case 'training': {
        const r = await sm.send(
          new ListTrainingJobsCommand({ StatusEquals, NextToken })
        );
        return {
          items: (r.TrainingJobSummaries ?? []).map(
            s => s.TrainingJobName ?? ''
          ),
          next: r.NextToken
        };
      }
      case 'processing': {
        const r = await sm.send(
          new ListProcessingJobsCommand({ StatusEquals, NextToken })
        );
        return {
          items: (r.ProcessingJobSummaries ?? []).map(
            s => s.ProcessingJobName ?? ''
          ),
          next: r.NextToken
        };
      }
      case 'transform': {
        const r = await sm.send(
          new ListTransformJobsCommand({ StatusEquals, NextToken })
        );
        return {
          items: (r.TransformJobSummaries ?? []).map(
            s => s.TransformJobName ?? ''
          ),
          next: r.NextToken
        };
      }
    }
  });
}

async function stopJobWith(
  sm: SageMakerClient,
  kind: JobKind,
  name: string
): Promise<void> {
  switch (kind) {
    case 'automl':
      await sm.send(new StopAutoMLJobCommand({ AutoMLJobName: name }));
      return;
    case 'tuning':
      await sm.send(
        new StopHyperParameterTuningJobCommand({
          HyperParameterTuningJobName: name
        })
      );
      return;
    case 'training':
      await sm.send(new StopTrainingJobCommand({ TrainingJobName: name }));
      return;
    case 'processing':
      await sm.send(new StopProcessingJobCommand({ ProcessingJobName: name }));
      return;
    case 'transform':
      await sm.send(new StopTransformJobCommand({ TransformJobName: name }));
      return;
  }
}

async function invokeWith(
  runtime: SageMakerRuntimeClient,
  now: () => number,
  name: string,
  body: string,
  contentType: string,
  accept: string
): Promise<IInvokeResult> {
  const start = now();
  const r = await runtime.send(
    new InvokeEndpointCommand({
      EndpointName: name,
      Body: new TextEncoder().encode(body),
      ContentType: contentType,
      Accept: accept
    })
  );
  const text = r.Body ? new TextDecoder().decode(r.Body) : '';
  return {
    body: text,
    contentType: r.ContentType ?? null,
    status: r.$metadata.httpStatusCode ?? 200,
    latencyMs: Math.max(0, Math.round(now() - start))
  };
}

/**
 * The calls over a SageMaker and a SageMaker Runtime client made from
 * `options`. `now` measures a test request's latency (tests pass a clock).
 */
export function deploymentCalls(
  options: IAwsClientOptions,
  now: () => number = () => performance.now()
): IDeploymentCalls {
  const sm = createSageMakerClient(options);
  let runtime: SageMakerRuntimeClient | null = null;
  return {
    listEndpoints: () =>
      allPages(async NextToken => {
        const r = await sm.send(new ListEndpointsCommand({ NextToken }));
        return {
          items: (r.Endpoints ?? []).map(e => ({
            name: e.EndpointName ?? '',
            arn: e.EndpointArn ?? '',
            creationTime: ms(e.CreationTime)
          })),
          next: r.NextToken
        };
      }),
    describeEndpoint: name =>
      orNull(
        sm
          .send(new DescribeEndpointCommand({ EndpointName: name }))
          .then(r => ({
            name: r.EndpointName ?? name,
            arn: r.EndpointArn ?? '',
            configName: r.EndpointConfigName ?? '',
            status: r.EndpointStatus ?? '',
            failureReason: r.FailureReason ?? null,
            creationTime: ms(r.CreationTime),
            lastModifiedTime: ms(r.LastModifiedTime),
            variants: (r.ProductionVariants ?? []).map(v => ({
              variantName: v.VariantName ?? '',
              count: v.CurrentInstanceCount ?? v.DesiredInstanceCount ?? 0
            }))
          }))
      ),
    listEndpointConfigs: () =>
      allPages(async NextToken => {
        const r = await sm.send(new ListEndpointConfigsCommand({ NextToken }));
        return {
          items: (r.EndpointConfigs ?? []).map(c => ({
            name: c.EndpointConfigName ?? '',
            arn: c.EndpointConfigArn ?? '',
            creationTime: ms(c.CreationTime)
          })),
          next: r.NextToken
        };
      }),
    describeEndpointConfig: name =>
      orNull(
        sm
          .send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }))
          .then(r => ({
            name: r.EndpointConfigName ?? name,
            arn: r.EndpointConfigArn ?? '',
            creationTime: ms(r.CreationTime),
            variants: (r.ProductionVariants ?? []).map(v => ({
              variantName: v.VariantName ?? '',
              modelName: v.ModelName ?? '',
              instanceType: v.InstanceType ?? null,
              count: v.InitialInstanceCount ?? 0
            }))
          }))
      ),
    listModels: () =>
      allPages(async NextToken => {
        const r = await sm.send(new ListModelsCommand({ NextToken }));
        return {
          items: (r.Models ?? []).map(m => ({
            name: m.ModelName ?? '',
            arn: m.ModelArn ?? '',
            creationTime: ms(m.CreationTime)
          })),
          next: r.NextToken
        };
      }),
    describeModel: name =>
      orNull(
        sm.send(new DescribeModelCommand({ ModelName: name })).then(r => ({
          name: r.ModelName ?? name,
          arn: r.ModelArn ?? '',
          creationTime: ms(r.CreationTime),
          containers: containersOf(r.PrimaryContainer, r.Containers)
        }))
      ),
    listTags: async arn => {
      const tags: Record<string, string> = {};
      const all = await allPages(async NextToken => {
        const r = await sm.send(
          new ListTagsCommand({ ResourceArn: arn, NextToken })
        );
        return { items: r.Tags ?? [], next: r.NextToken };
      });
      for (const t of all) {
        if (t.Key) {
          tags[t.Key] = t.Value ?? '';
        }
      }
      return tags;
    },
    listRunningJobs: kind => listRunningJobsWith(sm, kind),
    describeJob: (kind, name) => orNull(describeJobWith(sm, kind, name)),
    stopJob: (kind, name) => stopJobWith(sm, kind, name),
    deleteEndpoint: async name => {
      await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
    },
    deleteEndpointConfig: async name => {
      await sm.send(
        new DeleteEndpointConfigCommand({ EndpointConfigName: name })
      );
    },
    deleteModel: async name => {
      await sm.send(new DeleteModelCommand({ ModelName: name }));
    },
    invokeEndpoint: (name, body, contentType, accept) => {
      runtime ??= createSageMakerRuntimeClient(options);
      return invokeWith(runtime, now, name, body, contentType, accept);
    }
  };
}
