/**
 * The Tuning step's AWS calls, as plain functions over plain data: callers
 * never see an SDK type, so the models that use them load the SDK lazily
 * (through `loadAws()`) and fake this layer in tests.
 *
 * Actions: ListHyperParameterTuningJobs, DescribeHyperParameterTuningJob,
 * ListTrainingJobsForHyperParameterTuningJob, DescribeTrainingJob, Search
 * (resource ExperimentTrialComponent) and StopHyperParameterTuningJob.
 * Errors are the SDK's; pass them to `toAutopilotError` for the user.
 */
import {
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  ListHyperParameterTuningJobsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  SearchCommand,
  StopHyperParameterTuningJobCommand,
  type HyperParameterTrainingJobDefinition,
  type HyperParameterTrainingJobSummary,
  type HyperParameterTuningJobSummary,
  type TrainingJobStatusCounters,
  type TrialComponent
} from '@aws-sdk/client-sagemaker';

import { sageMakerClientFor } from './clientCache';
import type { IAwsClientOptions } from './clients';

export type TuningJobStatus =
  | 'InProgress'
  | 'Completed'
  | 'Failed'
  | 'Stopping'
  | 'Stopped'
  | 'Deleting'
  | 'DeleteFailed';

export type TrainingJobStatus =
  'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

export type ObjectiveType = 'Maximize' | 'Minimize';

/** `TrainingJobStatusCounters`, every member present. */
export interface ITrainingJobCounters {
  completed: number;
  inProgress: number;
  stopped: number;
  retryableError: number;
  nonRetryableError: number;
}

export interface ITuningObjective {
  metricName: string;
  type: ObjectiveType;
}

/** One row of `ListHyperParameterTuningJobs`; times in ms since the epoch. */
export interface ITuningJobSummary {
  name: string;
  arn: string;
  status: TuningJobStatus;
  strategy: string;
  creationTime: number;
  lastModifiedTime: number;
  endTime: number | null;
  counters: ITrainingJobCounters;
  /** `ResourceLimits.MaxNumberOfTrainingJobs`; null when not set (Grid). */
  maxJobs: number | null;
  maxParallelJobs: number | null;
}

/**
 * What a training job definition says about where its data comes from and
 * goes, and what it tunes (the lineage reads the S3 paths).
 */
export interface ITrainingDefinition {
  /** `DefinitionName`; null for a single-definition tuning job. */
  name: string | null;
  objective: ITuningObjective | null;
  /** `OutputDataConfig.S3OutputPath`. */
  outputPath: string | null;
  /** The S3 URIs of the input channels, by channel name. */
  inputs: Array<{ channel: string; uri: string }>;
  /** The names of the hyperparameters it tunes. */
  tunedHyperParameters: string[];
  staticHyperParameters: Record<string, string>;
}

/** One training job of a tuning job (`HyperParameterTrainingJobSummary`). */
export interface ITrainingJobSummary {
  name: string;
  arn: string;
  /** `TrainingJobDefinitionName`: the algorithm's candidate, e.g. `dpp0-xgboost`. */
  definitionName: string | null;
  status: TrainingJobStatus;
  creationTime: number;
  startTime: number | null;
  endTime: number | null;
  tunedHyperParameters: Record<string, string>;
  /** The final objective value; null until the job completed. */
  objectiveValue: number | null;
  objectiveMetric: string | null;
  objectiveStatus: string | null;
  failureReason: string | null;
}

export interface ITuningJobDescription extends ITuningJobSummary {
  /** The single objective; for several definitions, the first one's. */
  objective: ITuningObjective | null;
  best: ITrainingJobSummary | null;
  definitions: ITrainingDefinition[];
  failureReason: string | null;
}

export interface IFinalMetric {
  name: string;
  value: number;
  timestamp: number | null;
}

/** What `DescribeTrainingJob` adds to a summary: final metrics and every hyperparameter. */
export interface ITrainingJobDetails {
  name: string;
  arn: string;
  status: TrainingJobStatus;
  secondaryStatus: string;
  hyperParameters: Record<string, string>;
  finalMetrics: IFinalMetric[];
  creationTime: number;
  startTime: number | null;
  endTime: number | null;
  trainingSeconds: number | null;
  billableSeconds: number | null;
  failureReason: string | null;
  tuningJobArn: string | null;
}

/** A metric of a trial component, with CloudWatch's summary statistics. */
export interface ITrialMetric {
  name: string;
  min: number | null;
  max: number | null;
  avg: number | null;
  last: number | null;
  count: number | null;
  stdDev: number | null;
  timestamp: number | null;
}

