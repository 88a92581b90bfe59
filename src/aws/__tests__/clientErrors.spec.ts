/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The AWS SDK's "browser" builds are ES modules that jest does not transform;
// its Node builds are CommonJS. The handler under test is the same either way.
import {
  CreateAutoMLJobV2Command,
  DescribeAutoMLJobV2Command
} from '@aws-sdk/client-sagemaker';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand
} from '@aws-sdk/client-s3';

import {
  createS3Client,
  createSageMakerClient,
  IAwsClientOptions
} from '../clients';
import { AutopilotError, toAutopilotError } from '../errors';
import {
  CONNECTION,
  IFakeFetch,
  proxyError,
  s3Error,
  sagemakerError,
  sagemakerJson,
  sequenceFetch,
  xml
} from './fakeFetch';
import { nullTranslator } from '@jupyterlab/translation';
import { errorText } from '../../connection/errorText';
import type { AutopilotError as IErr } from '../errors';

/** The next step the user reads, in English. */
const nextStep = (error: IErr): string =>
  errorText(nullTranslator.load('jupyterlab_autopilot'), error).nextStep;

function options(
  fetch: IFakeFetch,
  extra: Partial<IAwsClientOptions> = {}
): IAwsClientOptions {
  return {
    connection: CONNECTION,
    region: 'us-east-1',
    fetch,
    backoff: () => 1,
    ...extra
  };
}

async function failure(call: Promise<unknown>): Promise<AutopilotError> {
  try {
    await call;
  } catch (e) {
    return toAutopilotError(e);
  }
  throw new Error('expected the call to fail');
}

async function describeError(
  fetch: IFakeFetch,
  extra: Partial<IAwsClientOptions> = {}
) {
  const sagemaker = createSageMakerClient(options(fetch, extra));
  return failure(
    sagemaker.send(new DescribeAutoMLJobV2Command({ AutoMLJobName: 'job-1' }))
  );
}

const QUOTA_MESSAGE =
  "The account-level service limit 'ml.m5.2xlarge for training job usage' is 4 Instances, " +
  'with current utilization of 4 Instances and a request delta of 1 Instances. Please use AWS ' +
  'Service Quotas to request an increase for this quota. If AWS Service Quotas is not ' +
  'available, contact AWS support to request an increase for this quota.';

const DENIED_MESSAGE =
  'User: arn:aws:sts::123456789012:assumed-role/StudioRole/SageMaker is not authorized to ' +
  'perform: sagemaker:CreateAutoMLJobV2 on resource: ' +
  'arn:aws:sagemaker:us-east-1:123456789012:automl-job/job-1 because no identity-based policy ' +
  'allows the sagemaker:CreateAutoMLJobV2 action';

