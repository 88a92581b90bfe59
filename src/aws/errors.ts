/**
 * Typed errors that a user can meet, each with a next step.
 *
 * This module imports no AWS SDK code, so UI code may import it statically.
 * Messages are English; the UI translates by `kind`, using `details` to fill
 * in placeholders. Kinds are a stable contract: add new ones, never rename.
 *
 * | kind                        | when                                                            | retryable |
 * |-----------------------------|-----------------------------------------------------------------|-----------|
 * | `resource-limit-exceeded`   | a SageMaker service quota is reached (`details.quota`)          | no        |
 * | `throttling`                | AWS still throttles after the SDK's retries with backoff        | yes       |
 * | `access-denied`             | the server's identity lacks a permission (`details.action`)     | no        |
 * | `validation`                | AWS rejected the request's values                               | no        |
 * | `not-found`                 | the job, bucket, key… does not exist                            | no        |
 * | `conflict`                  | the resource is in use or already exists                        | yes       |
 * | `no-credentials`            | the Jupyter server has no AWS credentials                       | no        |
 * | `invalid-credentials`       | the server's AWS credentials are invalid or expired             | no        |
 * | `service-error`             | AWS answered with an internal (5xx) error                       | yes       |
 * | `network`                   | the browser cannot reach the Jupyter server                     | yes       |
 * | `upstream-unreachable`      | the Jupyter server cannot reach AWS (proxy 502)                 | yes       |
 * | `timeout`                   | the request timed out (client side, or proxy 504)               | yes       |
 * | `body-too-large`            | the proxy refused the body's size (413)                         | no        |
 * | `proxy-rejected`            | the proxy refused the request (`ServiceNotAllowed`, `BadRequest`)| no        |
 * | `jupyter-auth`              | Jupyter refused the request (token or XSRF, 401/403)            | no        |
 * | `server-extension-missing`  | the server extension is not installed or not enabled            | no        |
 * | `server-extension-mismatch` | the server extension's version differs from the frontend's     | no        |
 * | `aborted`                   | the request was cancelled                                       | no        |
 * | `unknown`                   | anything else                                                   | no        |
 */
import {
  guessIamAction,
  isNotFoundMessage,
  parseAccessDeniedMessage,
  parseQuotaMessage
} from './errorParsing';
import {
  JupyterResponseError,
  NetworkError,
  ProxyError
} from './transportErrors';

/**
 * The stable kinds of error, see the table above.
 */
export type AutopilotErrorKind =
  | 'resource-limit-exceeded'
  | 'throttling'
  | 'access-denied'
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'no-credentials'
  | 'invalid-credentials'
  | 'service-error'
  | 'network'
  | 'upstream-unreachable'
  | 'timeout'
  | 'body-too-large'
  | 'proxy-rejected'
  | 'jupyter-auth'
  | 'server-extension-missing'
  | 'server-extension-mismatch'
  | 'aborted'
  | 'unknown';

/**
 * Facts about an error, for the UI's translated messages. All optional.
 */
export interface IAutopilotErrorDetails {
  /** The AWS, proxy or Jupyter error code, e.g. `ResourceLimitExceeded`. */
  code?: string;
  /** The HTTP status of the failing response. */
  statusCode?: number;
  /** AWS's request id, for support cases. */
  requestId?: string;
  /** How many attempts the SDK made (retries included). */
  attempts?: number;
  /** The AWS service (`sagemaker`, `s3`, `sts`) and operation, e.g. `CreateAutoMLJobV2`. */
  service?: string;
  operation?: string;
  /** `resource-limit-exceeded`: the quota's name, value, unit and usage. */
  quota?: string;
  limit?: number;
  unit?: string;
  current?: number;
  requested?: number;
  /** `access-denied`: who was refused which action on which resource. */
  principal?: string;
  action?: string;
  resource?: string;
  reason?: string;
  /** `server-extension-mismatch`: both versions. */
  serverVersion?: string;
  frontendVersion?: string;
}

/**
 * What `AutopilotError`'s constructor takes.
 */
export interface IAutopilotErrorOptions {
  kind: AutopilotErrorKind;
  title: string;
  message: string;
  nextStep: string;
  retryable: boolean;
  cause?: unknown;
  details?: IAutopilotErrorDetails;
}