/** An `ExperimentTrialComponent` (SageMaker records one per training job). */
export interface ITrialComponent {
  name: string;
  displayName: string;
  /** The training job's ARN. */
  sourceArn: string;
  status: string;
  startTime: number | null;
  endTime: number | null;
  metrics: ITrialMetric[];
  parameters: Record<string, string | number>;
}

export interface IPage<T> {
  items: T[];
  nextToken: string | null;
}

function time(value: Date | undefined): number | null {
  return value instanceof Date ? value.getTime() : null;
}

function countersFrom(
  c: TrainingJobStatusCounters | undefined
): ITrainingJobCounters {
  return {
    completed: c?.Completed ?? 0,
    inProgress: c?.InProgress ?? 0,
    stopped: c?.Stopped ?? 0,
    retryableError: c?.RetryableError ?? 0,
    nonRetryableError: c?.NonRetryableError ?? 0
  };
}

function fromTuningSummary(
  s: HyperParameterTuningJobSummary
): ITuningJobSummary {
  return {
    name: s.HyperParameterTuningJobName ?? '',
    arn: s.HyperParameterTuningJobArn ?? '',
    status: (s.HyperParameterTuningJobStatus ??
      'InProgress') as TuningJobStatus,
    strategy: s.Strategy ?? '',
    creationTime: time(s.CreationTime) ?? 0,
    lastModifiedTime: time(s.LastModifiedTime) ?? 0,
    endTime: time(s.HyperParameterTuningEndTime),
    counters: countersFrom(s.TrainingJobStatusCounters),
    maxJobs: s.ResourceLimits?.MaxNumberOfTrainingJobs ?? null,
    maxParallelJobs: s.ResourceLimits?.MaxParallelTrainingJobs ?? null
  };
}

export interface IListTuningJobsOptions {
  /** Only jobs whose name contains this (AWS compares without case). */
  nameContains?: string;
  /** Only jobs created after this time (ms since the epoch). */
  createdAfter?: number;
  /** At most this many jobs, newest first (default 100). */
  maxJobs?: number;
}

/**
 * `ListHyperParameterTuningJobs`, newest first, paged until `maxJobs`.
 */
export async function listTuningJobs(
  options: IAwsClientOptions,
  list: IListTuningJobsOptions = {}
): Promise<ITuningJobSummary[]> {
  const maxJobs = list.maxJobs ?? 100;
  const sagemaker = sageMakerClientFor(options);
  const jobs: ITuningJobSummary[] = [];
  let token: string | undefined;
  do {
    const page = await sagemaker.send(
      new ListHyperParameterTuningJobsCommand({
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: Math.min(100, maxJobs - jobs.length),
        NameContains: list.nameContains || undefined,
        CreationTimeAfter:
          list.createdAfter !== undefined
            ? new Date(list.createdAfter)
            : undefined,
        NextToken: token
      })
    );
    jobs.push(
      ...(page.HyperParameterTuningJobSummaries ?? []).map(fromTuningSummary)
    );
    token = page.NextToken;
  } while (token && jobs.length < maxJobs);
  return jobs.slice(0, maxJobs);
}

function objectiveFrom(
  o: { MetricName?: string; Type?: string } | undefined
): ITuningObjective | null {
  return o?.MetricName
    ? {
        metricName: o.MetricName,
        type: (o.Type ?? 'Maximize') as ObjectiveType
      }
    : null;
}

function definitionFrom(
  d: HyperParameterTrainingJobDefinition,
  sharedObjective: ITuningObjective | null,
  sharedRanges: HyperParameterTrainingJobDefinition['HyperParameterRanges']
): ITrainingDefinition {
  const ranges = d.HyperParameterRanges ?? sharedRanges ?? {};
  const tuned = [
    ...(ranges.IntegerParameterRanges ?? []),
    ...(ranges.ContinuousParameterRanges ?? []),
    ...(ranges.CategoricalParameterRanges ?? [])
  ].map(r => r.Name ?? '');
  return {
    name: d.DefinitionName ?? null,
    objective: objectiveFrom(d.TuningObjective) ?? sharedObjective,
    outputPath: d.OutputDataConfig?.S3OutputPath ?? null,
    inputs: (d.InputDataConfig ?? [])
      .map(c => ({
        channel: c.ChannelName ?? '',
        uri: c.DataSource?.S3DataSource?.S3Uri ?? ''
      }))
      .filter(c => c.uri !== ''),
    tunedHyperParameters: tuned.filter(name => name !== ''),
    staticHyperParameters: { ...(d.StaticHyperParameters ?? {}) }
  };
}

