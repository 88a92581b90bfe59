/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The SDK's Node builds (CommonJS) run under jest; see clientErrors.spec.ts.
import type { IAwsClientOptions } from '../clients';
import { deploymentCalls } from '../deployment';
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
  return (call.headers['x-amz-target'] ?? '').replace('SageMaker.', '');
}

function body(call: IRecordedCall): any {
  return JSON.parse(new TextDecoder().decode(call.body as Uint8Array));
}

const T0 = 1_700_000_000;

describe('deploymentCalls', () => {
  it('follows ListEndpoints pages and gives plain data', async () => {
    const fetch = fakeFetch(call =>
      body(call).NextToken
        ? sagemakerJson(200, {
            Endpoints: [
              { EndpointName: 'b', EndpointArn: 'arn:b', CreationTime: T0 }
            ]
          })
        : sagemakerJson(200, {
            Endpoints: [
              { EndpointName: 'a', EndpointArn: 'arn:a', CreationTime: T0 }
            ],
            NextToken: 'next'
          })
    );
    const list = await deploymentCalls(options(fetch)).listEndpoints();
    expect(list).toEqual([
      { name: 'a', arn: 'arn:a', creationTime: T0 * 1000 },
      { name: 'b', arn: 'arn:b', creationTime: T0 * 1000 }
    ]);
    expect(fetch.calls.map(target)).toEqual(['ListEndpoints', 'ListEndpoints']);
    expect(fetch.calls[0].url).toBe(
      'http://localhost:8888/lab-base/autopilot/aws/sagemaker/'
    );
  });

  it('describes an endpoint, its config and a pipeline model', async () => {
    const fetch = fakeFetch(call => {
      switch (target(call)) {
        case 'DescribeEndpoint':
          return sagemakerJson(200, {
            EndpointName: 'ep',
            EndpointArn: 'arn:ep',
            EndpointConfigName: 'cfg',
            EndpointStatus: 'Failed',
            FailureReason: 'The image could not be pulled.',
            CreationTime: T0,
            LastModifiedTime: T0 + 60,
            ProductionVariants: [
              { VariantName: 'AllTraffic', CurrentInstanceCount: 2 }
            ]
          });
        case 'DescribeEndpointConfig':
          return sagemakerJson(200, {
            EndpointConfigName: 'cfg',
            EndpointConfigArn: 'arn:cfg',
            CreationTime: T0,
            ProductionVariants: [
              {
                VariantName: 'AllTraffic',
                ModelName: 'm',
                InstanceType: 'ml.m5.large',
                InitialInstanceCount: 1
              }
            ]
          });
        default:
          return sagemakerJson(200, {
            ModelName: 'm',
            ModelArn: 'arn:m',
            CreationTime: T0,
            Containers: [
              { Image: 'fe', ModelDataUrl: 's3://b/out/fe.tar.gz' },
              { Image: 'xgb', ModelDataUrl: 's3://b/out/xgb.tar.gz' },
              { Image: 'ilt' }
            ]
          });
      }
    });
    const calls = deploymentCalls(options(fetch));
    expect(await calls.describeEndpoint('ep')).toEqual({
      name: 'ep',
      arn: 'arn:ep',
      configName: 'cfg',
      status: 'Failed',
      failureReason: 'The image could not be pulled.',
      creationTime: T0 * 1000,
      lastModifiedTime: (T0 + 60) * 1000,
      variants: [{ variantName: 'AllTraffic', count: 2 }]
    });
    expect((await calls.describeEndpointConfig('cfg'))?.variants).toEqual([
      {
        variantName: 'AllTraffic',
        modelName: 'm',
        instanceType: 'ml.m5.large',
        count: 1
      }
    ]);
    expect((await calls.describeModel('m'))?.containers).toEqual([
      { image: 'fe', modelDataUrl: 's3://b/out/fe.tar.gz' },
      { image: 'xgb', modelDataUrl: 's3://b/out/xgb.tar.gz' },
      { image: 'ilt', modelDataUrl: null }
    ]);
  });

  it('answers null for what does not exist, and throws other errors', async () => {
    const fetch = fakeFetch(call =>
      target(call) === 'DescribeModel'
        ? sagemakerError(
            400,
            'ValidationException',
            'Could not find model "m".'
          )
        : target(call) === 'DescribeTrainingJob'
          ? sagemakerError(
              400,
              'ResourceNotFound',
              'Requested resource not found.'
            )
          : sagemakerError(400, 'AccessDeniedException', 'not allowed')
    );
    const calls = deploymentCalls(options(fetch));
    expect(await calls.describeModel('m')).toBeNull();
    expect(await calls.describeJob('training', 't')).toBeNull();
    await expect(calls.describeEndpoint('e')).rejects.toMatchObject({
      name: 'AccessDeniedException'
    });
  });

  it('describes jobs of every kind with their S3 outputs and instances', async () => {
    const fetch = fakeFetch(call => {
      switch (target(call)) {
        case 'DescribeTrainingJob':
          return sagemakerJson(200, {
            TrainingJobName: 't',
            TrainingJobArn: 'arn:t',
            TrainingJobStatus: 'InProgress',
            TuningJobArn: 'arn:tuning',
            OutputDataConfig: { S3OutputPath: 's3://b/out/tuning' },
            ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 }
          });
        case 'DescribeProcessingJob':
          return sagemakerJson(200, {
            ProcessingJobName: 'p',
            ProcessingJobArn: 'arn:p',
            ProcessingJobStatus: 'InProgress',
            ProcessingOutputConfig: {
              Outputs: [{ S3Output: { S3Uri: 's3://b/out/p1' } }]
            },
            ProcessingResources: {
              ClusterConfig: { InstanceType: 'ml.m5.4xlarge', InstanceCount: 2 }
            }
          });
        case 'DescribeHyperParameterTuningJob':
          return sagemakerJson(200, {
            HyperParameterTuningJobName: 'h',
            HyperParameterTuningJobArn: 'arn:h',
            HyperParameterTuningJobStatus: 'InProgress',
            HyperParameterTuningJobConfig: {
              ResourceLimits: { MaxParallelTrainingJobs: 3 }
            },
            TrainingJobDefinitions: [
              {
                OutputDataConfig: { S3OutputPath: 's3://b/out/h' },
                ResourceConfig: {
                  InstanceType: 'ml.m5.xlarge',
                  InstanceCount: 1
                }
              }
            ]
          });
        case 'DescribeTransformJob':
          return sagemakerJson(200, {
            TransformJobName: 'x',
            TransformJobArn: 'arn:x',
            TransformJobStatus: 'Completed',
            TransformOutput: { S3OutputPath: 's3://b/out/x' },
            TransformResources: {
              InstanceType: 'ml.m5.large',
              InstanceCount: 1
            }
          });
        default:
          return sagemakerJson(200, {
            AutoMLJobName: 'a',
            AutoMLJobArn: 'arn:a',
            AutoMLJobStatus: 'InProgress',
            OutputDataConfig: { S3OutputPath: 's3://b/out' }
          });
      }
    });
    const calls = deploymentCalls(options(fetch));
    expect(await calls.describeJob('training', 't')).toMatchObject({
      kind: 'training',
      status: 'InProgress',
      outputs: ['s3://b/out/tuning'],
      parentArn: 'arn:tuning',
      instanceType: 'ml.m5.xlarge',
      instanceCount: 1
    });
    expect(await calls.describeJob('processing', 'p')).toMatchObject({
      outputs: ['s3://b/out/p1'],
      instanceType: 'ml.m5.4xlarge',
      instanceCount: 2
    });
    expect(await calls.describeJob('tuning', 'h')).toMatchObject({
      outputs: ['s3://b/out/h'],
      instanceCount: 3
    });
    expect(await calls.describeJob('transform', 'x')).toMatchObject({
      status: 'Completed',
      outputs: ['s3://b/out/x']
    });
    expect(await calls.describeJob('automl', 'a')).toMatchObject({
      outputs: ['s3://b/out'],
      instanceType: null
    });
    expect(fetch.calls.map(target)).toEqual([
      'DescribeTrainingJob',
      'DescribeProcessingJob',
      'DescribeHyperParameterTuningJob',
      'DescribeTransformJob',
      'DescribeAutoMLJobV2'
    ]);
  });

  it('lists running jobs by status, reads tags, stops and deletes', async () => {
    const fetch = fakeFetch(call => {
      switch (target(call)) {
        case 'ListTrainingJobs':
          return sagemakerJson(200, {
            TrainingJobSummaries: [{ TrainingJobName: 't1' }]
          });
        case 'ListTags':
          return sagemakerJson(200, {
            Tags: [{ Key: 'jupyterlab-autopilot:workflow', Value: 'wf1' }]
          });
        default:
          return sagemakerJson(200, {});
      }
    });
    const calls = deploymentCalls(options(fetch));
    expect(await calls.listRunningJobs('training')).toEqual(['t1']);
    expect(body(fetch.calls[0])).toEqual({ StatusEquals: 'InProgress' });
    expect(await calls.listTags('arn:x')).toEqual({
      'jupyterlab-autopilot:workflow': 'wf1'
    });
    await calls.stopJob('automl', 'a');
    await calls.stopJob('tuning', 'h');
    await calls.stopJob('training', 't');
    await calls.stopJob('processing', 'p');
    await calls.stopJob('transform', 'x');
    await calls.deleteEndpoint('e');
    await calls.deleteEndpointConfig('c');
    await calls.deleteModel('m');
    expect(
      fetch.calls.slice(2).map(call => [target(call), body(call)])
    ).toEqual([
      ['StopAutoMLJob', { AutoMLJobName: 'a' }],
      ['StopHyperParameterTuningJob', { HyperParameterTuningJobName: 'h' }],
      ['StopTrainingJob', { TrainingJobName: 't' }],
      ['StopProcessingJob', { ProcessingJobName: 'p' }],
      ['StopTransformJob', { TransformJobName: 'x' }],
      ['DeleteEndpoint', { EndpointName: 'e' }],
      ['DeleteEndpointConfig', { EndpointConfigName: 'c' }],
      ['DeleteModel', { ModelName: 'm' }]
    ]);
  });

  it('invokes an endpoint through the sagemaker-runtime route with CSV', async () => {
    const fetch = fakeFetch(
      () =>
        new Response('yes,0.93\n', {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8' }
        })
    );
    let t = 1000;
    const calls = deploymentCalls(options(fetch), () => (t += 42));
    const result = await calls.invokeEndpoint(
      'my ep',
      '1,2,3',
      'text/csv',
      'text/csv'
    );
    expect(result).toEqual({
      body: 'yes,0.93\n',
      contentType: 'text/csv; charset=utf-8',
      status: 200,
      latencyMs: 42
    });
    const [call] = fetch.calls;
    expect(call.url).toBe(
      'http://localhost:8888/lab-base/autopilot/aws/sagemaker-runtime/endpoints/my%20ep/invocations'
    );
    expect(call.method).toBe('POST');
    expect(call.headers['content-type']).toBe('text/csv');
    expect(call.headers['accept']).toBe('text/csv');
    expect(new TextDecoder().decode(call.body as Uint8Array)).toBe('1,2,3');
  });
});