describe('SageMaker errors', () => {
  it('maps ResourceLimitExceeded to the quota and lowering parallelism', async () => {
    const fetch = sequenceFetch(() =>
      sagemakerError(400, 'ResourceLimitExceeded', QUOTA_MESSAGE)
    );
    const error = await describeError(fetch);
    expect(error).toBeInstanceOf(AutopilotError);
    expect(error.kind).toBe('resource-limit-exceeded');
    expect(error.details).toMatchObject({
      code: 'ResourceLimitExceeded',
      quota: 'ml.m5.2xlarge for training job usage',
      limit: 4,
      unit: 'Instances',
      current: 4,
      requested: 1,
      statusCode: 400,
      service: 'sagemaker',
      operation: 'DescribeAutoMLJobV2'
    });
    expect(error.message).toContain('ml.m5.2xlarge for training job usage');
    expect(nextStep(error)).toContain('max_parallel_jobs');
    expect(nextStep(error)).toContain('Service Quotas');
    expect(error.retryable).toBe(false);
    expect(fetch.calls).toHaveLength(1);
  });

  it('maps AccessDeniedException to the missing action', async () => {
    const fetch = sequenceFetch(() =>
      sagemakerError(400, 'AccessDeniedException', DENIED_MESSAGE)
    );
    const sagemaker = createSageMakerClient(options(fetch));
    const error = await failure(
      sagemaker.send(
        new CreateAutoMLJobV2Command({
          AutoMLJobName: 'job-1',
          AutoMLJobInputDataConfig: [],
          OutputDataConfig: { S3OutputPath: 's3://b/out' },
          AutoMLProblemTypeConfig: {
            TabularJobConfig: { TargetAttributeName: 'y' }
          },
          RoleArn: 'arn:aws:iam::123456789012:role/R'
        })
      )
    );
    expect(error.kind).toBe('access-denied');
    expect(error.details).toMatchObject({
      action: 'sagemaker:CreateAutoMLJobV2',
      resource: 'arn:aws:sagemaker:us-east-1:123456789012:automl-job/job-1',
      principal: 'arn:aws:sts::123456789012:assumed-role/StudioRole/SageMaker',
      operation: 'CreateAutoMLJobV2'
    });
    expect(nextStep(error)).toContain('sagemaker:CreateAutoMLJobV2');
    expect(error.message).toContain(
      'is not allowed to perform sagemaker:CreateAutoMLJobV2'
    );
  });

  it('maps iam:PassRole denials', async () => {
    const fetch = sequenceFetch(() =>
      sagemakerError(
        400,
        'AccessDeniedException',
        'User: arn:aws:sts::1:assumed-role/A/b is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/Exec'
      )
    );
    const error = await describeError(fetch);
    expect(error.details.action).toBe('iam:PassRole');
    expect(error.details.resource).toBe('arn:aws:iam::1:role/Exec');
  });

  it('maps ValidationException', async () => {
    const fetch = sequenceFetch(() =>
      sagemakerError(
        400,
        'ValidationException',
        "1 validation error detected: Value 'bad name!' at 'autoMLJobName' failed to satisfy constraint"
      )
    );
    const error = await describeError(fetch);
    expect(error.kind).toBe('validation');
    expect(error.message).toContain("Value 'bad name!'");
    expect(error.retryable).toBe(false);
  });

  it('maps ResourceNotFound, and ValidationException that says "not found"', async () => {
    const notFound = await describeError(
      sequenceFetch(() =>
        sagemakerError(
          400,
          'ResourceNotFound',
          'AutoML job job-1 does not exist.'
        )
      )
    );
    expect(notFound.kind).toBe('not-found');
    expect(notFound.message).toBe('AutoML job job-1 does not exist.');
    expect(nextStep(notFound)).toMatch(/region/);

    const validation = await describeError(
      sequenceFetch(() =>
        sagemakerError(
          400,
          'ValidationException',
          'Requested resource not found.'
        )
      )
    );
    expect(validation.kind).toBe('not-found');
  });

  it('retries throttling with backoff, then succeeds', async () => {
    const fetch = sequenceFetch(
      () => sagemakerError(400, 'ThrottlingException', 'Rate exceeded'),
      () => sagemakerError(400, 'ThrottlingException', 'Rate exceeded'),
      () =>
        sagemakerJson(200, {
          AutoMLJobName: 'job-1',
          AutoMLJobStatus: 'Completed'
        })
    );
    const sagemaker = createSageMakerClient(options(fetch));
    const output = await sagemaker.send(
      new DescribeAutoMLJobV2Command({ AutoMLJobName: 'job-1' })
    );
    expect(output.AutoMLJobStatus).toBe('Completed');
    expect(output.$metadata.attempts).toBe(3);
    expect(fetch.calls).toHaveLength(3);
    // Each attempt is a new request with the same invocation id.
    const ids = fetch.calls.map(c => c.headers['amz-sdk-invocation-id']);
    expect(new Set(ids).size).toBe(1);
    expect(fetch.calls.map(c => c.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=5',
      'attempt=2; max=5',
      'attempt=3; max=5'
    ]);
  });

  it('gives up after maxAttempts and says to wait', async () => {
    const fetch = sequenceFetch(() =>
      sagemakerError(400, 'ThrottlingException', 'Rate exceeded')
    );
    const error = await describeError(fetch, { maxAttempts: 3 });
    expect(fetch.calls).toHaveLength(3);
    expect(error.kind).toBe('throttling');
    expect(error.details.attempts).toBe(3);
    expect(error.retryable).toBe(true);
    expect(nextStep(error)).toMatch(/Wait/);
  });

  it('maps expired or unknown credentials', async () => {
    const error = await describeError(
      sequenceFetch(() =>
        sagemakerError(
          400,
          'ExpiredTokenException',
          'The security token included in the request is expired'
        )
      )
    );
    expect(error.kind).toBe('invalid-credentials');
  });

  it('maps AWS internal errors after retries', async () => {
    const fetch = sequenceFetch(() =>
      sagemakerError(500, 'InternalFailure', 'oops')
    );
    const error = await describeError(fetch, { maxAttempts: 2 });
    expect(fetch.calls).toHaveLength(2);
    expect(error.kind).toBe('service-error');
    expect(error.retryable).toBe(true);
  });

  it('maps ResourceInUse to a conflict', async () => {
    const error = await describeError(
      sequenceFetch(() =>
        sagemakerError(400, 'ResourceInUse', 'Job job-1 already exists')
      )
    );
    expect(error.kind).toBe('conflict');
  });
});