/**
 * An error a user can meet: what happened, and what to do next.
 */
export class AutopilotError extends Error {
  readonly name = 'AutopilotError';
  /** Stable machine-readable kind; the UI translates by it. */
  readonly kind: AutopilotErrorKind;
  /** A short English headline. */
  readonly title: string;
  /** What to do about it, in English. */
  readonly nextStep: string;
  /** Whether trying the same thing again later may succeed. */
  readonly retryable: boolean;
  /** The original error, if any. */
  readonly cause: unknown;
  readonly details: IAutopilotErrorDetails;

  constructor(options: IAutopilotErrorOptions) {
    super(options.message);
    this.kind = options.kind;
    this.title = options.title;
    this.nextStep = options.nextStep;
    this.retryable = options.retryable;
    this.cause = options.cause;
    this.details = options.details ?? {};
  }
}

/**
 * Whether a value is an `AutopilotError` (also across bundle copies).
 */
export function isAutopilotError(value: unknown): value is AutopilotError {
  return (
    value instanceof AutopilotError ||
    (isRecord(value) &&
      value.name === 'AutopilotError' &&
      typeof value.kind === 'string' &&
      typeof value.nextStep === 'string')
  );
}

const SERVER_EXTENSION_FIX =
  'Install and enable the server extension: run `pip install jupyterlab_autopilot`, ' +
  'then `jupyter server extension enable jupyterlab_autopilot`, and restart JupyterLab.';

/**
 * The error for a server extension that does not answer (404 on its routes).
 */
export function serverExtensionMissingError(cause?: unknown): AutopilotError {
  return new AutopilotError({
    kind: 'server-extension-missing',
    title: 'Autopilot server extension not found',
    message:
      'The Jupyter server does not answer the Autopilot routes, so the ' +
      'jupyterlab_autopilot server extension is not installed or not enabled.',
    nextStep: SERVER_EXTENSION_FIX,
    retryable: false,
    cause,
    details: { statusCode: 404 }
  });
}

/**
 * The error for a server extension whose version differs from the frontend's.
 */
export function serverExtensionMismatchError(
  serverVersion: string,
  frontendVersion: string
): AutopilotError {
  return new AutopilotError({
    kind: 'server-extension-mismatch',
    title: 'Autopilot server extension version mismatch',
    message:
      `The server extension is version ${serverVersion} but the JupyterLab ` +
      `extension is version ${frontendVersion}.`,
    nextStep:
      `Install matching versions: run \`pip install jupyterlab_autopilot==${frontendVersion}\` ` +
      'in the environment that runs Jupyter, then restart JupyterLab and reload the page.',
    retryable: false,
    details: { serverVersion, frontendVersion }
  });
}

/**
 * The error for a Jupyter server without AWS credentials.
 */
export function noCredentialsError(
  message?: string,
  cause?: unknown,
  details: IAutopilotErrorDetails = {}
): AutopilotError {
  return new AutopilotError({
    kind: 'no-credentials',
    title: 'No AWS credentials on the Jupyter server',
    message:
      message ||
      'The Jupyter server found no AWS credentials to sign requests with.',
    nextStep:
      'Give the Jupyter server credentials (a SageMaker execution role, ' +
      '`aws configure` or `aws sso login`, or AWS_* environment variables) and ' +
      'restart it, or use the offline sandbox.',
    retryable: false,
    cause,
    details
  });
}

/**
 * Maps anything thrown by the AWS layer (SDK service errors, proxy and
 * transport errors, fetch failures) to an `AutopilotError`.
 */
