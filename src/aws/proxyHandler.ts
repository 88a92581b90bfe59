/**
 * An HTTP handler for the AWS SDK that sends every request through the
 * Jupyter server's signing proxy instead of to AWS.
 *
 * - The URL becomes `<baseUrl>autopilot/aws/<service><path>?<query>`; the
 *   server picks the AWS host, so the SDK's hostname is ignored.
 * - The SDK's (dummy) SigV4 headers are dropped and Jupyter's own
 *   authentication (token, XSRF cookie) takes their place.
 * - Proxy-made errors (`X-Autopilot-Proxy-Error: 1`) and Jupyter's own
 *   refusals become typed errors; AWS's answers pass through to the SDK.
 */
import {
  buildQueryString,
  HttpResponse,
  type HttpHandler,
  type HttpHandlerOptions,
  type HttpRequest
} from '@smithy/core/protocols';

import {
  type AwsService,
  type FetchFunction,
  type IJupyterConnection,
  jupyterAuthHeaders,
  proxyUrl
} from './jupyterConnection';
import { toFetchBody } from './requestBody';
import {
  createAbortError,
  JupyterResponseError,
  NetworkError,
  ProxyError,
  RequestTimeoutError
} from './transportErrors';

/**
 * The response header that marks errors made by the proxy itself.
 */
export const PROXY_ERROR_HEADER = 'x-autopilot-proxy-error';

/**
 * Request headers that never leave the browser: the SDK's dummy signature
 * (the server signs again), and headers the browser or server sets itself.
 */
const DROPPED_HEADERS = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'host',
  'content-length',
  'expect',
  'connection',
  'transfer-encoding'
]);

/**
 * What the handler's configuration holds (see `updateHttpClientConfig`).
 */
export interface IProxyHandlerConfig {
  /** Milliseconds to wait for the response headers; 0 or undefined for no limit. */
  requestTimeout?: number;
}

/**
 * Options of `ProxyHttpHandler`.
 */
export interface IProxyHandlerOptions extends IProxyHandlerConfig {
  /** The Jupyter server to go through. */
  connection: IJupyterConnection;
  /** The AWS service this handler's client talks to. */
  service: AwsService;
  /** The `fetch` to use; defaults to `connection.fetch`, then the global one. */
  fetch?: FetchFunction;
}

/**
 * The SDK's `HttpHandler`, going through the Jupyter server's proxy.
 */
export class ProxyHttpHandler implements HttpHandler<IProxyHandlerConfig> {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(options: IProxyHandlerOptions) {
    this._connection = options.connection;
    this._service = options.service;
    this._fetch = options.fetch ?? options.connection.fetch;
    this._config = { requestTimeout: options.requestTimeout };
  }

  /**
   * The service whose requests this handler forwards.
   */
  get service(): AwsService {
    return this._service;
  }

