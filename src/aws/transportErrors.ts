/**
 * Errors raised by the proxy request handler before the AWS SDK sees a
 * response. They are plain `Error`s (no SDK import), so `errors.ts` can
 * recognise them while staying light enough to import statically.
 *
 * `$metadata.httpStatusCode` is set where the SDK's retry classifier should
 * see it (502/504 from the proxy are retried like any transient failure).
 */

const RETRIED_PROXY_STATUSES = new Set([429, 502, 503, 504]);

/**
 * The signing proxy itself refused or failed the request
 * (response header `X-Autopilot-Proxy-Error: 1`).
 */
export class ProxyError extends Error {
  readonly name = 'AutopilotProxyError';
  /**
   * Only for the statuses worth retrying (the proxy's 502/503/504 and 429),
   * which the SDK then retries; other proxy errors fail at once.
   */
  readonly $metadata: { httpStatusCode?: number };

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string
  ) {
    super(message || code);
    this.$metadata = RETRIED_PROXY_STATUSES.has(statusCode)
      ? { httpStatusCode: statusCode }
      : {};
  }
}

/**
 * Jupyter answered the request itself, not the proxy nor AWS: a 404 page when
 * the server extension is missing, or a 401/403 when the session is rejected.
 */
export class JupyterResponseError extends Error {
  readonly name = 'AutopilotJupyterError';

  constructor(
    readonly statusCode: number,
    message: string
  ) {
    super(message);
  }
}

/**
 * The browser could not reach the Jupyter server (fetch rejected).
 * The original error is kept as `cause`, which the SDK inspects to decide
 * whether to retry.
 */
export class NetworkError extends Error {
  readonly name = 'AutopilotNetworkError';
  readonly $retryable = {};

  constructor(readonly cause: unknown) {
    super(
      cause instanceof Error ? cause.message : String(cause ?? 'Network error')
    );
  }
}

/**
 * The request took longer than the configured timeout. Named `TimeoutError`
 * so that the SDK retries it as a transient failure.
 */
export class RequestTimeoutError extends Error {
  readonly name = 'TimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms`);
  }
}

/**
 * Creates the `AbortError` the SDK expects when a request is cancelled.
 */
export function createAbortError(reason?: unknown): Error {
  const error = new Error(
    reason instanceof Error
      ? reason.message
      : reason !== undefined
        ? String(reason)
        : 'Request aborted'
  );
  error.name = 'AbortError';
  if (reason instanceof Error) {
    (error as Error & { cause?: unknown }).cause = reason;
  }
  return error;
}
