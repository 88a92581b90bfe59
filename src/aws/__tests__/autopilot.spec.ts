/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The SDK's Node builds (CommonJS) run under jest; see clientErrors.spec.ts.
import {
  createPilotJob,
  describeJob,
  ICreateJobRequest,
  jobExists,
  listRecentJobs,
  stopJob
} from '../autopilot';
import type { IAwsClientOptions } from '../clients';
import { sageMakerClientFor, serviceQuotasClientFor } from '../clientCache';
import { listQuotas } from '../serviceQuotas';
import {
  CONNECTION,
  fakeFetch,
  IFakeFetch,
  IRecordedCall,
  sagemakerError,
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
  return call.headers['x-amz-target'];
}

function body(call: IRecordedCall): any {
  return JSON.parse(new TextDecoder().decode(call.body as Uint8Array));
}

const REQUEST: ICreateJobRequest = {
  name: 'churn-pilot',
  trainUri: 's3://bucket/wf/train/churn-train.csv',
  validationUri: 's3://bucket/wf/validation/churn-validation.csv',
  outputUri: 's3://bucket/wf/output',
  target: 'Churn?',
  problemType: 'BinaryClassification',
  metric: 'F1',
  roleArn: 'arn:aws:iam::123456789012:role/AutopilotRole',
  run: 'pilot',
  tags: { 'jupyterlab-autopilot:workflow': 'abc123def456' }
};

const T0 = 1_700_000_000; // seconds: JSON 1.1 timestamps are epoch seconds

function v2Description(extra: Record<string, unknown> = {}) {
  return {
    AutoMLJobName: 'churn-pilot',
    AutoMLJobArn:
      'arn:aws:sagemaker:us-east-1:123456789012:automl-job/churn-pilot',
    AutoMLJobStatus: 'InProgress',
    AutoMLJobSecondaryStatus: 'AnalyzingData',
    CreationTime: T0,
    LastModifiedTime: T0 + 60,
    AutoMLJobInputDataConfig: [],
    OutputDataConfig: { S3OutputPath: 's3://bucket/wf/output' },
    RoleArn: REQUEST.roleArn,
    AutoMLProblemTypeConfig: {
      TabularJobConfig: {
        TargetAttributeName: 'Churn?',
        ProblemType: 'BinaryClassification'
      }
    },
    AutoMLJobObjective: { MetricName: 'F1' },
    ...extra
  };
}

describe('createPilotJob', () => {
  it('sends CreateAutoMLJobV2 with both channels, candidates only, tuning mode and the tag', async () => {
    const fetch = fakeFetch(() =>
      sagemakerJson(200, { AutoMLJobArn: 'arn:job/churn-pilot' })
    );
    const created = await createPilotJob(options(fetch), REQUEST);
    expect(created).toEqual({
      name: 'churn-pilot',
      arn: 'arn:job/churn-pilot'
    });
    expect(fetch.calls).toHaveLength(1);
    expect(target(fetch.calls[0])).toBe('SageMaker.CreateAutoMLJobV2');
    const sent = body(fetch.calls[0]);
    expect(sent.AutoMLJobInputDataConfig).toEqual([
      {
        ChannelType: 'training',
        ContentType: 'text/csv;header=present',
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix', S3Uri: REQUEST.trainUri }
        }
      },
      {
        ChannelType: 'validation',
        ContentType: 'text/csv;header=present',
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix', S3Uri: REQUEST.validationUri }
        }
      }
    ]);
    expect(sent.AutoMLProblemTypeConfig.TabularJobConfig).toEqual({
      TargetAttributeName: 'Churn?',
      ProblemType: 'BinaryClassification',
      Mode: 'HYPERPARAMETER_TUNING',
      GenerateCandidateDefinitionsOnly: true
    });
    expect(sent.AutoMLJobObjective).toEqual({ MetricName: 'F1' });
    expect(sent.Tags).toEqual([
      { Key: 'jupyterlab-autopilot:workflow', Value: 'abc123def456' }
    ]);
    expect(sent.RoleArn).toBe(REQUEST.roleArn);
    expect(sent.OutputDataConfig).toEqual({
      S3OutputPath: 's3://bucket/wf/output'
    });
  });

  it('sends MaxCandidates and the runtime limit in complete mode only', async () => {
    const fetch = fakeFetch(() => sagemakerJson(200, { AutoMLJobArn: 'arn' }));
    await createPilotJob(options(fetch), {
      ...REQUEST,
      run: 'complete',
      maxCandidates: 10,
      maxRuntimeSeconds: 3600
    });
    await createPilotJob(options(fetch), {
      ...REQUEST,
      maxCandidates: 10,
      maxRuntimeSeconds: 3600
    });
    const complete = body(fetch.calls[0]).AutoMLProblemTypeConfig
      .TabularJobConfig;
    expect(complete.GenerateCandidateDefinitionsOnly).toBe(false);
    expect(complete.CompletionCriteria).toEqual({
      MaxCandidates: 10,
      MaxAutoMLJobRuntimeInSeconds: 3600
    });
    const pilot = body(fetch.calls[1]).AutoMLProblemTypeConfig.TabularJobConfig;
    expect(pilot.CompletionCriteria).toBeUndefined();
  });
});

