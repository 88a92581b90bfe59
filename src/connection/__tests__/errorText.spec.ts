import { nullTranslator } from '@jupyterlab/translation';
import {
  AutopilotError,
  serverExtensionMismatchError,
  serverExtensionMissingError,
  toAutopilotError
} from '../../aws/errors';
import { ProxyError } from '../../aws/transportErrors';
import { errorParts, errorText } from '../errorText';

const trans = nullTranslator.load('jupyterlab_autopilot');
const text = (error: AutopilotError) => errorText(trans, error);
const awsError = (name: string, message: string, extra = {}) =>
  toAutopilotError({ name, $fault: 'client', message, ...extra });

describe('errorText: what the user reads, per kind', () => {
  it('a reached quota: lower parallelism, and the quota by name', () => {
    const t = text(
      awsError(
        'ResourceLimitExceeded',
        "The account-level service limit 'ml.m5.xlarge for training job usage' is 2 Instances, with current utilization of 2 Instances and a request delta of 1 Instances."
      )
    );
    expect(t.title).toBe('A SageMaker service quota is reached');
    expect(t.nextStep).toBe(
      'Lower max_parallel_jobs, or request a quota increase for "ml.m5.xlarge for training job usage" in Service Quotas.'
    );
    expect(t.message).toMatch(
      /^The request would exceed the quota "ml.m5.xlarge for training job usage"\.\n\nAWS said: The account-level/
    );
  });

  it('a reached quota on creating an AutoML job: another job must end first', () => {
    const error = awsError(
      'ResourceLimitExceeded',
      "The account-level service limit 'Maximum number of concurrently running AutoML jobs' is 10 Jobs, with current utilization of 10 Jobs and a request delta of 1 Jobs.",
      {
        $autopilotOperation: {
          service: 'sagemaker',
          operation: 'CreateAutoMLJobV2'
        }
      }
    );
    expect(text(error).nextStep).toBe(
      'Wait for a running AutoML job of the account to end, or stop one, or request a quota increase for "Maximum number of concurrently running AutoML jobs" in Service Quotas; then try again.'
    );
  });

  it('throttling: how often it was tried', () => {
    const t = text(
      awsError('ThrottlingException', 'Rate exceeded', {
        $metadata: { httpStatusCode: 400, attempts: 5 }
      })
    );
    expect(t.title).toBe('AWS is throttling requests');
    expect(t.message).toBe(
      'AWS is limiting the request rate; it was tried 5 times with backoff.\n\nAWS said: Rate exceeded'
    );
    expect(t.nextStep).toMatch(/^The request was retried with backoff/);
  });

  it('access denied: the action and the resource to grant', () => {
    const t = text(
      awsError(
        'AccessDeniedException',
        'User: arn:aws:sts::1:assumed-role/R/x is not authorized to perform: sagemaker:ListAutoMLJobs on resource: arn:aws:sagemaker:us-east-1:1:automl-job/*'
      )
    );
    expect(t.title).toBe('Permission denied');
    expect(t.message).toMatch(
      /^arn:aws:sts::1:assumed-role\/R\/x is not allowed to perform sagemaker:ListAutoMLJobs on arn:aws:sagemaker:us-east-1:1:automl-job\/\*\./
    );
    expect(t.nextStep).toBe(
      "The role the Jupyter server uses lacks sagemaker:ListAutoMLJobs. Add it to the role's policy, then try again."
    );
  });

  it("validation and conflict: AWS's words are the message", () => {
    const validation = text(awsError('ValidationException', 'Bad name'));
    expect(validation.title).toBe('AWS rejected the request');
    expect(validation.message).toBe('AWS said: Bad name');
    const conflict = text(awsError('ResourceInUse', 'Job exists'));
    expect(conflict.title).toBe('The resource is in use or already exists');
    expect(conflict.nextStep).toBe(
      'Choose another name, or wait and try again.'
    );
  });

  it('not found: S3 codes get a sentence of their own', () => {
    expect(text(awsError('NoSuchBucket', '')).message).toBe(
      'The S3 bucket does not exist.'
    );
    const t = text(awsError('ResourceNotFound', 'Job j does not exist.'));
    expect(t.title).toBe('Not found');
    expect(t.message).toBe('AWS said: Job j does not exist.');
    expect(t.nextStep).toMatch(/region/);
  });

  it('credentials: where they come from', () => {
    const missing = text(
      toAutopilotError(
        new ProxyError(500, 'NoCredentials', 'Unable to locate credentials')
      )
    );
    expect(missing.title).toBe(
      'The Jupyter server has no usable AWS credentials'
    );
    expect(missing.message).toBe(
      'The Jupyter server found no AWS credentials to sign requests with.\n\nOriginal message: Unable to locate credentials'
    );
    expect(missing.nextStep).toMatch(/aws sso login/);
    const expired = text(awsError('ExpiredToken', 'The token expired'));
    expect(expired.message).toMatch(/^AWS did not accept/);
  });

  it('the server extension: missing, or another version', () => {
    const missing = text(serverExtensionMissingError());
    expect(missing.title).toBe('The Autopilot server extension is not running');
    expect(missing.message).toMatch(/is not installed or not enabled/);
    expect(missing.nextStep).toMatch(
      /jupyter server extension enable jupyterlab_autopilot, then restart/
    );
    const mismatch = text(serverExtensionMismatchError('0.0.9', '0.1.0'));
    expect(mismatch.title).toBe(
      'The Autopilot server extension has another version'
    );
    expect(mismatch.nextStep).toMatch(
      /^The server runs 0.0.9 and the page 0.1.0\. Run pip install jupyterlab_autopilot==0.1.0/
    );
  });

  it('transport: network, upstream, timeouts, proxy refusals, Jupyter refusals', () => {
    expect(text(toAutopilotError(new TypeError('Failed to fetch')))).toEqual({
      title: 'The Jupyter server could not be reached',
      message:
        'The request did not reach the Jupyter server.\n\nOriginal message: Failed to fetch',
      nextStep:
        'Check that the Jupyter server is still running and that this browser can reach it, then try again.'
    });
    // The proxy answered for AWS: the server's way to AWS, not the browser's.
    const dropped = text(
      toAutopilotError(
        new ProxyError(
          502,
          'UpstreamUnreachable',
          'The connection from the Jupyter server to AWS at 127.0.0.1 closed before AWS answered (RemoteProtocolError).'
        )
      )
    );
    expect(dropped).toEqual({
      title: "The Jupyter server's AWS proxy could not reach AWS",
      message:
        'The Jupyter server got no answer from AWS: the connection failed, or closed before AWS answered.' +
        '\n\nOriginal message: The connection from the Jupyter server to AWS at 127.0.0.1 closed before AWS answered (RemoteProtocolError).',
      nextStep: expect.stringMatching(
        /^Try again in a moment\. If it keeps failing, check the network of the Jupyter server \(not of this browser\): its HTTPS_PROXY and NO_PROXY variables, its AWS_ENDPOINT_URL settings/
      )
    });
    expect(
      text(toAutopilotError(new ProxyError(502, 'UpstreamBroken', 'x'))).message
    ).toMatch(
      /^AWS's answer to the Jupyter server broke off or was malformed\./
    );
    const internal = text(
      toAutopilotError(
        Object.assign(new Error('We encountered an internal error.'), {
          name: 'InternalFailure',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 }
        })
      )
    );
    expect(internal).toEqual({
      title: 'AWS had an internal error',
      message: 'AWS said: We encountered an internal error.',
      nextStep: 'Wait a moment, then try again.'
    });
    expect(
      text(toAutopilotError(new ProxyError(504, 'UpstreamTimeout', 'x')))
        .message
    ).toMatch(/^The Jupyter server gave up waiting for AWS\./);
    const refused = text(
      toAutopilotError(
        new ProxyError(400, 'ServiceNotAllowed', 'ec2 is not allowed')
      )
    );
    expect(refused.title).toBe('The Jupyter server refused the request');
    expect(refused.message).toBe(
      'The Autopilot proxy refused the request (ServiceNotAllowed).\n\nOriginal message: ec2 is not allowed'
    );
    const tooLarge = text(
      toAutopilotError(new ProxyError(413, 'BodyTooLarge', 'too big'))
    );
    expect(tooLarge.message).toMatch(
      /^The Jupyter server refused the request's size\./
    );
    const abort = Object.assign(new Error('x'), { name: 'AbortError' });
    expect(text(toAutopilotError(abort))).toEqual({
      title: 'Cancelled',
      message: 'The request was cancelled.',
      nextStep: 'Nothing more to do.'
    });
  });

  it('anything else: the original words, and a way on', () => {
    const t = text(toAutopilotError('boom'));
    expect(t).toEqual({
      title: 'Something went wrong',
      message: 'Original message: boom',
      nextStep: 'See the message, then try again.'
    });
  });
});

describe('errorParts: the translation apart from the original words', () => {
  it('keeps the proxy’s words apart from what the panel says', () => {
    const parts = errorParts(
      trans,
      toAutopilotError(
        new ProxyError(502, 'UpstreamUnreachable', 'closed at 127.0.0.1')
      )
    );
    expect(parts.what).toMatch(/^The Jupyter server got no answer from AWS/);
    expect(parts.said).toBe('Original message: closed at 127.0.0.1');
  });

  it('has no translated what when only AWS’s words say it', () => {
    const parts = errorParts(
      trans,
      awsError('ValidationException', 'MaxCandidates must be at least 1')
    );
    expect(parts.what).toBeNull();
    expect(parts.said).toBe('AWS said: MaxCandidates must be at least 1');
  });
});
