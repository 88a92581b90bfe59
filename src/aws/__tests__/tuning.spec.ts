/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The SDK's Node builds (CommonJS) run under jest; see clientErrors.spec.ts.
import type { IAwsClientOptions } from '../clients';
import { sageMakerClientFor } from '../clientCache';
import {
  describeTrainingJob,
  describeTuningJob,
  listTrainingJobsForTuningJob,
  listTuningJobs,
  searchTrialComponents,
  searchTrialComponentsPage,
  sourceArnExpression,
  stopTuningJob
} from '../tuning';
import {
  CONNECTION,
  fakeFetch,
  IFakeFetch,
  IRecordedCall,
  sagemakerJson
} from './fakeFetch';

function options(fetch: IFakeFetch): IAwsClientOptions {
  return {
    connection: CONNECTION,
    region: 'us-east-1',
    fetch,
    backoff: () => 1
  };
}

function target(call: IRecordedCall): string {
  return call.headers['x-amz-target'].replace('SageMaker.', '');
}

function body(call: IRecordedCall): any {
  return JSON.parse(new TextDecoder().decode(call.body as Uint8Array));
}

const T0 = 1_700_000_000; // JSON 1.1 timestamps are epoch seconds
const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:training-job/';

function definition(name: string, metric: string) {
  return {
    DefinitionName: name,
    TuningObjective: { MetricName: metric, Type: 'Maximize' },
    HyperParameterRanges: {
      IntegerParameterRanges: [
        { Name: 'max_depth', MinValue: '1', MaxValue: '10' }
      ],
      ContinuousParameterRanges: [
        { Name: 'eta', MinValue: '0.1', MaxValue: '0.5' }
      ]
    },
    StaticHyperParameters: { num_round: '100' },
    AlgorithmSpecification: { TrainingInputMode: 'File' },
    RoleArn: 'arn:aws:iam::123456789012:role/R',
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: `s3://b/wf/output/job/run/transformed-data/${name}/train`
          }
        }
      }
    ],
    OutputDataConfig: {
      S3OutputPath: 's3://b/wf/output/job/run/multi-algo-tuning'
    },
    ResourceConfig: {
      InstanceType: 'ml.m5.4xlarge',
      InstanceCount: 1,
      VolumeSizeInGB: 50
    },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 }
  };
}

function trainingSummary(i: number, status = 'Completed') {
  return {
    TrainingJobName: `tune-${i}`,
    TrainingJobArn: `${ARN}tune-${i}`,
    TrainingJobDefinitionName: i % 2 ? 'dpp1-linear-learner' : 'dpp0-xgboost',
    CreationTime: T0 + i,
    TrainingStartTime: T0 + i,
    TrainingEndTime: T0 + i + 15,
    TrainingJobStatus: status,
    TunedHyperParameters: { eta: '0.2' },
    FinalHyperParameterTuningJobObjectiveMetric: {
      Type: 'Maximize',
      MetricName: 'validation:f1',
      Value: 0.5 + i / 1000
    },
    ObjectiveStatus: 'Succeeded'
  };
}

describe('describeTuningJob', () => {
  it('gives plain data: counters, objective, best job, the definitions with their S3 paths', async () => {
    const fetch = fakeFetch(() =>
      sagemakerJson(200, {
        HyperParameterTuningJobName: 'automl-dm--notebook-251201-2000',
        HyperParameterTuningJobArn: 'arn:tuning',
        HyperParameterTuningJobStatus: 'InProgress',
        CreationTime: T0,
        LastModifiedTime: T0 + 30,
        HyperParameterTuningJobConfig: {
          Strategy: 'Bayesian',
          ResourceLimits: {
            MaxNumberOfTrainingJobs: 8,
            MaxParallelTrainingJobs: 4
          }
        },
        TrainingJobDefinitions: [
          definition('dpp0-xgboost', 'validation:f1'),
          definition('dpp1-linear-learner', 'validation:binary_f_beta')
        ],
        TrainingJobStatusCounters: { Completed: 3, InProgress: 4, Stopped: 1 },
        BestTrainingJob: trainingSummary(2)
      })
    );
    const job = await describeTuningJob(
      options(fetch),
      'automl-dm--notebook-251201-2000'
    );
    expect(target(fetch.calls[0])).toBe('DescribeHyperParameterTuningJob');
    expect(job).toMatchObject({
      status: 'InProgress',
      strategy: 'Bayesian',
      creationTime: T0 * 1000,
      endTime: null,
      maxJobs: 8,
      maxParallelJobs: 4,
      counters: {
        completed: 3,
        inProgress: 4,
        stopped: 1,
        retryableError: 0,
        nonRetryableError: 0
      },
      objective: { metricName: 'validation:f1', type: 'Maximize' },
      best: {
        name: 'tune-2',
        definitionName: 'dpp0-xgboost',
        objectiveValue: 0.502
      }
    });
    expect(job.definitions[1]).toEqual({
      name: 'dpp1-linear-learner',
      objective: { metricName: 'validation:binary_f_beta', type: 'Maximize' },
      outputPath: 's3://b/wf/output/job/run/multi-algo-tuning',
      inputs: [
        {
          channel: 'train',
          uri: 's3://b/wf/output/job/run/transformed-data/dpp1-linear-learner/train'
        }
      ],
      tunedHyperParameters: ['max_depth', 'eta'],
      staticHyperParameters: { num_round: '100' }
    });
  });

  it('reads a single definition with the shared objective and ranges', async () => {
    const single = definition('x', 'm') as any;
    delete single.DefinitionName;
    delete single.TuningObjective;
    const ranges = single.HyperParameterRanges;
    delete single.HyperParameterRanges;
    const fetch = fakeFetch(() =>
      sagemakerJson(200, {
        HyperParameterTuningJobName: 't',
        HyperParameterTuningJobStatus: 'Completed',
        HyperParameterTuningEndTime: T0 + 99,
        HyperParameterTuningJobConfig: {
          Strategy: 'Random',
          HyperParameterTuningJobObjective: {
            MetricName: 'validation:rmse',
            Type: 'Minimize'
          },
          ParameterRanges: ranges,
          ResourceLimits: {
            MaxNumberOfTrainingJobs: 2,
            MaxParallelTrainingJobs: 1
          }
        },
        TrainingJobDefinition: single
      })
    );
    const job = await describeTuningJob(options(fetch), 't');
    expect(job.objective).toEqual({
      metricName: 'validation:rmse',
      type: 'Minimize'
    });
    expect(job.endTime).toBe((T0 + 99) * 1000);
    expect(job.definitions).toHaveLength(1);
    expect(job.definitions[0]).toMatchObject({
      name: null,
      tunedHyperParameters: ['max_depth', 'eta']
    });
    expect(job.best).toBeNull();
  });
});

