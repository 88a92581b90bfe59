/**
 * The Autopilot job calls of the Job step, as plain functions over plain
 * data: callers never see an SDK type, so the models that use them load the
 * SDK lazily (through `loadAws()`) and fake this layer in tests.
 *
 * Errors are the SDK's (or the proxy handler's); pass them to
 * `toAutopilotError` for the user.
 */
import {
  CreateAutoMLJobV2Command,
  DescribeAutoMLJobCommand,
  DescribeAutoMLJobV2Command,
  ListAutoMLJobsCommand,
  StopAutoMLJobCommand,
  type AutoMLJobSummary,
  type DescribeAutoMLJobResponse,
  type DescribeAutoMLJobV2Response
} from '@aws-sdk/client-sagemaker';

import { sageMakerClientFor } from './clientCache';
import type { IAwsClientOptions } from './clients';

export type ProblemType =
  'BinaryClassification' | 'MulticlassClassification' | 'Regression';

/**
 * How Autopilot trains: `HYPERPARAMETER_TUNING` makes the candidate
 * definition notebook; `ENSEMBLING` does not, and `AUTO` picks ensembling for
 * datasets under 100 MB.
 */
export type TrainingMode = 'HYPERPARAMETER_TUNING' | 'AUTO' | 'ENSEMBLING';

export type JobStatus =
  'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

/**
 * What `createPilotJob` sends.
 */
export interface ICreateJobRequest {
  /** The job's name, 1–32 of `[a-zA-Z0-9-]`. */
  name: string;
  /** `s3://…` of the training data (a CSV with a header row). */
  trainUri: string;
  /** `s3://…` of the validation data; without it Autopilot splits the training data. */
  validationUri?: string | null;
  /** `s3://…` where Autopilot writes its artifacts. */
  outputUri: string;
  /** The column to predict. */
  target: string;
  /** Left to Autopilot when undefined. */
  problemType?: ProblemType;
  /** The objective metric, valid for the problem type (see `jobForm.ts`). */
  metric?: string;
  /** The role Autopilot runs as. */
  roleArn: string;
  /**
   * `pilot`: candidate definitions only (the notebooks, nothing trained);
   * `complete`: Autopilot trains up to `maxCandidates` candidates.
   */
  run: 'pilot' | 'complete';
  /** Sent explicitly; default `HYPERPARAMETER_TUNING`. */
  trainingMode?: TrainingMode;
  /** `complete` only. */
  maxCandidates?: number;
  /** `complete` only: the whole job's runtime limit. */
  maxRuntimeSeconds?: number;
  /** Tags of the job, e.g. the workflow's tag. */
  tags?: Record<string, string>;
}

export interface ICreatedJob {
  name: string;
  arn: string;
}

/**
 * One row of the recent jobs list (V1 and V2 jobs alike). Times are
 * milliseconds since the epoch.
 */
export interface IJobSummary {
  name: string;
  arn: string;
  status: JobStatus;
  secondaryStatus: string;
  creationTime: number;
  lastModifiedTime: number;
  endTime: number | null;
  failureReason: string | null;
}

/**
 * A job as the Job step shows it.
 */
export interface IJobDescription extends IJobSummary {
  /** Which API made the job: V2 (`CreateAutoMLJobV2`) or V1. */
  apiVersion: 'v1' | 'v2';
  partialFailureReasons: string[];
  /** `s3://…` of the generated notebooks, once Autopilot wrote them. */
  candidateNotebook: string | null;
  explorationNotebook: string | null;
  target: string | null;
  /** What the user asked for, else what Autopilot resolved. */
  problemType: string | null;
  metric: string | null;
  outputUri: string | null;
  roleArn: string | null;
  bestCandidate: string | null;
}

/** The workflow's tag key and value, as AWS's tag list. */
function tagList(tags: Record<string, string> | undefined) {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

function channel(
  channelType: 'training' | 'validation',
  uri: string
): {
  ChannelType: 'training' | 'validation';
  ContentType: string;
  DataSource: { S3DataSource: { S3DataType: 'S3Prefix'; S3Uri: string } };
} {
  return {
    ChannelType: channelType,
    ContentType: 'text/csv;header=present',
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: uri } }
  };
}

/**
 * `CreateAutoMLJobV2` for a tabular job. A pilot asks for candidate
 * definitions only, with the training mode sent explicitly: left to `AUTO`,
 * Autopilot ensembles small datasets and writes no candidate notebook.
 */
