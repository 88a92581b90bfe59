import {
  guessIamAction,
  isNotFoundMessage,
  parseAccessDeniedMessage,
  parseQuotaMessage
} from '../errorParsing';
import { AutopilotError, isAutopilotError, toAutopilotError } from '../errors';
import {
  NetworkError,
  ProxyError,
  RequestTimeoutError
} from '../transportErrors';

describe('parseQuotaMessage', () => {
  it('reads the quota, limit and usage', () => {
    expect(
      parseQuotaMessage(
        "The account-level service limit 'Number of concurrent AutoML jobs' is 1 Jobs, with current utilization of 1 Jobs and a request delta of 1 Jobs."
      )
    ).toEqual({
      quota: 'Number of concurrent AutoML jobs',
      limit: 1,
      unit: 'Jobs',
      current: 1,
      requested: 1
    });
  });

  it('returns nothing for other wording', () => {
    expect(parseQuotaMessage('Too many jobs.')).toEqual({});
  });
});

describe('parseAccessDeniedMessage', () => {
  it('reads an explicit deny', () => {
    expect(
      parseAccessDeniedMessage(
        'User: arn:aws:iam::1:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in an identity-based policy'
      )
    ).toEqual({
      principal: 'arn:aws:iam::1:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      reason: 'an explicit deny'
    });
  });

  it('reads an action without a resource', () => {
    expect(
      parseAccessDeniedMessage(
        'User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: sagemaker:ListAutoMLJobs because no identity-based policy allows the sagemaker:ListAutoMLJobs action'
      )
    ).toMatchObject({
      action: 'sagemaker:ListAutoMLJobs',
      reason:
        'no identity-based policy allows the sagemaker:ListAutoMLJobs action'
    });
  });
});

describe('guessIamAction and isNotFoundMessage', () => {
  it('maps S3 operations to IAM actions', () => {
    expect(guessIamAction('s3', 'HeadObject')).toBe('s3:GetObject');
    expect(guessIamAction('s3', 'ListObjectsV2')).toBe('s3:ListBucket');
    expect(guessIamAction('s3', 'UploadPart')).toBe('s3:PutObject');
    expect(guessIamAction('sagemaker', 'StopAutoMLJob')).toBe(
      'sagemaker:StopAutoMLJob'
    );
    expect(guessIamAction(undefined, 'X')).toBeUndefined();
  });

  it('spots "not found" wording', () => {
    expect(isNotFoundMessage('Requested resource not found.')).toBe(true);
    expect(isNotFoundMessage('Value is too long')).toBe(false);
  });
});

describe('toAutopilotError', () => {
  it('returns an AutopilotError unchanged', () => {
    const error = new AutopilotError({ kind: 'validation', message: 'm' });
    expect(toAutopilotError(error)).toBe(error);
    expect(isAutopilotError(error)).toBe(true);
    expect(isAutopilotError(new Error('x'))).toBe(false);
  });

  it('maps plain SDK-shaped errors', () => {
    const e = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'r1', attempts: 5 }
    });
    const error = toAutopilotError(e);
    expect(error.kind).toBe('throttling');
    expect(error.details).toMatchObject({
      requestId: 'r1',
      attempts: 5,
      code: 'ThrottlingException'
    });
    expect(error.message).toContain('5 times');
    expect(error.cause).toBe(e);
  });

  it('maps transport errors', () => {
    expect(
      toAutopilotError(new NetworkError(new TypeError('Failed to fetch'))).kind
    ).toBe('network');
    expect(toAutopilotError(new TypeError('Failed to fetch')).kind).toBe(
      'network'
    );
    expect(toAutopilotError(new RequestTimeoutError(10)).kind).toBe('timeout');
    expect(
      toAutopilotError(new ProxyError(400, 'ServiceNotAllowed', 'ec2')).kind
    ).toBe('proxy-rejected');
    expect(
      toAutopilotError(new ProxyError(413, 'BodyTooLarge', 'big')).retryable
    ).toBe(false);
  });

  it('does not take programming TypeErrors for network failures', () => {
    expect(toAutopilotError(new TypeError('x is not a function')).kind).toBe(
      'unknown'
    );
  });

  it('maps non-errors', () => {
    const error = toAutopilotError('boom');
    expect(error.kind).toBe('unknown');
    expect(error.message).toBe('boom');
    expect(toAutopilotError(undefined).kind).toBe('unknown');
  });

  it('takes retryable from the kind', () => {
    expect(
      new AutopilotError({ kind: 'throttling', message: 'm' }).retryable
    ).toBe(true);
    expect(
      new AutopilotError({ kind: 'validation', message: 'm' }).retryable
    ).toBe(false);
  });

  it("keeps AWS's own words apart from the kind, for the Details dialog", () => {
    const error = toAutopilotError({
      name: 'ValidationException',
      $fault: 'client',
      message: 'Value at MaxCandidates failed'
    });
    expect(error.details.originalMessage).toBe('Value at MaxCandidates failed');
  });
});