  async handle(
    request: HttpRequest,
    options: HttpHandlerOptions = {}
  ): Promise<{ response: HttpResponse }> {
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    if (abortSignal?.aborted) {
      throw createAbortError(abortSignal.reason);
    }
    const timeoutMs =
      options.requestTimeout ?? this._config.requestTimeout ?? 0;

    const query = buildQueryString(request.query ?? {});
    const url = proxyUrl(
      this._connection.baseUrl,
      this._service,
      request.path,
      query
    );
    const { headers, body } = await this._prepareBody(request);

    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort();
    if (abortSignal) {
      if (typeof abortSignal.addEventListener === 'function') {
        // Kept until the signal is collected, so that aborting while the
        // body streams in also cancels it.
        abortSignal.addEventListener('abort', onAbort, { once: true });
      } else {
        (abortSignal as { onabort?: unknown }).onabort = onAbort;
      }
    }
    if (abortSignal?.aborted) {
      throw createAbortError(abortSignal.reason);
    }
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;

    const method = request.method.toUpperCase();
    const init: RequestInit & { duplex?: string } = {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal
    };

    let response: Response;
    try {
      const fetchFn = this._fetch ?? fetch;
      response = await fetchFn.call(null, url, init);
    } catch (e) {
      if (abortSignal?.aborted) {
        throw createAbortError(abortSignal.reason);
      }
      if (timedOut) {
        throw new RequestTimeoutError(timeoutMs);
      }
      throw new NetworkError(e);
    } finally {
      if (timer !== undefined) {
        clearTimeout(timer);
      }
    }

    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });

    if (responseHeaders[PROXY_ERROR_HEADER] === '1') {
      throw await readProxyError(response);
    }
    const jupyterError = await readJupyterError(response, method);
    if (jupyterError instanceof Error) {
      throw jupyterError;
    }

    const responseBody =
      jupyterError?.body ?? response.body ?? (await response.blob());
    return {
      response: new HttpResponse({
        statusCode: response.status,
        reason: response.statusText,
        headers: responseHeaders,
        body: responseBody
      })
    };
  }

  updateHttpClientConfig(
    key: keyof IProxyHandlerConfig,
    value: IProxyHandlerConfig[typeof key]
  ): void {
    this._config = { ...this._config, [key]: value };
  }

  httpHandlerConfigs(): IProxyHandlerConfig {
    return { ...this._config };
  }

  destroy(): void {
    // Nothing to release: fetch keeps no connections of ours.
  }

  /**
   * The headers and body to send: signing headers swapped for Jupyter's
   * authentication. An `aws-chunked` body (a checksum the SDK computes over a
   * streaming upload) goes as the SDK encoded it, with its
   * `x-amz-decoded-content-length` and `x-amz-trailer`: the proxy decodes it
   * as it streams and verifies the trailing checksum (`proxy/aws_chunked.py`).
   */
  private async _prepareBody(
    request: HttpRequest
  ): Promise<{ headers: Record<string, string>; body: BodyInit | undefined }> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!DROPPED_HEADERS.has(name.toLowerCase())) {
        headers[name] = value;
      }
    }
    const body = await toFetchBody(request.body);
    // Not ServerConnection.makeRequest, which serverContext.ts uses for the
    // extension's JSON calls: on an authenticated request without a
    // Content-Type it sets `application/json`, and S3 stores the request's
    // Content-Type with the object, so a PutObject or UploadPart without one
    // would change what GetObject later answers.
    Object.assign(headers, jupyterAuthHeaders(this._connection));
    return { headers, body };
  }

  private readonly _connection: IJupyterConnection;
  private readonly _service: AwsService;
  private readonly _fetch: FetchFunction | undefined;
  private _config: IProxyHandlerConfig;
}

/**
 * Reads `{"error": {"code", "message"}}` from a proxy-made error response.
 */
async function readProxyError(response: Response): Promise<ProxyError> {
  let code = `HTTP${response.status}`;
  let message = response.statusText;
  try {
    const text = await response.text();
    const data = JSON.parse(text);
    const error = data?.error ?? data;
    if (typeof error?.code === 'string') {
      code = error.code;
    }
    if (typeof error?.message === 'string') {
      message = error.message;
    }
  } catch {
    // No or malformed body: keep the status.
  }
  return new ProxyError(response.status, code, message);
}

/**
 * Detects answers that come from Jupyter itself rather than from AWS: its
 * HTML 404 page (the proxy route does not exist: the server extension is
 * missing) and its 401/403 refusals (token or XSRF). AWS never answers with
 * HTML, and its JSON errors carry `__type` or `code`.
 *
 * Returns the error, or a replacement body when the body had to be read to
 * decide, or undefined.
 */
async function readJupyterError(
  response: Response,
  method: string
): Promise<JupyterResponseError | { body: Uint8Array } | undefined> {
  const status = response.status;
  if (
    method === 'HEAD' ||
    (status !== 401 && status !== 403 && status !== 404)
  ) {
    return undefined;
  }
  const contentType = (
    response.headers.get('content-type') ?? ''
  ).toLowerCase();
  if (contentType.startsWith('text/html')) {
    return new JupyterResponseError(
      status,
      response.statusText || `HTTP ${status}`
    );
  }
  if (!contentType.startsWith('application/json')) {
    return undefined;
  }
  const text = await response.text();
  try {
    const data = JSON.parse(text);
    if (
      data &&
      typeof data === 'object' &&
      !('__type' in data) &&
      !('code' in data) &&
      !('Code' in data) &&
      ('reason' in data || 'message' in data)
    ) {
      return new JupyterResponseError(
        status,
        String(data.message || data.reason || response.statusText)
      );
    }
  } catch {
    // Not JSON after all: let the SDK deal with it.
  }
  return { body: new TextEncoder().encode(text) };
}
