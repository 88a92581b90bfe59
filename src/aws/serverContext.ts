/**
 * The server extension's context (region, account, default bucket, role…)
 * and the version handshake. No AWS SDK here: import it statically.
 */
import { ServerConnection } from '@jupyterlab/services';
import { version as packageVersion } from '../../package.json';

import {
  AutopilotError,
  isRecord,
  noCredentialsError,
  serverExtensionMismatchError,
  serverExtensionMissingError,
  toAutopilotError
} from './errors';
import {
  autopilotUrl,
  type FetchFunction,
  type IJupyterConnection
} from './jupyterConnection';
import {
  createAbortError,
  JupyterResponseError,
  NetworkError,
  ProxyError
} from './transportErrors';

/**
 * This frontend's version, which the server extension's must match.
 */
export const FRONTEND_VERSION: string = packageVersion;

/**
 * Why the server has no usable AWS credentials.
 */
export interface ICredentialsError {
  code: string;
  message: string;
}

/**
 * `GET <baseUrl>autopilot/context`. Everything but `version`, `region` and
 * `sandbox` may be null (e.g. without credentials).
 */
export interface IAutopilotContext {
  /** The server extension's version. */
  version: string;
  /** The AWS region the server signs for. */
  region: string;
  /** The AWS account id. */
  account: string | null;
  /** The ARN of the identity the server signs as. */
  callerArn: string | null;
  /** `sagemaker-<region>-<account>`. */
  defaultBucket: string | null;
  defaultBucketExists: boolean | null;
  /** The role to pass to Autopilot. */
  executionRoleArn: string | null;
  /** Where `executionRoleArn` came from (e.g. `studio`, `settings`, `env`). */
  executionRoleSource: string | null;
  /** Whether the server talks to the offline sandbox instead of AWS. */
  sandbox: boolean;
  /** Set when the server could not find or use AWS credentials. */
  credentialsError: ICredentialsError | null;
}

/**
 * Options of the context requests.
 */
export interface IContextRequestOptions {
  /** Overrides `connection.fetch` (tests). */
  fetch?: FetchFunction;
  abortSignal?: AbortSignal;
}

/**
 * `GET <baseUrl>autopilot/version`: the server extension's version.
 * Throws `server-extension-missing` on a 404.
 */
export async function fetchServerVersion(
  connection: IJupyterConnection,
  options: IContextRequestOptions = {}
): Promise<string> {
  const data = await getJson(connection, 'version', options);
  if (!isRecord(data) || typeof data.version !== 'string') {
    throw invalidAnswer('version', data);
  }
  return data.version;
}

/**
 * The handshake: checks that the server extension is there and matches this
 * frontend. Resolves with the server's version; rejects with
 * `server-extension-missing` or `server-extension-mismatch` (or `network`…).
 */
export async function checkServerExtension(
  connection: IJupyterConnection,
  expectedVersion: string = FRONTEND_VERSION,
  options: IContextRequestOptions = {}
): Promise<string> {
  const serverVersion = await fetchServerVersion(connection, options);
  if (!versionsMatch(serverVersion, expectedVersion)) {
    throw serverExtensionMismatchError(serverVersion, expectedVersion);
  }
  return serverVersion;
}

/**
 * Whether a Python package version and an npm one are the same release
 * (`0.2.0a1` and `0.2.0-alpha.1` are).
 */
export function versionsMatch(
  serverVersion: string,
  frontendVersion: string
): boolean {
  return toPep440(serverVersion) === toPep440(frontendVersion);
}

function toPep440(version: string): string {
  return version
    .trim()
    .toLowerCase()
    .replace(/^v/, '')
    .replace(/[-.]?(alpha|a)[-.]?(\d+)/, 'a$2')
    .replace(/[-.]?(beta|b)[-.]?(\d+)/, 'b$2')
    .replace(/[-.]?(rc|c)[-.]?(\d+)/, 'rc$2')
    .replace(/[-.]?dev[-.]?(\d+)/, '.dev$1');
}

/**
 * `GET <baseUrl>autopilot/context`, checked and typed.
 */
export async function fetchAutopilotContext(
  connection: IJupyterConnection,
  options: IContextRequestOptions = {}
): Promise<IAutopilotContext> {
  return parseAutopilotContext(await getJson(connection, 'context', options));
}

/**
 * Checks the context's shape; throws an `unknown` AutopilotError when the
 * server sent something else.
 */