export function toAutopilotError(e: unknown): AutopilotError {
  if (isAutopilotError(e)) {
    return e;
  }
  if (
    e instanceof ProxyError ||
    (isRecord(e) && e.name === 'AutopilotProxyError')
  ) {
    return fromProxyError(e as ProxyError);
  }
  if (
    e instanceof JupyterResponseError ||
    (isRecord(e) && e.name === 'AutopilotJupyterError')
  ) {
    return fromJupyterError(e as JupyterResponseError);
  }
  if (!isRecord(e)) {
    return unknownError(String(e ?? 'Unknown error'), e);
  }
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (name === 'AbortError') {
    return new AutopilotError({
      kind: 'aborted',
      title: 'Cancelled',
      message: 'The request was cancelled.',
      nextStep: 'Start the action again if you still need it.',
      retryable: false,
      cause: e
    });
  }
  if (
    e instanceof NetworkError ||
    name === 'AutopilotNetworkError' ||
    isFetchFailure(e)
  ) {
    return new AutopilotError({
      kind: 'network',
      title: 'Cannot reach the Jupyter server',
      message: `The request did not reach the Jupyter server: ${message || 'network error'}.`,
      nextStep:
        'Check that the Jupyter server is still running and that your network connection works, then try again.',
      retryable: true,
      cause: e,
      details: sdkDetails(e)
    });
  }
  if (name === 'TimeoutError' && !hasHttpStatus(e)) {
    return timeoutError(message || 'The request timed out.', e, sdkDetails(e));
  }
  if (isServiceError(e)) {
    return fromServiceError(e);
  }
  return unknownError(message || name || 'Unknown error', e);
}

// ---------------------------------------------------------------------------

type AnyObject = Record<string, any>;

/** A plain object (not null, not an array): what JSON objects and errors are. */
export function isRecord(value: unknown): value is AnyObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasHttpStatus(e: AnyObject): boolean {
  return typeof e.$metadata?.httpStatusCode === 'number';
}

/**
 * SDK service exceptions carry `$metadata` and `$fault`.
 */
function isServiceError(e: AnyObject): boolean {
  return (
    typeof e.$fault === 'string' ||
    hasHttpStatus(e) ||
    (isRecord(e.$response) && typeof e.name === 'string')
  );
}

const FETCH_FAILURE_MESSAGES = [
  'failed to fetch',
  'networkerror when attempting to fetch resource',
  'the internet connection appears to be offline',
  'load failed',
  'network request failed',
  'fetch failed'
];

function isFetchFailure(e: AnyObject): boolean {
  return (
    e instanceof TypeError &&
    FETCH_FAILURE_MESSAGES.some(m =>
      String(e.message).toLowerCase().startsWith(m)
    )
  );
}

function sdkDetails(e: AnyObject): IAutopilotErrorDetails {
  const details: IAutopilotErrorDetails = {};
  const metadata = isRecord(e.$metadata) ? e.$metadata : {};
  if (typeof metadata.httpStatusCode === 'number') {
    details.statusCode = metadata.httpStatusCode;
  }
  if (typeof metadata.requestId === 'string') {
    details.requestId = metadata.requestId;
  }
  if (typeof metadata.attempts === 'number') {
    details.attempts = metadata.attempts;
  }
  const op = e.$autopilotOperation;
  if (isRecord(op)) {
    if (typeof op.service === 'string') {
      details.service = op.service;
    }
    if (typeof op.operation === 'string') {
      details.operation = op.operation;
    }
  }
  return details;
}

function unknownError(message: string, cause: unknown): AutopilotError {
  return new AutopilotError({
    kind: 'unknown',
    title: 'Unexpected error',
    message,
    nextStep: 'Try again. If it keeps happening, report it with this message.',
    retryable: false,
    cause,
    details: isRecord(cause) ? sdkDetails(cause) : {}
  });
}

function timeoutError(
  message: string,
  cause: unknown,
  details: IAutopilotErrorDetails
): AutopilotError {
  return new AutopilotError({
    kind: 'timeout',
    title: 'The request timed out',
    message,
    nextStep:
      "Try again. If it keeps happening, check the Jupyter server's connection to AWS.",
    retryable: true,
    cause,
    details
  });
}

