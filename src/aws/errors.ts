/**
 * Typed errors that a user can meet: this module classifies what the AWS
 * layer throws into a stable `kind` with `details`. What the user reads (a
 * headline, what happened, the next step) is in one translated table,
 * `src/connection/errorText.ts`, keyed by kind. `message` is English, for
 * logs and reports; `details.originalMessage` keeps AWS's (or the server's)
 * own words. Kinds are a stable contract: add new ones, never rename.
 *
 * This module imports no AWS SDK code, so UI code may import it statically.
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
  /**
   * What AWS, the proxy or the browser said, untranslated, when it says more
   * than the kind does (e.g. the value AWS rejected).
   */
  originalMessage?: string;
}

/** Whether trying the same thing again later may succeed, per kind. */
const RETRYABLE: Record<AutopilotErrorKind, boolean> = {
  'resource-limit-exceeded': false,
  throttling: true,
  'access-denied': false,
  validation: false,
  'not-found': false,
  conflict: true,
  'no-credentials': false,
  'invalid-credentials': false,
  'service-error': true,
  network: true,
  'upstream-unreachable': true,
  timeout: true,
  'body-too-large': false,
  'proxy-rejected': false,
  'jupyter-auth': false,
  'server-extension-missing': false,
  'server-extension-mismatch': false,
  aborted: false,
  unknown: false
};

/**
 * What `AutopilotError`'s constructor takes.
 */
export interface IAutopilotErrorOptions {
  kind: AutopilotErrorKind;
  /** English, for logs and reports; the UI shows `errorText()` instead. */
  message: string;
  cause?: unknown;
  details?: IAutopilotErrorDetails;
}

/**
 * An error a user can meet, classified by kind.
 */
export class AutopilotError extends Error {
  readonly name = 'AutopilotError';
  /** Stable machine-readable kind; the UI translates by it. */
  readonly kind: AutopilotErrorKind;
  /** Whether trying the same thing again later may succeed. */
  readonly retryable: boolean;
  /** The original error, if any. */
  readonly cause: unknown;
  readonly details: IAutopilotErrorDetails;

  constructor(options: IAutopilotErrorOptions) {
    super(options.message);
    this.kind = options.kind;
    this.retryable = RETRYABLE[options.kind];
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
      typeof value.retryable === 'boolean')
  );
}

/**
 * The error for a server extension that does not answer (404 on its routes).
 */
export function serverExtensionMissingError(cause?: unknown): AutopilotError {
  return new AutopilotError({
    kind: 'server-extension-missing',
    message:
      'The Jupyter server does not answer the Autopilot routes, so the ' +
      'jupyterlab_autopilot server extension is not installed or not enabled.',
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
    message:
      `The server extension is version ${serverVersion} but the JupyterLab ` +
      `extension is version ${frontendVersion}.`,
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
    message:
      message ||
      'The Jupyter server found no AWS credentials to sign requests with.',
    cause,
    details: message ? { originalMessage: message, ...details } : details
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
      message: 'The request was cancelled.',
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
      message: `The request did not reach the Jupyter server: ${message || 'network error'}.`,
      cause: e,
      details: withOriginal(sdkDetails(e), message)
    });
  }
  if (name === 'TimeoutError' && !hasHttpStatus(e)) {
    return timeoutError(
      message || 'The request timed out.',
      e,
      withOriginal(sdkDetails(e), message)
    );
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
    message,
    cause,
    details: withOriginal(isRecord(cause) ? sdkDetails(cause) : {}, message)
  });
}

/** The details, with the original words when there are any. */
function withOriginal(
  details: IAutopilotErrorDetails,
  originalMessage: string | undefined
): IAutopilotErrorDetails {
  return originalMessage ? { ...details, originalMessage } : details;
}

function timeoutError(
  message: string,
  cause: unknown,
  details: IAutopilotErrorDetails
): AutopilotError {
  return new AutopilotError({
    kind: 'timeout',
    message,
    cause,
    details
  });
}

function fromProxyError(e: ProxyError): AutopilotError {
  const message = e.message || e.code;
  const details: IAutopilotErrorDetails = {
    ...sdkDetails(e),
    code: e.code,
    statusCode: e.statusCode,
    originalMessage: message
  };
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
      message: `The Jupyter server could not reach AWS: ${message}`,
      cause: e,
      details
    });
  }
  if (e.code === 'BodyTooLarge' || e.statusCode === 413) {
    return new AutopilotError({
      kind: 'body-too-large',
      message: `The Jupyter server refused the request's size: ${message}`,
      cause: e,
      details
    });
  }
  return new AutopilotError({
    kind: 'proxy-rejected',
    message: `The Autopilot proxy refused the request (${e.code}): ${message}`,
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
    message: `The Jupyter server refused the request (${e.statusCode}): ${e.message}`,
    cause: e,
    details: withOriginal({ statusCode: e.statusCode }, e.message)
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
  const details: IAutopilotErrorDetails = withOriginal(
    { ...sdkDetails(e), code },
    message !== code ? message : undefined
  );
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
      cause: e,
      details
    });
  }
  if (THROTTLING_CODES.has(code) || status === 429) {
    const attempts = details.attempts;
    return new AutopilotError({
      kind: 'throttling',
      message:
        `AWS is limiting the request rate${where}` +
        (attempts && attempts > 1
          ? `; it was tried ${attempts} times with backoff.`
          : '.'),
      cause: e,
      details
    });
  }
  if (INVALID_CREDENTIALS_CODES.has(code)) {
    return new AutopilotError({
      kind: 'invalid-credentials',
      message: `AWS did not accept the Jupyter server's credentials: ${message}`,
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
      message: details.action
        ? `${who} is not allowed to perform${action}${resource}.`
        : `${who} was denied access: ${message}`,
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
      message: notFoundMessage(code, message, details),
      cause: e,
      details
    });
  }
  if (CONFLICT_CODES.has(code) || status === 409) {
    return new AutopilotError({
      kind: 'conflict',
      message: `${message}`,
      cause: e,
      details
    });
  }
  if (VALIDATION_CODES.has(code) || status === 400) {
    return new AutopilotError({
      kind: 'validation',
      message: `AWS rejected the request${where}: ${message}`,
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
      message: `AWS had an internal error${where}: ${message}`,
      cause: e,
      details
    });
  }
  return new AutopilotError({
    kind: 'unknown',
    message: `${code}: ${message}`,
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