export async function createPilotJob(
  options: IAwsClientOptions,
  request: ICreateJobRequest
): Promise<ICreatedJob> {
  const pilot = request.run === 'pilot';
  const channels = [channel('training', request.trainUri)];
  if (request.validationUri) {
    channels.push(channel('validation', request.validationUri));
  }
  const completion: Record<string, number> = {};
  if (!pilot && request.maxCandidates !== undefined) {
    completion.MaxCandidates = request.maxCandidates;
  }
  if (!pilot && request.maxRuntimeSeconds !== undefined) {
    completion.MaxAutoMLJobRuntimeInSeconds = request.maxRuntimeSeconds;
  }
  const answer = await sageMakerClientFor(options).send(
    new CreateAutoMLJobV2Command({
      AutoMLJobName: request.name,
      AutoMLJobInputDataConfig: channels,
      OutputDataConfig: { S3OutputPath: request.outputUri },
      AutoMLProblemTypeConfig: {
        TabularJobConfig: {
          TargetAttributeName: request.target,
          ProblemType: request.problemType,
          Mode: request.trainingMode ?? 'HYPERPARAMETER_TUNING',
          GenerateCandidateDefinitionsOnly: pilot,
          CompletionCriteria: Object.keys(completion).length
            ? completion
            : undefined
        }
      },
      AutoMLJobObjective: request.metric
        ? { MetricName: request.metric as any }
        : undefined,
      RoleArn: request.roleArn,
      Tags: tagList(request.tags)
    })
  );
  return { name: request.name, arn: answer.AutoMLJobArn ?? '' };
}

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e
    ? String((e as { name: unknown }).name)
    : '';
}

/** Whether an SDK error says the job does not exist. */
export function isJobNotFound(e: unknown): boolean {
  return errorName(e) === 'ResourceNotFound';
}

function time(value: Date | undefined): number | null {
  return value instanceof Date ? value.getTime() : null;
}

/** What both describe answers have alike. */
type DescribeCommon = Pick<
  DescribeAutoMLJobV2Response & DescribeAutoMLJobResponse,
  | 'AutoMLJobName'
  | 'AutoMLJobArn'
  | 'AutoMLJobStatus'
  | 'AutoMLJobSecondaryStatus'
  | 'CreationTime'
  | 'LastModifiedTime'
  | 'EndTime'
  | 'FailureReason'
  | 'PartialFailureReasons'
  | 'AutoMLJobArtifacts'
  | 'AutoMLJobObjective'
  | 'OutputDataConfig'
  | 'RoleArn'
  | 'BestCandidate'
>;

function fromDescription(
  d: DescribeCommon,
  apiVersion: 'v1' | 'v2',
  specific: Pick<IJobDescription, 'target' | 'problemType'> & {
    resolvedMetric: string | undefined;
  }
): IJobDescription {
  return {
    name: d.AutoMLJobName ?? '',
    arn: d.AutoMLJobArn ?? '',
    apiVersion,
    status: (d.AutoMLJobStatus ?? 'InProgress') as JobStatus,
    secondaryStatus: d.AutoMLJobSecondaryStatus ?? '',
    creationTime: time(d.CreationTime) ?? 0,
    lastModifiedTime: time(d.LastModifiedTime) ?? 0,
    endTime: time(d.EndTime),
    failureReason: d.FailureReason ?? null,
    partialFailureReasons: (d.PartialFailureReasons ?? []).map(
      r => r.PartialFailureMessage ?? ''
    ),
    candidateNotebook:
      d.AutoMLJobArtifacts?.CandidateDefinitionNotebookLocation ?? null,
    explorationNotebook:
      d.AutoMLJobArtifacts?.DataExplorationNotebookLocation ?? null,
    target: specific.target,
    problemType: specific.problemType,
    metric: d.AutoMLJobObjective?.MetricName ?? specific.resolvedMetric ?? null,
    outputUri: d.OutputDataConfig?.S3OutputPath ?? null,
    roleArn: d.RoleArn ?? null,
    bestCandidate: d.BestCandidate?.CandidateName ?? null
  };
}

function fromV2(d: DescribeAutoMLJobV2Response): IJobDescription {
  const tabular = d.AutoMLProblemTypeConfig?.TabularJobConfig;
  const resolved =
    d.ResolvedAttributes?.AutoMLProblemTypeResolvedAttributes
      ?.TabularResolvedAttributes;
  return fromDescription(d, 'v2', {
    target: tabular?.TargetAttributeName ?? null,
    problemType: tabular?.ProblemType ?? resolved?.ProblemType ?? null,
    resolvedMetric: d.ResolvedAttributes?.AutoMLJobObjective?.MetricName
  });
}