function fromProxyError(e: ProxyError): AutopilotError {
  const details: IAutopilotErrorDetails = {
    ...sdkDetails(e),
    code: e.code,
    statusCode: e.statusCode
  };
  const message = e.message || e.code;
  if (/credential/i.test(e.code)) {
    return noCredentialsError(message, e, details);
  }
  if (e.code === 'UpstreamTimeout' || e.statusCode === 504) {
    return timeoutError(
      `The Jupyter server gave up waiting for AWS: ${message}`,
      e,
      details
    );
  }
  if (e.code === 'UpstreamUnreachable' || e.statusCode === 502) {
    return new AutopilotError({
      kind: 'upstream-unreachable',
      title: 'The Jupyter server cannot reach AWS',
      message: `The Jupyter server could not reach AWS: ${message}`,
      nextStep:
        "Check the Jupyter server's network access, its HTTPS proxy settings and its AWS region, then try again.",
      retryable: true,
      cause: e,
      details
    });
  }
  if (e.code === 'BodyTooLarge' || e.statusCode === 413) {
    return new AutopilotError({
      kind: 'body-too-large',
      title: 'Request too large',
      message: `The Jupyter server refused the request's size: ${message}`,
      nextStep:
        "Upload the file in smaller parts, or raise the server extension's request size limit.",
      retryable: false,
      cause: e,
      details
    });
  }
  return new AutopilotError({
    kind: 'proxy-rejected',
    title: 'Request refused by the Jupyter server',
    message: `The Autopilot proxy refused the request (${e.code}): ${message}`,
    nextStep:
      'This is most likely a bug in the extension: report it with this message.',
    retryable: false,
    cause: e,
    details
  });
}

function fromJupyterError(e: JupyterResponseError): AutopilotError {
  if (e.statusCode === 404) {
    return serverExtensionMissingError(e);
  }
  return new AutopilotError({
    kind: 'jupyter-auth',
    title: 'Jupyter refused the request',
    message: `The Jupyter server refused the request (${e.statusCode}): ${e.message}`,
    nextStep:
      'Reload the JupyterLab page to renew your session, then try again. If you opened JupyterLab with a token, open it again from its URL with the token.',
    retryable: false,
    cause: e,
    details: { statusCode: e.statusCode }
  });
}

const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'SlowDown',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete'
]);

const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AllAccessDisabled',
  'UnauthorizedOperation',
  'AuthorizationError',
  'Forbidden'
]);

const INVALID_CREDENTIALS_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException'
]);

const NOT_FOUND_CODES = new Set([
  'ResourceNotFound',
  'ResourceNotFoundException',
  'NoSuchKey',
  'NoSuchBucket',
  'NoSuchUpload',
  'NoSuchEntity',
  'NotFound'
]);

const VALIDATION_CODES = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidParameterValue',
  'InvalidParameterException',
  'InvalidArgument',
  'InvalidRequest',
  'InvalidBucketName',
  'InvalidPart',
  'InvalidPartOrder',
  'EntityTooSmall',
  'EntityTooLarge',
  'KeyTooLongError',
  'MalformedXML',
  'SerializationException'
]);

const CONFLICT_CODES = new Set([
  'ResourceInUse',
  'ConflictException',
  'BucketAlreadyExists',
  'BucketAlreadyOwnedByYou',
  'OperationAborted'
]);

const SERVICE_ERROR_CODES = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException'
]);