function fromTrainingSummary(
  s: HyperParameterTrainingJobSummary
): ITrainingJobSummary {
  const metric = s.FinalHyperParameterTuningJobObjectiveMetric;
  return {
    name: s.TrainingJobName ?? '',
    arn: s.TrainingJobArn ?? '',
    definitionName: s.TrainingJobDefinitionName ?? null,
    status: (s.TrainingJobStatus ?? 'InProgress') as TrainingJobStatus,
    creationTime: time(s.CreationTime) ?? 0,
    startTime: time(s.TrainingStartTime),
    endTime: time(s.TrainingEndTime),
    tunedHyperParameters: { ...(s.TunedHyperParameters ?? {}) },
    objectiveValue: metric?.Value ?? null,
    objectiveMetric: metric?.MetricName ?? null,
    objectiveStatus: s.ObjectiveStatus ?? null,
    failureReason: s.FailureReason ?? null
  };
}

/**
 * `DescribeHyperParameterTuningJob`: status, counters, objective, the best
 * training job, and the training definitions (single or several).
 */
export async function describeTuningJob(
  options: IAwsClientOptions,
  name: string
): Promise<ITuningJobDescription> {
  const d = await sageMakerClientFor(options).send(
    new DescribeHyperParameterTuningJobCommand({
      HyperParameterTuningJobName: name
    })
  );
  const config = d.HyperParameterTuningJobConfig;
  const sharedObjective = objectiveFrom(
    config?.HyperParameterTuningJobObjective
  );
  const definitions = (
    d.TrainingJobDefinitions ??
    (d.TrainingJobDefinition ? [d.TrainingJobDefinition] : [])
  ).map(def => definitionFrom(def, sharedObjective, config?.ParameterRanges));
  return {
    ...fromTuningSummary({
      ...d,
      Strategy: config?.Strategy,
      ResourceLimits: config?.ResourceLimits
    } as HyperParameterTuningJobSummary),
    objective: sharedObjective ?? definitions[0]?.objective ?? null,
    best: d.BestTrainingJob ? fromTrainingSummary(d.BestTrainingJob) : null,
    definitions,
    failureReason: d.FailureReason ?? null
  };
}

/**
 * One page (up to 100) of `ListTrainingJobsForHyperParameterTuningJob`, by
 * name, so that pages are stable while jobs are added.
 */
export async function listTrainingJobsPage(
  options: IAwsClientOptions,
  tuningJobName: string,
  nextToken: string | null = null
): Promise<IPage<ITrainingJobSummary>> {
  const page = await sageMakerClientFor(options).send(
    new ListTrainingJobsForHyperParameterTuningJobCommand({
      HyperParameterTuningJobName: tuningJobName,
      MaxResults: 100,
      SortBy: 'Name',
      SortOrder: 'Ascending',
      NextToken: nextToken ?? undefined
    })
  );
  return {
    items: (page.TrainingJobSummaries ?? []).map(fromTrainingSummary),
    nextToken: page.NextToken ?? null
  };
}

/** Every training job of a tuning job: all pages of `listTrainingJobsPage`. */
export async function listTrainingJobsForTuningJob(
  options: IAwsClientOptions,
  tuningJobName: string
): Promise<ITrainingJobSummary[]> {
  const jobs: ITrainingJobSummary[] = [];
  let token: string | null = null;
  do {
    const page: IPage<ITrainingJobSummary> = await listTrainingJobsPage(
      options,
      tuningJobName,
      token
    );
    jobs.push(...page.items);
    token = page.nextToken;
  } while (token);
  return jobs;
}

/** `DescribeTrainingJob`: final metrics, hyperparameters, times. */
export async function describeTrainingJob(
  options: IAwsClientOptions,
  name: string
): Promise<ITrainingJobDetails> {
  const d = await sageMakerClientFor(options).send(
    new DescribeTrainingJobCommand({ TrainingJobName: name })
  );
  return {
    name: d.TrainingJobName ?? name,
    arn: d.TrainingJobArn ?? '',
    status: (d.TrainingJobStatus ?? 'InProgress') as TrainingJobStatus,
    secondaryStatus: d.SecondaryStatus ?? '',
    hyperParameters: { ...(d.HyperParameters ?? {}) },
    finalMetrics: (d.FinalMetricDataList ?? []).map(m => ({
      name: m.MetricName ?? '',
      value: m.Value ?? NaN,
      timestamp: time(m.Timestamp)
    })),
    creationTime: time(d.CreationTime) ?? 0,
    startTime: time(d.TrainingStartTime),
    endTime: time(d.TrainingEndTime),
    trainingSeconds: d.TrainingTimeInSeconds ?? null,
    billableSeconds: d.BillableTimeInSeconds ?? null,
    failureReason: d.FailureReason ?? null,
    tuningJobArn: d.TuningJobArn ?? null
  };
}