describe('proxy and transport errors', () => {
  it.each([
    [400, 'ServiceNotAllowed', 'proxy-rejected', 1],
    [400, 'BadRequest', 'proxy-rejected', 1],
    [413, 'BodyTooLarge', 'body-too-large', 1],
    [502, 'UpstreamUnreachable', 'upstream-unreachable', 3],
    [504, 'UpstreamTimeout', 'timeout', 3],
    [500, 'NoCredentials', 'no-credentials', 1]
  ])(
    'maps a proxy %i %s to %s after %i call(s)',
    async (status, code, kind, calls) => {
      const fetch = sequenceFetch(() =>
        proxyError(status, code, `proxy says ${code}`)
      );
      const error = await describeError(fetch, { maxAttempts: 3 });
      expect(error.kind).toBe(kind);
      expect(error.details.code).toBe(code);
      expect(error.details.statusCode).toBe(status);
      expect(fetch.calls).toHaveLength(calls);
      expect(error.message).toContain(`proxy says ${code}`);
    }
  );

  it('retries a network failure, then maps it', async () => {
    const fetch = sequenceFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await describeError(fetch, { maxAttempts: 2 });
    expect(fetch.calls).toHaveLength(2);
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
  });

  it('recovers from a network failure on retry', async () => {
    let first = true;
    const fetch = sequenceFetch(() => {
      if (first) {
        first = false;
        throw new TypeError('Failed to fetch');
      }
      return sagemakerJson(200, { AutoMLJobName: 'job-1' });
    });
    const sagemaker = createSageMakerClient(options(fetch));
    const output = await sagemaker.send(
      new DescribeAutoMLJobV2Command({ AutoMLJobName: 'job-1' })
    );
    expect(output.AutoMLJobName).toBe('job-1');
    expect(fetch.calls).toHaveLength(2);
  });

  it("maps Jupyter's 404 page to a missing server extension", async () => {
    const fetch = sequenceFetch(
      () =>
        new Response('<html><body>404 : Not Found</body></html>', {
          status: 404,
          headers: { 'content-type': 'text/html; charset=UTF-8' }
        })
    );
    const error = await describeError(fetch);
    expect(error.kind).toBe('server-extension-missing');
    expect(nextStep(error)).toContain('pip install jupyterlab_autopilot');
    expect(nextStep(error)).toContain(
      'jupyter server extension enable jupyterlab_autopilot'
    );
  });

  it("maps Jupyter's 403 to a session problem", async () => {
    const fetch = sequenceFetch(
      () =>
        new Response(
          JSON.stringify({
            message: "'_xsrf' argument missing from POST",
            reason: null
          }),
          {
            status: 403,
            headers: { 'content-type': 'application/json' }
          }
        )
    );
    const error = await describeError(fetch);
    expect(error.kind).toBe('jupyter-auth');
    expect(error.message).toContain('_xsrf');
  });
});

describe('S3 errors', () => {
  it('maps NoSuchKey', async () => {
    const fetch = sequenceFetch(() =>
      s3Error(404, 'NoSuchKey', 'The specified key does not exist.')
    );
    const s3 = createS3Client(options(fetch));
    const error = await failure(
      s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'missing.csv' }))
    );
    expect(error.kind).toBe('not-found');
    expect(error.details.code).toBe('NoSuchKey');
    expect(error.message).toBe('The S3 object does not exist.');
  });

  it('maps NoSuchBucket', async () => {
    const fetch = sequenceFetch(() =>
      s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist')
    );
    const s3 = createS3Client(options(fetch));
    const error = await failure(
      s3.send(new PutObjectCommand({ Bucket: 'nope', Key: 'k', Body: 'x' }))
    );
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe('The S3 bucket does not exist.');
  });

  it('maps a bodiless 404 on HEAD', async () => {
    const fetch = sequenceFetch(() => new Response(null, { status: 404 }));
    const s3 = createS3Client(options(fetch));
    const error = await failure(
      s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }))
    );
    expect(error.kind).toBe('not-found');
    expect(error.details.statusCode).toBe(404);
  });

  it('maps a terse S3 AccessDenied to the IAM action of the operation', async () => {
    const fetch = sequenceFetch(() =>
      s3Error(403, 'AccessDenied', 'Access Denied')
    );
    const s3 = createS3Client(options(fetch));
    const error = await failure(
      s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }))
    );
    expect(error.kind).toBe('access-denied');
    expect(error.details.action).toBe('s3:PutObject');
    expect(error.details.operation).toBe('PutObject');
    expect(nextStep(error)).toContain('s3:PutObject');
  });

  it('retries SlowDown', async () => {
    const fetch = sequenceFetch(
      () => s3Error(503, 'SlowDown', 'Please reduce your request rate.'),
      () => xml(200, '', { etag: '"abc"' })
    );
    const s3 = createS3Client(options(fetch));
    const output = await s3.send(
      new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' })
    );
    expect(output.ETag).toBe('"abc"');
    expect(fetch.calls).toHaveLength(2);
  });
});