function fromServiceError(e: AnyObject): AutopilotError {
  const code = String(e.name ?? e.Code ?? e.code ?? 'UnknownError');
  const message = typeof e.message === 'string' && e.message ? e.message : code;
  const details: IAutopilotErrorDetails = { ...sdkDetails(e), code };
  const status = details.statusCode;
  const where = details.operation ? ` (${details.operation})` : '';

  if (
    code === 'ResourceLimitExceeded' ||
    code === 'ResourceLimitExceededException'
  ) {
    Object.assign(details, parseQuotaMessage(message));
    const quota = details.quota ? `"${details.quota}"` : 'the service quota';
    return new AutopilotError({
      kind: 'resource-limit-exceeded',
      title: 'Service quota reached',
      message: details.quota
        ? `The request would exceed the quota ${quota}` +
          (details.limit !== undefined
            ? ` (${details.limit} ${details.unit ?? ''}`.trimEnd() +
              (details.current !== undefined
                ? `, ${details.current} in use`
                : '') +
              ')'
            : '') +
          '.'
        : message,
      nextStep:
        `Lower max_parallel_jobs (or the instance count), or request a quota increase for ${quota} ` +
        'in Service Quotas.',
      retryable: false,
      cause: e,
      details
    });
  }
  if (THROTTLING_CODES.has(code) || status === 429) {
    const attempts = details.attempts;
    return new AutopilotError({
      kind: 'throttling',
      title: 'AWS is throttling requests',
      message:
        `AWS is limiting the request rate${where}` +
        (attempts && attempts > 1
          ? `; it was tried ${attempts} times with backoff.`
          : '.'),
      nextStep:
        'Wait a minute, then try again. Fewer panels polling at once also helps.',
      retryable: true,
      cause: e,
      details
    });
  }
  if (INVALID_CREDENTIALS_CODES.has(code)) {
    return new AutopilotError({
      kind: 'invalid-credentials',
      title: "The server's AWS credentials are invalid or expired",
      message: `AWS did not accept the Jupyter server's credentials: ${message}`,
      nextStep:
        "Refresh the Jupyter server's AWS credentials (for example `aws sso login`, or new keys), " +
        'then try again; restart the server if they came from environment variables.',
      retryable: false,
      cause: e,
      details
    });
  }
  if (
    ACCESS_DENIED_CODES.has(code) ||
    (status === 403 && !NOT_FOUND_CODES.has(code))
  ) {
    Object.assign(details, parseAccessDeniedMessage(message));
    details.action ??= guessIamAction(details.service, details.operation);
    const action = details.action ? ` ${details.action}` : '';
    const resource = details.resource ? ` on ${details.resource}` : '';
    const who = details.principal ?? "The Jupyter server's AWS identity";
    return new AutopilotError({
      kind: 'access-denied',
      title: 'Permission missing',
      message: details.action
        ? `${who} is not allowed to perform${action}${resource}.`
        : `${who} was denied access: ${message}`,
      nextStep:
        `Add the permission${action}${resource} to the IAM policy of the role the Jupyter server uses ` +
        '(in Studio, the execution role), or ask your AWS administrator to.',
      retryable: false,
      cause: e,
      details
    });
  }
  if (
    NOT_FOUND_CODES.has(code) ||
    status === 404 ||
    (VALIDATION_CODES.has(code) && isNotFoundMessage(message))
  ) {
    return new AutopilotError({
      kind: 'not-found',
      title: 'Not found',
      message: notFoundMessage(code, message, details),
      nextStep:
        'Check the name and the AWS region; the resource may have been deleted or never created.',
      retryable: false,
      cause: e,
      details
    });
  }
  if (CONFLICT_CODES.has(code) || status === 409) {
    return new AutopilotError({
      kind: 'conflict',
      title: 'Conflict with another operation',
      message: `${message}`,
      nextStep:
        'Wait for the other operation on this resource to finish, or choose another name, then try again.',
      retryable: true,
      cause: e,
      details
    });
  }
  if (VALIDATION_CODES.has(code) || status === 400) {
    return new AutopilotError({
      kind: 'validation',
      title: 'Invalid request',
      message: `AWS rejected the request${where}: ${message}`,
      nextStep: 'Correct the value the message names, then try again.',
      retryable: false,
      cause: e,
      details
    });
  }
  if (
    SERVICE_ERROR_CODES.has(code) ||
    (status !== undefined && status >= 500)
  ) {
    return new AutopilotError({
      kind: 'service-error',
      title: 'AWS service error',
      message: `AWS had an internal error${where}: ${message}`,
      nextStep: 'Wait a moment, then try again.',
      retryable: true,
      cause: e,
      details
    });
  }
  return new AutopilotError({
    kind: 'unknown',
    title: 'Unexpected AWS error',
    message: `${code}: ${message}`,
    nextStep: 'Try again. If it keeps happening, report it with this message.',
    retryable: false,
    cause: e,
    details
  });
}

function notFoundMessage(
  code: string,
  message: string,
  details: IAutopilotErrorDetails
): string {
  if (code === 'NoSuchBucket') {
    return 'The S3 bucket does not exist.';
  }
  if (
    code === 'NoSuchKey' ||
    (code === 'NotFound' && details.service === 's3')
  ) {
    return 'The S3 object does not exist.';
  }
  if (code === 'NoSuchUpload') {
    return 'The multipart upload does not exist any more.';
  }
  return message && message !== code ? message : 'The resource does not exist.';
}