describe('listing', () => {
  it('lists tuning jobs newest first with the name and creation-time filters, paged', async () => {
    const fetch = fakeFetch(call =>
      sagemakerJson(200, {
        HyperParameterTuningJobSummaries: [
          {
            HyperParameterTuningJobName: body(call).NextToken ? 'b' : 'a',
            HyperParameterTuningJobStatus: 'InProgress',
            Strategy: 'Bayesian',
            CreationTime: T0,
            TrainingJobStatusCounters: { InProgress: 2 },
            ObjectiveStatusCounters: {}
          }
        ],
        NextToken: body(call).NextToken ? undefined : 'page-2'
      })
    );
    const jobs = await listTuningJobs(options(fetch), {
      nameContains: 'automl-dm--notebook-',
      createdAfter: T0 * 1000
    });
    expect(jobs.map(j => j.name)).toEqual(['a', 'b']);
    expect(jobs[0].counters.inProgress).toBe(2);
    expect(fetch.calls.map(target)).toEqual([
      'ListHyperParameterTuningJobs',
      'ListHyperParameterTuningJobs'
    ]);
    expect(body(fetch.calls[0])).toEqual({
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 100,
      NameContains: 'automl-dm--notebook-',
      CreationTimeAfter: T0
    });
    expect(body(fetch.calls[1]).NextToken).toBe('page-2');
  });

  it("reads every page of a tuning job's training jobs, 100 at a time", async () => {
    const all = Array.from({ length: 250 }, (_, i) => trainingSummary(i));
    const fetch = fakeFetch(call => {
      const start = Number(body(call).NextToken ?? 0);
      const end = start + body(call).MaxResults;
      return sagemakerJson(200, {
        TrainingJobSummaries: all.slice(start, end),
        NextToken: end < all.length ? String(end) : undefined
      });
    });
    const jobs = await listTrainingJobsForTuningJob(options(fetch), 'tune');
    expect(jobs).toHaveLength(250);
    expect(fetch.calls).toHaveLength(3);
    expect(body(fetch.calls[0])).toEqual({
      HyperParameterTuningJobName: 'tune',
      MaxResults: 100,
      SortBy: 'Name',
      SortOrder: 'Ascending'
    });
    expect(jobs[3]).toEqual({
      name: 'tune-3',
      arn: `${ARN}tune-3`,
      definitionName: 'dpp1-linear-learner',
      status: 'Completed',
      creationTime: (T0 + 3) * 1000,
      startTime: (T0 + 3) * 1000,
      endTime: (T0 + 18) * 1000,
      tunedHyperParameters: { eta: '0.2' },
      objectiveValue: 0.503,
      objectiveMetric: 'validation:f1',
      objectiveStatus: 'Succeeded',
      failureReason: null
    });
  });
});