/** The most trial components one `Search` page holds, and so one batch. */
export const SEARCH_PAGE_SIZE = 100;

// Search allows at most 20 filters per expression and 20 sub-expressions:
// 100 ARNs are 5 sub-expressions of 20 `Equals`, joined by `Or`.
const FILTERS_PER_EXPRESSION = 20;

/** A `Search` expression as plain data (what `sourceArnExpression` makes). */
export interface ISourceArnExpression {
  Operator: 'Or';
  Filters?: Array<{ Name: string; Operator: 'Equals'; Value: string }>;
  SubExpressions?: ISourceArnExpression[];
}

/** The search expression that matches the trial components of these training jobs. */
export function sourceArnExpression(
  sourceArns: string[]
): ISourceArnExpression {
  const groups: ISourceArnExpression[] = [];
  for (let i = 0; i < sourceArns.length; i += FILTERS_PER_EXPRESSION) {
    groups.push({
      Operator: 'Or',
      Filters: sourceArns.slice(i, i + FILTERS_PER_EXPRESSION).map(arn => ({
        Name: 'Source.SourceArn',
        Operator: 'Equals',
        Value: arn
      }))
    });
  }
  return groups.length === 1
    ? groups[0]
    : { Operator: 'Or', SubExpressions: groups };
}

function number(value: number | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

function fromTrialComponent(t: TrialComponent): ITrialComponent {
  const parameters: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(t.Parameters ?? {})) {
    parameters[key] = value.NumberValue ?? value.StringValue ?? '';
  }
  return {
    name: t.TrialComponentName ?? '',
    displayName: t.DisplayName ?? t.TrialComponentName ?? '',
    sourceArn: t.Source?.SourceArn ?? '',
    status: t.Status?.PrimaryStatus ?? '',
    startTime: time(t.StartTime),
    endTime: time(t.EndTime),
    metrics: (t.Metrics ?? []).map(m => ({
      name: m.MetricName ?? '',
      min: number(m.Min),
      max: number(m.Max),
      avg: number(m.Avg),
      last: number(m.Last),
      count: number(m.Count),
      stdDev: number(m.StdDev),
      timestamp: time(m.TimeStamp)
    })),
    parameters
  };
}

/**
 * One `Search` page of the trial components of up to 100 training jobs
 * (by their ARNs, SageMaker's `Source.SourceArn`).
 */
export async function searchTrialComponentsPage(
  options: IAwsClientOptions,
  sourceArns: string[],
  nextToken: string | null = null
): Promise<IPage<ITrialComponent>> {
  if (sourceArns.length > SEARCH_PAGE_SIZE) {
    throw new RangeError(
      `At most ${SEARCH_PAGE_SIZE} training jobs per Search page, not ${sourceArns.length}.`
    );
  }
  const page = await sageMakerClientFor(options).send(
    new SearchCommand({
      Resource: 'ExperimentTrialComponent',
      SearchExpression: sourceArnExpression(sourceArns),
      MaxResults: SEARCH_PAGE_SIZE,
      NextToken: nextToken ?? undefined
    })
  );
  return {
    items: (page.Results ?? [])
      .map(r => r.TrialComponent)
      .filter((t): t is TrialComponent => t !== undefined)
      .map(fromTrialComponent),
    nextToken: page.NextToken ?? null
  };
}

/**
 * The trial components of these training jobs: batches of 100 ARNs, every
 * page of each.
 */
export async function searchTrialComponents(
  options: IAwsClientOptions,
  sourceArns: string[]
): Promise<ITrialComponent[]> {
  const found: ITrialComponent[] = [];
  for (let i = 0; i < sourceArns.length; i += SEARCH_PAGE_SIZE) {
    const batch = sourceArns.slice(i, i + SEARCH_PAGE_SIZE);
    let token: string | null = null;
    do {
      const page: IPage<ITrialComponent> = await searchTrialComponentsPage(
        options,
        batch,
        token
      );
      found.push(...page.items);
      token = page.nextToken;
    } while (token);
  }
  return found;
}

/** `StopHyperParameterTuningJob`; it then goes through Stopping to Stopped. */
export async function stopTuningJob(
  options: IAwsClientOptions,
  name: string
): Promise<void> {
  await sageMakerClientFor(options).send(
    new StopHyperParameterTuningJobCommand({
      HyperParameterTuningJobName: name
    })
  );
}