export function parseAutopilotContext(data: unknown): IAutopilotContext {
  if (
    !isRecord(data) ||
    typeof data.version !== 'string' ||
    typeof data.region !== 'string' ||
    typeof data.sandbox !== 'boolean'
  ) {
    throw invalidAnswer('context', data);
  }
  const credentialsError = isRecord(data.credentialsError)
    ? {
        code: String(data.credentialsError.code ?? 'NoCredentials'),
        message: String(data.credentialsError.message ?? '')
      }
    : null;
  return {
    version: data.version,
    region: data.region,
    account: stringOrNull(data.account),
    callerArn: stringOrNull(data.callerArn),
    defaultBucket: stringOrNull(data.defaultBucket),
    defaultBucketExists:
      typeof data.defaultBucketExists === 'boolean'
        ? data.defaultBucketExists
        : null,
    executionRoleArn: stringOrNull(data.executionRoleArn),
    executionRoleSource: stringOrNull(data.executionRoleSource),
    sandbox: data.sandbox,
    credentialsError
  };
}

/**
 * The `no-credentials` error a context reports, or null when it has none.
 */
export function contextCredentialsError(
  context: IAutopilotContext
): AutopilotError | null {
  const error = context.credentialsError;
  return error
    ? noCredentialsError(error.message || undefined, error, {
        code: error.code
      })
    : null;
}

// ---------------------------------------------------------------------------

/**
 * The Jupyter server settings for a request: JupyterLab's own when the
 * caller passed `ServerConnection.makeSettings()` (so anything it configured
 * is kept), otherwise settings made from the connection's base URL and token.
 */
function requestSettings(
  connection: IJupyterConnection,
  fetchOverride: FetchFunction | undefined
): ServerConnection.ISettings {
  const fetchFn = fetchOverride ?? connection.fetch;
  const given = connection as Partial<ServerConnection.ISettings>;
  if (typeof given.Request === 'function' && given.init) {
    return fetchFn
      ? { ...(given as ServerConnection.ISettings), fetch: fetchFn }
      : (given as ServerConnection.ISettings);
  }
  return ServerConnection.makeSettings({
    baseUrl: connection.baseUrl,
    token: connection.token,
    ...(fetchFn ? { fetch: fetchFn } : {})
  });
}

/**
 * `GET autopilot/<route>` through JupyterLab's request function, which adds
 * the token and XSRF header as JupyterLab does for its own calls.
 */
async function getJson(
  connection: IJupyterConnection,
  route: string,
  options: IContextRequestOptions
): Promise<unknown> {
  const settings = requestSettings(connection, options.fetch);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      autopilotUrl(settings.baseUrl, route),
      {
        method: 'GET',
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        signal: options.abortSignal
      },
      settings
    );
  } catch (e) {
    // makeRequest wraps every fetch failure as a NetworkError, a cancel too.
    if (options.abortSignal?.aborted || (e as Error)?.name === 'AbortError') {
      throw toAutopilotError(createAbortError(options.abortSignal?.reason));
    }
    throw toAutopilotError(new NetworkError(e));
  }
  if (response.status === 404) {
    throw serverExtensionMissingError(
      new JupyterResponseError(
        404,
        `GET autopilot/${route}: ${response.statusText}`
      )
    );
  }
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Handled below.
  }
  if (!response.ok) {
    if (response.status === 401 || response.status === 403) {
      throw toAutopilotError(
        new JupyterResponseError(
          response.status,
          messageOf(data) ?? response.statusText
        )
      );
    }
    const error =
      isRecord(data) && isRecord(data.error) ? data.error : undefined;
    throw toAutopilotError(
      new ProxyError(
        response.status,
        typeof error?.code === 'string' ? error.code : `HTTP${response.status}`,
        typeof error?.message === 'string'
          ? error.message
          : (messageOf(data) ?? response.statusText)
      )
    );
  }
  if (data === undefined) {
    throw invalidAnswer(route, text);
  }
  return data;
}

function messageOf(data: unknown): string | undefined {
  return isRecord(data) && typeof data.message === 'string'
    ? data.message
    : undefined;
}

function invalidAnswer(route: string, data: unknown): AutopilotError {
  return new AutopilotError({
    kind: 'unknown',
    message: `GET autopilot/${route} returned an unexpected answer: ${JSON.stringify(data)?.slice(0, 200)}`
  });
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