function fromV1(d: DescribeAutoMLJobResponse): IJobDescription {
  return fromDescription(d, 'v1', {
    target: d.InputDataConfig?.[0]?.TargetAttributeName ?? null,
    problemType: d.ProblemType ?? d.ResolvedAttributes?.ProblemType ?? null,
    resolvedMetric: d.ResolvedAttributes?.AutoMLJobObjective?.MetricName
  });
}

/**
 * `DescribeAutoMLJobV2`; for a job made with the V1 API, which the V2 call
 * may refuse, `DescribeAutoMLJob`. When both fail, the V2 error is thrown.
 */
export async function describeJob(
  options: IAwsClientOptions,
  name: string
): Promise<IJobDescription> {
  const sagemaker = sageMakerClientFor(options);
  try {
    return fromV2(
      await sagemaker.send(
        new DescribeAutoMLJobV2Command({ AutoMLJobName: name })
      )
    );
  } catch (v2Error) {
    const kind = errorName(v2Error);
    if (kind !== 'ValidationException' && kind !== 'ResourceNotFound') {
      throw v2Error;
    }
    try {
      return fromV1(
        await sagemaker.send(
          new DescribeAutoMLJobCommand({ AutoMLJobName: name })
        )
      );
    } catch {
      throw v2Error;
    }
  }
}

/**
 * The job called `name` as AWS compares names (without regard to case), or
 * null when there is none.
 */
export async function findJob(
  options: IAwsClientOptions,
  name: string
): Promise<IJobDescription | null> {
  try {
    return await describeJob(options, name);
  } catch (e) {
    if (isJobNotFound(e)) {
      return await findJobByListing(options, name);
    }
    throw e;
  }
}

/**
 * A second look through `ListAutoMLJobs`, for endpoints whose describe
 * compares names with case (AWS itself does not).
 */
async function findJobByListing(
  options: IAwsClientOptions,
  name: string
): Promise<IJobDescription | null> {
  const wanted = name.toLowerCase();
  const jobs = await listRecentJobs(options, {
    nameContains: name,
    maxJobs: 100
  });
  const match = jobs.find(job => job.name.toLowerCase() === wanted);
  return match ? describeJob(options, match.name) : null;
}

/**
 * Whether a job called `name` exists in the account and region, compared
 * without regard to case, as AWS does.
 */
export async function jobExists(
  options: IAwsClientOptions,
  name: string
): Promise<boolean> {
  return (await findJob(options, name)) !== null;
}

function fromSummary(s: AutoMLJobSummary): IJobSummary {
  return {
    name: s.AutoMLJobName ?? '',
    arn: s.AutoMLJobArn ?? '',
    status: (s.AutoMLJobStatus ?? 'InProgress') as JobStatus,
    secondaryStatus: s.AutoMLJobSecondaryStatus ?? '',
    creationTime: time(s.CreationTime) ?? 0,
    lastModifiedTime: time(s.LastModifiedTime) ?? 0,
    endTime: time(s.EndTime),
    failureReason: s.FailureReason ?? null
  };
}

export interface IListJobsOptions {
  /** At most this many jobs (default 20, newest first). */
  maxJobs?: number;
  /** Only jobs whose name contains this. */
  nameContains?: string;
}

/**
 * The account's AutoML jobs in this region, newest first. `ListAutoMLJobs`
 * lists jobs of both APIs.
 */
export async function listRecentJobs(
  options: IAwsClientOptions,
  list: IListJobsOptions = {}
): Promise<IJobSummary[]> {
  const maxJobs = list.maxJobs ?? 20;
  const sagemaker = sageMakerClientFor(options);
  const jobs: IJobSummary[] = [];
  let token: string | undefined;
  do {
    const page = await sagemaker.send(
      new ListAutoMLJobsCommand({
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: Math.min(100, maxJobs - jobs.length),
        NameContains: list.nameContains || undefined,
        NextToken: token
      })
    );
    jobs.push(...(page.AutoMLJobSummaries ?? []).map(fromSummary));
    token = page.NextToken;
  } while (token && jobs.length < maxJobs);
  return jobs.slice(0, maxJobs);
}

/**
 * `StopAutoMLJob`. The job then goes through `Stopping` to `Stopped`.
 */
export async function stopJob(
  options: IAwsClientOptions,
  name: string
): Promise<void> {
  await sageMakerClientFor(options).send(
    new StopAutoMLJobCommand({ AutoMLJobName: name })
  );
}