describe('training jobs and trial components', () => {
  it('describes a training job: final metrics, hyperparameters, times', async () => {
    const fetch = fakeFetch(() =>
      sagemakerJson(200, {
        TrainingJobName: 'tune-1',
        TrainingJobArn: `${ARN}tune-1`,
        TrainingJobStatus: 'Completed',
        SecondaryStatus: 'Completed',
        HyperParameters: { eta: '0.2', num_round: '100' },
        FinalMetricDataList: [
          { MetricName: 'validation:f1', Value: 0.8, Timestamp: T0 + 20 }
        ],
        CreationTime: T0,
        TrainingStartTime: T0 + 1,
        TrainingEndTime: T0 + 20,
        TrainingTimeInSeconds: 19,
        TuningJobArn: 'arn:tuning'
      })
    );
    const job = await describeTrainingJob(options(fetch), 'tune-1');
    expect(target(fetch.calls[0])).toBe('DescribeTrainingJob');
    expect(job).toMatchObject({
      hyperParameters: { eta: '0.2', num_round: '100' },
      finalMetrics: [
        { name: 'validation:f1', value: 0.8, timestamp: (T0 + 20) * 1000 }
      ],
      startTime: (T0 + 1) * 1000,
      trainingSeconds: 19,
      billableSeconds: null,
      tuningJobArn: 'arn:tuning'
    });
  });

  it("matches 100 training jobs in one expression of 5 groups of 20 (Search's limits)", () => {
    const arns = Array.from({ length: 100 }, (_, i) => `${ARN}t-${i}`);
    const expression = sourceArnExpression(arns);
    expect(expression.Operator).toBe('Or');
    expect(expression.SubExpressions).toHaveLength(5);
    for (const group of expression.SubExpressions!) {
      expect(group.Filters).toHaveLength(20);
    }
    expect(expression.SubExpressions![4].Filters![19]).toEqual({
      Name: 'Source.SourceArn',
      Operator: 'Equals',
      Value: `${ARN}t-99`
    });
    expect(sourceArnExpression(arns.slice(0, 3)).Filters).toHaveLength(3);
  });

  it('searches trial components in batches of 100 ARNs and reads their metric statistics', async () => {
    const fetch = fakeFetch(call => {
      const b = body(call);
      const filters = b.SearchExpression.SubExpressions
        ? b.SearchExpression.SubExpressions.flatMap((s: any) => s.Filters)
        : b.SearchExpression.Filters;
      return sagemakerJson(200, {
        Results: filters.map((f: any) => ({
          TrialComponent: {
            TrialComponentName: `${f.Value.split('/').pop()}-aws-training-job`,
            Source: { SourceArn: f.Value, SourceType: 'SageMakerTrainingJob' },
            Status: { PrimaryStatus: 'Completed' },
            StartTime: T0,
            EndTime: T0 + 15,
            Parameters: {
              eta: { NumberValue: 0.2 },
              objective: { StringValue: 'binary:logistic' }
            },
            Metrics: [
              {
                MetricName: 'validation:f1',
                Min: 0.7,
                Max: 0.8,
                Avg: 0.75,
                Last: 0.8,
                Count: 10,
                StdDev: 0.02,
                TimeStamp: T0 + 15
              },
              { MetricName: 'ObjectiveMetric', Max: 0.8 }
            ]
          }
        }))
      });
    });
    const arns = Array.from({ length: 250 }, (_, i) => `${ARN}t-${i}`);
    const found = await searchTrialComponents(options(fetch), arns);
    expect(fetch.calls).toHaveLength(3);
    expect(fetch.calls.map(target)).toEqual(['Search', 'Search', 'Search']);
    expect(body(fetch.calls[0])).toMatchObject({
      Resource: 'ExperimentTrialComponent',
      MaxResults: 100
    });
    expect(found).toHaveLength(250);
    expect(found[0]).toEqual({
      name: 't-0-aws-training-job',
      displayName: 't-0-aws-training-job',
      sourceArn: `${ARN}t-0`,
      status: 'Completed',
      startTime: T0 * 1000,
      endTime: (T0 + 15) * 1000,
      parameters: { eta: 0.2, objective: 'binary:logistic' },
      metrics: [
        {
          name: 'validation:f1',
          min: 0.7,
          max: 0.8,
          avg: 0.75,
          last: 0.8,
          count: 10,
          stdDev: 0.02,
          timestamp: (T0 + 15) * 1000
        },
        {
          name: 'ObjectiveMetric',
          min: null,
          max: 0.8,
          avg: null,
          last: null,
          count: null,
          stdDev: null,
          timestamp: null
        }
      ]
    });
    await expect(
      searchTrialComponentsPage(options(fetch), arns)
    ).rejects.toThrow(RangeError);
  });

  it('stops a tuning job, through one memoised client', async () => {
    const fetch = fakeFetch(() => sagemakerJson(200, {}));
    await stopTuningJob(options(fetch), 'tune');
    expect(target(fetch.calls[0])).toBe('StopHyperParameterTuningJob');
    expect(body(fetch.calls[0])).toEqual({
      HyperParameterTuningJobName: 'tune'
    });
    expect(sageMakerClientFor(options(fetch))).toBe(
      sageMakerClientFor(options(fetch))
    );
  });
});