describe('describeJob', () => {
  it('reads a V2 job into plain data', async () => {
    const fetch = fakeFetch(() =>
      sagemakerJson(
        200,
        v2Description({
          AutoMLJobStatus: 'Completed',
          AutoMLJobSecondaryStatus: 'CandidateDefinitionsGenerated',
          EndTime: T0 + 600,
          AutoMLJobArtifacts: {
            CandidateDefinitionNotebookLocation: 's3://bucket/c.ipynb',
            DataExplorationNotebookLocation: 's3://bucket/e.ipynb'
          }
        })
      )
    );
    const job = await describeJob(options(fetch), 'churn-pilot');
    expect(job).toMatchObject({
      name: 'churn-pilot',
      apiVersion: 'v2',
      status: 'Completed',
      secondaryStatus: 'CandidateDefinitionsGenerated',
      creationTime: T0 * 1000,
      endTime: (T0 + 600) * 1000,
      candidateNotebook: 's3://bucket/c.ipynb',
      explorationNotebook: 's3://bucket/e.ipynb',
      target: 'Churn?',
      problemType: 'BinaryClassification',
      metric: 'F1',
      failureReason: null
    });
  });

  it('falls back to DescribeAutoMLJob for a V1 job', async () => {
    const fetch = fakeFetch(call =>
      target(call) === 'SageMaker.DescribeAutoMLJobV2'
        ? sagemakerError(400, 'ValidationException', 'Job was created with V1')
        : sagemakerJson(200, {
            AutoMLJobName: 'old-job',
            AutoMLJobArn: 'arn:old',
            AutoMLJobStatus: 'Failed',
            AutoMLJobSecondaryStatus: 'Failed',
            FailureReason: 'ClientError: the target has one value',
            CreationTime: T0,
            LastModifiedTime: T0,
            InputDataConfig: [{ TargetAttributeName: 'y' }],
            OutputDataConfig: { S3OutputPath: 's3://b/out' },
            RoleArn: 'arn:role',
            ProblemType: 'Regression'
          })
    );
    const job = await describeJob(options(fetch), 'old-job');
    expect(fetch.calls.map(target)).toEqual([
      'SageMaker.DescribeAutoMLJobV2',
      'SageMaker.DescribeAutoMLJob'
    ]);
    expect(job).toMatchObject({
      apiVersion: 'v1',
      status: 'Failed',
      failureReason: 'ClientError: the target has one value',
      target: 'y',
      problemType: 'Regression',
      outputUri: 's3://b/out'
    });
  });

  it('throws the V2 error when neither API knows the job', async () => {
    const fetch = fakeFetch(() =>
      sagemakerError(400, 'ResourceNotFound', 'Job nope does not exist.')
    );
    await expect(describeJob(options(fetch), 'nope')).rejects.toMatchObject({
      name: 'ResourceNotFound'
    });
  });

  it('does not fall back on throttling', async () => {
    const fetch = fakeFetch(() =>
      sagemakerError(400, 'ThrottlingException', 'Rate exceeded')
    );
    await expect(
      describeJob({ ...options(fetch), maxAttempts: 1 }, 'x')
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(fetch.calls.map(target)).toEqual(['SageMaker.DescribeAutoMLJobV2']);
  });
});

describe('jobExists', () => {
  it('finds a job whose name differs only in case, as AWS compares names', async () => {
    const fetch = fakeFetch(call => {
      const sent = body(call);
      if (target(call) === 'SageMaker.ListAutoMLJobs') {
        return sagemakerJson(200, {
          AutoMLJobSummaries: [
            {
              AutoMLJobName: 'Churn-Pilot',
              AutoMLJobArn: 'arn:1',
              AutoMLJobStatus: 'InProgress',
              AutoMLJobSecondaryStatus: 'Starting',
              CreationTime: T0,
              LastModifiedTime: T0
            }
          ]
        });
      }
      return sent.AutoMLJobName === 'Churn-Pilot'
        ? sagemakerJson(200, v2Description({ AutoMLJobName: 'Churn-Pilot' }))
        : sagemakerError(400, 'ResourceNotFound', 'not found');
    });
    expect(await jobExists(options(fetch), 'churn-pilot')).toBe(true);
  });

  it('says no when no job has the name', async () => {
    const fetch = fakeFetch(call =>
      target(call) === 'SageMaker.ListAutoMLJobs'
        ? sagemakerJson(200, { AutoMLJobSummaries: [] })
        : sagemakerError(400, 'ResourceNotFound', 'not found')
    );
    expect(await jobExists(options(fetch), 'fresh-name')).toBe(false);
  });
});

describe('listRecentJobs and stopJob', () => {
  it('pages newest first up to the limit', async () => {
    let page = 0;
    const summary = (i: number) => ({
      AutoMLJobName: `job-${i}`,
      AutoMLJobArn: `arn:${i}`,
      AutoMLJobStatus: 'Completed',
      AutoMLJobSecondaryStatus: 'Completed',
      CreationTime: T0 - i,
      LastModifiedTime: T0 - i
    });
    const fetch = fakeFetch(() => {
      page++;
      return sagemakerJson(200, {
        AutoMLJobSummaries: [summary(page * 2), summary(page * 2 + 1)],
        NextToken: `t${page}`
      });
    });
    const jobs = await listRecentJobs(options(fetch), { maxJobs: 3 });
    expect(jobs.map(j => j.name)).toEqual(['job-2', 'job-3', 'job-4']);
    expect(body(fetch.calls[0])).toMatchObject({
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 3
    });
    expect(body(fetch.calls[1])).toMatchObject({
      NextToken: 't1',
      MaxResults: 1
    });
  });

  it('stops a job by name', async () => {
    const fetch = fakeFetch(() => sagemakerJson(200, {}));
    await stopJob(options(fetch), 'churn-pilot');
    expect(target(fetch.calls[0])).toBe('SageMaker.StopAutoMLJob');
    expect(body(fetch.calls[0])).toEqual({ AutoMLJobName: 'churn-pilot' });
  });
});

describe('listQuotas', () => {
  const quota = (code: string, name: string, value: number) => ({
    QuotaCode: code,
    QuotaName: name,
    Value: value,
    Unit: 'None',
    Adjustable: true,
    ServiceCode: 'sagemaker'
  });

  it('pages applied values, then fills the rest from AWS defaults', async () => {
    const fetch = fakeFetch(call => {
      const sent = body(call);
      const op = target(call).split('.')[1];
      if (op === 'ListServiceQuotas') {
        return sent.NextToken
          ? sagemakerJson(200, {
              Quotas: [quota('L-B', 'ml.m5.4xlarge for training job usage', 2)]
            })
          : sagemakerJson(200, {
              Quotas: [
                quota('L-A', 'Number of instances across all training jobs', 4)
              ],
              NextToken: 'more'
            });
      }
      return sagemakerJson(200, {
        Quotas: [
          quota('L-A', 'Number of instances across all training jobs', 8),
          quota('L-C', 'ml.m5.4xlarge for transform job usage', 0)
        ]
      });
    });
    const quotas = await listQuotas(options(fetch));
    expect(fetch.calls.map(target)).toEqual([
      'ServiceQuotasV20190624.ListServiceQuotas',
      'ServiceQuotasV20190624.ListServiceQuotas',
      'ServiceQuotasV20190624.ListAWSDefaultServiceQuotas'
    ]);
    expect(fetch.calls[0].url).toContain('/autopilot/aws/servicequotas/');
    expect(body(fetch.calls[0])).toMatchObject({ ServiceCode: 'sagemaker' });
    expect(quotas).toEqual([
      {
        code: 'L-B',
        name: 'ml.m5.4xlarge for training job usage',
        value: 2,
        unit: null,
        adjustable: true,
        applied: true
      },
      {
        code: 'L-C',
        name: 'ml.m5.4xlarge for transform job usage',
        value: 0,
        unit: null,
        adjustable: true,
        applied: false
      },
      {
        code: 'L-A',
        name: 'Number of instances across all training jobs',
        value: 4,
        unit: null,
        adjustable: true,
        applied: true
      }
    ]);
  });
});

describe('client memo', () => {
  it('makes one client per service and region', () => {
    const fetch = fakeFetch(() => sagemakerJson(200, {}));
    const a = sageMakerClientFor(options(fetch));
    expect(sageMakerClientFor(options(fetch))).toBe(a);
    expect(
      sageMakerClientFor({ ...options(fetch), region: 'eu-west-1' })
    ).not.toBe(a);
    expect(serviceQuotasClientFor(options(fetch))).not.toBe(a);
    expect(serviceQuotasClientFor(options(fetch))).toBe(
      serviceQuotasClientFor(options(fetch))
    );
  });
});
