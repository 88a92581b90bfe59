/**
 * How the browser talks to the Jupyter server: the base URL, the token and
 * the XSRF cookie. No AWS SDK here.
 */

/**
 * A `fetch` function; tests inject a fake one.
 */
export type FetchFunction = (
  input: RequestInfo,
  init?: RequestInit
) => Promise<Response>;

/**
 * The parts of `ServerConnection.ISettings` the AWS layer uses, so the
 * settings from `ServerConnection.makeSettings()` can be passed as they are.
 */
export interface IJupyterConnection {
  /** The Jupyter server's base URL, e.g. `http://localhost:8888/`. */
  readonly baseUrl: string;
  /** Jupyter's token; an empty string means none (cookie/XSRF auth). */
  readonly token: string;
  /** The `fetch` to use; defaults to the global one. */
  readonly fetch?: FetchFunction;
}

/**
 * The AWS services the server's proxy allows, by the proxy's URL segment
 * (`jupyterlab_autopilot/proxy/services.py`).
 */
export type AwsService =
  'sagemaker' | 'sagemaker-runtime' | 's3' | 'servicequotas' | 'sts';

/**
 * The base URL with exactly one trailing slash.
 */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/*$/, '/');
}

/**
 * The URL of one of the server extension's routes, e.g. `autopilot/context`.
 */
export function autopilotUrl(baseUrl: string, route: string): string {
  return `${normalizeBaseUrl(baseUrl)}autopilot/${route.replace(/^\/+/, '')}`;
}

/**
 * The proxy URL for an AWS request. `path` is the SDK's already URI-encoded
 * path (for S3 path-style, `/<bucket>/<key>`), `query` an encoded query
 * string without `?`.
 */
export function proxyUrl(
  baseUrl: string,
  service: AwsService,
  path: string,
  query = ''
): string {
  const encodedPath = protectDotSegments(
    path.startsWith('/') ? path : `/${path}`
  );
  return `${autopilotUrl(baseUrl, `aws/${service}`)}${encodedPath}${query ? `?${query}` : ''}`;
}

/**
 * Percent-encodes `.` and `..` path segments (legal in S3 keys), which URL
 * parsers would otherwise collapse before the request leaves the browser.
 */
function protectDotSegments(path: string): string {
  return path
    .split('/')
    .map(segment =>
      segment === '.' || segment === '..'
        ? segment.replace(/\./g, '%2E')
        : segment
    )
    .join('/');
}

/**
 * Reads a cookie the way Jupyter's `ServerConnection` does: the last match
 * wins, as Tornado's parser keeps the last duplicate.
 */
export function getCookie(name: string, cookie?: string): string | undefined {
  let source = cookie;
  if (source === undefined) {
    try {
      source = typeof document !== 'undefined' ? document.cookie : '';
    } catch {
      return undefined;
    }
  }
  const prefix = `${name}=`;
  let value: string | undefined;
  for (const part of source.split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(prefix)) {
      value = trimmed.substring(prefix.length);
    }
  }
  return value;
}

/**
 * The headers that authenticate a request to Jupyter: `Authorization: token …`
 * when there is a token, and `X-XSRFToken` from the `_xsrf` cookie.
 */
export function jupyterAuthHeaders(
  connection: Pick<IJupyterConnection, 'token'>
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (connection.token) {
    headers['Authorization'] = `token ${connection.token}`;
  }
  const xsrf = getCookie('_xsrf');
  if (xsrf !== undefined) {
    headers['X-XSRFToken'] = xsrf;
  }
  return headers;
}
